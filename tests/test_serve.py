"""Serving a library that changes: writes in place show on the next request, a rebuilt file is reopened, and a
busy port is refused before the server starts."""
from __future__ import annotations

import asyncio
import shutil
import socket
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from citetrace.cli import main
from datasette.app import Datasette

from citetrace.datasette_plugins.serve import busy_port_message, make_datasette


def served(path: Path) -> Datasette:
    site = make_datasette(path)
    asyncio.run(site.invoke_startup())
    return site


def titles(site) -> list[str]:
    rows = asyncio.run(site.client.get("/citetrace/documents.json?_shape=objects")).json()["rows"]
    return [row["title"] for row in rows]


def test_a_write_in_place_shows_on_the_next_request_with_fresh_metadata(seed_library: Path, tmp_path: Path) -> None:
    path = tmp_path / "citetrace.db"
    shutil.copy(seed_library, path)
    site = served(path)
    assert titles(site) == ["Hyperimmunoglobulin M syndromes"]
    with sqlite3.connect(path) as connection:
        connection.execute("update documents set title = 'Renamed review'")
    assert titles(site) == ["Renamed review"]
    assert site.metadata("source").startswith("Renamed review (literature review current through 2016-09")


def test_a_file_renamed_over_the_library_is_reopened(seed_library: Path, tmp_path: Path) -> None:
    path = tmp_path / "citetrace.db"
    shutil.copy(seed_library, path)
    site = served(path)
    assert titles(site) == ["Hyperimmunoglobulin M syndromes"]
    replacement = tmp_path / "new.db"
    shutil.copy(seed_library, replacement)
    with sqlite3.connect(replacement) as connection:
        connection.execute("update documents set title = 'Rebuilt review'")
    replacement.replace(path)
    assert titles(site) == ["Rebuilt review"]
    assert site.metadata("source").startswith("Rebuilt review (literature review current through 2016-09")


def test_a_datasette_citetrace_does_not_serve_gets_none_of_its_metadata(seed_library: Path, tmp_path: Path) -> None:
    path = tmp_path / "citetrace.db"
    shutil.copy(seed_library, path)
    site = Datasette([str(path)])
    asyncio.run(site.invoke_startup())
    assert titles(site) == ["Hyperimmunoglobulin M syndromes"]
    assert site.metadata("title") is None
    assert site.metadata("source") is None


def test_a_free_port_gives_no_message() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert busy_port_message("127.0.0.1", port, "--port {}") is None


def test_a_busy_port_names_a_free_one(seed_library: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        message = busy_port_message("127.0.0.1", port, "make run PORT={}")
        result = CliRunner().invoke(main, ["serve", "--db", str(seed_library), "--port", str(port)])
    assert message.startswith(f"port {port} is in use; make run PORT=")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: port {port} is in use; choose another with --port ")
