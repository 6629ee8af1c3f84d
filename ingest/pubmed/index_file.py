"""A local PubMed source's index kept on disk, so a run over unchanged XML files does not read them all again.

The file holds a stamp (the format version and each XML file's resolved path, size and modification time) and
the index's fields as plain values (ints, strings, bytes, lists, dicts, frozensets, `array.array`). A stamp
that differs means the files changed: the index is rebuilt and the file overwritten. The file is read with an
unpickler that resolves nothing but `array.array` and `frozenset`, so a planted file cannot run code; a file
that does not read back (cut short by a crash, garbage) is moved aside, never deleted, and the index rebuilt.
An index that cannot be written (read-only or full disk) only costs the next run the rebuild.

The stamp is pickled first and the fields after it, so a stale index is known without reading its fields.
Writing an index deletes the other indexes of the folder that can no longer answer (their XML files are gone or
changed, so they would be rebuilt anyway): the indexes of old `--pubmed-xml` pools do not pile up.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import datetime, UTC
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
INDEX_PREFIX, INDEX_SUFFIX = "pubmed-index-", ".pickle"
_ALLOWED = {("array", "array"), ("array", "_array_reconstructor"), ("builtins", "frozenset")}


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of an index")
        return super().find_class(module, name)


def stamp(paths: Sequence[Path], version: int) -> list[Any]:
    """What the index depends on: its format version and each file's resolved path, size and mtime."""
    files = []
    for path in paths:
        status = path.stat()
        files.append([str(path.resolve()), status.st_size, status.st_mtime_ns])
    return [version, files]


def index_path(folder: Path, paths: Sequence[Path]) -> Path:
    """One index file per list of XML files (named by their resolved paths), overwritten when they change."""
    names = json.dumps([str(p.resolve()) for p in paths]).encode()
    return folder / f"{INDEX_PREFIX}{hashlib.sha256(names).hexdigest()[:16]}{INDEX_SUFFIX}"


def load(path: Path, expected: list[Any], restore: Callable[[dict[str, Any]], T],
         warn: Callable[[str], None]) -> T | None:
    """The stored index when its stamp is `expected`; None when absent, stale or unreadable (moved aside)."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        warn(f"{path}: cannot read the stored PubMed index ({error}); indexing the XML again")
        return None
    try:
        stream = io.BytesIO(data)
        if _PlainUnpickler(stream).load() != expected:
            return None
        return restore(_PlainUnpickler(stream).load())  # a pickle of its own: its memo starts afresh
    except Exception as error:  # noqa: BLE001 - whatever a damaged file raises, the answer is to rebuild
        aside = path.with_name(f"{path.name}.corrupt-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}")
        os.replace(path, aside)
        warn(f"{path}: not a readable PubMed index ({type(error).__name__}: {error}); moved to {aside.name}, "
             "indexing the XML again")
        return None


def save(path: Path, current: list[Any], fields: dict[str, Any], warn: Callable[[str], None]) -> None:
    """Write the index next to the response cache, atomically (a crash leaves the old file or none)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as stream:
            pickle.dump(current, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(fields, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        warn(f"{path}: cannot store the PubMed index ({error}); the next run indexes the XML again")
        return
    _delete_stale_indexes(path, current[0])


def _delete_stale_indexes(kept: Path, version: int) -> None:
    """Delete the folder's other indexes that can no longer answer: of another format, or whose XML files are
    gone or changed since they were written. One that does not read back is left for `load` to move aside."""
    for other in kept.parent.glob(f"{INDEX_PREFIX}*{INDEX_SUFFIX}"):
        if other == kept:
            continue
        try:
            with open(other, "rb") as stream:
                stored = _PlainUnpickler(stream).load()
        except Exception:  # noqa: BLE001, S112 - an index that does not read back is not ours to delete
            continue
        stale = not isinstance(stored, list) or len(stored) != 2 or stored[0] != version or not _still_current(stored[1])
        if stale:
            with suppress(OSError):
                other.unlink()


def _still_current(files: Any) -> bool:
    """Whether every XML file of a stamp is there with the size and mtime it had."""
    try:
        return all((os.stat(name).st_size, os.stat(name).st_mtime_ns) == (size, mtime) for name, size, mtime in files)
    except (OSError, TypeError, ValueError):
        return False
