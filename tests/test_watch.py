"""The watch: `/-/citetrace/watch` lists the claims resting on retracted works or works under an expression of
concern, newest notice first, and `/-/citetrace/watch.atom` gives the same as an Atom feed."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.eutils_standin import EutilsStandin
from citetrace.ingest.pubmed.local import bundled_snapshot
from commands import DATA, run
from site_client import fetch, started

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def watched_library(tmp_path_factory) -> Iterator[Path]:
    """The seed built offline, then refreshed after PubMed linked a retraction (notice PMID 39000001), an
    expression of concern (39000003) and an erratum to three of its works."""
    folder = tmp_path_factory.mktemp("watch")
    path = folder / "citetrace.db"
    assert run("build", "--db", path, "--pubmed", "snapshot", "--cache", folder / "cache.sqlite").exit_code == 0
    with EutilsStandin.from_files([bundled_snapshot(), DATA / "medline16n0902.xml.gz"]) as standin:
        standin.add_notice("11675497", "RetractionIn", "39000001", "Proc Natl Acad Sci U S A. 2026 Jan 6;123(1):1.",
                           "Retracted Publication")
        standin.add_notice("20702779", "ExpressionOfConcernIn", "39000003", "Blood. 2026 Feb 5;147(6):700.")
        standin.add_notice("14663287", "ErratumIn", "39000002", "Medicine (Baltimore). 2026 Jan;105(2):e40002.")
        result = run("refresh", "--db", path, "--eutils-url", standin.base_url, "--email", "reviewer@example.org",
                     "--cache", folder / "cache.sqlite")
        assert result.exit_code == 0, result.output
    yield path


def test_the_watch_lists_the_claims_on_retracted_and_concerned_works_newest_notice_first(watched_library) -> None:
    html = fetch(started(watched_library), "/-/citetrace/watch").text
    assert re.findall(r'<span class="ct-badge ct-bad">([^<]+)</span> <a href="/-/citetrace/work/(\d+)">', html) == [
        ("expression of concern", "9"), ("retracted", "6")]
    assert html.count('<a href="/-/citetrace/claim/9">') == 2
    assert "ErratumIn" not in html and "Medicine (Baltimore)" not in html
    assert '<link rel="alternate" type="application/atom+xml" title="citetrace watch" href="/-/citetrace/watch.atom">' in html


def test_the_watch_feed_is_atom_with_one_entry_per_notice(watched_library) -> None:
    answer = fetch(started(watched_library), "/-/citetrace/watch.atom")
    assert answer.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(answer.text)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}id") for entry in entries] == [
        "urn:citetrace:notice:20702779:ExpressionOfConcernIn:39000003",
        "urn:citetrace:notice:11675497:RetractionIn:39000001"]
    assert entries[1].findtext(f"{ATOM}title") == ("retracted: Mutations of CD40 gene cause an autosomal recessive "
                                                   "form of immunodeficiency with hyper IgM")
    assert "Claim 9 (Hyperimmunoglobulin M syndromes): In contrast, there are only a few reported cases of CD40" in (
        entries[1].findtext(f"{ATOM}content"))
    assert entries[1].find(f"{ATOM}link").get("href").endswith("/-/citetrace/work/6")
    assert feed.findtext(f"{ATOM}updated") == max(entry.findtext(f"{ATOM}updated") for entry in entries)


def test_a_library_without_notices_has_an_empty_watch(seed_library: Path) -> None:
    site = started(seed_library)
    assert "No retraction or expression of concern among the PubMed records read." in fetch(
        site, "/-/citetrace/watch").text
    assert ET.fromstring(fetch(site, "/-/citetrace/watch.atom").text).findall(f"{ATOM}entry") == []


def test_the_home_page_links_the_watch_and_says_what_pubmed_was_asked(seed_library: Path) -> None:
    html = fetch(started(seed_library), "/").text
    assert '<a href="/-/citetrace/watch">Watch: claims resting on retracted or concerned works</a>' in html
    assert '<span class="ct-note ct-asked">· PubMed asked: snapshot only (offline)</span>' in html
