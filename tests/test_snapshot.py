"""The bundled snapshot is PubMed XML made from the compiled facts, and reads back to exactly those facts."""
from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from citetrace.citations.model import Author, MeshHeading, Notice
from citetrace.ingest.pubmed.local import bundled_snapshot
from citetrace.ingest.pubmed.records import parse_xml, read_works
from scripts.snapshot_facts import DOCTYPE, load_facts, snapshot_xml

REPO = Path(__file__).parent.parent
FACTS_DIR = Path(__file__).parent / "data" / "pubmed-facts"  # a copy of ../shared/pubmed/refs-*.json
FACTS = load_facts(FACTS_DIR)
WITH_PMID = [f for f in FACTS if f["pmid"]]


@pytest.fixture(scope="module")
def works():
    return {w.pmid: w for w in read_works(bundled_snapshot())}


def test_shipped_snapshot_is_what_the_facts_regenerate() -> None:
    shuffled = FACTS[:]
    random.Random(7).shuffle(shuffled)
    assert snapshot_xml(shuffled) == bundled_snapshot().read_bytes()


def test_regeneration_script_writes_the_same_file(tmp_path: Path) -> None:
    out = tmp_path / "snapshot.xml"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_snapshot.py"), str(FACTS_DIR), "-o", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == bundled_snapshot().read_bytes()


def test_snapshot_is_a_pubmed_250101_article_set_of_the_facts_with_a_pmid(works) -> None:
    text = bundled_snapshot().read_text(encoding="utf-8")
    assert text.splitlines()[1] == DOCTYPE
    assert DOCTYPE.endswith('"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')
    assert len(WITH_PMID) == 24
    assert list(works) == sorted((f["pmid"] for f in WITH_PMID), key=int)


def test_snapshot_holds_nothing_keyed_by_the_review() -> None:
    text = bundled_snapshot().read_text(encoding="utf-8")
    tags = set(re.findall(r"<([A-Za-z]+)[\s>]", text))
    assert tags <= {"PubmedArticleSet", "PubmedArticle", "MedlineCitation", "PMID", "Article", "Journal",
                    "JournalIssue", "Volume", "Issue", "PubDate", "Year", "Month", "Day", "ISOAbbreviation",
                    "ArticleTitle", "Pagination", "MedlinePgn", "ELocationID", "AuthorList", "Author", "LastName",
                    "ForeName", "Initials", "PublicationTypeList", "PublicationType", "MeshHeadingList",
                    "MeshHeading", "DescriptorName", "QualifierName", "PubmedData", "ArticleIdList", "ArticleId"}
    for fact in FACTS:
        assert fact["citation"] not in text
        assert not fact["notes"] or fact["notes"] not in text
        assert not any(url in text for url in fact["sources"])


@pytest.mark.parametrize("fact", WITH_PMID, ids=lambda f: f["pmid"])
def test_every_fact_reads_back(fact, works) -> None:
    work = works[fact["pmid"]]
    assert work.source == "pubmed"
    assert (work.title, work.journal, work.year, work.month, work.day) == (
        fact["title"], fact["journal_iso"], fact["pub_year"], fact["pub_month"], fact["pub_day"])
    assert (work.volume, work.issue, work.pages) == (fact["volume"], fact["issue"], fact["pages"])
    assert (work.doi, work.pmcid) == (fact["doi"], fact["pmcid"])
    assert work.authors == [Author(a["last"], a["fore"], a["initials"]) for a in fact["authors"] or []]
    assert work.authors_complete == (bool(fact["authors_complete"]) and bool(fact["authors"]))
    assert work.publication_types == (fact["publication_types"] or [])
    assert work.mesh == [MeshHeading(m["descriptor"], None, m["major"], m["qualifiers"], [])
                         for m in fact["mesh"] or []]
    assert work.abstract is None


def test_known_records_exactly(works) -> None:
    nature = works["8094231"]
    assert nature.title == "CD40 ligand mutations in x-linked immunodeficiency with hyper-IgM"
    assert (nature.journal, nature.year, nature.month, nature.day, nature.volume, nature.issue, nature.pages,
            nature.doi) == ("Nature", 1993, "Feb", 11, "361", "6412", "541-3", "10.1038/361541a0")
    assert len(nature.mesh) == 15
    brugnoni = works["8964605"]
    assert brugnoni.title == ("Ontogeny of CD40L [corrected] expression by activated peripheral blood lymphocytes "
                              "in humans")
    assert [a.family for a in brugnoni.authors][:2] == ["Brugnoni", "Airò"]
    only_ids = works["18663564"]
    assert (only_ids.title, only_ids.doi, only_ids.authors) == (None, "10.1007/s10875-008-9219-y", [])


def test_comments_corrections_facts_become_pubmed_links() -> None:
    fact = {"pmid": "1", "title": "A retracted finding", "comments_corrections": [
        {"type": "RetractionIn", "ref_source": "J Example. 2001;2:3", "pmid": "2"}]}
    (work,) = parse_xml(snapshot_xml([fact]))
    assert work.notices == [Notice("RetractionIn", "J Example. 2001;2:3", "2")]
