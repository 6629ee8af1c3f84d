"""Writing a user's BibTeX file into the library as a document of its own, in one transaction.

Each readable entry becomes a citation of the new document (format "bibtex", numbered in file order) pointing
to its work, deduplicated against the library by `WorkWriter.insert_missing` (PMID, then DOI, then normalised
title+year+first author). An entry PubMed matched (`results`, from an import with `--pubmed`) points to the
PubMed record, filled from the entry where the record lacks a field. Otherwise `match_status` says what is
known: `matched` when the entry joined a PubMed record already in the library, `identified` when the entry gives
a PMID or DOI (no record read), else `citations.matching.unmatched_status` (`not_indexed` for a personal
communication, `pending` for what a later enrichment may match).
"""
from __future__ import annotations

import sqlite_utils

from citetrace.citations.bibtex_import import ImportedEntry
from citetrace.citations.cited_work import fill_from_reference
from citetrace.citations.matching import IDENTIFIED, MATCHED, MatchResult, unmatched_status
from citetrace.citations.model import Document, Reference, Work
from citetrace.db.rows import NextIds, citation_row, document_row, next_free_id, record_asked, unique_slug
from citetrace.db.search import index_rows
from citetrace.db.store import WorkWriter, authors_of, insert_rows, refresh_author_counts, refresh_match_status


def import_entries(
    db: sqlite_utils.Database,
    entries: list[ImportedEntry],
    document: Document,
    references: list[Reference],
    results: dict[int, MatchResult] | None = None,
    pubmed_works: dict[str, Work] | None = None,
    asked: str | None = None,
) -> int:
    """Write the document, its works and citations; return the new document id. All or nothing.

    `references` are the entries as cited (`reference_from_work`); `results` maps an entry's index to its match.
    """
    results, pubmed_works = results or {}, pubmed_works or {}
    with db.atomic():
        ids = NextIds.of(db)
        first_work = next_free_id(db, "works")
        document_id = ids.take("documents")
        insert_rows(db, "documents", [document_row(
            document_id, unique_slug(db, document.title), document, "bibtex", len(entries), 0
        )])
        works = []
        for index, (entry, ref) in enumerate(zip(entries, references, strict=True)):
            result = results.get(index)
            if result is not None and result.status == MATCHED and result.pmid and result.pmid in pubmed_works:
                works.append(fill_from_reference(pubmed_works[result.pmid], ref))
            else:
                works.append(entry.work)
        work_ids = WorkWriter(db, preload=False).insert_missing(works)
        records = _pubmed_records(db, work_ids)
        rows = []
        for index, (entry, ref, work_id) in enumerate(zip(entries, references, work_ids, strict=True)):
            result = results.get(index)
            if result is None or result.status != MATCHED:
                status = _status(entry.work, work_id in records)
                result = MatchResult(status=status, method="bibtex") if result is None or status == MATCHED else result
            rows.append(citation_row(ids.take("citations"), document_id, ref, work_id, result))
        insert_rows(db, "citations", rows)
        if asked is not None:
            record_asked(db, [document_id], asked)
        new_works = sorted({work_id for work_id in work_ids if work_id >= first_work})
        index_rows(db, "works", new_works)
        index_rows(db, "citations", [row["id"] for row in rows])
        refresh_author_counts(db, authors_of(db, new_works))
        refresh_match_status(db, list(dict.fromkeys(work_ids)))
    return document_id


def _status(work: Work, joined_record: bool) -> str:
    if joined_record:
        return MATCHED
    return IDENTIFIED if work.pmid or work.doi else unmatched_status(work.type)


def _pubmed_records(db: sqlite_utils.Database, work_ids: list[int]) -> set[int]:
    """The works among `work_ids` that are PubMed records the library holds (read from PubMed)."""
    unique = list(dict.fromkeys(work_ids))
    if not unique:
        return set()
    marks = ",".join("?" * len(unique))
    return {row["id"] for row in db.query(f"select id from works where source = 'pubmed' and id in ({marks})", unique)}
