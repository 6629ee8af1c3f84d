"""Running Datasette on a library: read-only, the project's metadata, a SQL time limit, changes seen live.

The file is served mutable (read-only connections that take SQLite's locks, not `immutable=1`): `add`,
`remove` and `import-bib` write the library in place while it is served, and the next page load shows the
change. A `build` renames a new file over the old one; `live_library` notices that and reopens it. Only
Datasette's public API and plugin hooks are used, so any Datasette release the pin in pyproject.toml allows
serves the same site. A writer killed mid-write leaves a hot journal that read-only connections cannot
roll back; it is rolled back (under the writer lock) before the site opens and before each request, so the
site keeps serving the last committed state.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from datasette.app import Datasette

from citetrace.datasette_plugins.live_library import serve_live
from citetrace.db.writing import roll_back_interrupted_write

SETTINGS = {
    "num_sql_threads": 0,
    "sql_time_limit_ms": 1000,
    "allow_download": False,
    "suggest_facets": False,
    "default_facet_size": 10,
}


def make_datasette(db_path: Path) -> Datasette:
    """The Datasette instance `citetrace serve` runs and the tests drive through its client.

    Suggested facets are off because the configured ones answer the real questions and each suggestion costs
    a query per column. Queries run without a thread pool (`num_sql_threads: 0`, one read connection per
    `Database`) so that a reopened library gets new connections; the site serves one reader, and the SQL time
    limit still stops a slow query. The metadata comes from the plugin's `get_metadata` hook (`live_library`),
    which follows the file.
    """
    roll_back_interrupted_write(db_path)
    datasette = Datasette([str(db_path)], settings=SETTINGS)
    serve_live(datasette, Path(db_path))
    return datasette


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
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)


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
