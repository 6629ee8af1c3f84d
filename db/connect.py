"""Opening an existing library: a clear error for a missing file, a non-database, or a foreign database.

The one check every command makes before it reads or writes a library path: `open_library` for a library
that must exist, `library_or_absent` for one a command may create or replace (`build`, `add`), so a text file
or another program's database given as `--db` is never overwritten or written into.
"""
from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import sqlite_utils

LIBRARY_TABLES = ("documents", "citations", "works", "claims", "claim_citations")


class LibraryError(Exception):
    """The path is not a citetrace library; the message names it and says why, on one line."""


def open_library(path: str | Path) -> sqlite_utils.Database:
    """The library at `path`, checked to be a SQLite file with the contract's tables."""
    file = Path(path)
    try:
        info = os.stat(file)
    except (FileNotFoundError, NotADirectoryError):
        raise LibraryError(f"{path}: no such library database") from None
    except PermissionError:
        raise LibraryError(f"{path}: permission denied (a folder on its path cannot be searched)") from None
    except OSError as error:
        raise LibraryError(f"{path}: cannot be opened ({error.strerror or error})") from None
    if not stat.S_ISREG(info.st_mode):
        raise LibraryError(f"{path}: no such library database (it is not a file)")
    if not os.access(file, os.R_OK):
        raise LibraryError(f"{path}: permission denied (the file cannot be read)")
    try:
        db = sqlite_utils.Database(file)
        tables = set(db.table_names())
    except sqlite3.DatabaseError as error:
        raise LibraryError(f"{path}: not a SQLite database ({error})") from None
    missing = [name for name in LIBRARY_TABLES if name not in tables]
    if missing:
        raise LibraryError(f"{path}: not a citetrace library (no {missing[0]} table); run citetrace build")
    return db


def library_or_absent(path: str | Path) -> sqlite_utils.Database | None:
    """The library at `path`, or None when nothing is there; anything else there is a LibraryError saying it is
    left alone."""
    if not os.path.lexists(path):
        return None
    if not os.path.isfile(path):
        raise LibraryError(f"{path}: is not a file; a library is not written there")
    try:
        return open_library(path)
    except LibraryError as error:
        reason = str(error).removeprefix(f"{path}: ").removesuffix("; run citetrace build")
        raise LibraryError(f"{path}: {reason}; refusing to replace it (give a new path or remove the file)") from None
