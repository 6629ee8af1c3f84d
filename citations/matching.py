"""The match vocabulary every layer shares: a citation's match status, its result, and the status of one not
(yet) matched.

The matcher (`ingest.pubmed.matcher`) decides results; the database (`db/`) stores and ranks them; both read
the same names here, so the rule for an unmatched citation is written once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from citetrace.citations.model import Reference

MATCHED = "matched"
"""A PubMed record was read and agrees with the citation."""
IDENTIFIED = "identified"
"""The document gives the PMID or DOI (JATS pub-id, a bibliography field, a Manubot key); no record read yet."""
AMBIGUOUS = "ambiguous"
NOT_FOUND = "not_found"
"""PubMed itself (live, or a cached live answer) was asked and has no record that agrees."""
PENDING = "pending"
"""PubMed not asked yet: enrichment off, offline, or only a local source (the snapshot) that lacks it."""
NOT_INDEXED = "not_indexed"
STATUS_ORDER = (MATCHED, IDENTIFIED, AMBIGUOUS, NOT_FOUND, PENDING, NOT_INDEXED)
"""Most definite first: a work cited by two documents takes the first of its citations' statuses."""
OPEN = frozenset({PENDING, NOT_FOUND, AMBIGUOUS})
"""Statuses a further PubMed source may still change."""
ASKED_AGAIN = frozenset({PENDING, AMBIGUOUS, IDENTIFIED})
"""Statuses `citetrace refresh` asks PubMed about again."""

PMID_RE = re.compile(r"[0-9]{1,9}")
"""A PubMed identifier as PubMed writes it: ASCII digits only. Superscript or Arabic-Indic digits pass
`str.isdigit()` (and some pass `int()`) but name no PubMed record."""


def as_pmid(value: str | None) -> str | None:
    """`value` stripped when it is a PMID, else None."""
    value = (value or "").strip()
    return value if PMID_RE.fullmatch(value) else None


DOI_RE = re.compile(r"10\.[0-9]+(?:\.[0-9]+)*/[^\s\x00-\x1f\x7f]+")
"""A DOI as the DOI Handbook writes it: `10.`, a registrant code of digits (dot-separated), `/`, and a suffix
without spaces or control characters (`javascript:alert(1)` and `10.1/x OR 1=1` are not DOIs)."""


def as_doi(value: str | None) -> str | None:
    """`value` stripped when it is a DOI, else None."""
    value = (value or "").strip()
    return value if DOI_RE.fullmatch(value) else None


WRITTEN_DOI = re.compile(
    r"\b(?:doi:?\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)(?P<doi>10\.\d{4,9}/\S+)|(?<!\S)(?P<bare>10\.\d{4,9}/\S+)",
    re.IGNORECASE,
)
"""A DOI as a reference string or an article's first page prints it: after "doi:" or a doi.org link, or on its
own; the match runs to the next space (`written_doi` trims what follows the DOI)."""
_DOI_TRAILER = re.compile(r"[.,;:]+$")
_CLOSERS = {")": "(", "]": "[", ">": "<"}


def written_doi(match: re.Match[str]) -> str:
    """The DOI a `WRITTEN_DOI` match names, without the sentence's punctuation or a closing bracket that is not
    the DOI's own ("(doi:10.1/x)." -> "10.1/x"; "10.1002/(SICI)1097-4636(199601)30:1<1::AID-JBM1>3.0.CO;2-M"
    is kept whole)."""
    doi = match["doi"] or match["bare"]
    while True:
        trimmed = _DOI_TRAILER.sub("", doi)
        last = trimmed[-1:]
        if last in _CLOSERS and trimmed.count(last) > trimmed.count(_CLOSERS[last]):
            trimmed = trimmed[:-1]
        if trimmed == doi:
            return doi
        doi = trimmed


NOT_INDEXED_TYPES = frozenset({"personal_communication", "manuscript"})
"""Citation types PubMed cannot hold (personal communications, unpublished data)."""


@dataclass
class MatchResult:
    """How one citation was matched; `discrepancies` maps a field to what was cited and what PubMed has."""

    status: str
    pmid: str | None = None
    method: str | None = None
    candidates: list[str] = field(default_factory=list)
    discrepancies: dict[str, dict[str, str | int | None]] = field(default_factory=dict)


def unmatched_status(kind: str, *, identified: bool = False, unparsed: bool = False) -> str:
    """The one rule for a citation no source has matched (in every `--pubmed` mode, and for imports):
    `not_indexed` for what PubMed cannot hold (a personal communication, unpublished data, a string the parser
    could not read) unless it carries a PMID or DOI; `pending` (not yet asked) otherwise."""
    if not identified and (kind in NOT_INDEXED_TYPES or unparsed):
        return NOT_INDEXED
    return PENDING


def reference_status(ref: Reference) -> str:
    """`unmatched_status` of a parsed reference; `not_indexed` for a cited key no bibliography holds (there is
    nothing to ask PubMed with)."""
    if NOT_IN_BIBLIOGRAPHY in ref.flags:
        return NOT_INDEXED
    return unmatched_status(ref.type, identified=bool(ref.pmid or ref.doi), unparsed="unparsed" in ref.flags)


def identified_result(ref: Reference) -> MatchResult | None:
    """A reference whose PMID or DOI comes from a structured source (JATS tags, a bibliography entry, a Manubot
    key) is `identified` by that identifier: the document says which work it is, but no PubMed record was read
    (enrichment, or a later `refresh`, reads it and makes it `matched`)."""
    pmid, doi = as_pmid(ref.pmid), as_doi(ref.doi)
    if ref.origin == "string" or not (pmid or doi):
        return None
    return MatchResult(status=IDENTIFIED, pmid=pmid, method=f"{ref.origin}:{'pmid' if pmid else 'doi'}")


def unanswered(status: str, authoritative: bool) -> str:
    """What a source's answer means for the citation: a local source (the snapshot, the user's PubMed XML) that
    has no record leaves it `pending`; only PubMed itself makes it `not_found`."""
    return PENDING if status == NOT_FOUND and not authoritative else status


NOT_IN_BIBLIOGRAPHY = "not-in-bibliography"
"""The flag of a manuscript's citation key that no bibliography holds: kept as a `not_indexed` citation, so that
nothing cited is silently dropped."""
