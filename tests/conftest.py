"""Shared fixtures: the bundled seed review, the seed library built offline, and a private response cache."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from citetrace.cli import main
from ingest.document import bundled_seed

# Property tests assert behaviour, never speed (speed is bench/'s job): no per-example deadline, so a loaded
# CI machine cannot fail them.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")


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
