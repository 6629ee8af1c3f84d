"""Reading the library's own PubMed records by the keys a citation gives, for the matcher's library source.

Reading only: the matcher (`ingest.pubmed.library`) decides which of these records a citation means, by the
verification it applies to every source.
"""
from __future__ import annotations

import json

import sqlite_utils

from citetrace.citations.model import Work
from citetrace.db.works import load_works


def pmid_of_doi(db: sqlite_utils.Database, doi: str) -> str | None:
    """The PMID of the library's PubMed record with this DOI (any case)."""
    row = db.execute(
        "select pmid from works where source = 'pubmed' and pmid is not null and lower(doi) = lower(?)"
        " order by id limit 1", [doi]).fetchone()
    return row[0] if row else None


def records_by_first_author(db: sqlite_utils.Database, surname: str, year: int | None) -> list[dict]:
    """The library's PubMed records whose first author has this surname key (as `authors.identity` starts), of
    the year or one either side when a year is given: found through the authors' identity index."""
    return list(db.query(
        "select works.pmid, works.title, works.year, works.volume, works.pages, works.journal, works.journal_full"
        " from authors join work_authors on work_authors.author_id = authors.id and work_authors.position = 1"
        " join works on works.id = work_authors.work_id"
        " where authors.identity >= :low and authors.identity < :high and works.source = 'pubmed'"
        " and works.pmid is not null and (:year is null or works.year between :year - 1 and :year + 1)"
        " order by works.id",
        {"low": f"{surname}|", "high": f"{surname}}}", "year": year},
    ))


def pubmed_works(db: sqlite_utils.Database, pmids: list[str]) -> dict[str, Work]:
    """The library's PubMed records with these PMIDs, as `Work`s with their ids, by PMID."""
    ids = [row[0] for chunk in range(0, len(pmids), 500) for row in db.execute(
        "select id from works where source = 'pubmed' and pmid in (select value from json_each(?))",
        [json.dumps(pmids[chunk : chunk + 500])])]
    return {work.pmid: work for work in load_works(db, ids) if work.pmid}

