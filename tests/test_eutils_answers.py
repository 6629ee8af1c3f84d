"""NCBI's real answers and hostile servers, served byte for byte by the loopback stand-in (never the internet)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.eutils_standin import Answer, EutilsStandin, Record, load_records
from eutils_client import standin_source
from citetrace.ingest.pubmed.cache import ResponseCache
from citetrace.ingest.pubmed.eutils import EutilsSource, RetryPolicy
from citetrace.ingest.pubmed.protocol import CitationQuery, SearchQuery, SourceUnavailable

pytestmark = pytest.mark.usefixtures("no_ncbi_settings")

DATA = Path(__file__).parent / "data"
FAST = RetryPolicy(max_tries=2, base_delay=0.05)
"""Fast retries, and the client's own 60 s read timeout: on a loaded 2-core CI machine the stand-in (a thread of
this process) took more than 5 s to answer 1,000 ECitMatch lines, the client rightly asked again, and a test
counting requests failed. Tests of timeouts set their own."""
GIBBS_2023 = CitationQuery(key="r1", journal="Neurol Clin", year="2023", volume="41", first_page="61", author="Gibbs D")


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    return load_records([DATA / "pubmed-29768149.xml", DATA / "test_current_medline.xml.gz"])


def source_for(standin: EutilsStandin, **options: object) -> EutilsSource:
    return standin_source(standin, **{"retry": FAST, **options})


def citmatch_line(result: str) -> Answer:
    return Answer(200, f"Neurol Clin|2023|41|61|Gibbs D|r1|{result}\n".encode())


# 11. Only ASCII digits are PMIDs


@pytest.mark.parametrize("result", ["\u00b9\u00b2\u00b3", "\u0661\u0662\u0663"])
def test_a_pmid_in_other_digits_is_an_unreadable_answer_and_never_cached(
    standin: EutilsStandin, tmp_path: Path, result: str
) -> None:
    standin.inject_answer(citmatch_line(result), times=2)
    cache = ResponseCache(tmp_path / "cache.sqlite")
    with pytest.raises(SourceUnavailable, match=f"ECitMatch result not understood: '{result}'"):
        source_for(standin, cache=cache).citation_match([GIBBS_2023])
    assert len(cache) == 0
    assert source_for(standin, cache=cache).citation_match([GIBBS_2023]) == {"r1": ["36400559"]}


# NCBI's answers, as real responses quote them


@pytest.mark.parametrize("result, found", [
    ("AMBIGUOUS 29209023,28489913", ["29209023", "28489913"]),
    ("AMBIGUOUS (783 citations)", []),
    ("NOT_FOUND;INVALID_JOURNAL", []),
    ("NOT_FOUND", []),
])
def test_ecitmatch_results_as_ncbi_writes_them(standin: EutilsStandin, result: str, found: list[str]) -> None:
    standin.inject_answer(citmatch_line(result))
    assert source_for(standin).citation_match([GIBBS_2023]) == {"r1": found}


def test_an_ecitmatch_line_whose_journal_came_back_empty_is_read_by_its_key(standin: EutilsStandin) -> None:
    standin.inject_answer(Answer(200, b"|2023|41|61|Gibbs D|r1|36400559\n"))
    assert source_for(standin).citation_match([GIBBS_2023]) == {"r1": ["36400559"]}


RATE_LIMITED = Answer(
    429, b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"5","limit":"3"}',
    "application/json", (("Retry-After", "1"),),
)


def test_a_rate_limit_answer_is_waited_out_and_its_limit_kept(standin: EutilsStandin) -> None:
    standin.inject_answer(RATE_LIMITED)
    source = source_for(standin)
    assert source.citation_match([GIBBS_2023]) == {"r1": ["36400559"]}
    assert [record.outcome for record in source.request_log] == [
        "HTTP 429 Too Many Requests: API rate limit exceeded (5 requests counted, limit 3)", "ok"
    ]
    assert source.limiter.per_second == 3.0


ESEARCH_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)
PHRASE_NOT_FOUND = ESEARCH_HEAD + (
    "<eSearchResult><Count>0</Count><RetMax>0</RetMax><RetStart>0</RetStart><IdList/><TranslationSet/>"
    "<QueryTranslation/><ErrorList><PhraseNotFound>xyzzy plugh</PhraseNotFound></ErrorList><WarningList>"
    "<OutputMessage>No items found.</OutputMessage></WarningList></eSearchResult>\n"
)
FIELD_NOT_FOUND = ESEARCH_HEAD + (
    "<eSearchResult><Count>1</Count><RetMax>1</RetMax><RetStart>0</RetStart><IdList>\n<Id>36400559</Id>\n</IdList>"
    "<TranslationSet/><QueryTranslation>gibbs[au]</QueryTranslation><ErrorList><FieldNotFound>nosuchfield"
    "</FieldNotFound></ErrorList></eSearchResult>\n"
)


def test_an_esearch_phrase_not_found_is_no_hit(standin: EutilsStandin) -> None:
    standin.inject_answer(Answer(200, PHRASE_NOT_FOUND.encode(), "text/xml; charset=UTF-8"))
    assert source_for(standin).search([SearchQuery(key="r1", title_words=["xyzzy", "plugh"])]) == []


def test_an_esearch_field_not_found_keeps_its_results(standin: EutilsStandin) -> None:
    standin.inject_answer(Answer(200, FIELD_NOT_FOUND.encode(), "text/xml; charset=UTF-8"))
    assert source_for(standin).search([SearchQuery(key="r1", author="Gibbs D")]) == ["36400559"]


# 3. Waits and bodies with a bound


def test_a_retry_after_beyond_a_minute_gives_up_that_request_at_once(standin: EutilsStandin) -> None:
    standin.inject("429", retry_after=100_000)
    source = source_for(standin, retry=RetryPolicy(max_tries=4, base_delay=0.05, timeout=5.0))
    with pytest.raises(SourceUnavailable, match=r"asked to wait 100000 s \(more than 60 s\); not retried"):
        source.citation_match([GIBBS_2023])
    assert len(source.request_log) == 1


def test_a_body_trickling_in_is_cut_off_at_the_attempts_deadline(standin: EutilsStandin) -> None:
    standin.inject("trickle", delay=0.1)
    source = source_for(standin, retry=RetryPolicy(max_tries=1, timeout=5.0, deadline=1.0))
    with pytest.raises(SourceUnavailable, match=r"no whole answer within 1 s"):
        source.citation_match([GIBBS_2023])


def test_a_body_larger_than_the_cap_is_refused_unread(standin: EutilsStandin) -> None:
    standin.inject("flood", size=20 * 2**20)
    source = source_for(standin, retry=RetryPolicy(max_tries=4, timeout=5.0, max_body_bytes=2**20))
    with pytest.raises(SourceUnavailable, match=r"answer of 20,971,520 bytes \(more than 1,048,576\) \(not retried\)"):
        source.fetch(["29768149"])
    assert len(source.request_log) == 1


# 10. A response cache is a convenience, never a reason to stop


def test_a_cache_file_of_garbage_is_moved_aside_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "eutils.sqlite"
    path.write_text("garbage\n")
    warnings: list[str] = []
    cache = ResponseCache(path, warn=warnings.append)
    cache.put("http://x/efetch.fcgi", {"id": "1"}, b"<answer/>")
    (aside,) = tmp_path.glob("eutils.sqlite.corrupt-*")
    assert aside.read_text() == "garbage\n"
    assert warnings == [
        f"{path}: not a readable response cache (file is not a database); moved to {aside.name}, starting a new one"
    ]
    assert cache.get("http://x/efetch.fcgi", {"id": "1"}) == b"<answer/>"


def test_a_cache_cut_short_is_moved_aside_when_read(tmp_path: Path) -> None:
    path = tmp_path / "eutils.sqlite"
    full = ResponseCache(path)
    for number in range(200):
        full.put("http://x/efetch.fcgi", {"id": str(number)}, bytes(4000))
    full.close()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    warnings: list[str] = []
    cache = ResponseCache(path, warn=warnings.append)
    assert [cache.get("http://x/efetch.fcgi", {"id": str(number)}) for number in (0, 199)] == [None, None]
    assert len(warnings) == 1 and "not a readable response cache" in warnings[0]


def test_a_stored_answer_that_no_longer_parses_is_asked_again(standin: EutilsStandin, tmp_path: Path) -> None:
    warnings: list[str] = []
    cache = ResponseCache(tmp_path / "eutils.sqlite", warn=warnings.append)
    source_for(standin, cache=cache).citation_match([GIBBS_2023])
    cache.db.execute("update responses set body = x'00ff00'")
    cache.db.conn.commit()
    again = source_for(standin, cache=cache)
    assert again.citation_match([GIBBS_2023]) == {"r1": ["36400559"]}
    assert (again.requests_made, len(warnings)) == (1, 1)
    assert "the stored answer to a " in warnings[0] and "is unreadable" in warnings[0]


def test_one_servers_answer_is_never_replayed_for_another(records: dict[str, Record], tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "eutils.sqlite")
    with EutilsStandin(records) as first, EutilsStandin(records) as second:
        source_for(first, cache=cache).citation_match([GIBBS_2023])
        source_for(second, cache=cache).citation_match([GIBBS_2023])
        assert (len(first.requests), len(second.requests)) == (1, 1)
