"""A PubMed candidate is accepted only when independent fields of the citation agree with it."""
from __future__ import annotations

import pytest

from citetrace.citations.model import Author, Reference, Work
from citetrace.citations.normalize import first_page, surname_key, title_similarity
from citetrace.ingest.pubmed.verify import verify_candidate

KORTHAUER = Reference(
    number=16, raw="", authors=[Author("Korthäuer", "U", "U")], et_al=True,
    title="Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM",
    container_title="Nature", year=1993, volume="361", page="539",
)


def pubmed(**fields) -> Work:
    base = dict(
        title="Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM.",
        authors=[Author("Korthäuer", "Ulf", "U"), Author("Graf", "Daniel", "D")], journal="Nature",
        year=1993, volume="361", pages="539-41", pmid="8094230", source="pubmed",
    )
    base.update(fields)
    return Work(**base)


def cited(**fields) -> Reference:
    base = dict(vars(KORTHAUER))
    base.update(fields)
    return Reference(**base)


def test_full_agreement_is_accepted_with_score_one() -> None:
    assert verify_candidate(KORTHAUER, pubmed()) == (True, 1.0, {
        "title": "agree", "author": "agree", "year": "agree", "volume": "agree", "first_page": "agree"})


@pytest.mark.parametrize("cited_name, pubmed_name", [
    ("Korthäuer", "Korthauer"), ("KORTHÄUER", "Korthäuer"), ("de Saint Basile", "De Saint Basile"),
    ("Erdos", "Erdős"), ("Hadzić", "Hadzic"), ("O'Gorman", "OGorman"), ("Pan-Hammarström", "Pan-Hammarstrom"),
])
def test_surnames_compare_without_case_diacritics_punctuation_or_particles(cited_name, pubmed_name) -> None:
    assert surname_key(cited_name) == surname_key(pubmed_name)
    assert verify_candidate(cited(authors=[Author(cited_name)]), pubmed(authors=[Author(pubmed_name)]))[2][
        "author"] == "agree"


def test_cited_first_page_agrees_with_a_pubmed_range() -> None:
    assert first_page("539-41") == first_page("539") == "539"
    assert verify_candidate(cited(page="539"), pubmed(pages="539-41"))[2]["first_page"] == "agree"
    assert verify_candidate(cited(page="541"), pubmed(pages="539-41"))[2]["first_page"] == "differ"


def test_title_similarity_ignores_case_punctuation_and_the_corrected_note() -> None:
    assert title_similarity("Ontogeny of CD40L expression by activated peripheral blood lymphocytes in humans.",
                            "Ontogeny of CD40L [corrected] expression by activated peripheral blood lymphocytes "
                            "in humans") == 1.0
    assert title_similarity("NF-kappaB signaling", "NF-\u03baB signaling.") == 1.0


def test_an_epub_year_one_off_is_near_and_accepted() -> None:
    accepted, score, fields = verify_candidate(cited(year=1992), pubmed())
    assert (accepted, fields["year"], score) == (True, "near", 0.938)


def test_one_wrong_locator_is_tolerated_when_the_title_agrees() -> None:
    accepted, _, fields = verify_candidate(cited(page="593"), pubmed())
    assert accepted and fields["first_page"] == "differ"


def test_two_wrong_locators_are_not() -> None:
    assert verify_candidate(cited(page="593", volume="316"), pubmed())[0] is False


def test_wrong_journal_citation_match_with_another_title_and_author_is_rejected() -> None:
    """ECitMatch given a wrong journal returns whatever sits at that volume and page elsewhere."""
    other = pubmed(title="Hepatic lipase activity in obese adolescents", authors=[Author("Smith", "J", "J")],
                   journal="J Lipid Res", pmid="999")
    accepted, score, fields = verify_candidate(KORTHAUER, other)
    assert accepted is False
    assert fields == {"title": "differ", "author": "differ", "year": "agree", "volume": "agree",
                      "first_page": "agree"}
    assert score < 0.5


def test_locators_and_author_accept_an_abbreviated_cited_title() -> None:
    short = cited(title="Defective expression of CD40 ligand in X-linked hyper-IgM")
    assert verify_candidate(short, pubmed())[0] is True


def test_title_with_only_author_needs_a_near_identical_title() -> None:
    bare = cited(year=None, volume=None, page=None)
    assert verify_candidate(bare, pubmed())[0] is True
    paraphrase = cited(year=None, volume=None, page=None,
                       title="Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency")
    assert verify_candidate(paraphrase, pubmed())[0] is False


def test_same_title_without_any_other_agreeing_field_is_rejected() -> None:
    assert verify_candidate(cited(authors=[], year=None, volume=None, page=None), pubmed())[0] is False


def test_an_erratum_record_is_not_the_article() -> None:
    erratum = pubmed(pages="712", publication_types=["Published Erratum"], authors=[])
    assert verify_candidate(cited(), erratum)[0] is False
    assert verify_candidate(cited(title="Erratum: " + KORTHAUER.title, page="712"), erratum)[0] is True


def test_missing_fields_are_neither_for_nor_against() -> None:
    accepted, score, fields = verify_candidate(cited(volume=None), pubmed(authors=[]))
    assert (accepted, score) == (True, 1.0)
    assert fields["volume"] == fields["author"] == "missing"
