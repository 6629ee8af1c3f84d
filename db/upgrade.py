"""Upgrading a library made by an earlier version in place, and reading one that is not upgraded yet.

Every command that writes a library upgrades it first, inside its own transaction under the writer lock
(`db.writing`): the tables, columns and indexes this version has and the file lacks are added, and a library
from before honest statuses (its `documents` has no `pubmed_asked`) has its old values said the way this version
says them, once (the column is added in the same transaction, so a second write finds nothing to do):

- `matched` where no PubMed record was read (the work is not a PubMed record: a JATS or BibTeX PMID or DOI) is
  `identified`.
- `not_found` of a citation key no bibliography holds is `not_indexed`.
- `not_found` that PubMed itself may not have answered is `pending`. The earlier version wrote `not_found` when
  only the bundled snapshot lacked a reference (`--pubmed snapshot`, its `match_method` ending "(offline)"), and
  its response cache may or may not have held a live answer: the two cannot be told apart, so every such
  citation is `pending`, which `refresh` asks PubMed about again (a real not-found costs one more question; the
  other way round, a reference PubMed holds would never be asked for). A `not_found` whose method names NCBI
  E-utilities (`auto`, `live`) was answered by PubMed (a source it could not reach left citations pending) and
  stays.
- The retraction and erratum flags of a work no PubMed record was read for were 0: they are NULL (not checked).
  A PubMed record's flags, `has_concern` among them, are read from the notices the library kept, and its
  `design` from its publication types and MeSH headings, as a build computes them. `checked_at` and a
  document's `pubmed_asked` stay NULL: the earlier version did not record them.
- The claim-citation pairs of a library made before evidence existed are assessed against their cited works'
  abstracts, as an `add` assesses them. A document's full text (`document_paragraphs`) cannot be recovered
  without its file: a work that is one of the library's older documents is read by its abstract until that
  document is added again.

Read-only commands (`serve`, `trace`, `list`, `export-*`) never write: `readable` gives them an upgraded copy
in memory of a library that needs one (its pairs not assessed, which costs time on every read), so they read
what a written library would hold.
"""
from __future__ import annotations

import json
import sqlite3

import sqlite_utils

from citetrace.citations.design import study_design
from citetrace.citations.matching import IDENTIFIED, MATCHED, NOT_FOUND, NOT_IN_BIBLIOGRAPHY, NOT_INDEXED, PENDING
from citetrace.db.evidence import assess_documents
from citetrace.db.schema import GENERATED, SEARCH, SUPERSEDED_INDEXES, TABLES, create_indexes
from citetrace.db.store import NOTICE_FLAGS, refresh_match_status

HONEST_STATUSES_MARK = ("documents", "pubmed_asked")
"""The column that came with honest statuses: a library whose documents lack it says its statuses the old way."""
LIVE_ANSWER = "%NCBI E-utilities%"
"""How the earlier version's `match_method` of a citation PubMed itself was asked about reads (a SQL pattern)."""


def missing_schema(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Table -> the columns of this version it lacks (every column, for a table it lacks); empty when current."""
    missing: dict[str, list[str]] = {}
    for name, spec in TABLES.items():
        have = set(db[name].columns_dict) if db[name].exists() else set()
        absent = [column for column in spec["columns"] if column not in have]
        if absent:
            missing[name] = absent
    return missing


def needs_upgrade(db: sqlite_utils.Database) -> bool:
    """Whether the library lacks a table or column this version reads or writes."""
    return bool(missing_schema(db))


def upgrade(db: sqlite_utils.Database, assess: bool = True) -> bool:
    """Upgrade the library in place, inside the caller's transaction; True when anything changed. Also adds the
    indexes created `if not exists` and full-text indexes a library lacks, and drops the superseded indexes. With `assess`, the claim-citation
    pairs of a library made before evidence existed are assessed, as an `add` would assess them."""
    missing = missing_schema(db)
    old_statuses = HONEST_STATUSES_MARK[1] in missing.get(HONEST_STATUSES_MARK[0], [])
    no_evidence = "evidence" in missing.get("claim_citations", [])
    for name, columns in missing.items():
        spec = TABLES[name]
        if len(columns) == len(spec["columns"]):
            db.table(name).create(spec["columns"], pk=spec["pk"], foreign_keys=spec.get("foreign_keys"))
        else:
            for column in columns:
                db.table(name).add_column(column, spec["columns"][column])
    for name in SUPERSEDED_INDEXES:
        db.execute(f"drop index if exists [{name}]")
    for table, column, expression in GENERATED:
        if column.split()[0] not in {row[1] for row in db.execute(f"pragma table_xinfo([{table}])")}:
            db.execute(f"alter table [{table}] add column {column} generated always as ({expression}) virtual")
    create_indexes(db)
    for table, searched in SEARCH.items():
        if not db.table(table).detect_fts():
            db.table(table).enable_fts(list(searched), create_triggers=False)
    if old_statuses:
        say_statuses_honestly(db)
        read_record_fields(db)
    if assess and no_evidence:
        assess_documents(db, [])
    return bool(missing)


def say_statuses_honestly(db: sqlite_utils.Database) -> None:
    """The earlier version's match statuses in this version's words (the module docstring says why)."""
    db.execute(
        f"update citations set match_status = '{IDENTIFIED}' where match_status = '{MATCHED}'"
        " and work_id in (select id from works where coalesce(source, '') != 'pubmed')")
    db.execute(
        f"update citations set match_status = '{NOT_INDEXED}' where match_status = '{NOT_FOUND}'"
        " and exists (select 1 from json_each(case when json_valid(flags) then flags else '[]' end)"
        " where value = ?)", [NOT_IN_BIBLIOGRAPHY])
    db.execute(
        f"update citations set match_status = '{PENDING}' where match_status = '{NOT_FOUND}'"
        " and coalesce(match_method, '') not like ?", [LIVE_ANSWER])
    refresh_match_status(db)


def read_record_fields(db: sqlite_utils.Database) -> None:
    """Flags NULL where no PubMed record was read; a record's flags from its notices and its design from its
    publication types and MeSH headings."""
    flags = ", ".join(f"{flag} = null" for flag in NOTICE_FLAGS)
    db.execute(f"update works set {flags}, design = null where coalesce(source, '') != 'pubmed'")
    notices: dict[int, set[str]] = {}
    for work_id, kind in db.execute("select work_id, type from notices"):
        notices.setdefault(work_id, set()).add(kind)
    mesh: dict[int, list[str]] = {}
    for work_id, descriptor in db.execute(
            "select work_mesh.work_id, mesh_terms.descriptor from work_mesh"
            " join mesh_terms on mesh_terms.id = work_mesh.mesh_id order by work_mesh.work_id, mesh_terms.id"):
        mesh.setdefault(work_id, []).append(descriptor)
    for work_id, types in db.execute("select id, publication_types from works where source = 'pubmed'").fetchall():
        kinds = notices.get(work_id, set())
        values: dict[str, int | str | None] = {flag: int(bool(kinds & set(ref_types))) for flag, ref_types in NOTICE_FLAGS.items()}
        values["design"] = study_design(_strings(types), mesh.get(work_id, []))
        db.table("works").update(work_id, values)


def _strings(value: str | None) -> list[str]:
    try:
        found = json.loads(value or "[]")
    except ValueError:
        return []
    return [item for item in found if isinstance(item, str)] if isinstance(found, list) else []


def upgraded_copy(db: sqlite_utils.Database, target: sqlite3.Connection | None = None) -> sqlite_utils.Database:
    """A copy of the library, upgraded, in `target` (a new in-memory database by default); the file is left as
    it is. Its pairs are not assessed: that would cost time on every read."""
    copy = target or sqlite3.connect(":memory:")
    db.conn.backup(copy)
    upgraded = sqlite_utils.Database(copy)
    with upgraded.atomic():
        upgrade(upgraded, assess=False)
    return upgraded


def readable(db: sqlite_utils.Database) -> sqlite_utils.Database:
    """The library itself when it is current; else an upgraded copy in memory."""
    return upgraded_copy(db) if needs_upgrade(db) else db
