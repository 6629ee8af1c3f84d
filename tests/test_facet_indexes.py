"""The default facets of the works and citations tables are counted from an index, never a scan of every row:
the rows are wide (abstracts, raw strings), and a library of 12,000 reviews holds a million citations."""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

from citetrace.datasette_plugins.metadata import library_metadata


def default_facets(path: Path, table: str) -> list[tuple[str, str]]:
    """(facet type, column) of each facet the site's metadata gives `table`."""
    facets = library_metadata(path)["databases"]["citetrace"]["tables"][table]["facets"]
    return [("column", facet) if isinstance(facet, str) else next(iter(facet.items())) for facet in facets]


def plan(db: sqlite_utils.Database, sql: str) -> list[str]:
    return [row[3] for row in db.execute(f"explain query plan {sql}")]


def test_every_default_facet_of_works_and_citations_reads_an_index(seed_library: Path) -> None:
    db = sqlite_utils.Database(seed_library)
    for table in ("works", "citations"):
        for kind, column in default_facets(seed_library, table):
            rows = f"select * from {table}"
            if kind == "array_keyed":
                sql = (f"select j.value, count(*) from (select id, {column} from ({rows})) join json_each({column}) j"
                       " group by j.value")
            else:
                sql = f"select {column}, count(*) from ({rows}) where {column} is not null group by {column}"
            steps = plan(db, sql)
            assert any("USING COVERING INDEX" in step for step in steps), (table, column, steps)
            assert f"SCAN {table}" not in steps, (table, column, steps)
