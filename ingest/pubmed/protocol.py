"""What the matcher needs from a PubMed source, so that E-utilities, local PubMed XML files and the library's own
records are one shape.

The matcher (`ingest.pubmed.matcher`) asks every source the same questions (a PMID written in the string, a
DOI, a citation match on journal + volume + first page, a title/author/year search), fetches the candidates
and verifies each against the parsed citation. How it asks depends on the source: a `PubmedSource` over the
network (E-utilities) answers whole batches (one citation-match batch, one ORed search batch) and its search
hits are sorted back to their citations; an `IndexedSource` (local XML, the library) answers each citation's
own questions from its indexes, so matching costs look-ups per citation, not comparisons of every hit with
every citation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

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
    authoritative: bool
    """True for PubMed itself (E-utilities, or its cached answers): only its "none" makes a citation `not_found`."""

    @property
    def requests_made(self) -> int:
        """HTTP requests sent so far (0 for a local source), for the build report and the benchmarks."""
        ...

    @property
    def requests_failed(self) -> int:
        """Requests sent so far that brought no usable answer (counted apart from those answered)."""
        ...

    def citation_match(self, queries: list[CitationQuery]) -> dict[str, list[str]]:
        """PMIDs per query key: one PMID is a hit, none is NOT_FOUND, several is AMBIGUOUS."""
        ...

    def search(self, queries: list[SearchQuery]) -> list[str]:
        """PMIDs hit by the OR of all queries (hits are sorted back to citations by verification)."""
        ...

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        """Full records (`Work` with source `pubmed`) for the PMIDs the source has."""
        ...


@runtime_checkable
class IndexedSource(Protocol):
    """A source that answers one citation's questions from indexes it holds, without a request."""

    name: str
    decides_unmatched: bool
    """False for a source whose lack of a verified record says nothing about PubMed (the library's own records):
    only its matches count, and a citation it cannot match stays as the sources before left it."""
    authoritative: bool
    """Always False: a local index is not PubMed, so its "none" leaves a citation `pending`."""

    @property
    def requests_made(self) -> int:
        ...

    @property
    def requests_failed(self) -> int:
        ...

    def doi_pmid(self, doi: str) -> str | None:
        """The PMID of the record with this DOI (any case), if the source holds one."""
        ...

    def citation_pmids(self, query: CitationQuery) -> list[str]:
        """The records ECitMatch's rule gives for one citation (journal, volume and first page agree)."""
        ...

    def search_pmids(self, query: SearchQuery) -> list[str]:
        """The records one citation's title/author/year search hits, best first."""
        ...

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        ...


class NotCached(SourceUnavailable):
    """An offline source (the response cache without network) has no stored answer for this request."""
