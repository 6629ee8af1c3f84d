"""Adding documents to an existing library in place, in one transaction, through the row builders a build uses.

The references arrive matched (the library's own PubMed records are the matcher's first source,
`ingest.pubmed.library`); a reference matched to a record the library holds shares that work. The full-text
indexes are extended with the new rows only, and author counts and work statuses are refreshed for the works
the new documents cite.
"""
from __future__ import annotations

import json

import sqlite_utils

from citetrace.citations.matching import MatchResult
from citetrace.citations.model import Work
from citetrace.db.library import IngestedDocument, LibraryCounts, write_documents
from citetrace.db.rows import NextIds, next_free_id, record_asked
from citetrace.db.search import index_rows
from citetrace.db.store import authors_of, refresh_author_counts, refresh_match_status


def add_documents(
    db: sqlite_utils.Database,
    ingested: list[IngestedDocument],
    results: dict[str, MatchResult],
    pubmed_works: dict[str, Work],
    asked: str | None = None,
) -> LibraryCounts:
    """Write the documents into the library, all or nothing; `results` keyed by `reference_key` as for a build;
    `asked` says what PubMed was asked."""
    with db.atomic():
        first = NextIds.of(db)
        first_work = next_free_id(db, "works")
        counts = write_documents(db, ingested, results, pubmed_works, in_place=True)
        after = NextIds.of(db)
        new_documents = list(range(first.documents, after.documents))
        if asked is not None:
            record_asked(db, new_documents, asked)
        cited = [row[0] for row in db.execute(
            "select distinct work_id from citations where document_id in (select value from json_each(?))",
            [json.dumps(new_documents)])]
        new_works = [work_id for work_id in cited if work_id >= first_work]
        index_rows(db, "works", new_works)
        index_rows(db, "claims", list(range(first.claims, after.claims)))
        index_rows(db, "citations", list(range(first.citations, after.citations)))
        refresh_author_counts(db, authors_of(db, new_works))
        refresh_match_status(db, cited)
    return counts
