"""The served site under hostile requests: absurd ids are 404, bad parameters 400, huge values refused (issue 11)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from site_client import started


@pytest.fixture(scope="module")
def site(seed_library: Path):
    return started(seed_library)


def fetch(site, path: str):
    """The answer at `path`, after Datasette's redirect of a non-ASCII path to its tilde-encoded form."""
    return asyncio.run(site.client.get(path, follow_redirects=True))


# 4. One function call cannot build a value bigger than any the library holds


def test_a_twenty_megabyte_blob_is_refused_as_too_big(site) -> None:
    response = fetch(site, "/citetrace.json?sql=select+length(randomblob(20000000))")
    assert response.status_code == 400
    assert "string or blob too big" in response.json()["error"]


def test_ordinary_values_are_served(site) -> None:
    response = fetch(site, "/citetrace.json?sql=select+length(randomblob(1000000))+as+n&_shape=array")
    assert (response.status_code, response.json()) == (200, [{"n": 1000000}])


# 14. Absurd ids are not found, bad parameters are bad requests


@pytest.mark.parametrize("page", ["document", "claim", "work"])
@pytest.mark.parametrize("key", ["99999999999999999999", "9223372036854775808", "%C2%B2", "0", "1" * 5000])
def test_an_id_no_row_can_have_is_not_found(site, page: str, key: str) -> None:
    assert fetch(site, f"/-/citetrace/{page}/{key}").status_code == 404


@pytest.mark.parametrize("claim", ["\u00b2", "1" * 5000, "99999999999999999999", "-1", "x"])
def test_an_export_of_a_claim_that_is_no_id_is_a_bad_request(site, claim: str) -> None:
    response = fetch(site, f"/-/citetrace/export.bib?claim={claim}")
    assert (response.status_code, response.text) == (400, "claim must be a claim id (a positive integer)")


@pytest.mark.parametrize("selection", ["/citetrace/../-/versions", "/-/versions", "/citetrace/%2e%2e/-/metadata"])
def test_an_export_selection_outside_the_library_is_a_bad_request(site, selection: str) -> None:
    response = fetch(site, f"/-/citetrace/export.bib?selection={selection}")
    assert (response.status_code, response.text) == (400, "selection must be a table or query path under /citetrace")


def test_a_document_page_lists_a_long_reference_list_in_part_and_links_the_rest(site, monkeypatch) -> None:
    monkeypatch.setattr("citetrace.datasette_plugins.pages.LISTED_REFERENCES", 10)
    page = fetch(site, "/-/citetrace/document/1").text
    assert page.count('class="ct-ref-anchor"') == 10
    assert 'The first 10 of 70 are listed here; every one is in\n<a href="/citetrace/citations?document_id=1">' in page
