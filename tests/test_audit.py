"""The audit names each field where the cited string disagrees with the matched PubMed record."""
from __future__ import annotations

from citetrace.citations.audit import audit_citation
from citetrace.citations.model import Author, Reference, Work

WINKELSTEIN = Reference(
    number=5, raw="", authors=[Author("Winkelstein", "JA", "JA")], et_al=True,
    title="The X-linked hyper-IgM syndrome: clinical and immunologic features of 79 patients",
    container_title="Medicine (Baltimore)", year=2003, volume="82", page="373",
)
RECORD = Work(
    title="The X-linked hyper-IgM syndrome: clinical and immunologic features of 79 patients.",
    authors=[Author("Winkelstein", "Jerry A", "JA")], journal="Medicine (Baltimore)", year=2003, volume="82",
    pages="373-84", pmid="14663287", source="pubmed",
)


def cited(**fields) -> Reference:
    base = dict(vars(WINKELSTEIN))
    base.update(fields)
    return Reference(**base)


def test_a_faithful_citation_has_no_discrepancy() -> None:
    assert audit_citation(WINKELSTEIN, RECORD) == {}


def test_case_diacritics_punctuation_and_page_ranges_are_not_discrepancies() -> None:
    loose = cited(authors=[Author("WINKELSTÉIN")], title="The X linked Hyper-IgM Syndrome - clinical and "
                  "immunologic features of 79 patients.", page="373-384")
    assert audit_citation(loose, RECORD) == {}


def test_year_volume_page_and_author_differences() -> None:
    wrong = cited(year=2002, volume="83", page="337", authors=[Author("Winkelstien", "JA", "JA")])
    assert audit_citation(wrong, RECORD) == {
        "year": {"cited": 2002, "pubmed": 2003},
        "volume": {"cited": "83", "pubmed": "82"},
        "first_page": {"cited": "337", "pubmed": "373-84"},
        "author": {"cited": "Winkelstien", "pubmed": "Winkelstein"},
    }


def test_title_words_only_one_side_has() -> None:
    ref = Reference(number=4, raw="", title="Cellular and molecular characterisation of the hyper "
                    "immunoglobulin M syndrome associated with congenital rubella infection")
    work = Work(title="Cellular and molecular characterization of the hyper immunoglobulin M syndrome "
                "associated with congenital rubella infection")
    assert audit_citation(ref, work) == {"title": {
        "cited": ref.title, "pubmed": work.title, "cited_only": "characterisation", "pubmed_only": "characterization"}}


def test_fields_missing_on_either_side_are_not_audited() -> None:
    assert audit_citation(cited(year=None, volume=None, page=None, title=None), Work(authors=[])) == {}
