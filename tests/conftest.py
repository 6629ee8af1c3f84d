"""Shared fixtures: the bundled seed review and small files written for bad-input cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import bundled_seed

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return bundled_seed()


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")
