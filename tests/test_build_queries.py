"""The queries a build asks once per document or per chunk read through an index, even before the library has
statistics (`analyze` runs when the build ends): a scan there makes the build grow with the square of the library."""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

from citetrace.db.evidence import UNASSESSED_PAIRS_OF_WORKS_SQL
from citetrace.db.rows import SLUG_TAKEN_SQL
from citetrace.db.pubmed_records import records_by_first_author
from citetrace.db.schema import READ_WHILE_WRITING, create_schema
from citetrace.db.store import refresh_match_status


def plan(sql: str, parameters: dict | list) -> list[str]:
    """SQLite's plan for `sql` in a new, empty library (no statistics)."""
    db = sqlite_utils.Database(memory=True)
    create_schema(db)
    return [row[3] for row in db.execute(f"explain query plan {sql}", parameters)]


def test_the_unassessed_pairs_of_a_chunk_of_works_are_read_through_the_citations_work_index() -> None:
    steps = plan(UNASSESSED_PAIRS_OF_WORKS_SQL, {"low": 1, "high": 500})
    assert steps[0] == "SEARCH citations USING COVERING INDEX idx_citations_work_id_match_status (work_id>? AND work_id<?)"
    assert not any("idx_claim_citations_evidence" in step for step in steps)


def test_a_new_documents_slug_is_looked_up_through_an_index() -> None:
    assert plan(SLUG_TAKEN_SQL, ["a-title"]) == [
        "SEARCH documents USING COVERING INDEX idx_documents_slug (slug=?)"]


def test_a_works_best_match_status_is_read_through_the_citations_work_and_status_index() -> None:
    db = sqlite_utils.Database(memory=True)
    create_schema(db)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    refresh_match_status(db, [1, 2])
    db.conn.set_trace_callback(None)
    (update,) = [statement for statement in statements if statement.startswith("update works")]
    steps = [row[3] for row in db.execute(f"explain query plan {update}")]
    assert steps.count(
        "SEARCH citations USING COVERING INDEX idx_citations_work_id_match_status (work_id=? AND match_status=?)"
    ) == 6


def test_the_records_of_a_first_author_are_read_through_the_authors_position_index(seed_library: Path) -> None:
    db = sqlite_utils.Database(seed_library)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    records_by_first_author(db, "smith", 2004)
    db.conn.set_trace_callback(None)
    (query,) = [statement for statement in statements if "from authors" in statement]
    steps = [row[3] for row in db.execute(f"explain query plan {query}")]
    assert "SEARCH work_authors USING INDEX idx_work_authors_author_id_position (author_id=? AND position=?)" in steps


def index_names(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute("select name from sqlite_master where type = 'index' and sql is not null")}


def test_a_library_being_built_has_only_its_unique_indexes_and_those_its_writing_reads() -> None:
    db = sqlite_utils.Database(memory=True)
    create_schema(db, bulk=True)
    unique = {row[0] for row in db.execute("select name from sqlite_master where type = 'index' and sql like "
                                           "'create unique index%'")}
    assert index_names(db) == unique | set(READ_WHILE_WRITING)
    assert "idx_citations_work_id_match_status" not in index_names(db)


def test_a_built_library_has_every_index_of_a_new_one(seed_library: Path) -> None:
    new = sqlite_utils.Database(memory=True)
    create_schema(new)
    assert index_names(sqlite_utils.Database(seed_library)) == index_names(new)
