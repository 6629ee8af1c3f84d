"""`citetrace refresh`: PubMed asked again for what it has not settled, and the records a library holds re-read, so
a retraction, an erratum or an expression of concern published after the build is found, with the claims resting
on the work, in at most four requests for the seed; a second refresh changes nothing."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.eutils_standin import EutilsStandin
from citetrace.ingest.pubmed.local import bundled_snapshot
from commands import DATA, rows, run

FERRARI, WINKELSTEIN, LANZI = "11675497", "14663287", "20702779"
"""Three records the seed matches offline: references 6, 5 and 9."""


@pytest.fixture
def standin(no_ncbi_settings) -> Iterator[EutilsStandin]:
    with EutilsStandin.from_files([bundled_snapshot(), DATA / "medline16n0902.xml.gz"]) as server:
        yield server


@pytest.fixture
def offline_library(tmp_path: Path) -> Path:
    path = tmp_path / "citetrace.db"
    assert run("build", "--db", path, "--pubmed", "snapshot", "--cache", tmp_path / "cache.sqlite").exit_code == 0
    return path


def published_notices(standin: EutilsStandin) -> None:
    """A retraction, an erratum and an expression of concern, as PubMed links them once they are published."""
    standin.add_notice(FERRARI, "RetractionIn", "39000001",
                       "Proc Natl Acad Sci U S A. 2026 Jan 6;123(1):e2600001. doi: 10.1073/pnas.2600001.",
                       "Retracted Publication")
    standin.add_notice(WINKELSTEIN, "ErratumIn", "39000002", "Medicine (Baltimore). 2026 Jan;105(2):e40002.")
    standin.add_notice(LANZI, "ExpressionOfConcernIn", "39000003", "Blood. 2026 Feb 5;147(6):700.")


def refresh(library: Path, standin: EutilsStandin, *extra: str):
    return run("refresh", "--db", library, "--eutils-url", standin.base_url, "--email", "reviewer@example.org",
               "--cache", library.parent / "cache.sqlite", *extra)


def test_refresh_finds_a_retraction_an_erratum_and_an_expression_of_concern_in_at_most_four_requests(
    offline_library: Path, standin: EutilsStandin
) -> None:
    published_notices(standin)
    result = refresh(offline_library, standin)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:6] == [
        "erratum: work 5 (PMID 14663287) The X-linked hyper-IgM syndrome: clinical and immunologic features of 79 "
        "patients",
        "  claim 7 (Hyperimmunoglobulin M syndromes): The estimated frequency of CD40 ligand (CD40L) deficiency is "
        "2:1,000,000 males",
        "retracted: work 6 (PMID 11675497) Mutations of CD40 gene cause an autosomal recessive form of "
        "immunodeficiency with hyper IgM",
        "  claim 9 (Hyperimmunoglobulin M syndromes): In contrast, there are only a few reported cases of CD40",
        "expression of concern: work 9 (PMID 20702779) Different molecular behavior of CD40 mutants causing "
        "hyper-IgM syndrome",
        "  claim 9 (Hyperimmunoglobulin M syndromes): In contrast, there are only a few reported cases of CD40",
    ]
    assert [request.endpoint for request in standin.requests] == ["ecitmatch.cgi", "esearch.fcgi", "efetch.fcgi"]
    assert rows(offline_library, "select pmid, has_retraction, has_erratum, has_concern, checked_at is not null"
                " from works where pmid in (?, ?, ?) order by pmid", FERRARI, WINKELSTEIN, LANZI) == [
        (FERRARI, 1, 0, 0, 1), (WINKELSTEIN, 0, 1, 0, 1), (LANZI, 0, 0, 1, 1)]


def test_refresh_asks_pubmed_about_what_the_snapshot_lacked(offline_library: Path, standin: EutilsStandin) -> None:
    result = refresh(offline_library, standin)
    assert result.exit_code == 0, result.output
    assert result.stdout == "49 citations pending -> not_found\n"
    assert rows(offline_library, "select match_status, count(*) from citations group by 1 order by 1") == [
        ("matched", 20), ("not_found", 49), ("not_indexed", 1)]
    assert rows(offline_library, "select distinct pubmed_asked from documents") == [
        ("snapshot, then NCBI E-utilities",)]


def test_a_second_refresh_reports_no_changes(offline_library: Path, standin: EutilsStandin) -> None:
    published_notices(standin)
    assert refresh(offline_library, standin).exit_code == 0
    asked = len(standin.requests)
    again = refresh(offline_library, standin)
    assert (again.exit_code, again.stdout) == (0, "no changes\n")
    assert [request.endpoint for request in standin.requests[asked:]] == ["efetch.fcgi"]


def test_refresh_json_names_the_claims_resting_on_the_retracted_work(
    offline_library: Path, standin: EutilsStandin
) -> None:
    published_notices(standin)
    report = json.loads(refresh(offline_library, standin, "--json").stdout)
    retracted = next(notice for notice in report["notices"] if "retracted" in notice["kinds"])
    assert (retracted["pmid"], [(c["id"], c["document"]) for c in retracted["claims"]]) == (
        FERRARI, [(9, "Hyperimmunoglobulin M syndromes")])
    assert report["requests"] == {"answered": 3, "failed": 0}


def test_refresh_matches_an_identified_reference_once_its_record_is_read(tmp_path: Path, standin) -> None:
    library = tmp_path / "manubot.db"
    assert run("build", DATA / "manuscripts" / "manubot", "--db", library, "--pubmed", "off").exit_code == 0
    result = refresh(library, standin)
    assert result.exit_code == 0, result.output
    assert [line[:61] for line in result.stdout.splitlines()] == [
        "new match: citation 1 (document 1, reference 1) -> PMID 14663",
        "new match: citation 2 (document 1, reference 2) -> PMID 14663",
        "new match: citation 3 (document 1, reference 3) -> PMID 11675",
        "new match: citation 4 (document 1, reference 4) -> PMID 12958",
        "new match: citation 8 (document 1, reference 8) -> PMID 14663",
        "3 citations pending -> not_found",
    ]
    assert rows(library, "select c.key, c.match_status, w.source from citations c join works w on w.id = c.work_id"
                " where c.number <= 3 order by c.number") == [
        ("doi:10.1097/01.md.0000100046.06009.b0", "matched", "pubmed"), ("pmid:14663287", "matched", "pubmed"),
        ("pmid:11675497", "matched", "pubmed")]
    assert rows(library, "select count(*), count(distinct pmid) from works where pmid is not null") == [(3, 3)]


def test_refresh_offline_fails_fast_and_changes_nothing(offline_library: Path, tmp_path: Path) -> None:
    before = rows(offline_library, "select id, match_status, match_method from citations order by id")
    result = run("refresh", "--db", offline_library, "--eutils-url", "http://127.0.0.1:9/entrez/eutils/",
                 "--cache", tmp_path / "cache.sqlite")
    assert (result.exit_code, result.stdout) == (0, "no changes\n")
    assert "0 PubMed requests answered, 1 failed" in result.stderr
    assert rows(offline_library, "select id, match_status, match_method from citations order by id") == before
