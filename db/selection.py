"""Which works an export covers: a document's references, PMIDs, the sources of a claim, or everything.

Options add up (the union, each work once), in reading order: documents by reference number, then the
PMIDs as given, then the claim's references. An unknown document, PMID or claim is an error, not an
empty export, so a typo never produces a silently short .bib; so is an uncited claim, which has nothing to export.
"""
from __future__ import annotations

import sqlite_utils

from citetrace.db.schema import is_row_id


class SelectionError(ValueError):
    """A selection names a document, PMID or claim the library does not have."""


def select_work_ids(
    db: sqlite_utils.Database,
    documents: list[str] | tuple[str, ...] = (),
    pmids: list[str] | tuple[str, ...] = (),
    claim: int | None = None,
) -> list[int]:
    """Work ids of the selection, without repeats; no selection at all means the whole library by id."""
    if not documents and not pmids and claim is None:
        return [row["id"] for row in db.query("select id from works order by id")]
    ids: list[int] = []
    for document in documents:
        document_id = document_id_of(db, document)
        ids += [row["work_id"] for row in db.query(
            "select work_id from citations where document_id = ? and work_id is not null order by number, id",
            [document_id],
        )]
    for pmid in pmids:
        rows = list(db.query("select id from works where pmid = ?", [pmid.strip()]))
        if not rows:
            raise SelectionError(f"PMID {pmid} is not in the library")
        ids.append(rows[0]["id"])
    if claim is not None:
        found = list(db.query("select cited from claims where id = ?", [claim])) if is_row_id(claim) else []
        if not found:
            raise SelectionError(f"claim {claim} is not in the library")
        if not found[0]["cited"]:
            raise SelectionError(f"claim {claim} is an uncited statement: it cites no reference, nothing to export")
        ids += [row["work_id"] for row in db.query(
            "select citations.work_id from claim_citations join citations on citations.id = claim_citations.citation_id "
            "where claim_citations.claim_id = ? and citations.work_id is not null order by claim_citations.reference_number",
            [claim],
        )]
    return list(dict.fromkeys(ids))


def document_id_of(db: sqlite_utils.Database, document: str) -> int:
    """A document by id or slug; an id wins over a slug (a library made before slugs were never all digits may
    hold a document whose slug is another's id)."""
    rows = list(db.query("select id from documents where cast(id as text) = ? or slug = ? order by slug = ?",
                         [str(document), str(document), str(document)]))
    if not rows:
        raise SelectionError(f"document {document} is not in the library")
    return rows[0]["id"]
