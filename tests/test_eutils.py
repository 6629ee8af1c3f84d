"""The live PubMed source over real HTTP, against the E-utilities stand-in on 127.0.0.1 (never the internet)."""
from __future__ import annotations

import json
import socket
from itertools import pairwise
from pathlib import Path

import pytest

from bench.eutils_standin import EutilsStandin, Record, load_records
from eutils_client import standin_source
from citetrace.ingest.pubmed.cache import ResponseCache, request_key
from citetrace.ingest.pubmed.eutils import DEFAULT_BASE_URL, EutilsSource, RetryPolicy
from citetrace.ingest.pubmed.protocol import CitationQuery, NotCached, SearchQuery, SourceUnavailable

pytestmark = pytest.mark.usefixtures("no_ncbi_settings")

DATA = Path(__file__).parent / "data"
RECORD_FILES = [DATA / "pubmed-29768149.xml", DATA / "test_current_medline.xml.gz", DATA / "medline16n0902.xml.gz"]
FAST = RetryPolicy(max_tries=4, base_delay=0.05)
"""Fast retries, and the client's own 60 s read timeout: on a loaded 2-core CI machine the stand-in (a thread of
this process) took more than 5 s to answer 1,000 ECitMatch lines, the client rightly asked again, and a test
counting requests failed. Tests of timeouts set their own."""
GIBBS_2023 = CitationQuery(key="r1", journal="Neurol Clin", year="2023", volume="41", first_page="61", author="Gibbs D")


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    return load_records(RECORD_FILES)


def source_for(standin: EutilsStandin, **options: object) -> EutilsSource:
    return standin_source(standin, **{"retry": FAST, **options})


def medline_pmids(records: dict[str, Record], count: int) -> list[str]:
    return sorted(records, key=int)[:count]


def gaps(standin: EutilsStandin) -> list[float]:
    times = [request.time for request in standin.requests]
    return [later - earlier for earlier, later in pairwise(times)]


# ECitMatch


def test_citation_match_finds_the_pmid_of_a_unique_citation(standin: EutilsStandin) -> None:
    assert source_for(standin).citation_match([GIBBS_2023]) == {"r1": ["36400559"]}


def test_citation_match_gives_no_pmid_for_a_citation_not_found(standin: EutilsStandin) -> None:
    query = CitationQuery(key="r2", journal="Neurol Clin", year="2023", volume="41", first_page="999")
    assert source_for(standin).citation_match([query]) == {"r2": []}


def test_citation_match_gives_no_pmid_for_an_invalid_journal(standin: EutilsStandin) -> None:
    query = CitationQuery(key="r3", journal="Journal of Imaginary Results", year="2023", volume="41")
    assert source_for(standin).citation_match([query]) == {"r3": []}


def test_citation_match_lists_the_candidates_of_an_ambiguous_citation(standin: EutilsStandin) -> None:
    query = CitationQuery(key="r4", journal="J Cataract Refract Surg", year="2015", volume="41", author="Coelho")
    assert source_for(standin).citation_match([query]) == {"r4": ["25840296", "26432155"]}


def test_citation_match_is_one_post_with_one_line_per_citation(standin: EutilsStandin) -> None:
    queries = [GIBBS_2023, CitationQuery(key="r5", journal="N Engl J Med", year="2018", volume="378", first_page="1865")]
    source_for(standin).citation_match(queries)
    [request] = standin.requests
    assert (request.endpoint, request.method) == ("ecitmatch.cgi", "POST")
    assert request.params["db"] == "pubmed"
    assert request.params["retmode"] == "xml"
    assert request.params["bdata"] == "Neurol Clin|2023|41|61|Gibbs D|r1|\rN Engl J Med|2018|378|1865||r5|"


# ESearch


def test_search_is_one_post_oring_a_field_tagged_query_per_citation(standin: EutilsStandin) -> None:
    queries = [
        SearchQuery(key="r1", title_words=("back", "pain"), author="gibbs", year="2023", journal="Neurol Clin"),
        SearchQuery(key="r2", title_words=("acute",), author="jayson mi", year="2001"),
    ]
    source_for(standin).search(queries)
    [request] = standin.requests
    assert (request.endpoint, request.method) == ("esearch.fcgi", "POST")
    assert request.params["term"] == (
        '(back[ti] AND pain[ti] AND gibbs[au] AND 2023[dp] AND "Neurol Clin"[ta]) '
        'OR (acute[ti] AND "jayson mi"[au] AND 2001[dp])'
    )
    assert request.params["retmax"] == "40"


def test_search_takes_a_doi_query_as_that_doi_alone(standin: EutilsStandin) -> None:
    queries = [
        SearchQuery(key="r1", doi="10.1002/(SICI)1097-0274(199601)29:1<23::AID-AJIM4>3.0.CO;2-#"),
        SearchQuery(key="r2", doi="10.1056/NEJMoa1715274", title_words=("asthma",)),
    ]
    assert source_for(standin).search(queries) == ["29768149"]
    assert standin.requests[0].params["term"] == (
        '("10.1002/(SICI)1097-0274(199601)29:1<23::AID-AJIM4>3.0.CO;2-#"[doi]) OR ("10.1056/NEJMoa1715274"[doi])'
    )


def test_search_returns_the_hits_of_every_query(standin: EutilsStandin) -> None:
    queries = [
        SearchQuery(key="r1", title_words=("back", "pain"), author="gibbs", year="2023"),
        SearchQuery(key="r2", title_words=("acute",), author="jayson mi", year="2001"),
    ]
    assert sorted(source_for(standin).search(queries)) == ["11446611", "36400559"]


def test_a_doi_search_is_one_ored_esearch(standin: EutilsStandin) -> None:
    dois = ["10.1016/j.ncl.2022.07.002", "10.1056/NEJMoa1715274", "10.9999/not.in.pubmed"]
    assert sorted(source_for(standin).search([SearchQuery(key=doi, doi=doi) for doi in dois])) == [
        "29768149", "36400559"]
    assert [request.endpoint for request in standin.requests] == ["esearch.fcgi"]
    assert standin.requests[0].params["term"] == (
        '("10.1016/j.ncl.2022.07.002"[doi]) OR ("10.1056/NEJMoa1715274"[doi]) OR ("10.9999/not.in.pubmed"[doi])'
    )


# EFetch


def test_fetch_returns_pubmed_works(standin: EutilsStandin) -> None:
    work = source_for(standin).fetch(["29768149"])["29768149"]
    assert (work.source, work.pmid, work.journal, work.year, work.volume, work.pages, work.doi) == (
        "pubmed", "29768149", "N Engl J Med", 2018, "378", "1865-1876", "10.1056/NEJMoa1715274",
    )
    assert work.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma"


def test_fetch_leaves_out_pmids_pubmed_does_not_have(standin: EutilsStandin) -> None:
    assert list(source_for(standin).fetch(["29768149", "1"])) == ["29768149"]


def test_fetch_of_201_pmids_is_two_posts_of_200_and_1(standin: EutilsStandin, records: dict[str, Record]) -> None:
    pmids = medline_pmids(records, 201)
    works = source_for(standin).fetch(pmids)
    assert len(works) == 201
    assert [(r.endpoint, r.method) for r in standin.requests] == [("efetch.fcgi", "POST")] * 2
    assert [len(r.params["id"].split(",")) for r in standin.requests] == [200, 1]
    assert (standin.requests[0].params["db"], standin.requests[0].params["retmode"]) == ("pubmed", "xml")


# Who asks


def test_citation_match_of_1001_citations_is_two_posts_of_1000_and_1(standin: EutilsStandin) -> None:
    queries = [CitationQuery(key=f"r{n}", journal="Neurol Clin", year="2023", volume="41", first_page=str(n))
               for n in range(1001)]
    found = source_for(standin).citation_match(queries)
    assert (len(found), [r.params["bdata"].count("\r") + 1 for r in standin.requests]) == (1001, [1000, 1])


def test_search_of_201_citations_is_two_posts_of_200_and_1(standin: EutilsStandin) -> None:
    queries = [SearchQuery(key=f"r{n}", title_words=("hypotension", f"w{n}")) for n in range(201)]
    source_for(standin).search(queries)
    assert [r.params["term"].count(" OR ") + 1 for r in standin.requests] == [200, 1]


def test_every_request_carries_tool_email_and_api_key(standin: EutilsStandin) -> None:
    source_for(standin, api_key="0123456789abcdef").citation_match([GIBBS_2023])
    params = standin.requests[0].params
    assert (params["tool"], params["email"], params["api_key"]) == (
        "citetrace", "reviewer@example.org", "0123456789abcdef",
    )


def test_email_and_api_key_come_from_the_environment(
    standin: EutilsStandin, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NCBI_EMAIL", "env@example.org")
    monkeypatch.setenv("NCBI_API_KEY", "fedcba9876543210")
    EutilsSource(standin.base_url, retry=FAST).citation_match([GIBBS_2023])
    params = standin.requests[0].params
    assert (params["email"], params["api_key"]) == ("env@example.org", "fedcba9876543210")


def test_the_base_url_defaults_to_ncbi() -> None:
    assert EutilsSource().base_url == DEFAULT_BASE_URL == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"


def test_the_base_url_comes_from_citetrace_eutils_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CITETRACE_EUTILS_URL", "http://127.0.0.1:9/eutils")
    assert EutilsSource().base_url == "http://127.0.0.1:9/eutils/"


# Faults: one test each


def test_a_429_is_retried_no_sooner_than_its_retry_after(standin: EutilsStandin) -> None:
    standin.inject("429", retry_after=1)
    assert source_for(standin).citation_match([GIBBS_2023]) == {"r1": ["36400559"]}
    assert len(standin.requests) == 2
    assert gaps(standin)[0] >= 1.0


def test_5xx_answers_are_retried_with_exponential_backoff(standin: EutilsStandin) -> None:
    for status in ("500", "502", "503"):
        standin.inject(status)
    source = source_for(standin)
    assert source.citation_match([GIBBS_2023]) == {"r1": ["36400559"]}
    assert [record.outcome for record in source.request_log] == [
        "HTTP 500 Internal Server Error", "HTTP 502 Bad Gateway", "HTTP 503 Service Unavailable", "ok",
    ]
    waited = gaps(standin)
    assert (waited[0] >= 0.05, waited[1] >= 0.1, waited[2] >= 0.2) == (True, True, True)


def test_a_timeout_is_retried(standin: EutilsStandin) -> None:
    """The retried attempt has a second to answer one line: 0.3 s was too tight for a loaded machine."""
    standin.inject("slow", delay=3.0)
    source = source_for(standin, retry=RetryPolicy(max_tries=4, base_delay=0.05, timeout=1.0))
    assert source.citation_match([GIBBS_2023]) == {"r1": ["36400559"]}
    assert [record.outcome for record in source.request_log] == ["no answer within 1 s", "ok"]


def test_a_refused_connection_ends_in_source_unavailable_naming_request_and_cause() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{probe.getsockname()[1]}/entrez/eutils/"
    source = EutilsSource(base_url, email="reviewer@example.org", retry=FAST, requests_per_second=200.0)
    with pytest.raises(SourceUnavailable) as raised:
        source.search([SearchQuery(key="r1", title_words=("back",), year="2023")])
    message = str(raised.value)
    assert message.startswith(
        f"ESearch of 1 citation at {base_url}esearch.fcgi failed after 4 tries: connection failed: "
    )
    assert "Connection refused" in message
    assert "\n" not in message
    assert source.requests_made == 4


def test_a_fail_fast_source_stops_at_the_first_refused_connection_and_asks_nothing_more() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{probe.getsockname()[1]}/entrez/eutils/"
    source = EutilsSource(base_url, email="reviewer@example.org", retry=RetryPolicy(max_tries=4, base_delay=30.0),
                          requests_per_second=200.0, fail_fast=True)
    with pytest.raises(SourceUnavailable, match=r"Connection refused.*\(not retried; no more requests this run\)$"):
        source.search([SearchQuery(key="r1", title_words=("back",), year="2023")])
    with pytest.raises(SourceUnavailable, match=r"^EFetch of 1 PMID \(batch 1 of 1\) not asked: .* unreachable"):
        source.fetch(["29768149"])
    assert (source.requests_made, source.requests_failed) == (1, 1)


def test_a_truncated_body_is_retried(standin: EutilsStandin) -> None:
    standin.inject("truncated")
    source = source_for(standin)
    assert list(source.fetch(["29768149"])) == ["29768149"]
    assert source.request_log[0].outcome.startswith("body cut off after ")
    assert [record.outcome for record in source.request_log][1:] == ["ok"]


def test_malformed_xml_is_retried(standin: EutilsStandin) -> None:
    standin.inject("malformed")
    source = source_for(standin)
    assert source.search([SearchQuery(key="r1", title_words=("back", "pain"), author="gibbs")]) == ["36400559"]
    assert source.request_log[0].outcome.startswith("unreadable answer: ")
    assert [record.outcome for record in source.request_log][1:] == ["ok"]


def test_an_efetch_answer_cut_between_records_is_retried(standin: EutilsStandin, records: dict[str, Record]) -> None:
    standin.inject("malformed")
    source = source_for(standin)
    assert len(source.fetch(medline_pmids(records, 4))) == 4
    assert [record.outcome for record in source.request_log][1:] == ["ok"]


def test_an_ecitmatch_answer_missing_citations_is_retried(standin: EutilsStandin) -> None:
    standin.inject("malformed")
    queries = [GIBBS_2023, CitationQuery(key="r5", journal="N Engl J Med", year="2018", volume="378", first_page="1865")]
    source = source_for(standin)
    assert source.citation_match(queries) == {"r1": ["36400559"], "r5": ["29768149"]}
    assert source.request_log[0].outcome == "unreadable answer: ECitMatch answered 1 of 2 citations"


def test_a_400_is_not_retried(standin: EutilsStandin) -> None:
    standin.inject("400")
    source = source_for(standin)
    with pytest.raises(SourceUnavailable) as raised:
        source.citation_match([GIBBS_2023])
    assert str(raised.value) == (
        f"ECitMatch of 1 citation at {standin.base_url}ecitmatch.cgi: HTTP 400 Bad Request (not retried)"
    )
    assert source.requests_made == 1


def test_after_the_last_retry_a_one_line_error_names_the_request(
    standin: EutilsStandin, records: dict[str, Record], tmp_path: Path
) -> None:
    standin.inject("ok")
    standin.inject("503", times=4)
    source = source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite"))
    with pytest.raises(SourceUnavailable) as raised:
        source.fetch(medline_pmids(records, 201))
    assert str(raised.value) == (
        f"EFetch of 1 PMID (batch 2 of 2) at {standin.base_url}efetch.fcgi failed after 4 tries: "
        "HTTP 503 Service Unavailable"
    )


def test_a_failed_run_keeps_what_it_fetched_and_resumes_without_asking_again(
    standin: EutilsStandin, records: dict[str, Record], tmp_path: Path
) -> None:
    pmids = medline_pmids(records, 201)
    standin.inject("ok")
    standin.inject("503", times=4)
    with pytest.raises(SourceUnavailable):
        source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite")).fetch(pmids)
    resumed = source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite"))
    assert len(resumed.fetch(pmids)) == 201
    assert resumed.requests_made == 1
    assert standin.requests[-1].params["id"] == pmids[200]


# Rate


def test_without_a_key_no_second_holds_more_than_3_requests(standin: EutilsStandin, records: dict[str, Record]) -> None:
    source = source_for(standin, requests_per_second=None)
    for pmid in medline_pmids(records, 7):
        source.fetch([pmid])
    times = [request.started for request in source.request_log]
    assert len(standin.requests) == len(times) == 7
    assert all(times[i + 3] - times[i] >= 1.0 for i in range(len(times) - 3))


def test_with_a_key_no_second_holds_more_than_10_requests(standin: EutilsStandin, records: dict[str, Record]) -> None:
    source = source_for(standin, requests_per_second=None, api_key="0123456789abcdef")
    for pmid in medline_pmids(records, 12):
        source.fetch([pmid])
    times = [request.started for request in source.request_log]
    assert len(standin.requests) == len(times) == 12
    assert all(times[i + 10] - times[i] >= 1.0 for i in range(len(times) - 10))


def test_a_key_raises_the_rate_from_3_to_10_per_second() -> None:
    assert EutilsSource().limiter.per_second == 3.0
    assert EutilsSource(api_key="0123456789abcdef").limiter.per_second == 10.0


# Cache


def run_everything(source: EutilsSource) -> tuple[object, ...]:
    return (
        source.citation_match([GIBBS_2023]),
        source.search([SearchQuery(key="r1", title_words=("back", "pain"), author="gibbs")]),
        sorted(source.fetch(["36400559", "29768149"])),
    )


def test_a_second_identical_run_makes_no_request(standin: EutilsStandin, tmp_path: Path) -> None:
    first = run_everything(source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite")))
    again = source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite"))
    assert run_everything(again) == first
    assert again.requests_made == 0
    assert len(standin.requests) == 3


def test_refresh_asks_again_and_stores_the_new_answers(standin: EutilsStandin, tmp_path: Path) -> None:
    run_everything(source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite")))
    cache = ResponseCache(tmp_path / "eutils.sqlite")
    refreshed = source_for(standin, cache=cache, refresh=True)
    run_everything(refreshed)
    assert refreshed.requests_made == 3
    assert len(cache) == 3


def test_offline_without_a_cached_answer_raises_and_asks_nothing(standin: EutilsStandin, tmp_path: Path) -> None:
    source = source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite"), offline=True)
    with pytest.raises(NotCached, match=r"^ECitMatch of 1 citation: offline and not in the response cache$"):
        source.citation_match([GIBBS_2023])
    assert standin.requests == []


def test_offline_answers_from_the_cache(standin: EutilsStandin, tmp_path: Path) -> None:
    first = run_everything(source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite")))
    offline = source_for(standin, cache=ResponseCache(tmp_path / "eutils.sqlite"), offline=True)
    assert run_everything(offline) == first


def test_the_cache_key_ignores_who_asks() -> None:
    asked_by_one = request_key("efetch.fcgi", {"db": "pubmed", "id": "1", "email": "a@example.org", "tool": "x"})
    asked_by_another = request_key("efetch.fcgi", {"id": "1", "db": "pubmed", "api_key": "0123456789abcdef"})
    assert asked_by_one == asked_by_another != request_key("efetch.fcgi", {"db": "pubmed", "id": "2"})


def test_the_cache_keeps_no_api_key(standin: EutilsStandin, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "eutils.sqlite")
    source_for(standin, cache=cache, api_key="0123456789abcdef").citation_match([GIBBS_2023])
    [row] = cache.db["responses"].rows
    assert json.loads(row["params"]) == {
        "bdata": "Neurol Clin|2023|41|61|Gibbs D|r1|", "db": "pubmed", "retmode": "xml",
    }
