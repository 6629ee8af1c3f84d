"""A served library kept live through Datasette's public hooks: metadata that follows the file, and a file
renamed over it reopened.

`citetrace serve` (`serve.make_datasette`) registers its Datasette instance here with the library's path. For
that instance only, `get_metadata` answers the library's metadata (titles, descriptions, facets, canned
queries, and the documents as the data's source), and the `asgi_wrapper` checks the file before each request:
a library written in place (`add`, `remove`, `import-bib`) gets fresh metadata, and one a `build` renamed over
the old file is reopened as a new `Database` (the old one closed). A library made by an earlier version is served
as an upgraded copy in memory (`UpgradedCopy`) until a command that writes upgrades the file. Any other Datasette
instance the plugin is loaded into is left alone.

Reopening gives fresh connections because the instance runs its queries without Datasette's thread pool
(`num_sql_threads: 0`, see `serve.SETTINGS`): each `Database` then holds its own read connection, where the
pool's threads would keep theirs, keyed by the database's name, to the replaced file.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import sqlite_utils
from datasette import hookimpl
from datasette.database import Database

from citetrace.datasette_plugins.metadata import library_metadata
from citetrace.db.upgrade import needs_upgrade, upgraded_copy
from citetrace.db.writing import roll_back_interrupted_write

if TYPE_CHECKING:  # datasette.app loads this plugin while it is imported: a runtime import would be circular
    from datasette.app import Datasette

FileState = tuple[int, int, int]


def _file_state(path: Path) -> FileState:
    status = os.stat(path)
    return status.st_ino, status.st_mtime_ns, status.st_size


class ServedLibrary:
    """The library file one Datasette instance serves, the file state last seen, and its metadata then."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.state = _file_state(self.path)
        self.metadata = library_metadata(self.path)

    def refresh(self, datasette: Datasette) -> None:
        """Fresh metadata if the file changed since the last request; reopened first if it was replaced. A write
        killed midway is rolled back first (`db.writing`), so what is read is the last committed state."""
        roll_back_interrupted_write(self.path)
        try:
            state = _file_state(self.path)
        except FileNotFoundError:
            return
        if state == self.state:
            return
        if state[0] != self.state[0] or isinstance(datasette.databases.get(self.path.stem), UpgradedCopy):
            self._reopen(datasette)
        self.state = state
        self.metadata = library_metadata(self.path)

    def _reopen(self, datasette: Datasette) -> None:
        name = self.path.stem
        old = datasette.databases[name]
        datasette.remove_database(name)
        old.close()
        datasette.add_database(library_database(datasette, self.path), name=name)


def made_by_earlier_version(path: Path) -> bool:
    """Whether the library lacks tables or columns this version reads (it is served as an upgraded copy)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return needs_upgrade(sqlite_utils.Database(connection))
    finally:
        connection.close()


class UpgradedCopy(Database):
    """A library made by an earlier version, served as an upgraded copy in memory (`db.upgrade.upgraded_copy`):
    the site stays read-only and the file is left as it is until a command that writes upgrades it (the next
    request then reopens the file). The copy lives as long as `keeper`, its first connection, is open."""

    def __init__(self, datasette: Datasette, path: Path) -> None:
        super().__init__(datasette, memory_name=f"citetrace-upgraded-{secrets.token_hex(8)}")
        self.keeper = sqlite3.connect(f"file:{self.memory_name}?mode=memory&cache=shared", uri=True,
                                      check_same_thread=False)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            upgraded_copy(sqlite_utils.Database(source), self.keeper)
        finally:
            source.close()

    def close(self) -> None:
        super().close()
        self.keeper.close()


def library_database(datasette: Datasette, path: Path) -> Database:
    """What the site serves: the file, read-only, or an upgraded copy of a library made by an earlier version."""
    if made_by_earlier_version(path):
        return UpgradedCopy(datasette, path)
    return Database(datasette, path=str(path), is_mutable=True)


# Keyed weakly by the Datasette instance: a test's instance and its entry go together.
_SERVED: WeakKeyDictionary[Datasette, ServedLibrary] = WeakKeyDictionary()


def serve_live(datasette: Datasette, path: Path) -> None:
    """Keep `datasette`'s metadata and connection following the library file at `path` (a library made by an
    earlier version served as an upgraded copy)."""
    _SERVED[datasette] = ServedLibrary(path)
    if made_by_earlier_version(path):
        name = Path(path).stem
        datasette.remove_database(name)
        datasette.add_database(UpgradedCopy(datasette, path), name=name)


def served_library(datasette: Datasette) -> ServedLibrary | None:
    return _SERVED.get(datasette)


@hookimpl
def get_metadata(datasette: Datasette, key: str, database: str | None, table: str | None) -> dict | None:
    served = _SERVED.get(datasette)
    return served.metadata if served is not None else None


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Any:
    def wrap(app: Any) -> Any:
        async def refreshing(scope: dict, receive: Any, send: Any) -> None:
            served = _SERVED.get(datasette)
            if served is not None and scope["type"] == "http":
                served.refresh(datasette)
            await app(scope, receive, send)

        return refreshing

    return wrap
