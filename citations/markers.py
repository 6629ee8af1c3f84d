"""Bracketed citation markers ("[2,3]", "[6-9]") and topic cross-references ((See "Title".)).

Reviews in the UpToDate style cite their numbered reference list with markers in square brackets and
point to other topics with parenthesised "See" notes. Both sit in the running text; this module finds
them so that `citations.claims` can tell citations, cross-references and plain prose apart.

Decisions:
- Only digits, commas, dashes (hyphen, en dash, em dash, minus and the Unicode hyphens) and spaces make
  a marker, so "[corrected]", "[sic]" and ratios such as "2:1,000,000" are never markers.
- A bracket holding only year-like numbers (1800-2099, e.g. "[1992]" or "[1992, 1994]") is read as a
  year, not a citation, unless the reference list is long enough to hold that number.
- A marker's numbers are checked, not trusted: a reversed range is turned round, a range wider than
  `max_span` is refused, and a number outside the list is kept so the link can be flagged broken
  downstream. Each of these leaves a warning on the marker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
"""Hyphen, the Unicode hyphens, figure dash, en dash, em dash and minus: all read as a range."""

_ITEM = rf"\d+(?:\s*[{DASHES}]\s*\d+)?"
MARKER_RE = re.compile(rf"\[\s*(?P<body>{_ITEM}(?:\s*,\s*{_ITEM})*)\s*\]")
_RANGE_RE = re.compile(rf"^(?P<first>\d+)\s*[{DASHES}]\s*(?P<last>\d+)$")
_NUMBER_RE = re.compile(r"^\d+$")
_ANY_NUMBER_RE = re.compile(r"\d+")
_CROSS_REFERENCE_OPEN_RE = re.compile(r"\(\s*(?:see|refer to)\b", re.IGNORECASE)
_TOPIC_TITLE_RE = re.compile(r'"(?P<straight>[^"]+)"|\u201c(?P<curly>[^\u201d]+)\u201d')

YEARS = range(1800, 2100)
_PAIRS = {"(": ")", "[": "]", "\u201c": "\u201d"}


@dataclass
class Marker:
    """A citation marker as found in a text: where it is, how it was written and what it cites."""

    start: int
    end: int
    text: str
    refs: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class CrossReference:
    """A parenthesised "See ..." note; `titles` are the other topics it names (none for a section note)."""

    start: int
    end: int
    text: str
    titles: list[str] = field(default_factory=list)


def expand_marker(
    body: str, reference_count: int | None = None, max_span: int = 50
) -> tuple[list[int], list[str]]:
    """The reference numbers a marker body such as "1-3,5" cites, in written order, and what looked wrong.

    Repeated numbers are cited once. Numbers outside the list are kept (with a warning) because dropping
    them would hide an error in the review; only an absurdly wide range is refused outright.
    """
    refs: list[int] = []
    warnings: list[str] = []
    for part in (piece.strip() for piece in body.split(",")):
        numbers = _expand_part(part, max_span, warnings)
        for number in numbers:
            if number in refs:
                warnings.append(f"reference {number} is cited twice in the same marker")
                continue
            refs.append(number)
            if number < 1:
                warnings.append(f"reference {number} does not exist (numbering starts at 1)")
            elif reference_count is not None and number > reference_count:
                warnings.append(f"reference {number} does not exist (list has {reference_count})")
    return refs, warnings


def _expand_part(part: str, max_span: int, warnings: list[str]) -> list[int]:
    """One comma-separated part of a marker body: a number or a range."""
    if _NUMBER_RE.match(part):
        return [int(part)]
    match = _RANGE_RE.match(part)
    if not match:
        warnings.append(f'unreadable marker part "{part}"')
        return []
    first, last = int(match["first"]), int(match["last"])
    if first > last:
        warnings.append(f"reversed range {first}-{last} read as {last}-{first}")
        first, last = last, first
    span = last - first + 1
    if span > max_span:
        warnings.append(f"range {first}-{last} spans {span} references (more than {max_span}); not expanded")
        return []
    return list(range(first, last + 1))


def find_markers(text: str, reference_count: int | None = None, max_span: int = 50) -> list[Marker]:
    """Every citation marker in `text`, in order, with its numbers expanded and checked."""
    markers = []
    for match in MARKER_RE.finditer(text):
        body = match["body"]
        if _is_year(body, reference_count):
            continue
        refs, warnings = expand_marker(body, reference_count, max_span)
        markers.append(Marker(match.start(), match.end(), match.group(), refs, warnings))
    return markers


def _is_year(body: str, reference_count: int | None) -> bool:
    """Whether a bracket holds years ("[1992]") rather than reference numbers the list could hold."""
    numbers = [int(n) for n in _ANY_NUMBER_RE.findall(body)]
    if reference_count is not None and max(numbers) <= reference_count:
        return False
    return all(n in YEARS for n in numbers)


def matching_brackets(text: str) -> dict[int, int]:
    """Index of each balanced opening (, [, \u201c or straight double quote -> index of its closer.

    Unbalanced brackets are left out, so one stray parenthesis cannot swallow the rest of a paragraph.
    """
    partners: dict[int, int] = {}
    stacks: dict[str, list[int]] = {opener: [] for opener in _PAIRS}
    closers = {closer: opener for opener, closer in _PAIRS.items()}
    open_quote: int | None = None
    for index, char in enumerate(text):
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
    partners = matching_brackets(text)
    found = []
    for match in _CROSS_REFERENCE_OPEN_RE.finditer(text):
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
