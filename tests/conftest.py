"""Shared fixtures: the bundled seed review, the seed library built offline, a private response cache, a second
review citing two of the seed's references, and the loopback E-utilities stand-in without NCBI settings."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from bench.eutils_standin import EutilsStandin, Record
from citetrace.cli import main
from commands import OTHER
from citetrace.ingest.readers.text import bundled_seed

# Property tests assert behaviour, never speed (speed is bench/'s job): no per-example deadline, so a loaded
# CI machine cannot fail them.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

SEED_5 = ("Winkelstein JA, Marino MC, Ochs H, et al. The X-linked hyper-IgM syndrome: clinical and immunologic "
          "features of 79 patients. Medicine (Baltimore) 2003; 82:373.")
SEED_6 = ("Ferrari S, Giliani S, Insalaco A, et al. Mutations of CD40 gene cause an autosomal recessive form of "
          "immunodeficiency with hyper IgM. Proc Natl Acad Sci U S A 2001; 98:12614.")


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory) -> None:
    """No test reads or writes the user's E-utilities response cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return bundled_seed()


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory) -> Path:
    """The seed review built with the bundled PubMed snapshot, as `citetrace build --pubmed snapshot` makes it.

    Shared read-only: tests that change a library build or copy their own."""
    path = tmp_path_factory.mktemp("seed-library") / "citetrace.db"
    result = CliRunner().invoke(main, ["build", "--db", str(path), "--pubmed", "snapshot"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def citing_seed(tmp_path: Path) -> Path:
    """The other review, with its first two references replaced by two the seed cites and PubMed matched."""
    lines = [f"  1. {SEED_5}" if line.startswith("  1. ") else f"  2. {SEED_6}" if line.startswith("  2. ") else line
             for line in OTHER.read_text(encoding="utf-8").splitlines()]
    path = tmp_path / "citing-seed.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def standin(records: dict[str, Record]) -> Iterator[EutilsStandin]:
    """The loopback E-utilities stand-in serving the test module's `records`."""
    with EutilsStandin(records) as server:
        yield server


@pytest.fixture
def no_ncbi_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """No NCBI address, key or base URL from the environment; the loopback stand-in reached without a proxy."""
    for name in ("NCBI_EMAIL", "NCBI_API_KEY", "CITETRACE_EUTILS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
