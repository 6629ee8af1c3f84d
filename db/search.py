"""Keeping the full-text indexes in step with rows added to or removed from a library in place.

The indexes are FTS5 tables whose content is the table itself (`content="works"`) and have no triggers (a
build indexes everything once, which is cheaper); a change in place therefore tells the index which rows it
added, and which rows it is about to delete while their text is still there to be removed.
"""
from __future__ import annotations

import json

import sqlite_utils

from db.schema import SEARCH


def index_rows(db: sqlite_utils.Database, table: str, ids: list[int]) -> None:
    """Add these rows of `table` to its full-text index."""
    if not ids or not db[table].detect_fts():
        return
    columns = ", ".join(f"[{column}]" for column in SEARCH[table])
    db.execute(
        f"insert into [{table}_fts] (rowid, {columns}) select id, {columns} from [{table}]"
        " where id in (select value from json_each(?))",
        [json.dumps(ids)],
    )


def unindex_rows(db: sqlite_utils.Database, table: str, ids: list[int]) -> None:
    """Remove these rows of `table` from its full-text index; call it before deleting the rows."""
    if not ids or not db[table].detect_fts():
        return
    columns = ", ".join(f"[{column}]" for column in SEARCH[table])
    db.execute(
        f"insert into [{table}_fts] ([{table}_fts], rowid, {columns}) select 'delete', id, {columns} from [{table}]"
        " where id in (select value from json_each(?))",
        [json.dumps(ids)],
    )
