"""Keeping the full-text indexes in step with rows added to or removed from a library in place.

The indexes are FTS5 tables whose content is the table itself (`content="works"`) and have no triggers (a
build indexes everything once, which is cheaper); a change in place therefore tells the index which rows it
added, and which rows it is about to delete while their text is still there to be removed.
"""
from __future__ import annotations

import json

import sqlite_utils

from citetrace.db.schema import SEARCH


def index_rows(db: sqlite_utils.Database, table: str, ids: list[int]) -> None:
    """Add these rows of `table` to its full-text index."""
    _write_index(db, table, ids, delete=False)


def unindex_rows(db: sqlite_utils.Database, table: str, ids: list[int]) -> None:
    """Remove these rows of `table` from its full-text index; call it before deleting the rows."""
    _write_index(db, table, ids, delete=True)


def _write_index(db: sqlite_utils.Database, table: str, ids: list[int], delete: bool) -> None:
    """Hand the index these rows' text, as rows to add or (FTS5's 'delete' command) to remove."""
    if not ids or not db.table(table).detect_fts():
        return
    columns = ", ".join(f"[{column}]" for column in SEARCH[table])
    command, value = (f"[{table}_fts], ", "'delete', ") if delete else ("", "")
    db.execute(
        f"insert into [{table}_fts] ({command}rowid, {columns}) select {value}id, {columns} from [{table}]"
        " where id in (select value from json_each(?))",
        [json.dumps(ids)],
    )
