"""Hostile or unlucky command lines: each ends in an answer or one line naming the problem, never a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from commands import run


# 13. Queries and numbers the database cannot take as they are


@pytest.mark.parametrize("query", ["", '"', "-", "NEAR(", "*", 'CD40 "ligand'])
def test_any_trace_query_is_plain_words(seed_library: Path, query: str) -> None:
    result = run("trace", query, "--db", str(seed_library), "--json")
    assert result.exit_code == 0, result.output
    assert result.exception is None


def test_a_trace_query_of_punctuation_matches_nothing(seed_library: Path) -> None:
    result = run("trace", '"', "--db", str(seed_library))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no claim matches '\"'\n")


def test_a_hyphenated_trace_query_is_a_phrase(seed_library: Path) -> None:
    traced = run("trace", "CD40-ligand", "--db", str(seed_library), "--json")
    assert traced.exit_code == 0
    assert "[5]" in traced.stdout


def test_a_trace_limit_beyond_sqlite_integers_means_no_limit(seed_library: Path) -> None:
    result = run("trace", "CD40", "--limit", "99999999999999999999", "--db", str(seed_library))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[claim 7] The estimated frequency of CD40 ligand")


def test_an_export_of_a_claim_id_beyond_sqlite_integers_is_not_in_the_library(seed_library: Path) -> None:
    result = run("export-bib", "--claim", "99999999999999999999", "--db", str(seed_library))
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {seed_library}: claim 99999999999999999999 is not in the library\n"
    )


@pytest.mark.parametrize("url, problem", [
    ("notaurl", "'notaurl' is not an http or https URL"),
    ("http://[::1", "'http://[::1' is not a URL (Invalid IPv6 URL)"),
    ("file:///etc/passwd#", "'file:///etc/passwd#' is not an http or https URL"),
    ("ftp://example.org/eutils/", "'ftp://example.org/eutils/' is not an http or https URL"),
])
def test_an_eutils_url_that_is_not_http_is_refused_before_any_work(tmp_path: Path, url: str, problem: str) -> None:
    result = run("build", "--db", str(tmp_path / "lib.db"), "--pubmed", "live", "--eutils-url", url)
    assert (result.exit_code, result.stderr) == (1, f"Error: --eutils-url: {problem}\n")
    assert not (tmp_path / "lib.db").exists()


def test_a_snapshot_build_with_a_garbage_response_cache_warns_and_builds(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    cache.write_text("garbage\n")
    result = run("build", "--db", str(tmp_path / "lib.db"), "--pubmed", "snapshot", "--cache", str(cache))
    assert result.exit_code == 0, result.output
    assert f"warning: {cache}: not a readable response cache (file is not a database); moved to cache.sqlite.corrupt-" \
        in result.stderr
