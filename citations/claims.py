"""Sentences and claims of a review's body: what each citation marker is offered in support of.

A marker closes a claim: the clause from the previous marker of the sentence (or the sentence start) up
to the marker. A sentence without markers is one uncited claim, so statements that rest on nothing are
visible too.

Decisions:
- Claim text is the clause as written, without its marker, trimmed of surrounding whitespace and of
  leading separators (", ", "; ", a closing bracket), so "..., but may also be ... [4]" gives
  "but may also be ...". Two markers in a row ("... [1], [2]") close the same clause: both claims
  carry it.
- A narrative citation, written as part of the sentence ("@smith2020 showed that ..."), does not close a
  clause: its claim is the clause around it, up to the next marker or the sentence end, marker included.
- Text after a sentence's last marker becomes an uncited claim only when it is a clause of its own:
  it follows a separator (comma, semicolon, colon, en or em dash) and has at least three words, as in
  "... [1], although referral bias cannot be excluded." A bare tail such as "[10] deficiencies." or
  ", respectively." belongs to the cited statement and is not a claim.
- Parenthesised cross-references to other topics, (See "Title".), become `TopicLink`s. A sentence
  that is only a cross-reference is not a claim and takes no sentence number; a cross-reference inside
  a sentence stays in its text as written.
- `position` and `sentence_index` run over the whole document in reading order; list items are
  paragraphs, so each is at least one sentence.
- Warnings about a marker go on its claim and quote the sentence (its start, when it is long).
- What is stored stays linear in the document: a sentence with very many markers, or a very long one with
  several, is split at its markers and each piece is a sentence of its own (with a warning).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from collections.abc import Collection
from typing import Any

from citetrace.citations.markers import (
    MARKER_RE,
    CrossReference,
    find_cross_references,
    find_markers,
    matching_brackets,
)
from citetrace.citations.model import CitationGroup, Claim, TopicLink

ABBREVIATIONS = frozenset(
    {
        "al", "approx", "ca", "cf", "co", "dept", "dr", "eq", "fig", "figs", "inc", "jr", "ltd",
        "mr", "mrs", "ms", "p", "pp", "prof", "ref", "refs", "resp", "sr", "st", "univ", "vol", "vs",
    }
)
"""Words whose full stop does not end a sentence, lower case and without the stop ("et al." -> "al")."""

TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof"})
"""Abbreviations after which a single capital letter is an initial ("Dr. J. Smith")."""

_SENTENCE_END_RE = re.compile(
    rf"(?<![.!?])[.!?]++[)\]\"'\u201d\u2019]*+(?:\s*{MARKER_RE.pattern})*(?P<gap>\s+)"
)
"""A run of stops (matched from its first character only, so a long run is read once), closers, markers, a gap."""
_SENTENCE_OPENERS = "(\"\u201c"
_LEADING_OPENERS_RE = re.compile(r"^[(\[\"\u201c\u2018']+")
_INITIALISM_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_INITIAL_RE = re.compile(r"^[A-Z]$")
_INITIAL_WITH_STOP_RE = re.compile(r"^[A-Z]\.")
_CLAUSE_LEAD_RE = re.compile(r"^[\s,;:.)\]\u2013\u2014]+")
_CLAUSE_TAIL_RE = re.compile(r"(?<![\s(\[])[\s(\[]+$")
_CLAUSE_SEPARATOR_RE = re.compile(r"^\s*[,;:\u2013\u2014]")
_WORD_RE = re.compile(r"[^\W_]+")
MIN_TRAILING_CLAUSE_WORDS = 3
WORD_WINDOW = 40
"""Abbreviations, initialisms and initials are short: no more than this many characters before a stop are read."""
MAX_MARKERS_PER_SENTENCE = 12
MARKERS_READ_PER_SENTENCE = 1_000
"""No sentence a person wrote cites a thousand times; markers after that many in one sentence are not read."""
SENTENCE_COPY_BUDGET = 20_000
"""Each claim stores its sentence; a sentence with more markers than `MAX_MARKERS_PER_SENTENCE`, or whose
copies would exceed this many characters, is split at its markers so that what is stored stays linear in the
document."""
QUOTE_LIMIT = 120
"""A warning quotes at most this many characters of its sentence."""


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph, each stripped, with any marker written after its full stop.

    A full stop ends a sentence only when followed by white space and a capital, a digit or an opening
    bracket or quote, outside any brackets or quotes, and not after an abbreviation ("et al.", "vs.",
    "Fig.", "Dr."), an initialism ("e.g.", "i.e.", "U.S.") or an initial ("J. R. Smith").
    """
    return [paragraph[start:end] for start, end in sentence_spans(paragraph)]


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `split_sentences`, stripped of surrounding white space.

    Linear in the paragraph: each candidate stop is judged from a few characters around it."""
    enclosed = _EnclosedSpans(matching_brackets(paragraph))
    spans = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(paragraph):
        next_start = match.end()
        if next_start >= len(paragraph) or not _starts_sentence(paragraph[next_start]):
            continue
        if enclosed.covers(next_start):
            continue
        if paragraph[match.start()] == "." and _is_abbreviation(paragraph, start, match.start(), next_start):
            continue
        spans.append(_stripped(paragraph, start, match.start("gap")))
        start = next_start
    spans.append(_stripped(paragraph, start, len(paragraph)))
    return [(start, end) for start, end in spans if end > start]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _EnclosedSpans:
    """Positions inside balanced brackets or quotes, merged into disjoint spans for a binary search."""

    def __init__(self, partners: dict[int, int]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for open_, close in sorted(partners.items()):
            if ends and open_ + 1 <= ends[-1]:
                ends[-1] = max(ends[-1], close)
            else:
                starts.append(open_ + 1)
                ends.append(close)
        self._starts, self._ends = starts, ends

    def covers(self, position: int) -> bool:
        """Whether `position` lies after an opener and at or before its closer."""
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position <= self._ends[index]


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _SENTENCE_OPENERS


def _last_word(text: str, low: int, high: int) -> tuple[str, int] | None:
    """The last whitespace-separated word of `text[low:high]` and where it starts, read within `WORD_WINDOW`
    characters of `high`; None when there is none there or it runs on past the window (too long to matter)."""
    window_start = max(low, high - WORD_WINDOW)
    words = text[window_start:high].split()
    if not words:
        return None
    word = words[-1]
    start = text.rindex(word, window_start, high)
    if start == window_start and window_start > low and not text[window_start - 1].isspace():
        return None
    return word, start


def _is_abbreviation(paragraph: str, sentence_start: int, stop: int, next_start: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation, initialism or initial, not a sentence."""
    before = _last_word(paragraph, sentence_start, stop)
    if not before:
        return False
    word = _LEADING_OPENERS_RE.sub("", before[0])
    if word.lower() in ABBREVIATIONS or _INITIALISM_RE.match(word):
        return True
    if not _INITIAL_RE.match(word):
        return False
    if _INITIAL_WITH_STOP_RE.match(paragraph[next_start : next_start + 2]):
        return True
    previous = _last_word(paragraph, sentence_start, before[1])
    if not previous:
        return False
    previous_word = previous[0]
    return previous_word.rstrip(".").lower() in TITLES or bool(_INITIAL_WITH_STOP_RE.fullmatch(previous_word))


def extract_claims(
    paragraphs: list[str],
    reference_numbers: Collection[int] | None = None,
    max_span: int = 50,
    groups: list[list[CitationGroup]] | None = None,
) -> tuple[list[Claim], list[TopicLink]]:
    """The claims of a document's body in reading order, and the other topics it points to.

    `reference_numbers` are the numbers of the document's reference list, so a marker citing one it lacks is
    warned about (None: no check). Without `groups` the markers are found in the text ("[6-9]"); with them
    (one list per paragraph, from a structured source) those citation groups are the markers and bracketed
    numbers in the text are prose.
    """
    claims: list[Claim] = []
    links: list[TopicLink] = []
    sentence_index = 0
    for paragraph_index, paragraph in enumerate(paragraphs):
        if groups is None:
            sentences = [(s, s, find_markers(s, reference_numbers, max_span)) for s in split_sentences(paragraph)]
        else:
            sentences = _grouped_sentences(paragraph, groups[paragraph_index])
        for whole_sentence, whole_written, whole_markers in sentences:
            ignored = len(whole_markers) - MARKERS_READ_PER_SENTENCE
            pieces = _bounded_pieces(whole_sentence, whole_written, whole_markers[:MARKERS_READ_PER_SENTENCE])
            split_warning = (
                f"sentence of {len(whole_written):,} characters split at its markers into {len(pieces):,}"
                + (f", the {ignored:,} markers after the first {MARKERS_READ_PER_SENTENCE:,} not read" if ignored > 0 else "")
                + f': "{quote(whole_written)}"' if len(pieces) > 1 else None
            )
            for sentence, written, markers in pieces:
                cross_references = find_cross_references(sentence)
                links.extend(
                    TopicLink(paragraph=paragraph_index, title=title)
                    for reference in cross_references
                    for title in reference.titles
                )
                if not markers and not _has_words(sentence, cross_references):
                    continue
                for text, marker in _clauses(sentence, markers, cross_references):
                    warnings = [f'{warning}: "{quote(written)}"' for warning in marker.warnings] if marker else []
                    if split_warning:
                        warnings.insert(0, split_warning)
                        split_warning = None
                    claims.append(
                        Claim(
                            paragraph=paragraph_index,
                            sentence_index=sentence_index,
                            position=len(claims),
                            sentence=written,
                            text=text,
                            marker=marker.text if marker else None,
                            refs=list(marker.refs) if marker else [],
                            warnings=warnings,
                        )
                    )
                sentence_index += 1
    return claims, links


def _bounded_pieces(sentence: str, written: str, markers: list[CitationGroup]) -> list[tuple[str, str, list[CitationGroup]]]:
    """(sentence, as written, markers): the sentence itself, or, when its claims would store it too often,
    its pieces cut after each marker. A tail without words stays with the last piece ("... [3].")."""
    if len(markers) <= MAX_MARKERS_PER_SENTENCE and len(markers) * len(written) <= SENTENCE_COPY_BUDGET:
        return [(sentence, written, markers)]
    bounds = []
    start = 0
    for marker in markers:
        bounds.append((start, marker.end, [marker]))
        start = marker.end
    if _WORD_RE.search(sentence, start):
        bounds.append((start, len(sentence), []))
    else:
        bounds[-1] = (bounds[-1][0], len(sentence), bounds[-1][2])
    pieces = []
    for start, end, own in bounds:
        start, end = _stripped(sentence, start, end)
        shifted = [replace(marker, start=marker.start - start, end=marker.end - start) for marker in own]
        piece = sentence[start:end]
        pieces.append((piece, _as_written(piece, shifted), shifted))
    return pieces


def _as_written(sentence: str, markers: list[CitationGroup]) -> str:
    """The sentence with each marker's span replaced by the marker as written (a placeholder by its group)."""
    if all(sentence[marker.start : marker.end] == marker.text for marker in markers):
        return sentence
    parts, cursor = [], 0
    for marker in markers:
        parts += [sentence[cursor : marker.start], marker.text]
        cursor = marker.end
    parts.append(sentence[cursor:])
    return "".join(parts)


def quote(sentence: str) -> str:
    """A sentence as a warning quotes it: whole when short, else its first `QUOTE_LIMIT` characters."""
    return sentence if len(sentence) <= QUOTE_LIMIT else sentence[: QUOTE_LIMIT - 1].rstrip() + "\u2026"


PLACEHOLDER = "[0]"
"""What a citation group stands as while sentences are split: a marker, whatever was written (an author-year
"(Hites 2004; Law et al. 2003)" holds full stops that are not sentence ends)."""


def _grouped_sentences(paragraph: str, groups: list[CitationGroup]) -> list[tuple[str, str, list[CitationGroup]]]:
    """(sentence with placeholders, sentence as written, its markers) for a paragraph with known groups."""
    masked_parts: list[str] = []
    placed: list[tuple[int, CitationGroup]] = []
    cursor = length = 0
    for group in sorted(groups, key=lambda g: g.start):
        before = paragraph[cursor : group.start]
        masked_parts += [before, PLACEHOLDER]
        placed.append((length + len(before), group))
        length += len(before) + len(PLACEHOLDER)
        cursor = group.end
    masked_parts.append(paragraph[cursor:])
    masked = "".join(masked_parts)
    sentences = []
    next_group = 0
    for start, end in sentence_spans(masked):
        while next_group < len(placed) and placed[next_group][0] < start:
            next_group += 1
        markers = []
        while next_group < len(placed) and placed[next_group][0] < end:
            at, group = placed[next_group]
            markers.append(replace(group, start=at - start, end=at - start + len(PLACEHOLDER), refs=list(group.refs)))
            next_group += 1
        sentence = masked[start:end]
        sentences.append((sentence, _as_written(sentence, markers), markers))
    return sentences


def _clauses(
    sentence: str, markers: list[CitationGroup], cross_references: list[CrossReference]
) -> list[tuple[str, CitationGroup | None]]:
    """(clause text, marker closing it) for each marker of a sentence, then any uncited trailing clause."""
    if not markers:
        return [(sentence, None)]
    clauses: list[tuple[str, CitationGroup | None]] = []
    clause_start = 0
    previous_text = ""
    for index, marker in enumerate(markers):
        following = markers[index + 1].start if index + 1 < len(markers) else len(sentence)
        if marker.narrative:
            text = _trim_clause(sentence[clause_start : marker.start] + marker.text + sentence[marker.end : following])
            clauses.append((text, marker))
            previous_text, clause_start = "", following
            continue
        text = _trim_clause(sentence[clause_start : marker.start]) or previous_text
        clause_start = marker.end
        if not text:
            text = _trim_clause(sentence[marker.end : following])
            clause_start = following
        clauses.append((text, marker))
        previous_text = text
    tail = sentence[clause_start:]
    tail_references = [
        reference for reference in cross_references if reference.start >= clause_start
    ]
    tail_words = _WORD_RE.findall(_without(tail, tail_references, offset=clause_start))
    if _CLAUSE_SEPARATOR_RE.match(tail) and len(tail_words) >= MIN_TRAILING_CLAUSE_WORDS:
        clauses.append((_trim_clause(tail), None))
    return clauses


def _trim_clause(text: str) -> str:
    return _CLAUSE_TAIL_RE.sub("", _CLAUSE_LEAD_RE.sub("", text))


def _has_words(sentence: str, cross_references: list[CrossReference]) -> bool:
    """Whether anything but cross-references and punctuation is left in the sentence."""
    return bool(_WORD_RE.search(_without(sentence, cross_references)))


def _without(text: str, cross_references: list[CrossReference], offset: int = 0) -> str:
    """`text` with the cross-references (positions relative to `text` shifted by `offset`) cut out."""
    kept = []
    cursor = 0
    for reference in cross_references:
        kept.append(text[cursor : reference.start - offset])
        cursor = reference.end - offset
    kept.append(text[cursor:])
    return "".join(kept)


def claims_to_json(claims: list[Claim]) -> list[dict[str, Any]]:
    """The contract's view of each claim (`sentence`, `text`, `marker`, `refs`) plus where it stands."""
    return [
        {
            "sentence": claim.sentence,
            "text": claim.text,
            "marker": claim.marker,
            "refs": list(claim.refs),
            "paragraph": claim.paragraph,
            "sentence_index": claim.sentence_index,
            "position": claim.position,
        }
        for claim in claims
    ]
