"""Running Datasette on a library: read-only (immutable), the project's metadata, a SQL time limit."""
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

from datasette_plugins.metadata import library_metadata

SETTINGS = {
    "sql_time_limit_ms": 1000,
    "allow_download": False,
    "suggest_facets": False,
    "default_facet_size": 10,
}


def make_datasette(db_path: Path) -> Datasette:
    """The Datasette instance `citetrace serve` runs and the tests drive through its client.

    The file is opened immutable (no writes, no locking, counts cached); suggested facets are off because
    the configured ones answer the real questions and each suggestion costs a query per column.
    """
    return Datasette([], immutables=[str(db_path)], metadata=library_metadata(db_path), settings=SETTINGS)


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
                raise RuntimeError(f"citetrace serve exited: {process.stderr.read().decode()[-2000:]}")
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
