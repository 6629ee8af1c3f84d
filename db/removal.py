"""Removing documents from a library in place, in one transaction, with the works no document cites any more.

A work stays while any remaining citation points to it; the authors, MeSH terms and notices of the works that
go are removed with them, and the full-text indexes, author counts and work statuses follow. A removed document
that other documents cite takes its full text with it: their pairs are assessed again on what is left.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from citetrace.db.evidence import assess_works, works_of_documents
from citetrace.db.rows import keep_highest_ids
from citetrace.db.search import unindex_rows
from citetrace.db.store import refresh_author_counts, refresh_match_status


@dataclass
class Removed:
    documents: int
    citations: int
    claims: int
    works: int


def _ids(db: sqlite_utils.Database, sql: str, ids: list[int]) -> list[int]:
    return [row[0] for row in db.execute(sql, [json.dumps(ids)]).fetchall()]


def delete_works(db: sqlite_utils.Database, work_ids: list[int]) -> list[int]:
    """Delete these works with their author links, MeSH links and notices, and the authors and MeSH terms no
    work keeps; return the authors they had (their counts change). Inside the caller's transaction; the ids
    they free are never handed out again (`keep_highest_ids`)."""
    keep_highest_ids(db)
    authors = _ids(db, "select distinct author_id from work_authors where work_id in (select value from json_each(?))",
                   work_ids)
    unindex_rows(db, "works", work_ids)
    for table in ("work_authors", "work_mesh", "notices"):
        db.execute(f"delete from [{table}] where work_id in (select value from json_each(?))", [json.dumps(work_ids)])
    db.execute("delete from works where id in (select value from json_each(?))", [json.dumps(work_ids)])
    db.execute("delete from authors where id in (select value from json_each(?)) and not exists"
               " (select 1 from work_authors where author_id = authors.id)", [json.dumps(authors)])
    db.execute("delete from mesh_terms where not exists (select 1 from work_mesh where mesh_id = mesh_terms.id)")
    return authors


def remove_documents(db: sqlite_utils.Database, document_ids: list[int]) -> Removed:
    """Delete the documents and everything that is theirs alone; all or nothing."""
    in_documents = "(select value from json_each(?))"
    with db.atomic():
        keep_highest_ids(db)
        citations = _ids(db, f"select id from citations where document_id in {in_documents}", document_ids)
        claims = _ids(db, f"select id from claims where document_id in {in_documents}", document_ids)
        cited = _ids(db, f"select distinct work_id from citations where document_id in {in_documents}", document_ids)
        held = works_of_documents(db, document_ids)
        unindex_rows(db, "citations", citations)
        unindex_rows(db, "claims", claims)
        for table in ("evidence", "claim_citations"):
            db.execute(f"delete from [{table}] where claim_id in (select value from json_each(?))", [json.dumps(claims)])
        for table in ("claims", "citations", "topic_links", "document_paragraphs"):
            db.execute(f"delete from [{table}] where document_id in {in_documents}", [json.dumps(document_ids)])
        orphans = _ids(
            db,
            "select value from json_each(?) where not exists (select 1 from citations where work_id = value)",
            cited,
        )
        authors = delete_works(db, orphans)
        db.execute(f"delete from documents where id in {in_documents}", [json.dumps(document_ids)])
        refresh_author_counts(db, authors)
        gone = set(orphans)
        refresh_match_status(db, [work_id for work_id in cited if work_id not in gone])
        assess_works(db, [work_id for work_id in held if work_id not in gone])
    return Removed(len(document_ids), len(citations), len(claims), len(orphans))
