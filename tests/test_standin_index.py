"""The benchmarks' indexed E-utilities stand-in selects the records the plain one selects, faster."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.eutils_standin import EutilsStandin, IndexedStandin, Record, load_records

DISTRACTORS = Path(__file__).parent / "data" / "medline16n0902.xml.gz"  # 604 real MEDLINE citations


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    return load_records([DISTRACTORS])


@pytest.mark.parametrize("term", [
    "cancer[ti] AND 2015[dp]",
    "(cancer[ti] AND patients[ti] AND 2015[dp]) OR (breast[ti] AND cancer[ti])",
    "(cancer[ti] AND 2015[dp]) AND patients[ti]",
    "cancer[ti] AND (2015[dp] OR 2014[dp])",
    "cancer[ti] OR patients[ti] AND 2015[dp]",
    "wang[au] AND 2015[dp]",
    "(cancer[ti] AND wang[au]) OR (patients[ti] AND li[au] AND 2015[dp])",
])
def test_a_term_selects_the_same_records_indexed_or_not(records: dict[str, Record], term: str) -> None:
    selected = EutilsStandin(records)._evaluate(term)
    assert selected
    assert IndexedStandin(records)._evaluate(term) == selected
