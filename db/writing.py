"""Writing a library file safely: one writer at a time, no temporaries left behind by a killed writer, and a
failed write (a full disk, a folder that may not be written) reported in one line with the old file intact.

Every command that writes a library (`build` through `write_library`; an in-place `add` or `import-bib` the
same way) holds `writer_lock` while it writes: an advisory lock on a small file beside the library, released
by the kernel when the process ends however it ends, so a SIGKILLed writer never blocks the next one. Under
the lock, any temporary beside the library is a dead writer's leftover and is removed.
"""
from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from citetrace.db.connect import LibraryError
from citetrace.db.upgrade import needs_upgrade, upgrade


def library_file(path: str | Path) -> Path:
    """The file a library path names, symbolic links followed: a build renames its new file over that file and
    an in-place write writes into it, so a linked `--db` stays a link either way, and both take the one lock
    beside the file itself."""
    return Path(os.path.realpath(path))


def lock_path(path: Path) -> Path:
    path = library_file(path)
    return path.with_name(f".{path.name}.lock")


def temporary_path(path: Path) -> Path:
    """Where this process writes a new library before renaming it over `path` (the linked file, if a link)."""
    path = library_file(path)
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextmanager
def writer_lock(path: str | Path) -> Iterator[None]:
    """Hold the library's writer lock, or raise LibraryError at once when another process holds it."""
    shown, path = Path(path), library_file(path)
    try:
        handle = open(lock_path(path), "a+b")
    except OSError as error:
        raise LibraryError(f"{shown}: cannot write beside it ({_reason(error)})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LibraryError(f"{shown}: another citetrace process is writing this library; try again when it is done") from None
        try:
            remove_stale_temporaries(path)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def roll_back_interrupted_write(path: str | Path) -> bool:
    """Roll back what a killed in-place writer left half-written (a hot rollback journal beside the library),
    so that read-only readers (the served site) see the last committed state instead of failing with "attempt
    to write a readonly database". Done under the writer lock, and only when no writer holds it (a live
    writer's journal is not hot); True when a journal was rolled back."""
    path = library_file(path)
    journal = path.with_name(f"{path.name}-journal")
    try:
        if journal.stat().st_size == 0:
            return False
    except OSError:
        return False
    try:
        with writer_lock(path):
            connection = sqlite3.connect(path)
            try:
                connection.execute("select count(*) from sqlite_master").fetchone()
            finally:
                connection.close()
    except (LibraryError, sqlite3.Error):
        return False
    return True


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporaries of writers that died before renaming (call under the writer lock); the removed."""
    stale = [candidate for candidate in path.parent.glob(f".{path.name}.*.tmp") if candidate.is_file()]
    for candidate in stale:
        candidate.unlink(missing_ok=True)
    return stale


def write_failure(path: Path, error: OSError | sqlite3.Error) -> LibraryError:
    """A failed write as one line naming the library and the cause."""
    return LibraryError(f"{path}: could not write the library ({_reason(error)}); the previous file is unchanged")


def _reason(error: OSError | sqlite3.Error) -> str:
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return "no space left on the device"
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "permission denied"
        return error.strerror or str(error)
    text = str(error)
    return "no space left on the device" if "disk is full" in text else text


@contextmanager
def writing(path: str | Path, db: sqlite_utils.Database) -> Iterator[None]:
    """Write the library `db` at `path` in place under its writer lock, in one transaction; a failed write is
    one line (the transaction rolled back). A library made by an earlier version is first upgraded in that
    transaction (`db.upgrade`), so the write and the upgrade land together or not at all."""
    with writer_lock(path):
        try:
            with db.atomic():
                upgrade(db)
                yield
        except (OSError, sqlite3.Error) as error:
            raise write_failure(Path(path), error) from None


def upgrade_in_place(path: str | Path, db: sqlite_utils.Database) -> None:
    """Upgrade a library made by an earlier version now, in a transaction of its own, for a command that reads it
    before it writes (`refresh` asks PubMed about the citations the upgraded statuses leave open)."""
    if needs_upgrade(db):
        with writing(path, db):
            pass
