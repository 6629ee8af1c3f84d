"""Works built from citations, and PubMed records completed from the citation that matched them."""
from __future__ import annotations

from citetrace.citations.cited_work import fill_from_reference, work_from_reference
from citetrace.citations.model import Author, Work
from citetrace.citations.references import parse_reference

WINKELSTEIN = parse_reference(
    "Winkelstein JA, Marino MC, Ochs H, et al. The X-linked hyper-IgM syndrome: clinical and immunologic "
    "features of 79 patients. Medicine (Baltimore) 2003; 82:373.",
    5,
)


def test_cited_work_keeps_the_cited_fields_and_the_et_al_cut() -> None:
    work = work_from_reference(WINKELSTEIN)
    assert (work.journal, work.year, work.volume, work.pages, work.source, work.authors_complete) == (
        "Medicine (Baltimore)", 2003, "82", "373", "cited", False
    )
    assert [a.family for a in work.authors] == ["Winkelstein", "Marino", "Ochs"]


def test_record_without_authors_takes_the_cited_ones_marked_incomplete() -> None:
    record = Work(title="The X-linked hyper-IgM syndrome", pmid="14663287", year=2003, volume="82",
                  pages="373-84", source="pubmed")
    filled = fill_from_reference(record, WINKELSTEIN)
    assert ([a.family for a in filled.authors], filled.authors_complete) == (["Winkelstein", "Marino", "Ochs"], False)
    assert (filled.journal, filled.pages, filled.pmid) == ("Medicine (Baltimore)", "373-84", "14663287")


def test_record_fields_win_over_the_citation() -> None:
    record = Work(title="PubMed title", authors=[Author("Winkelstein", "Jerry A", "JA")], journal="Medicine",
                  year=2003, volume="82", pages="373-84", pmid="14663287", source="pubmed")
    assert fill_from_reference(record, WINKELSTEIN) is record
