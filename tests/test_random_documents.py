"""Property: any document up to 1 MB, however hostile and in whatever format, builds or is refused in one line;
never a traceback, and a refused build leaves the existing library as it was. (Its time and memory are measured
by bench/bench_hostile.py, not here: tests are not timed.)"""
from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.hostile_documents import FRAGMENTS, MAX_BYTES, REPEATS, document
from bench.hostile_formats import FORMATS, Case, format_case
from citetrace.cli import main

recipes = st.lists(st.tuples(st.integers(0, len(FRAGMENTS) - 1), st.sampled_from(REPEATS)), max_size=12)
format_recipes = st.lists(st.tuples(st.integers(0, 99), st.sampled_from(REPEATS)), max_size=8)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _builds_or_is_refused_in_one_line(case: Case) -> None:
    """Write `case` into a folder beside a library, build it over the library, and check the outcome."""
    assert case.size() <= MAX_BYTES
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for name, text in case.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        library = folder / "lib.db"
        seeded = CliRunner().invoke(main, ["build", "--db", str(library), "--pubmed", "off"])
        assert seeded.exit_code == 0, seeded.output
        before = _digest(library)
        options = [str(folder / option) if (folder / option).exists() else option for option in case.options]
        result = CliRunner().invoke(main, ["build", str(folder / case.target), "--db", str(library), "--pubmed", "off",
                                           "--replace", *options])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        assert "\x1b" not in result.output
        if result.exit_code == 1:
            (error,) = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
            assert error.startswith(f"Error: {folder}")
            assert _digest(library) == before
        else:
            connection = sqlite3.connect(library)
            assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
            assert connection.execute("select count(*) from documents").fetchone() == (1,)
            stored = connection.execute("select coalesce(sum(length(sentence) + length(text)), 0) from claims").fetchone()[0]
            assert stored <= 20 * case.size() + 1_000
            connection.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=recipes, references=recipes)
def test_any_document_builds_or_is_refused_in_one_line(body, references) -> None:
    _builds_or_is_refused_in_one_line(Case({"doc.txt": document(body, references)}, "doc.txt"))


@pytest.mark.parametrize("form", FORMATS)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=format_recipes, extra=format_recipes)
def test_any_manuscript_builds_or_is_refused_in_one_line(form: str, body, extra) -> None:
    _builds_or_is_refused_in_one_line(format_case(form, body, extra))
