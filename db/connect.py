"""Opening an existing library: a clear error for a missing file, a non-database, or a foreign database."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

LIBRARY_TABLES = ("documents", "citations", "works", "claims", "claim_citations")


class LibraryError(Exception):
    """The path is not a citetrace library; the message names it and says why, on one line."""


def open_library(path: str | Path) -> sqlite_utils.Database:
    """The library at `path`, checked to be a SQLite file with the contract's tables."""
    file = Path(path)
    if not file.is_file():
        raise LibraryError(f"{path}: no such library database")
    try:
        db = sqlite_utils.Database(file)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as error:
        raise LibraryError(f"{path}: not a SQLite database ({error})") from None
    missing = [name for name in LIBRARY_TABLES if name not in tables]
    if missing:
        raise LibraryError(f"{path}: not a citetrace library (no {missing[0]} table); run citetrace build")
    return db
