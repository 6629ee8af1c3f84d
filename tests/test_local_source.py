"""LocalPubmedSource answers like E-utilities from PubMed XML files: ECitMatch's rule, a title search, DOIs."""
from __future__ import annotations

from pathlib import Path

from citetrace.ingest.pubmed import local
from citetrace.ingest.pubmed.local import LocalPubmedSource, bundled_snapshot
from citetrace.ingest.pubmed.parsed_records import ParsedRecords
from citetrace.ingest.pubmed.protocol import CitationQuery, SearchQuery
from scripts.snapshot_facts import snapshot_xml

DATA = Path(__file__).parent / "data"
POOL = LocalPubmedSource([bundled_snapshot(), DATA / "medline16n0902.xml.gz", DATA / "test_current_medline.xml.gz"])


def test_the_index_is_built_on_first_use_not_on_construction(tmp_path: Path) -> None:
    source = LocalPubmedSource([tmp_path / "not-yet-written.xml.gz"])
    assert source.name == "local" and source._index is None
    assert LocalPubmedSource().paths == [bundled_snapshot()]


def test_citation_match_needs_journal_volume_and_first_page() -> None:
    assert POOL.citation_match([
        CitationQuery("nature", "Nature", "1993", "361", "541", "DiSanto JP"),
        CitationQuery("dotted", "Restor Neurol Neurosci", "2007", "25", "195"),  # ISO "Restor. Neurol. Neurosci."
        CitationQuery("wrong-journal", "Cell", "1993", "361", "541"),
        CitationQuery("no-page", "Nature", "1993", "361", ""),
    ]) == {"nature": ["8094231"], "dotted": ["17942999"], "wrong-journal": [], "no-page": []}


def test_search_needs_most_title_words_the_author_anywhere_and_a_year_within_one() -> None:
    words = ("cd40", "ligand", "mutations", "immunodeficiency")
    assert POOL.search([SearchQuery("a", words, "DiSanto JP", "1993")]) == ["8094231"]
    assert POOL.search([SearchQuery("a", words, "", "1994")]) == ["8094231", "7508119"]  # 4 words, then 3 of 4
    assert POOL.search([SearchQuery("a", words, "Smith J", "1993")]) == ["8094231"]  # no authors on record
    assert POOL.search([SearchQuery("c", ("pitch", "dimensions", "processing"), "Smith J", "2007")]) == []
    assert POOL.search([SearchQuery("c", ("pitch", "dimensions", "processing"), "Gandour JT", "2007")]) \
        == ["17942999"]
    assert POOL.search([SearchQuery("a", words, "", "1996")]) == []
    assert POOL.search([SearchQuery("b", ("back", "pain"), "", "")]) == ["36400559", "2930949", "11446611"]


def test_dois_are_found_case_insensitively_in_the_search_batch() -> None:
    assert POOL.search([SearchQuery("d", doi="10.1056/NEJMOA1715274"), SearchQuery("e", doi="10.1038/361541a0")]) \
        == ["8094231"]


def test_fetch_parses_only_the_asked_records_in_the_asked_order() -> None:
    works = POOL.fetch(["36400559", "8094231", "123"])
    assert list(works) == ["36400559", "8094231"]
    assert works["8094231"].journal == "Nature"
    assert works["36400559"].title == "Back Pain: Differential Diagnosis and Management"


def test_a_later_file_supersedes_an_earlier_record_with_the_same_pmid(tmp_path: Path) -> None:
    fact = {"pmid": "8094231", "title": "Revised title of the letter", "journal_iso": "Nature", "volume": "361",
            "pages": "541-3"}
    update = tmp_path / "update.xml"
    update.write_bytes(snapshot_xml([fact]))
    source = LocalPubmedSource([bundled_snapshot(), update])
    assert source.fetch(["8094231"])["8094231"].title == "Revised title of the letter"
    assert source.citation_match([CitationQuery("k", "Nature", "", "361", "541")]) == {"k": ["8094231"]}
    assert "8094231" not in source.search([SearchQuery("k", ("cd40", "ligand", "mutations"))])


def test_a_record_is_parsed_once_per_run_however_often_it_is_fetched(monkeypatch) -> None:
    source = LocalPubmedSource([bundled_snapshot()])
    parsed: list[int] = []
    real = local.parse_records
    monkeypatch.setattr(local, "parse_records", lambda raws: parsed.append(len(raws)) or real(raws))
    first = source.fetch(["8094231"])
    again = source.fetch(["8094231", "7678782"])
    assert parsed == [1, 1]
    assert again["8094231"] == first["8094231"]


def test_parsed_records_beyond_those_kept_in_memory_are_read_back_from_disk() -> None:
    works = POOL.fetch(["8094231", "7678782", "36400559"])
    kept = ParsedRecords(kept=1)
    kept.add(works.values())
    assert kept.get(["8094231", "7678782", "36400559", "123"]) == works
