"""Commands that read a library refuse, in one line, a path that is missing, not SQLite, or not a library."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from citetrace.cli import main


@pytest.mark.parametrize("command", [["trace", "CD40"], ["export-bib"], ["export-csl"], ["export-ris"], ["serve"]])
def test_missing_library(command: list[str], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [*command, "--db", str(tmp_path / "none.db")])
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / 'none.db'}: no such library database\n")


@pytest.mark.parametrize("command", [["trace", "CD40"], ["export-bib"], ["serve"]])
def test_file_that_is_not_sqlite(command: list[str], tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all, just text that is long enough to have a header" * 3)
    result = CliRunner().invoke(main, [*command, "--db", str(junk)])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {junk}: not a SQLite database (file is not a database)\n"
    )


def test_sqlite_file_of_another_program(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["things"].insert({"id": 1})
    result = CliRunner().invoke(main, ["export-bib", "--db", str(other)])
    assert result.stderr == f"Error: {other}: not a citetrace library (no documents table); run citetrace build\n"
