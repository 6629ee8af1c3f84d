"""The evidence a cited text gives for a claim: its best sentences and a verdict."""
from __future__ import annotations

from citetrace.citations.evidence import (
    Assessment,
    CitedText,
    assess_citation,
    document_abbreviations,
    strip_citations,
)

ABSTRACT = (
    "BACKGROUND: CD40 ligand (CD40L) is expressed on activated T cells.\n"
    "RESULTS: Mice lacking CD40L formed no germinal centres (P < .05). Antibody titres fell by 2.5-fold.\n"
    "CONCLUSIONS: Germinal centre formation depends on CD40L."
)


def test_no_text_when_the_work_has_no_abstract_or_full_text() -> None:
    assert assess_citation("CD40L is needed", "CD40L is needed [3].", {}, []) == Assessment("no_text", None, ())
    assert assess_citation("x", "x", {}, [CitedText("abstract", "  \n")]).evidence == "no_text"


def test_best_sentences_come_with_their_offsets_section_and_source() -> None:
    assessment = assess_citation(
        "germinal centre formation depends on CD40 ligand",
        "In mice, germinal centre formation depends on CD40 ligand [4].",
        document_abbreviations("the CD40 ligand (CD40L) of T cells"),
        [CitedText("abstract", ABSTRACT)],
    )
    best = assessment.sentences[0]
    assert (best.rank, best.sentence, best.sentence_index, best.section, best.source) == (
        1, "Germinal centre formation depends on CD40L.", 3, "CONCLUSIONS", "abstract",
    )
    assert ABSTRACT[best.start:best.end] == best.sentence
    assert [item.rank for item in assessment.sentences] == [1, 2, 3]
    assert assessment.evidence == "on_point"
    assert 0.0 <= assessment.evidence_score <= 1.0


def test_a_full_text_beats_the_abstract() -> None:
    full_text = "Introduction\nWe studied germinal centres.\nResults\nGerminal centres need CD40L."
    assessment = assess_citation(
        "germinal centres need CD40L", "Germinal centres need CD40L [2].", {},
        [CitedText("abstract", ABSTRACT), CitedText("full_text", full_text)],
    )
    assert [(item.source, item.section, item.sentence) for item in assessment.sentences[:1]] == [
        ("full_text", "RESULTS", "Germinal centres need CD40L."),
    ]


def test_a_text_about_something_else_is_silent() -> None:
    assessment = assess_citation(
        "statins lower the risk of stroke in older adults",
        "Statins lower the risk of stroke in older adults [7].",
        {},
        [CitedText("abstract", ABSTRACT)],
    )
    assert assessment.evidence == "silent"


def test_citation_markers_are_not_words_of_the_claim() -> None:
    assert strip_citations("UNG [10], as shown [@smith2020] \\citep{lee} (Smith et al., 2010).").split() == [
        "UNG", ",", "as", "shown", ".",
    ]


EXPANSION_TEXT = (
    "Boys lacking CD40 ligand were followed for ten years. "
    "Patients lacking antibodies were followed for five years. "
    "Germinal centres were absent in patients given antibodies. "
    "Germinal centres were absent in the CD40L-deficient boys."
)


def test_a_short_form_in_the_claim_finds_the_long_form_in_the_source() -> None:
    abbreviations = document_abbreviations("Boys without CD40 ligand (CD40L) have hyper-IgM syndrome.")
    assessment = assess_citation("Patients lacking CD40L", "Patients lacking CD40L were followed [3].", abbreviations,
                                 [CitedText("abstract", EXPANSION_TEXT)])
    assert assessment.sentences[0].sentence == "Boys lacking CD40 ligand were followed for ten years."


def test_a_long_form_in_the_claim_finds_the_short_form_in_the_source() -> None:
    abbreviations = document_abbreviations("Boys without CD40 ligand (CD40L) have hyper-IgM syndrome.")
    assessment = assess_citation("germinal centres are absent without CD40 ligand",
                                 "Germinal centres are absent without CD40 ligand [3].", abbreviations,
                                 [CitedText("abstract", EXPANSION_TEXT)])
    assert assessment.sentences[0].sentence == "Germinal centres were absent in the CD40L-deficient boys."
