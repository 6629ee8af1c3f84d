"""A search matching more rows than `FACETED_MATCHES` is shown without its facets, with a link that counts them,
and beyond `COUNTED_MATCHES` (no column filter) with the full-text index's count;
a narrower search, the unsearched table and a URL asking for facets keep them."""
from __future__ import annotations

from pathlib import Path

import pytest

from citetrace.datasette_plugins import broad_searches
from site_client import fetch, started


@pytest.fixture(scope="module")
def site(seed_library: Path):
    return started(seed_library)


@pytest.fixture
def bar_of_three(monkeypatch) -> None:
    monkeypatch.setattr(broad_searches, "FACETED_MATCHES", 3)


def facet_names(site, path: str) -> list[str]:
    return sorted(fetch(site, path).json()["facet_results"])


def test_a_search_within_the_bar_counts_its_facets(site) -> None:
    assert facet_names(site, "/citetrace/works.json?_search=syndrome") == sorted(
        ["year", "journal", "publication_types", "mesh_major", "match_status", "design", "has_retraction",
         "has_concern", "has_erratum"])


def test_a_search_beyond_the_bar_leaves_the_facets_out(site, bar_of_three) -> None:
    assert facet_names(site, "/citetrace/works.json?_search=syndrome") == []


def test_the_rows_of_a_search_beyond_the_bar_are_all_there(site, bar_of_three) -> None:
    unbounded = fetch(site, "/citetrace/works.json?_search=syndrome&_facet_size=10").json()
    bounded = fetch(site, "/citetrace/works.json?_search=syndrome").json()
    assert bounded["filtered_table_rows_count"] == unbounded["filtered_table_rows_count"] > 3
    assert bounded["rows"] == unbounded["rows"]


def test_the_unsearched_table_keeps_its_facets(site, bar_of_three) -> None:
    assert "match_status" in facet_names(site, "/citetrace/works.json")


def test_a_facet_asked_for_in_the_url_is_counted_beyond_the_bar(site, bar_of_three) -> None:
    assert {"document_id", "has_discrepancy", "match_status"} <= set(facet_names(
        site, "/citetrace/citations.json?_search=syndrome&_facet=match_status"))


def test_the_page_of_a_search_beyond_the_bar_links_to_its_facets(site, bar_of_three) -> None:
    page = fetch(site, "/citetrace/claims?_search=syndrome").text
    assert "This search matches more than 3 rows" in page
    assert 'href="/citetrace/claims?_search=syndrome&amp;_facet_size=10"' in page
    assert 'id="facet-cited"' not in page


def test_the_facets_link_counts_them(site, bar_of_three) -> None:
    page = fetch(site, "/citetrace/claims?_search=syndrome&_facet_size=10").text
    assert "This search matches more than" not in page
    assert 'id="facet-cited"' in page


def test_a_search_beyond_the_counted_bar_shows_the_count_of_the_full_text_index(site, monkeypatch) -> None:
    counted = fetch(site, "/citetrace/claims.json?_search=syndrome").json()["filtered_table_rows_count"]
    monkeypatch.setattr(broad_searches, "COUNTED_MATCHES", 3)
    assert fetch(site, "/citetrace/claims.json?_search=syndrome").json()["filtered_table_rows_count"] is None
    assert f'<h3 class="ct-count">{counted} rows' in fetch(site, "/citetrace/claims?_search=syndrome").text


def test_a_filtered_search_beyond_the_counted_bar_is_counted_by_datasette(site, monkeypatch) -> None:
    monkeypatch.setattr(broad_searches, "COUNTED_MATCHES", 3)
    data = fetch(site, "/citetrace/claims.json?_search=syndrome&cited=1").json()
    assert data["filtered_table_rows_count"] == len(data["rows"])
