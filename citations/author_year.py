"""Author-year citations ("(Smith et al., 2020)", "Smith and Jones (2019)", "(Smith 2020a; Lee 2021)") and
their links to an unnumbered reference list by surname and year.

Pure functions. A citation is found in two forms: parenthetical, a bracketed group whose parts (split at ";")
each name authors and one or more years; and narrative, authors followed by years in parentheses. Each
(surname, year) is looked up among the list's entries; the result is a `CitationGroup`, like a bracketed numeric
marker, so claims are built the same way.

Decisions:
- An entry is keyed by its first author's family name folded to ASCII letters (`normalize.fold_ascii`), and
  its year with any letter suffix ("2020a"); when the parser found no author or year, the entry's raw text gives them
  (its first word; its first four-digit year).
- A citation without a suffix matches every entry of that author and year; one with a suffix only that
  entry. "A and B" prefers entries whose second author is B, "A et al." entries with three or more authors,
  when such entries exist.
- The citations of each paragraph become its `CitationGroup`s, the form the claim extractor takes from
  structured sources, so "et al." inside a citation never ends a sentence.
- A parenthetical group is a marker only when at least one part resolves; parts that do not (a bare year,
  "n = 12, 2019") are ignored, so "(2019)" or "(p < 0.05)" never become citations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from citetrace.citations.markers import matching_brackets
from citetrace.citations.model import CitationGroup, Reference
from citetrace.citations.normalize import fold_ascii

_YEAR = r"(?:1[6-9]|20)\d{2}[a-z]?"
_SURNAME = r"(?:(?:van|von|de|der|den|del|da|di|du|le|la|ten|ter)\s+)*[A-Z\u00c0-\u00de][\w'\u2019\u00c0-\u024f-]+"
_AUTHORS = (
    rf"(?P<first>{_SURNAME})(?:\s+(?P<etal>et\s+al\.?)|\s+(?:and|&)\s+(?P<second>{_SURNAME})"
    rf"|(?:,\s*{_SURNAME})*,?\s+(?:and|&)\s+(?P<last>{_SURNAME}))?"
)
_PART = re.compile(rf"{_AUTHORS}\s*,?\s*(?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*)\s*(?:,\s*(?:p|pp)\.?\s*[\d\u2013-]+)?\s*$")
_NARRATIVE = re.compile(rf"\b{_AUTHORS}\s*[(\[](?P<years>{_YEAR}(?:\s*[,;]\s*{_YEAR})*)[)\]]")
_PREFIX = re.compile(r"^\s*(?:e\.g\.,?|i\.e\.,?|see(?:\s+also)?|cf\.|for\s+example,?|reviewed\s+in)\s+", re.IGNORECASE)
_LEADING_YEAR = re.compile(r"(?<!\d)(1[6-9]|20)\d{2}([a-z])?(?!\d)")
_FIRST_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")


@dataclass(frozen=True)
class AuthorYearKey:
    """What an author-year citation can name of one list entry."""

    number: int
    surname: str
    second: str | None
    authors: int
    year: str
    """Four digits and any letter suffix, as the list prints it: "2020" or "2020a"."""


def author_year_keys(references: list[Reference]) -> list[AuthorYearKey]:
    """The key of each entry of an author-year list."""
    keys = []
    for reference in references:
        year_match = _LEADING_YEAR.search(reference.raw)
        year = str(reference.year) if reference.year else (year_match.group()[:4] if year_match else "")
        suffix = re.search(rf"(?<!\d){year}([a-z])(?![a-z])", reference.raw) if year else None
        if reference.authors:
            surname = reference.authors[0].family
        else:
            first = _FIRST_WORD.search(reference.raw)
            surname = first.group() if first else ""
        second = reference.authors[1].family if len(reference.authors) > 1 else None
        count = len(reference.authors) + (2 if reference.et_al else 0)
        keys.append(AuthorYearKey(reference.number, fold_ascii(surname), fold_ascii(second) if second else None, count,
                                  year + (suffix.group(1) if suffix else "")))
    return keys


def _resolve(match: re.Match[str], keys: list[AuthorYearKey]) -> list[int]:
    """The entry numbers one authors-and-years part names."""
    surname = fold_ascii(match["first"])
    numbers: list[int] = []
    for year in re.findall(_YEAR, match["years"]):
        found = [
            key for key in keys
            if key.surname == surname and (key.year == year or not year[-1].isalpha() and key.year[:4] == year)
        ]
        second = match["second"]
        if second and any(key.second == fold_ascii(second) for key in found):
            found = [key for key in found if key.second == fold_ascii(second)]
        elif match["etal"] and any(key.authors >= 3 for key in found):
            found = [key for key in found if key.authors >= 3]
        numbers += [key.number for key in found if key.number not in numbers]
    return numbers


def find_author_year_citations(text: str, keys: list[AuthorYearKey]) -> list[CitationGroup]:
    """Every author-year citation in `text` that names an entry of the list, in order, as markers."""
    markers: list[CitationGroup] = []
    for open_, close in sorted(matching_brackets(text).items()):
        if text[open_] not in "([" or not _LEADING_YEAR.search(text, open_, close):
            continue
        refs: list[int] = []
        for part in text[open_ + 1 : close].split(";"):
            match = _PART.search(_PREFIX.sub("", part.strip()))
            if match:
                refs += [number for number in _resolve(match, keys) if number not in refs]
        if refs:
            markers.append(CitationGroup(open_, close + 1, text[open_ : close + 1], refs))
    for match in _NARRATIVE.finditer(text):
        if any(marker.start <= match.start() < marker.end for marker in markers):
            continue
        refs = _resolve(match, keys)
        if refs:
            markers.append(CitationGroup(match.start(), match.end(), match.group(), refs))
    markers.sort(key=lambda marker: marker.start)
    return [m for i, m in enumerate(markers) if not any(o.start <= m.start < o.end for o in markers[:i])]


def author_year_groups(paragraphs: list[str], references: list[Reference]) -> list[list[CitationGroup]]:
    """Each paragraph's author-year citations, resolved to the list's entry numbers, as citation groups."""
    keys = author_year_keys(references)
    return [
        [CitationGroup(m.start, m.end, m.text, m.refs) for m in find_author_year_citations(paragraph, keys)]
        for paragraph in paragraphs
    ]
