"""prepare_connection: limits on what one query may build, which Datasette's SQL time limit does not cover.

The time limit interrupts a query between steps of the virtual machine, but one call such as
`randomblob(1000000000)` is a single step: it runs to the end and holds the gigabyte. SQLite's length limit
refuses such a value at once ("string or blob too big"), so a query can neither allocate it nor send it.
"""
from __future__ import annotations

import sqlite3

from datasette import hookimpl

MAX_VALUE_BYTES = 10_000_000
"""The longest string or BLOB (or row) a served query may make; a library's largest value is a few kilobytes."""


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
