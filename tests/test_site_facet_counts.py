"""The works table's array facets are kept between requests until the library file changes: after a write in
place (add, remove, refresh) they equal a fresh count."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from citetrace.cli import main
from site_client import fetch, started

FRESH_COUNT = "select value, count(*) from works, json_each(works.publication_types) group by value"


def publication_types(site) -> dict[str, int]:
    data = fetch(site, "/citetrace/works.json?_facet_size=max").json()
    return {item["value"]: item["count"] for item in data["facet_results"]["publication_types"]["results"]}


def fresh_count(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return dict(connection.execute(FRESH_COUNT).fetchall())


def test_the_array_facet_counts_follow_a_remove_in_place(seed_library: Path, tmp_path: Path) -> None:
    library = tmp_path / "citetrace.db"
    shutil.copy(seed_library, library)
    site = started(library)
    before = publication_types(site)
    assert before == fresh_count(library)
    result = CliRunner().invoke(main, ["remove", "1", "--db", str(library)])
    assert result.exit_code == 0, result.output
    assert fresh_count(library) != before
    assert publication_types(site) == fresh_count(library)


def test_the_array_facet_counts_follow_a_write_in_place(seed_library: Path, tmp_path: Path) -> None:
    library = tmp_path / "citetrace.db"
    shutil.copy(seed_library, library)
    site = started(library)
    publication_types(site)
    with sqlite3.connect(library) as connection:
        connection.execute("""update works set publication_types = '["Letter"]' where publication_types != '[]'""")
    assert publication_types(site) == fresh_count(library) == {"Letter": fresh_count(library)["Letter"]}
