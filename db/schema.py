"""The database schema: the contract's tables, their keys, indexes, full-text search and views.

Tables are created explicitly (not inferred from the first row) so that an empty build still has every
column, foreign keys hold, and Datasette shows the same shape for every library.
"""
from __future__ import annotations

import sqlite_utils

SQLITE_MAX_INTEGER = 2**63 - 1
"""The largest integer SQLite stores; Python's sqlite3 refuses to bind a larger one (OverflowError)."""


def is_row_id(value: int) -> bool:
    """Whether `value` can be the id of a row (a positive SQLite integer), so a query for it may be asked."""
    return 0 < value <= SQLITE_MAX_INTEGER


def row_id(text: str) -> int | None:
    """A row id written in ASCII digits ("12"), or None ("x", "\u00b2", 5,000 digits, 2**63)."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(SQLITE_MAX_INTEGER)):
        return None
    value = int(text)
    return value if is_row_id(value) else None


TABLES: dict[str, dict] = {
    "documents": dict(
        columns={
            "id": int,
            "slug": str,
            "title": str,
            "path": str,
            "sha256": str,
            "contributors": str,
            "literature_review_through": str,
            "last_updated": str,
            "reference_count": int,
            "claim_count": int,
            "kind": str,
            "format": str,
            "journal": str,
            "published": str,
            "article_type": str,
            "article_doi": str,
            "article_pmid": str,
            "article_pmcid": str,
            "pubmed_asked": str,
        },
        pk="id",
    ),
    "works": dict(
        columns={
            "id": int,
            "pmid": str,
            "doi": str,
            "pmcid": str,
            "url": str,
            "type": str,
            "title": str,
            "journal": str,
            "journal_full": str,
            "year": int,
            "month": str,
            "day": int,
            "volume": str,
            "issue": str,
            "pages": str,
            "language": str,
            "abstract": str,
            "publication_types": str,
            "mesh_major": str,
            "keywords": str,
            "authors_display": str,
            "authors_complete": int,
            "editors": str,
            "container_title": str,
            "publisher": str,
            "publisher_place": str,
            "edition": str,
            "institution": str,
            "note": str,
            "design": str,
            "has_erratum": int,
            "has_retraction": int,
            "has_concern": int,
            "checked_at": str,
            "source": str,
            "identity": str,
            "match_status": str,
        },
        pk="id",
    ),
    "citations": dict(
        columns={
            "id": int,
            "document_id": int,
            "number": int,
            "raw": str,
            "line": int,
            "work_id": int,
            "match_status": str,
            "match_method": str,
            "candidates": str,
            "discrepancies": str,
            "has_discrepancy": int,
            "csl": str,
            "flags": str,
            "cited_first_author": str,
            "cited_year": int,
            "cited_title": str,
            "cited_journal": str,
            "cited_volume": str,
            "cited_page": str,
            "key": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("work_id", "works", "id")],
    ),
    "claims": dict(
        columns={
            "id": int,
            "document_id": int,
            "paragraph": int,
            "section": str,
            "sentence_index": int,
            "position": int,
            "text": str,
            "sentence": str,
            "marker": str,
            "cited": int,
            "warnings": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    ),
    "claim_citations": dict(
        columns={"claim_id": int, "reference_number": int, "citation_id": int, "broken": int, "evidence": str,
                 "evidence_score": float},
        pk=("claim_id", "reference_number"),
        foreign_keys=[("claim_id", "claims", "id"), ("citation_id", "citations", "id")],
    ),
    "evidence": dict(
        columns={
            "claim_id": int,
            "citation_id": int,
            "work_id": int,
            "rank": int,
            "sentence": str,
            "sentence_index": int,
            "section": str,
            "score": float,
            "source": str,
            "char_start": int,
            "char_end": int,
            "paragraph": int,
        },
        pk=("claim_id", "citation_id", "rank"),
        foreign_keys=[("claim_id", "claims", "id"), ("citation_id", "citations", "id"), ("work_id", "works", "id")],
    ),
    "document_paragraphs": dict(
        columns={"document_id": int, "paragraph": int, "section": str, "text": str},
        pk=("document_id", "paragraph"),
        foreign_keys=[("document_id", "documents", "id")],
    ),
    "topic_links": dict(
        columns={"id": int, "document_id": int, "paragraph": int, "title": str},
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    ),
    "authors": dict(
        columns={"id": int, "family": str, "given": str, "initials": str, "orcid": str, "identity": str, "work_count": int},
        pk="id",
    ),
    "work_authors": dict(
        columns={"work_id": int, "position": int, "author_id": int, "affiliation": str},
        pk=("work_id", "position"),
        foreign_keys=[("work_id", "works", "id"), ("author_id", "authors", "id")],
    ),
    "mesh_terms": dict(columns={"id": int, "ui": str, "descriptor": str}, pk="id"),
    "work_mesh": dict(
        columns={"work_id": int, "mesh_id": int, "major": int, "qualifiers": str, "major_qualifiers": str},
        pk=("work_id", "mesh_id"),
        foreign_keys=[("work_id", "works", "id"), ("mesh_id", "mesh_terms", "id")],
    ),
    "notices": dict(
        columns={"id": int, "work_id": int, "type": str, "ref_source": str, "pmid": str, "noticed_at": str},
        pk="id",
        foreign_keys=[("work_id", "works", "id")],
    ),
}

INDEXES: list[tuple[str, list[str], bool]] = [
    ("works", ["pmid"], True),
    ("works", ["doi"], False),
    ("works", ["year"], False),
    ("works", ["journal"], False),
    ("works", ["identity"], True),
    ("works", ["match_status"], False),
    ("works", ["design"], False),
    ("citations", ["document_id", "number"], False),
    ("citations", ["work_id", "match_status"], False),
    ("citations", ["match_status"], False),
    ("claims", ["document_id", "position"], True),
    ("claim_citations", ["citation_id"], False),
    ("claim_citations", ["evidence"], False),
    ("evidence", ["citation_id"], False),
    ("evidence", ["work_id"], False),
    ("documents", ["article_pmid"], False),
    ("documents", ["article_doi"], False),
    ("authors", ["identity"], True),
    ("work_authors", ["author_id", "position"], False),
    ("work_mesh", ["mesh_id"], False),
    ("mesh_terms", ["descriptor"], True),
    ("notices", ["work_id"], False),
]

SUPERSEDED_INDEXES = ("idx_citations_work_id", "idx_work_authors_author_id")
"""Indexes of earlier versions that a wider one above now serves (its leading column the same): dropped when such
a library is next written (`db.upgrade`), so the rows do not carry both."""

INDEXES_SQL: dict[str, str] = {
    "idx_works_lower_doi": "works(lower(doi))",
    "idx_works_has_retraction": "works(has_retraction)",
    "idx_works_has_concern": "works(has_concern)",
    "idx_works_has_erratum": "works(has_erratum)",
    "idx_works_publication_types": "works(id, publication_types)",
    "idx_works_mesh_major": "works(id, mesh_major)",
    "idx_citations_has_discrepancy": "citations(has_discrepancy)",
    "idx_works_journal_source": "works(journal, source)",
    "idx_works_upper_pmcid": "works(upper(pmcid))",
    "idx_documents_slug": "documents(slug)",
}
"""Indexes created `if not exists`, so a library of an earlier version gains them when next written: a DOI looked
up in any case (the library source asks `lower(doi) = lower(?)`), and the default facets of the works and
citations tables counted from an index instead of a scan of every row (wide rows: abstracts, raw strings), which
keeps those pages fast on a library of 12,000 reviews; the PubMed journals' spellings an add reads (`WorkWriter`),
a document's PMCID among the works (`db.evidence.works_of_documents`), and a new document's slug, checked
against the library's (`db.rows.unique_slug`)."""

READ_WHILE_WRITING = ("idx_documents_slug", "idx_works_journal_source")
"""The indexes a build reads while it writes its batches (each new document's slug; the PubMed journals'
spellings); the others are made after the last batch (`db.library.write_library_batches`): a million citations
inserted into an index keyed by work, in no order of its, read its pages again and again once it outgrows the page
cache, where one sort at the end takes seconds (12,000 reviews, sampled: inserts 51 -> 34 s, the indexes 5 s)."""

VIEWS: dict[str, str] = {
    "citation_audit": """
select
  citations.id as citation_id,
  citations.document_id,
  citations.number,
  citations.raw,
  works.pmid,
  discrepancy.key as field,
  json_extract(discrepancy.value, '$.cited') as cited,
  json_extract(discrepancy.value, '$.pubmed') as pubmed
from citations
join json_each(citations.discrepancies) as discrepancy
left join works on works.id = citations.work_id
where citations.has_discrepancy = 1
order by citations.document_id, citations.number, discrepancy.key
""",
    "claim_sources": """
select
  claims.id as claim_id,
  claims.document_id,
  claims.text as claim_text,
  claims.marker,
  claim_citations.reference_number,
  claim_citations.broken,
  citations.id as citation_id,
  works.id as work_id,
  works.title,
  works.year,
  works.journal,
  works.pmid,
  works.doi,
  works.pmcid,
  works.publication_types
from claims
join claim_citations on claim_citations.claim_id = claims.id
left join citations on citations.id = claim_citations.citation_id
left join works on works.id = citations.work_id
order by claims.document_id, claims.position, claim_citations.reference_number
""",
}


GENERATED: list[tuple[str, str, str]] = [
    # (table, column, expression): computed by SQLite, never written. Sorting on year ascending would put
    # undated works first (NULL sorts lowest); sort_year puts them last, and Datasette can sort on it.
    ("works", "sort_year integer", "coalesce(year, 9999)"),
]


def create_schema(db: sqlite_utils.Database, bulk: bool = False) -> None:
    """Create every table, index, full-text index and view of an empty library; for a `bulk` load (a build), only
    the indexes that keep it consistent (unique) or that its writing reads (`READ_WHILE_WRITING`), the rest left
    to `create_indexes` after the load."""
    for name, spec in TABLES.items():
        db.table(name).create(spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"))
    for table, column, expression in GENERATED:
        db.execute(f"alter table [{table}] add column {column} generated always as ({expression}) virtual")
    create_indexes(db, while_writing=bulk)
    for name, sql in VIEWS.items():
        db.create_view(name, sql)


SEARCH: dict[str, tuple[str, ...]] = {
    "works": ("title", "journal", "authors_display", "abstract"),
    "claims": ("text", "sentence"),
    "citations": ("raw",),
}
"""Full-text indexed columns of each table (FTS5, content in the table itself, `<table>_fts`)."""


def enable_search(db: sqlite_utils.Database) -> None:
    """Full-text indexes, built once after the bulk insert (cheaper than triggers during it)."""
    for table, columns in SEARCH.items():
        db.table(table).enable_fts(list(columns), create_triggers=False)


def create_indexes(db: sqlite_utils.Database, while_writing: bool = False) -> None:
    """The library's indexes, those it has kept; `while_writing`: only the unique ones and `READ_WHILE_WRITING`."""
    for table, columns, unique in INDEXES:
        if unique or not while_writing:
            db.table(table).create_index(columns, unique=unique, if_not_exists=True)
    for name, target in INDEXES_SQL.items():
        if name in READ_WHILE_WRITING or not while_writing:
            db.execute(f"create index if not exists {name} on {target}")
