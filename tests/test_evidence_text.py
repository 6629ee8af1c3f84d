"""The cited text as the evidence scorer reads it: sentences with offsets and sections, and abbreviations."""
from __future__ import annotations

from citetrace.citations.cited_text import split_cited_text
from citetrace.citations.evidence import document_abbreviations


def sentences(text: str) -> list[tuple[str | None, str]]:
    return [(item.section, text[item.start:item.end]) for item in split_cited_text(text)]


def test_abbreviations_decimals_and_p_values_do_not_end_a_sentence() -> None:
    text = (
        "Doses of 2.5 mg were given, e.g. to n = 12 patients vs. 10 controls (P < .05). "
        "Fig. 2 shows the means, i.e. the adjusted ones, as Smith et al. reported. "
        "J. R. Smith measured them."
    )
    assert sentences(text) == [
        (None, "Doses of 2.5 mg were given, e.g. to n = 12 patients vs. 10 controls (P < .05)."),
        (None, "Fig. 2 shows the means, i.e. the adjusted ones, as Smith et al. reported."),
        (None, "J. R. Smith measured them."),
    ]


def test_structured_abstract_labels_are_sections_not_text() -> None:
    text = (
        "BACKGROUND: Prions persist. We asked how often.\n"
        "METHODS AND RESULTS: Of 32,441 samples, 16 were positive.\n"
        "CONCLUSIONS: Prevalence is 493 per million."
    )
    assert sentences(text) == [
        ("BACKGROUND", "Prions persist."),
        ("BACKGROUND", "We asked how often."),
        ("METHODS AND RESULTS", "Of 32,441 samples, 16 were positive."),
        ("CONCLUSIONS", "Prevalence is 493 per million."),
    ]


def test_offsets_give_the_sentence_exactly() -> None:
    text = "RESULTS:  Mice lacking CD40L had fewer germinal centres.  Uracil was unchanged.\nSecond line here."
    for item in split_cited_text(text):
        assert text[item.start:item.end] == text[item.start:item.end].strip()
    assert [(item.index, item.start, item.end) for item in split_cited_text(text)] == [
        (0, 10, 56), (1, 58, 79), (2, 80, 97),
    ]


def test_a_full_text_heading_names_the_paragraphs_under_it() -> None:
    text = "Introduction\nUNG removes uracil.\nResults: Cells lacking UNG died.\nThey did so quickly."
    assert sentences(text) == [
        ("INTRODUCTION", "UNG removes uracil."),
        ("RESULTS", "Cells lacking UNG died."),
        ("RESULTS", "They did so quickly."),
    ]


def test_a_sentence_opening_with_capitals_is_not_a_label() -> None:
    text = "DNA damage rose.\nHIV: a virus that spreads.\nAIMS: To count."
    assert sentences(text) == [
        (None, "DNA damage rose."),
        (None, "HIV: a virus that spreads."),
        ("AIMS", "To count."),
    ]


def test_schwartz_hearst_definitions_both_ways_round() -> None:
    text = (
        "Expression of CD40 ligand (CD40L) on T cells needs uracil N-glycosylase (UNG) [10]. "
        "HIV (human immunodeficiency virus) infects them; body mass index (BMI; kg/m2) was higher "
        "and 5-fluorouracil (5-FU) was given to patients (n = 12)."
    )
    assert document_abbreviations(text) == {
        "CD40L": "CD40 ligand",
        "UNG": "uracil N-glycosylase",
        "HIV": "human immunodeficiency virus",
        "BMI": "body mass index",
        "5-FU": "5-fluorouracil",
    }


def test_the_first_definition_wins() -> None:
    assert document_abbreviations("Ultrasound (US) was used. The United States (US) agreed.") == {"US": "Ultrasound"}
