"""Running Datasette on a library: read-only, the project's metadata, a SQL time limit, changes seen live.

The file is served mutable (read-only connections that take SQLite's locks, not `immutable=1`): `add`,
`remove` and `import-bib` write the library in place while it is served, and the next page load shows the
change. A `build` renames a new file over the old one; `LibraryWatcher` notices that and reopens it. A writer
killed mid-write leaves a hot journal that read-only connections cannot roll back; the watcher rolls it back
(under the writer lock) before the next request, so the site keeps serving the last committed state.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import datasette.database
from datasette.app import Datasette
from datasette.database import Database

from citetrace.datasette_plugins.metadata import library_metadata
from citetrace.db.writing import roll_back_interrupted_write

SETTINGS = {
    "sql_time_limit_ms": 1000,
    "allow_download": False,
    "suggest_facets": False,
    "default_facet_size": 10,
}


def make_datasette(db_path: Path) -> Datasette:
    """The Datasette instance `citetrace serve` runs and the tests drive through its client.

    Suggested facets are off because the configured ones answer the real questions and each suggestion costs
    a query per column.
    """
    roll_back_interrupted_write(db_path)
    return Datasette([str(db_path)], metadata=library_metadata(db_path), settings=SETTINGS)


def _file_state(path: Path) -> tuple[int, int, int]:
    status = os.stat(path)
    return status.st_ino, status.st_mtime_ns, status.st_size


class LibraryWatcher:
    """ASGI middleware: before a request, a library written since the last one gets fresh metadata (the
    home page's sources), and one replaced by a new file is reopened.

    Datasette keeps one read connection per thread, keyed by database name, in a module-level
    `threading.local`; connections to a replaced file would keep reading the old one, so reopening drops them.
    """

    def __init__(self, app, datasette: Datasette, db_path: Path) -> None:
        self.app = app
        self.datasette = datasette
        self.db_path = Path(db_path)
        self.state = _file_state(self.db_path)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            self.refresh()
        await self.app(scope, receive, send)

    def refresh(self) -> None:
        roll_back_interrupted_write(self.db_path)
        try:
            state = _file_state(self.db_path)
        except FileNotFoundError:
            return
        if state == self.state:
            return
        if state[0] != self.state[0]:
            self._reopen()
        self.state = state
        self.datasette._metadata_local = library_metadata(self.db_path)  # Datasette 0.65 has no public setter.

    def _reopen(self) -> None:
        name = self.db_path.stem
        old = self.datasette.databases[name]
        self.datasette.remove_database(name)
        datasette.database.connections = type(datasette.database.connections)()
        old.close()
        self.datasette.add_database(Database(self.datasette, path=str(self.db_path), is_mutable=True), name=name)


def busy_port_message(host: str, port: int, hint: str) -> str | None:
    """None when `port` is free on `host`; else the line to print, naming a free port in `hint` ("--port {}")."""
    if _free(host, port):
        return None
    other = next((candidate for candidate in range(port + 1, port + 100) if _free(host, candidate)), port + 1)
    return f"port {port} is in use; {hint.format(other)}"


def _free(host: str, port: int) -> bool:
    """Whether the server could bind now (SO_REUSEADDR as uvicorn sets it, so a closing socket does not count)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve_library(db_path: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    import uvicorn
    from datasette.cli import run_sync

    datasette = make_datasette(db_path)
    run_sync(datasette.invoke_startup)
    app = LibraryWatcher(datasette.app(), datasette, db_path)
    uvicorn.run(app, host=host, port=port, log_level="info", lifespan="on", workers=1)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@contextmanager
def running_site(db_path: Path, timeout: float = 20.0) -> Iterator[str]:
    """`citetrace serve` on a free local port in a child process, for the browser test and the screenshots.

    Yields the base URL once the site answers; stops the process (and only it) on exit.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "citetrace.cli", "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                stderr = process.communicate()[1]
                raise RuntimeError(f"citetrace serve exited: {stderr.decode()[-2000:]}")
            try:
                urllib.request.urlopen(f"{url}/-/versions.json", timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"citetrace serve did not answer on {url} within {timeout} s") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
