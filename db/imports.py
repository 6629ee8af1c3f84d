"""Adding a user's BibTeX file to the library as a document of its own, in one transaction.

Each readable entry becomes a citation of the new document (kind "bibtex", numbered in file order)
pointing to its work, deduplicated against the library by `insert_missing_works` (PMID, then DOI, then
normalised title+year+first author). There is no PubMed matching here, so `match_status` says what is
known: `matched` when the work has a PMID (given in the entry, or the entry joined a PubMed work already in
the library), else `citations.matching.unmatched_status` (`not_indexed` for a personal communication,
`pending` for what a later enrichment may match).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import sqlite_utils

from citations.bibtex_import import ImportedEntry
from citations.cited_work import reference_from_work
from citations.matching import MATCHED, MatchResult, unmatched_status
from citations.model import Document
from db.rows import NextIds, citation_row, document_row, unique_slug
from db.store import insert_missing_works, insert_rows, refresh_author_counts, refresh_match_status


def import_entries(db: sqlite_utils.Database, entries: list[ImportedEntry], path: Path, title: str) -> int:
    """Write the document, its works and citations; return the new document id. All or nothing."""
    with db.atomic():
        ids = NextIds.of(db)
        document_id = ids.take("documents")
        document = Document(path=str(path), title=title, format="bibtex",
                            sha256=hashlib.sha256(path.read_bytes()).hexdigest())
        insert_rows(db, "documents", [document_row(document_id, unique_slug(db, title), document, "bibtex", len(entries), 0)])
        work_ids = insert_missing_works(db, [entry.work for entry in entries])
        pmids = _pmids(db, work_ids)
        rows = []
        for number, (entry, work_id) in enumerate(zip(entries, work_ids, strict=True), start=1):
            ref = reference_from_work(entry.work, number, entry.raw, entry.line, entry.key, "bibtex")
            result = MatchResult(status=_status(entry.work.type, pmids.get(work_id), entry.work.doi), method="bibtex")
            rows.append(citation_row(ids.take("citations"), document_id, ref, work_id, result))
        insert_rows(db, "citations", rows)
        refresh_author_counts(db)
        refresh_match_status(db)
        for table in ("works", "citations"):
            if db[table].detect_fts():
                db[table].rebuild_fts()
    return document_id


def _status(work_type: str, pmid: str | None, doi: str | None) -> str:
    return MATCHED if pmid else unmatched_status(work_type, identified=bool(doi))


def _pmids(db: sqlite_utils.Database, work_ids: list[int]) -> dict[int, str | None]:
    unique = list(dict.fromkeys(work_ids))
    if not unique:
        return {}
    marks = ",".join("?" * len(unique))
    return {row["id"]: row["pmid"] for row in db.query(f"select id, pmid from works where id in ({marks})", unique)}
