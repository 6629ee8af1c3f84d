"""PubMed XML into Work records with Bio.Entrez, offline, for every DTD generation in the NLM samples."""
from __future__ import annotations

import gc
import io
from pathlib import Path
from urllib import request

import pytest

from citetrace.citations.model import Author, MeshHeading, Notice
from citetrace.ingest.pubmed.records import (
    PubmedXmlError,
    iter_raw_records,
    open_xml,
    parse_records,
    parse_xml,
    read_works,
    shipped_dtd,
)

DATA = Path(__file__).parent / "data"
EFETCH = DATA / "pubmed-29768149.xml"  # one EFetch record, pubmed_190101 DTD
CURRENT = DATA / "test_current_medline.xml.gz"  # PubmedArticleSet, pubmed_240101 DTD
MEDLINE_2016 = DATA / "medline16n0902.xml.gz"  # MedlineCitationSet, nlmmedlinecitationset_160101 (not shipped)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bio.Entrez downloads a DTD it does not ship through urlopen; any such attempt fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args[:1]}")
    monkeypatch.setattr("Bio.Entrez.Parser.urlopen", refuse)
    monkeypatch.setattr(request, "urlopen", refuse)


@pytest.fixture(scope="module")
def nejm():
    (work,) = list(read_works(EFETCH))
    return work


def test_efetch_record_bibliographic_fields(nejm) -> None:
    assert nejm.source == "pubmed"
    assert nejm.type == "article-journal"
    assert nejm.pmid == "29768149"
    assert nejm.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma"
    assert nejm.journal == "N Engl J Med"
    assert nejm.journal_full == "The New England journal of medicine"
    assert (nejm.year, nejm.month, nejm.day) == (2018, "May", 17)
    assert (nejm.volume, nejm.issue, nejm.pages) == ("378", "20", "1865-1876")
    assert nejm.doi == "10.1056/NEJMoa1715274"
    assert nejm.pmcid is None
    assert nejm.language == "eng"
    assert nejm.publication_types == [
        "Clinical Trial, Phase III", "Comparative Study", "Journal Article", "Multicenter Study",
        "Randomized Controlled Trial", "Research Support, Non-U.S. Gov't",
    ]
    assert nejm.keywords == []


def test_efetch_record_authors_in_order_with_first_affiliation(nejm) -> None:
    assert [(a.family, a.given, a.initials) for a in nejm.authors] == [
        ("O'Byrne", "Paul M", "PM"), ("FitzGerald", "J Mark", "JM"), ("Bateman", "Eric D", "ED"),
        ("Barnes", "Peter J", "PJ"), ("Zhong", "Nanshan", "N"), ("Keen", "Christina", "C"),
        ("Jorup", "Carin", "C"), ("Lamarca", "Rosa", "R"), ("Ivanov", "Stefan", "S"), ("Reddel", "Helen K", "HK"),
    ]
    assert nejm.authors_complete is True
    assert nejm.authors[0].affiliation.startswith("From the Firestone Institute for Respiratory Health, ")
    assert nejm.authors[0].orcid is None


def test_efetch_record_abstract_sections_joined_with_labels_and_markup_dropped(nejm) -> None:
    lines = nejm.abstract.splitlines()
    assert [line.split(": ")[0] for line in lines] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert lines[0] == (
        "BACKGROUND: In patients with mild asthma, as-needed use of an inhaled glucocorticoid plus a fast-acting "
        "\u03b2 2-agonist may be an alternative to conventional treatment strategies."
    )


def test_efetch_record_mesh_with_qualifiers_and_major_flags(nejm) -> None:
    assert len(nejm.mesh) == 23
    assert nejm.mesh[0] == MeshHeading("Administration, Inhalation", "D000280", False, [], [])
    assert nejm.mesh[4] == MeshHeading("Asthma", "D001249", False, ["drug therapy"], ["drug therapy"])
    assert nejm.mesh[5] == MeshHeading("Bronchodilator Agents", "D001993", False,
                                       ["administration & dosage", "adverse effects"], ["administration & dosage"])
    assert nejm.mesh[14] == MeshHeading("Glucocorticoids", "D005938", False, ["administration & dosage"], [])


def test_efetch_record_comments_corrections_as_notices(nejm) -> None:
    assert nejm.notices == [
        Notice("CommentIn", "N Engl J Med. 2018 May 17;378(20):1940-1942", "29768146"),
        Notice("CommentIn", "Ann Intern Med. 2018 Sep 18;169(6):JC31", "30242404"),
    ]


def test_current_format_records() -> None:
    works = {w.pmid: w for w in read_works(CURRENT)}
    assert list(works) == ["36400559", "2930949", "11446611", "28786991"]
    back_pain = works["36400559"]
    assert back_pain.title == "Back Pain: Differential Diagnosis and Management"
    assert (back_pain.journal, back_pain.year, back_pain.month, back_pain.volume, back_pain.issue,
            back_pain.pages) == ("Neurol Clin", 2023, "Feb", "41", "1", "61-76")
    assert back_pain.doi == "10.1016/j.ncl.2022.07.002"
    assert back_pain.keywords == ["Back pain", "Diagnosis", "Management", "Outpatient"]
    assert back_pain.mesh[1] == MeshHeading("Low Back Pain", "D017116", True, ["diagnosis", "etiology", "therapy"], [])
    assert works["2930949"].pmcid == "PMC1306303"
    assert works["2930949"].authors == [Author("Reuler", "J B", "JB")]
    assert (works["11446611"].year, works["11446611"].month) == (2001, "May-Jun")  # a Season
    assert works["11446611"].doi == "10.7861/clinmedicine.1-3-188"
    plos = works["28786991"]
    assert plos.pages == "e0180707"
    assert plos.authors[0].orcid == "0000-0002-5721-6764"
    assert plos.publication_types == ["Journal Article", "Meta-Analysis", "Review", "Systematic Review"]


def test_2016_medline_citation_set_parses_offline_with_the_nearest_shipped_dtd() -> None:
    works = {w.pmid: w for w in read_works(MEDLINE_2016)}
    assert len(works) == 604
    first = works["17942999"]
    assert first.title == ("Neuroplasticity in the processing of pitch dimensions: a multidimensional scaling "
                           "analysis of the mismatch negativity")
    assert first.journal == "Restor. Neurol. Neurosci."
    assert first.journal_full == "Restorative neurology and neuroscience"
    assert (first.year, first.volume, first.issue, first.pages) == (2007, "25", "3-4", "195-210")
    assert [a.family for a in first.authors] == ["Chandrasekaran", "Gandour", "Krishnan"]
    assert first.abstract.startswith("PURPOSE: An auditory electrophysiological study")


def test_medline_date_gives_its_first_year_and_month() -> None:
    works = {w.pmid: w for w in read_works(MEDLINE_2016)}
    assert (works["18621939"].year, works["18621939"].month, works["18621939"].day) == (2008, "Jul", None)


def test_collective_author_kept_whole() -> None:
    works = {w.pmid: w for w in read_works(MEDLINE_2016)}
    authors = works["25345997"].authors
    assert authors[0] == Author("Movement Disorder Group", collective=True)
    assert (authors[1].family, authors[1].given, authors[1].initials, authors[1].collective) == (
        "Chan", "Anne Y Y", "AY", False)


def test_unshipped_dtds_are_replaced_by_the_newest_shipped_of_their_family() -> None:
    assert shipped_dtd("pubmed_250101.dtd", "pubmed_") == "pubmed_250101.dtd"
    assert shipped_dtd("pubmed_190101.dtd", "pubmed_") == "pubmed_190101.dtd"
    assert shipped_dtd("pubmed_990101.dtd", "pubmed_") >= "pubmed_250101.dtd"
    assert shipped_dtd("nlmmedlinecitationset_160101.dtd", "nlmmedlinecitationset_") >= \
        "nlmmedlinecitationset_150101.dtd"


def test_efetch_bytes_and_a_stream_without_doctype_parse_alike() -> None:
    data = EFETCH.read_bytes()
    bare = data.replace(data[data.index(b"<!DOCTYPE"): data.index(b"<PubmedArticleSet>")], b"")
    assert [w.pmid for w in parse_xml(data)] == ["29768149"]
    assert [w.title for w in read_works(io.BytesIO(bare))] == [parse_xml(data)[0].title]


def test_book_article_becomes_a_chapter() -> None:
    xml = b"""<?xml version="1.0"?>
<PubmedArticleSet><PubmedBookArticle><BookDocument><PMID Version="1">20301508</PMID>
<ArticleIdList><ArticleId IdType="bookaccession">NBK1402</ArticleId></ArticleIdList>
<Book><Publisher><PublisherName>University of Washington, Seattle</PublisherName>
<PublisherLocation>Seattle (WA)</PublisherLocation></Publisher><BookTitle book="gene">GeneReviews&#xae;</BookTitle>
<PubDate><Year>1993</Year></PubDate>
<AuthorList Type="editors"><Author><LastName>Adam</LastName><ForeName>Margaret P</ForeName>
<Initials>MP</Initials></Author></AuthorList>
</Book><ArticleTitle book="gene" part="x-hyper-igm">X-Linked Hyper IgM Syndrome</ArticleTitle>
<Language>eng</Language>
<AuthorList Type="authors"><Author><LastName>Johnson</LastName><ForeName>Judith</ForeName>
<Initials>J</Initials></Author></AuthorList>
<PublicationType UI="D016454">Review</PublicationType>
</BookDocument></PubmedBookArticle></PubmedArticleSet>"""
    (work,) = parse_xml(xml)
    assert (work.type, work.pmid, work.title, work.container_title) == (
        "chapter", "20301508", "X-Linked Hyper IgM Syndrome", "GeneReviews\u00ae")
    assert [a.family for a in work.authors] == ["Johnson"]
    assert [a.family for a in work.editors] == ["Adam"]
    assert (work.publisher, work.publisher_place, work.year) == (
        "University of Washington, Seattle", "Seattle (WA)", 1993)
    assert work.publication_types == ["Review"]


def test_raw_records_are_cut_in_bounded_pieces_with_their_pmid() -> None:
    with open_xml(MEDLINE_2016) as stream:
        records = list(iter_raw_records(stream))
    assert len(records) == 604
    assert records[0].pmid == "17942999"
    assert records[0].xml.startswith(b"<MedlineCitation ") and records[0].xml.endswith(b"</MedlineCitation>")


def test_truncated_and_foreign_xml_are_refused() -> None:
    data = EFETCH.read_bytes()
    with pytest.raises(PubmedXmlError, match="truncated <PubmedArticle>"):
        parse_xml(data[: len(data) // 2])
    with pytest.raises(PubmedXmlError, match="no </PubmedArticleSet> at the end"):
        parse_xml(data[: data.index(b"</PubmedArticle>") + len(b"</PubmedArticle>")])
    with pytest.raises(PubmedXmlError, match="root element <eSearchResult>"):
        parse_xml(b'<?xml version="1.0"?><eSearchResult><Count>0</Count></eSearchResult>')


def cyclic_garbage_of_parsing(records: list) -> int:
    """Objects only the garbage collector frees that parsing these records leaves behind."""
    gc.collect()
    gc.disable()
    try:
        parse_records(records)
        return gc.collect()
    finally:
        gc.enable()


def test_parsing_leaves_no_parse_tree_for_the_garbage_collector() -> None:
    with open_xml(MEDLINE_2016) as stream:
        records = list(iter_raw_records(stream))
    assert len(records) == 604
    assert cyclic_garbage_of_parsing(records) == cyclic_garbage_of_parsing(records[:1])
