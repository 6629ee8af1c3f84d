"""The library's own PubMed records are one more source of the matcher, verified like every other source."""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

from citetrace.citations.matching import MatchResult
from citetrace.citations.model import Author, Reference
from citetrace.ingest.pubmed.library import LibrarySource
from citetrace.ingest.pubmed.matcher import match_references

DISANTO_TITLE = "CD40 ligand mutations in x-linked immunodeficiency with hyper-IgM"


def disanto(volume: str, page: str) -> Reference:
    return Reference(number=1, raw="", authors=[Author("DiSanto", "JP", "JP")], title=DISANTO_TITLE,
                     container_title="Nature", year=1993, volume=volume, page=page)


def test_a_citation_of_a_record_the_library_holds_is_matched_to_it_without_a_request(seed_library: Path) -> None:
    source = LibrarySource(sqlite_utils.Database(seed_library))
    found = match_references({"k": disanto("361", "541")}, [source])
    assert found.results["k"] == MatchResult(status="matched", pmid="8094231", method="library:citmatch",
                                             candidates=["8094231"], discrepancies={})
    assert found.works["8094231"].title == DISANTO_TITLE
    assert source.requests_made == 0


def test_a_record_with_the_cited_title_year_and_first_author_that_disagrees_is_not_taken(seed_library: Path) -> None:
    found = match_references({"k": disanto("12", "900")}, [LibrarySource(sqlite_utils.Database(seed_library))])
    assert found.results["k"] == MatchResult(status="pending")
    assert found.works == {}


def test_a_doi_names_the_library_record_in_any_case(seed_library: Path) -> None:
    ref = Reference(number=1, raw="", title="Another title", doi="10.1038/361541A0")
    found = match_references({"k": ref}, [LibrarySource(sqlite_utils.Database(seed_library))])
    assert (found.results["k"].status, found.results["k"].pmid, found.results["k"].method) == (
        "matched", "8094231", "library:doi")
