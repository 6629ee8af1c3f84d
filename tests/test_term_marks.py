"""The claim's terms marked in an evidence sentence (citations.term_marks): words, their forms, numbers."""
from __future__ import annotations

from citetrace.citations.term_marks import claim_terms, marked_pieces


def marked(sentence: str, claim: str, abbreviations: dict[str, str] | None = None) -> list[str]:
    return [text for text, is_marked in marked_pieces(sentence, claim_terms(claim, abbreviations)) if is_marked]


def test_the_pieces_join_to_the_sentence() -> None:
    sentence = "Mutations of the CD40 gene (P < .05) cause it."
    assert "".join(text for text, _ in marked_pieces(sentence, claim_terms("CD40 mutations"))) == sentence


def test_a_word_and_its_forms_are_marked_but_not_stop_words() -> None:
    assert marked("Mutations of the CD40 gene were found in the patients.", "a mutation of CD40 in a patient") == [
        "Mutations", "CD40", "patients"]


def test_numbers_are_marked_whole() -> None:
    assert marked("The frequency was 2 per 1,000,000 males.", "2:1,000,000 males") == ["2", "1,000,000", "males"]


def test_a_hyphenated_word_is_marked_when_a_part_is_a_term() -> None:
    assert marked("Class-switch recombination is defective.", "defective switch") == ["Class-switch", "defective"]


def test_an_abbreviation_the_document_defines_marks_its_long_form() -> None:
    assert marked("CD40 ligand is absent.", "CD40L deficiency", {"CD40L": "CD40 ligand"}) == ["CD40", "ligand"]
