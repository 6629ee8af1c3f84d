"""The library's own PubMed records as one more source of the matcher's chain, asked first when a library grows.

A reference a library already holds as a PubMed record needs no request: its PMID or DOI names the record, or
the records of its first author (year within one) are its candidates, answering the citation match (journal,
volume and first page agree) and the title search (most of the cited title words) as the local XML source
does. The matcher verifies every candidate as it verifies any source's (`verify`), so a record that shares a
key with the citation but disagrees with it is not taken. Only matches count (`decides_unmatched` is False):
what the library lacks goes on to PubMed as if it had not been asked.
"""
from __future__ import annotations

import math

import sqlite_utils

from citetrace.citations.model import Work
from citetrace.citations.normalize import (
    author_surname,
    first_page,
    journal_key,
    significant_words,
    surname_key,
    volume_key,
)
from citetrace.db.pubmed_records import pmid_of_doi, pubmed_works, records_by_first_author
from citetrace.ingest.pubmed.local import SEARCH_LIMIT, SEARCH_SHARE
from citetrace.ingest.pubmed.protocol import CitationQuery, SearchQuery


class LibrarySource:
    """IndexedSource over the PubMed records of an open library (read through `db.pubmed_records`)."""

    name = "library"
    decides_unmatched = False
    authoritative = False
    requests_made = 0
    requests_failed = 0

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self._by_author: dict[tuple[str, int | None], list[dict]] = {}

    def doi_pmid(self, doi: str) -> str | None:
        return pmid_of_doi(self.db, doi)

    def citation_pmids(self, query: CitationQuery) -> list[str]:
        journal = journal_key(query.journal)
        if not (journal and query.volume and query.first_page):
            return []
        return [row["pmid"] for row in self._records(query.author, query.year)
                if volume_key(row["volume"]) == volume_key(query.volume)
                and first_page(row["pages"]) == first_page(query.first_page)
                and journal in {journal_key(row["journal"]), journal_key(row["journal_full"])}]

    def search_pmids(self, query: SearchQuery) -> list[str]:
        wanted = set(significant_words(" ".join(query.title_words)))
        if not wanted:
            return []
        need = max(1, math.ceil(SEARCH_SHARE * len(wanted)))
        ranked = []
        for row in self._records(query.author, query.year):
            held = len(wanted & set(significant_words(row["title"])))
            if held >= need:
                ranked.append((-held, row["pmid"]))
        return [pmid for _, pmid in sorted(ranked)[:SEARCH_LIMIT]]

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        return pubmed_works(self.db, pmids)

    def _records(self, author: str, year: str) -> list[dict]:
        """The records of the cited first author (none without one), asked once per author and year."""
        surname = surname_key(author_surname(author)) if author else ""
        if not surname:
            return []
        key = (surname, int(year) if year.isdigit() else None)
        if key not in self._by_author:
            self._by_author[key] = records_by_first_author(self.db, *key)
        return self._by_author[key]
