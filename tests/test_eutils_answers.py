"""NCBI's real answers and hostile servers, served byte for byte by the loopback stand-in (never the internet)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.eutils_standin import Answer, EutilsStandin, Record, load_records
from ingest.pubmed.cache import ResponseCache
from ingest.pubmed.eutils import EutilsSource, RetryPolicy
from ingest.pubmed.protocol import CitationQuery, SourceUnavailable

DATA = Path(__file__).parent / "data"
FAST = RetryPolicy(max_tries=2, base_delay=0.05, timeout=5.0)
GIBBS_2023 = CitationQuery(key="r1", journal="Neurol Clin", year="2023", volume="41", first_page="61", author="Gibbs D")


@pytest.fixture(scope="module")
def records() -> dict[str, Record]:
    return load_records([DATA / "pubmed-29768149.xml", DATA / "test_current_medline.xml.gz"])


@pytest.fixture
def standin(records: dict[str, Record]) -> Iterator[EutilsStandin]:
    with EutilsStandin(records) as server:
        yield server


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NCBI_EMAIL", "NCBI_API_KEY", "CITETRACE_EUTILS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")


def source_for(standin: EutilsStandin, **options: object) -> EutilsSource:
    settings: dict[str, object] = {"email": "reviewer@example.org", "retry": FAST, "requests_per_second": 200.0}
    settings.update(options)
    return EutilsSource(standin.base_url, **settings)  # type: ignore[arg-type]


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
