"""Adding a user's BibTeX file to the library as a document of its own, in one transaction.

Each readable entry becomes a citation of the new document (kind "bibtex", numbered in file order)
pointing to its work, deduplicated against the library by `upsert_works` (PMID, then DOI, then
normalised title+year+first author). There is no PubMed matching here, so `match_status` says what is
known: `matched` when the work has a PMID (given in the entry, or the entry joined a PubMed work already in
the library), else `citations.matching.unmatched_status` (`not_indexed` for a personal communication,
`pending` for what a later enrichment may match).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import sqlite_utils

from citations.bibtex_import import ImportedEntry
from citations.csljson import work_to_csl
from citations.matching import MATCHED, unmatched_status
from db.library import slugify
from db.store import refresh_author_counts, refresh_match_status, upsert_works


def import_entries(db: sqlite_utils.Database, entries: list[ImportedEntry], path: Path, title: str) -> int:
    """Write the document, its works and citations; return the new document id. All or nothing."""
    with db.atomic():
        document_id = 1 + (db.execute("select coalesce(max(id), 0) from documents").fetchone()[0])
        slug = _unique_slug(db, slugify(title))
        db["documents"].insert({
            "id": document_id,
            "slug": slug,
            "title": title,
            "path": path.name,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "reference_count": len(entries),
            "claim_count": 0,
            "kind": "bibtex",
        })
        work_ids = upsert_works(db, [entry.work for entry in entries])
        pmids = _pmids(db, work_ids)
        next_citation = 1 + (db.execute("select coalesce(max(id), 0) from citations").fetchone()[0])
        rows = []
        for number, (entry, work_id) in enumerate(zip(entries, work_ids, strict=True), start=1):
            work = entry.work
            rows.append({
                "id": next_citation + number - 1,
                "document_id": document_id,
                "number": number,
                "raw": entry.raw,
                "line": entry.line,
                "work_id": work_id,
                "match_status": _status(work.type, pmids.get(work_id), work.doi),
                "match_method": "bibtex",
                "candidates": "[]",
                "discrepancies": "[]",
                "has_discrepancy": 0,
                "csl": json.dumps(work_to_csl(work, entry.key), ensure_ascii=False),
                "flags": "[]",
                "cited_first_author": work.authors[0].family if work.authors else None,
                "cited_year": work.year,
                "cited_title": work.title,
                "cited_journal": work.journal,
                "cited_volume": work.volume,
                "cited_page": work.pages,
            })
        db["citations"].insert_all(rows)
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


def _unique_slug(db: sqlite_utils.Database, slug: str) -> str:
    taken = {row["slug"] for row in db.query("select slug from documents")}
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate
