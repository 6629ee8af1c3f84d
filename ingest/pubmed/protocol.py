"""What the matcher needs from a PubMed source, so that E-utilities and local PubMed XML files are one shape.

The matcher (`ingest.pubmed.matcher`) runs the same pipeline over any `PubmedSource`: identifiers first,
then one citation-match batch, then one ORed title/author/year search batch, then one fetch of every
candidate, and verification of each candidate against the parsed citation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from citetrace.citations.model import Work


@dataclass(frozen=True)
class CitationQuery:
    """One ECitMatch line: `journal|year|volume|first_page|author|key|`."""

    key: str
    journal: str = ""
    year: str = ""
    volume: str = ""
    first_page: str = ""
    author: str = ""


@dataclass(frozen=True)
class SearchQuery:
    """The field-tagged search for one citation: title words[ti], first author[au], year[dp], journal[ta].

    A query with `doi` set is that DOI alone (`10.1038/ni974[doi]`): DOIs written in citation strings ride in
    the same ORed search batch instead of costing a request of their own. A citation may have both queries.
    """

    key: str
    title_words: tuple[str, ...] = ()
    author: str = ""
    year: str = ""
    journal: str = ""
    doi: str = ""


class SourceUnavailable(Exception):
    """The source cannot answer now (offline, or retries exhausted); what it answered before is kept."""


class PubmedSource(Protocol):
    name: str

    @property
    def requests_made(self) -> int:
        """HTTP requests sent so far (0 for a local source), for the build report and the benchmarks."""
        ...

    def citation_match(self, queries: list[CitationQuery]) -> dict[str, list[str]]:
        """PMIDs per query key: one PMID is a hit, none is NOT_FOUND, several is AMBIGUOUS."""
        ...

    def search(self, queries: list[SearchQuery]) -> list[str]:
        """PMIDs hit by the OR of all queries (hits are sorted back to citations by verification)."""
        ...

    def pmids_for_dois(self, dois: list[str]) -> dict[str, str]:
        """PMID per DOI written in a citation string, for the DOIs the source knows."""
        ...

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        """Full records (`Work` with source `pubmed`) for the PMIDs the source has."""
        ...


class NotCached(SourceUnavailable):
    """An offline source (the response cache without network) has no stored answer for this request."""
