"""The one rule for a citation no source has matched: the same in every `--pubmed` mode and for imports."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from citetrace.citations.matching import (
    NOT_INDEXED,
    PENDING,
    STATUS_ORDER,
    WRITTEN_DOI,
    unmatched_status,
    written_doi,
)
from citetrace.cli import main


def test_statuses_are_ranked_most_definite_first() -> None:
    assert STATUS_ORDER == ("matched", "identified", "ambiguous", "not_found", "pending", "not_indexed")


@pytest.mark.parametrize(
    ("kind", "identified", "unparsed", "status"),
    [
        ("article-journal", False, False, PENDING),
        ("personal_communication", False, False, NOT_INDEXED),
        ("manuscript", False, False, NOT_INDEXED),
        ("article-journal", False, True, NOT_INDEXED),
        ("manuscript", True, False, PENDING),
    ],
)
def test_what_pubmed_cannot_hold_is_not_indexed_unless_it_carries_an_identifier(
    kind: str, identified: bool, unparsed: bool, status: str
) -> None:
    assert unmatched_status(kind, identified=identified, unparsed=unparsed) == status


@pytest.mark.parametrize("mode", ["off", "snapshot"])
def test_unpublished_data_is_not_indexed_in_every_mode(mode: str, tmp_path: Path) -> None:
    doc = tmp_path / "review.txt"
    doc.write_text(
        "A review\n\nOne claim [1]. Another [2]. A third [3].\n\n"
        "1. Smith J. A title never indexed anywhere. Blood 2001; 98:1.\n"
        "2. Doe J, unpublished data.\n"
        "3. Roe R, personal communication.\n"
    )
    result = CliRunner().invoke(main, ["build", str(doc), "--db", str(tmp_path / "r.db"), "--pubmed", mode])
    assert result.exit_code == 0, result.output
    statuses = [row["match_status"] for row in sqlite_utils.Database(tmp_path / "r.db")["citations"].rows]
    assert statuses[1:] == [NOT_INDEXED, NOT_INDEXED]


def test_a_written_doi_ends_before_the_sentence_and_a_bracket_not_its_own() -> None:
    written = ["(doi:10.1000/x).", "<https://doi.org/10.1038/abc>", "[doi:10.1000/ab]",
               "Lancet 2020. 10.1016/S0140-6736(20)30183-5.",
               "doi: 10.1002/(SICI)1097-4636(199601)30:1<1::AID-JBM1>3.0.CO;2-M."]
    assert [written_doi(WRITTEN_DOI.search(text)) for text in written] == [
        "10.1000/x", "10.1038/abc", "10.1000/ab", "10.1016/S0140-6736(20)30183-5",
        "10.1002/(SICI)1097-4636(199601)30:1<1::AID-JBM1>3.0.CO;2-M"]
