"""Bracketed citation markers ("[2,3]", "[6-9]") and topic cross-references ((See "Title".)).

Reviews in the UpToDate style cite their numbered reference list with markers in square brackets and
point to other topics with parenthesised "See" notes. Both sit in the running text; this module finds
them so that `citations.claims` can tell citations, cross-references and plain prose apart.

Decisions:
- Only ASCII digits, commas, dashes (hyphen, en dash, em dash, minus and the Unicode hyphens) and spaces
  make a marker, so "[corrected]", "[sic]" and ratios such as "2:1,000,000" are never markers. A bracket
  that starts with a digit or dash and ends with a digit is a marker even when malformed ("[1,,2]",
  "[-1]"), so the slip is reported instead of silently read as prose.
- A bracket holding only year-like numbers (1800-2099, e.g. "[1992]" or "[1992, 1994]") is read as a
  year, not a citation, unless the reference list holds those numbers.
- A marker's numbers are checked, not trusted: a reversed range is turned round, a range wider than
  `max_span` or a number beyond `MAX_REFERENCE_NUMBER` is refused, and a number the list does not hold
  is kept so the link can be flagged broken downstream. Each kind of problem leaves one warning on the
  marker, however often it occurs in it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from citetrace.citations.model import CitationGroup

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
"""Hyphen, the Unicode hyphens, figure dash, en dash, em dash and minus: all read as a range."""

MARKER_RE = re.compile(rf"\[\s*(?P<body>[{DASHES}]?[0-9](?:[{DASHES}0-9\s,]*[0-9])?)\s*\]")
"""A bracket of ASCII digits, commas, dashes and spaces that starts with a digit or dash and ends with a digit."""
_RANGE_RE = re.compile(rf"^(?P<first>[0-9]+)\s*[{DASHES}]\s*(?P<last>[0-9]+)$")
_NUMBER_RE = re.compile(r"^[0-9]+$")
_ANY_NUMBER_RE = re.compile(r"[0-9]+")
_CROSS_REFERENCE_OPEN_RE = re.compile(r"\(\s*(?:see|refer to)\b", re.IGNORECASE)
_TOPIC_TITLE_RE = re.compile(r'"(?P<straight>[^"]+)"|\u201c(?P<curly>[^\u201d]+)\u201d')

YEARS = range(1800, 2100)
MAX_REFERENCE_NUMBER = 99_999
"""No reference list is this long; a larger number in a marker is refused (SQLite integers end at 2**63)."""
MAX_LISTED_NUMBERS = 10
"""A warning names at most this many numbers of a marker, then says how many more there are."""
_PAIRS = {"(": ")", "[": "]", "\u201c": "\u201d"}
_BRACKET_RE = re.compile('[()\\[\\]\u201c\u201d"]')
"""The characters `matching_brackets` reads: it visits only these, not every character of a long text."""


@dataclass
class CrossReference:
    """A parenthesised "See ..." note; `titles` are the other topics it names (none for a section note)."""

    start: int
    end: int
    text: str
    titles: list[str] = field(default_factory=list)


def expand_marker(
    body: str, reference_numbers: Collection[int] | None = None, max_span: int = 50
) -> tuple[list[int], list[str]]:
    """The reference numbers a marker body such as "1-3,5" cites, in written order, and what looked wrong.

    `reference_numbers` are the numbers the document's list holds (None: any number is accepted).
    Repeated numbers are cited once. Numbers outside the list are kept (with a warning) because dropping
    them would hide an error in the review; only an absurdly wide range or large number is refused outright.
    Each kind of problem gives one warning per marker, so a hostile marker cannot multiply them.
    """
    refs: dict[int, None] = {}
    repeats: Counter[int] = Counter()
    warnings: list[str] = []
    unreadable: list[str] = []
    empty_parts = 0
    for part in (piece.strip() for piece in body.split(",")):
        if not part:
            empty_parts += 1
            continue
        numbers = _expand_part(part, max_span, warnings)
        if numbers is None:
            unreadable.append(part)
            continue
        for number in numbers:
            if number in refs:
                repeats[number] += 1
            else:
                refs[number] = None
    if empty_parts:
        warnings.append(f"empty part in marker [{_shorten(body)}] skipped")
    if unreadable:
        warnings.append(f'unreadable marker part "{_shorten(unreadable[0])}"' + _more(len(unreadable) - 1, "part"))
    for number, extra in list(repeats.items())[:MAX_LISTED_NUMBERS]:
        times = "twice" if extra == 1 else f"{extra + 1:,} times"
        warnings.append(f"reference {number} is cited {times} in the same marker")
    if len(repeats) > MAX_LISTED_NUMBERS:
        warnings.append(f"{len(repeats) - MAX_LISTED_NUMBERS} more references are cited more than once in the same marker")
    if 0 in refs:
        warnings.append("reference 0 does not exist (numbering starts at 1)")
    if reference_numbers is not None:
        missing = [number for number in refs if number and number not in reference_numbers]
        if missing:
            warnings.append(_missing_warning(missing, len(reference_numbers)))
    return list(refs), warnings


def _expand_part(part: str, max_span: int, warnings: list[str]) -> list[int] | None:
    """One comma-separated part of a marker body: a number or a range; None when it is neither."""
    if _NUMBER_RE.match(part):
        return [int(part)] if _small_enough(part, warnings) else []
    match = _RANGE_RE.match(part)
    if not match:
        return None
    if max(len(match["first"]), len(match["last"])) > _MAX_DIGITS:
        warnings.append(f"range {_shorten(part)} spans more than {max_span} references; not expanded")
        return []
    first, last = int(match["first"]), int(match["last"])
    if first > last:
        warnings.append(f"reversed range {first}-{last} read as {last}-{first}")
        first, last = last, first
    span = last - first + 1
    if span > max_span:
        warnings.append(f"range {first}-{last} spans {span} references (more than {max_span}); not expanded")
        return []
    return list(range(first, last + 1)) if _small_enough(str(last), warnings) else []


_MAX_DIGITS = 18
"""Digits read as a number at all (int() of thousands of digits is slow, and refused past 4,300)."""


def _small_enough(digits: str, warnings: list[str]) -> bool:
    """Whether `digits` can be a reference number; a larger one is refused with a warning."""
    stripped = digits.lstrip("0") or "0"
    if len(stripped) <= _MAX_DIGITS and int(stripped) <= MAX_REFERENCE_NUMBER:
        return True
    warnings.append(f"reference number {_shorten(stripped)} is too large (more than {MAX_REFERENCE_NUMBER:,}); skipped")
    return False


def _missing_warning(missing: list[int], listed: int) -> str:
    """One warning for every number of a marker that the list does not hold."""
    if len(missing) == 1:
        return f"reference {missing[0]} does not exist (list has {listed})"
    named = ", ".join(map(str, missing[:MAX_LISTED_NUMBERS]))
    return f"references {named}{_more(len(missing) - MAX_LISTED_NUMBERS, 'reference')} do not exist (list has {listed})"


def _more(count: int, noun: str) -> str:
    return f" and {count} more {noun}{'s' if count != 1 else ''}" if count > 0 else ""


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def find_markers(
    text: str, reference_numbers: Collection[int] | None = None, max_span: int = 50
) -> list[CitationGroup]:
    """Every citation marker in `text`, in order, with its numbers expanded and checked."""
    markers = []
    for match in MARKER_RE.finditer(text):
        body = match["body"]
        if _is_year(body, reference_numbers):
            continue
        refs, warnings = expand_marker(body, reference_numbers, max_span)
        markers.append(CitationGroup(match.start(), match.end(), match.group(), refs, warnings=warnings))
    return markers


def _is_year(body: str, reference_numbers: Collection[int] | None) -> bool:
    """Whether a bracket holds years ("[1992]") rather than reference numbers the list holds."""
    numbers = [int(n) for n in _ANY_NUMBER_RE.findall(body) if len(n) <= 4]
    if len(numbers) != len(_ANY_NUMBER_RE.findall(body)) or not all(n in YEARS for n in numbers):
        return False
    return reference_numbers is None or not all(n in reference_numbers for n in numbers)


def matching_brackets(text: str) -> dict[int, int]:
    """Index of each balanced opening (, [, \u201c or straight double quote -> index of its closer.

    Unbalanced brackets are left out, so one stray parenthesis cannot swallow the rest of a paragraph.
    """
    partners: dict[int, int] = {}
    stacks: dict[str, list[int]] = {opener: [] for opener in _PAIRS}
    closers = {closer: opener for opener, closer in _PAIRS.items()}
    open_quote: int | None = None
    for match in _BRACKET_RE.finditer(text):
        index, char = match.start(), match.group()
        if char in _PAIRS:
            stacks[char].append(index)
        elif char in closers and stacks[closers[char]]:
            partners[stacks[closers[char]].pop()] = index
        elif char == '"':
            if open_quote is None:
                open_quote = index
            else:
                partners[open_quote] = index
                open_quote = None
    return partners


def find_cross_references(text: str) -> list[CrossReference]:
    """Every parenthesised "See ..." note in `text`, with the topic titles (double-quoted) it names.

    Single-quoted names, as in (See 'Treatment' below.), are sections of the same topic, not topics.
    """
    openings = list(_CROSS_REFERENCE_OPEN_RE.finditer(text))
    if not openings:
        return []
    partners = matching_brackets(text)
    found: list[CrossReference] = []
    for match in openings:
        close = partners.get(match.start())
        if close is None or (found and match.start() < found[-1].end):
            continue
        note = text[match.start() : close + 1]
        titles = [
            (title["straight"] or title["curly"]).strip().rstrip(",.;:").strip()
            for title in _TOPIC_TITLE_RE.finditer(note)
        ]
        found.append(CrossReference(match.start(), close + 1, note, [t for t in titles if t]))
    return found
