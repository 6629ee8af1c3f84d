"""Running Datasette on a library: read-only (immutable), the project's metadata, a SQL time limit."""
from __future__ import annotations

from pathlib import Path

from datasette.app import Datasette

from datasette_plugins.metadata import library_metadata

SETTINGS = {"sql_time_limit_ms": 1000, "allow_download": False}


def make_datasette(db_path: Path) -> Datasette:
    """The Datasette instance `citetrace serve` runs and the tests drive through its client."""
    return Datasette([], immutables=[str(db_path)], metadata=library_metadata(db_path), settings=SETTINGS)


def serve_library(db_path: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    import uvicorn
    from datasette.cli import run_sync

    datasette = make_datasette(db_path)
    run_sync(datasette.invoke_startup)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)
