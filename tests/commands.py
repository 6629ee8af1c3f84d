"""Running the `citetrace` command line in-process and reading the library it writes."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from citetrace.cli import main

DATA = Path(__file__).parent / "data"
OTHER = DATA / "other-review.txt"
"""A second plain-text review (11 references), for libraries of more than the seed."""


def run(*args: object) -> Result:
    """`citetrace ARGS...` (paths given as they are)."""
    return CliRunner().invoke(main, [str(arg) for arg in args])


def rows(path: Path, sql: str, *params) -> list[tuple]:
    """The rows `sql` selects from the library at `path`."""
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, params).fetchall()
