"""Pruning and listing a library in place: `remove` (documents, and the works no other document cites) and
`list`."""
from __future__ import annotations

from pathlib import Path

import pytest

from commands import rows, run


@pytest.fixture
def two_reviews(seed_path: Path, citing_seed: Path, tmp_path: Path) -> Path:
    path = tmp_path / "citetrace.db"
    assert run("build", seed_path, citing_seed, "--db", path, "--pubmed", "snapshot").exit_code == 0
    return path


@pytest.fixture
def seed_only(seed_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "seed.db"
    assert run("build", seed_path, "--db", path, "--pubmed", "snapshot").exit_code == 0
    return path


def test_remove_drops_the_document_and_the_works_only_it_cited(two_reviews: Path) -> None:
    result = run("remove", "2", "--db", two_reviews)
    assert result.exit_code == 0
    assert result.stderr == (f"{two_reviews}: removed 1 document(s), 11 citations, 15 claims and 9 works no other "
                             "document cites\n")
    assert rows(two_reviews, "select id, title from documents") == [(1, "Hyperimmunoglobulin M syndromes")]


def test_after_remove_the_library_is_the_one_a_build_of_the_rest_gives(two_reviews: Path, seed_only: Path) -> None:
    assert run("remove", "2", "--db", two_reviews).exit_code == 0
    same = ("select (select count(*) from works), (select group_concat(identity, ' ') from (select identity from works"
            " order by identity)), (select count(*) from authors), (select sum(work_count) from authors),"
            " (select count(*) from mesh_terms), (select group_concat(match_status) from (select match_status"
            " from works order by identity))")
    assert rows(two_reviews, same) == rows(seed_only, same)


def test_removed_rows_leave_the_search_indexes(two_reviews: Path) -> None:
    assert rows(two_reviews, "select count(*) from claims_fts where claims_fts match 'prevalence'") == [(1,)]
    assert run("remove", "2", "--db", two_reviews).exit_code == 0
    for table, word in (("claims", "prevalence"), ("citations", "Karlsson"), ("works", "Nordic")):
        assert rows(two_reviews, f"select count(*) from {table}_fts where {table}_fts match ?", word) == [(0,)]
        rows(two_reviews, f"insert into {table}_fts({table}_fts) values('integrity-check')")


def test_remove_takes_a_slug_and_refuses_an_unknown_document(two_reviews: Path) -> None:
    unknown = run("remove", "nonesuch", "--db", two_reviews)
    assert (unknown.exit_code, unknown.stderr) == (1, f"Error: {two_reviews}: document nonesuch is not in the library\n")
    assert run("remove", "hyperimmunoglobulin-m-syndromes", "--db", two_reviews).exit_code == 0
    assert rows(two_reviews, "select count(*) from works where id not in (select work_id from citations)") == [(0,)]


def test_list_prints_id_slug_format_citations_claims_title(two_reviews: Path) -> None:
    assert run("list", "--db", two_reviews).stdout.splitlines() == [
        "1\thyperimmunoglobulin-m-syndromes\ttext\t70\t14\tHyperimmunoglobulin M syndromes",
        "2\ttransient-hypogammaglobulinemia-of-infancy\ttext\t11\t15\tTransient hypogammaglobulinemia of infancy",
    ]


def test_build_refuses_to_drop_documents_it_was_not_given(two_reviews: Path, seed_path: Path) -> None:
    before = two_reviews.read_bytes()
    refused = run("build", seed_path, "--db", two_reviews, "--pubmed", "off")
    assert (refused.exit_code, refused.stderr) == (1, (
        f"Error: {two_reviews}: holds 1 document not among the inputs (Transient hypogammaglobulinemia of infancy);"
        " use citetrace add to add to it, or --replace to build it anew without it\n"))
    assert two_reviews.read_bytes() == before


def test_build_with_replace_drops_them(two_reviews: Path, seed_path: Path) -> None:
    assert run("build", seed_path, "--db", two_reviews, "--pubmed", "off", "--replace").exit_code == 0
    assert rows(two_reviews, "select title from documents") == [("Hyperimmunoglobulin M syndromes",)]


def test_a_rebuild_from_the_same_documents_needs_no_replace(two_reviews: Path, seed_path: Path, citing_seed: Path) -> None:
    assert run("build", citing_seed, seed_path, "--db", two_reviews, "--pubmed", "off").exit_code == 0
