"""Specification of sentence splitting and claim extraction (citations.claims)."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from citetrace.citations.claims import claims_to_json, extract_claims, split_sentences
from citetrace.citations.model import Claim, TopicLink

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "ingest" / "data" / "hyper-igm-syndromes.txt"
OTHER = ROOT / "tests" / "data" / "other-review.txt"
SEED_REFERENCES = 70
OTHER_REFERENCES = 11


def body_paragraphs(path: Path) -> list[str]:
    """The body of a review: the blank-line separated blocks between the contributors and the log-in notice."""
    blocks = [block.strip() for block in path.read_text(encoding="utf-8").split("\n\n")]
    first = next(i for i, block in enumerate(blocks) if "Deputy Editor" in block) + 1
    last = next(i for i, block in enumerate(blocks) if block.startswith("Subscribers log in here"))
    return [block for block in blocks[first:last] if block]


SEED_P0_S0 = (
    "The hyperimmunoglobulin M (hyper-IgM or HIGM) syndromes include a heterogeneous group of conditions "
    "characterized by defective class-switch recombination (CSR), resulting in normal or increased levels of "
    "serum IgM associated with deficiency of IgG, IgA, and IgE and poor antibody function [1]."
)
SEED_P0_S1 = (
    "Hyper-IgM syndrome includes several genetically determined diseases [2,3], but may also be secondary to "
    "congenital rubella syndrome [4], use of phenytoin, T cell leukemia, or lymphomas [1]."
)
SEED_P0_S2 = "This topic review discusses in detail only genetically determined forms of hyper-IgM syndrome."
SEED_P0_S3 = '(See "Congenital rubella syndrome: Clinical features and diagnosis".)'
SEED_P1_S0 = "All forms of hyper-IgM syndrome are rare."
SEED_P1_S1 = "The estimated frequency of CD40 ligand (CD40L) deficiency is 2:1,000,000 males [5]."
SEED_P1_S2 = (
    "Although no data are available on the frequency of activation-induced cytidine deaminase (AID) "
    "deficiency, this disorder is estimated to affect fewer than 1:1,000,000 individuals."
)
SEED_P1_S3 = (
    "In contrast, there are only a few reported cases of CD40 [6-9] and uracil N-glycosylase (UNG) [10] "
    "deficiencies."
)
SEED_P1_S4 = "There is parental consanguinity in several families with autosomal recessive hyper-IgM syndrome."
SEED_P2 = (
    'Maturation of antibody responses is marked by a series of events that include (see "Immunoglobulin '
    'genetics"):'
)
SEED_P3 = (
    "Class-switch recombination (CSR, also called class-switching), whereby the immunoglobulin mu heavy chain "
    "is replaced by other heavy chain isotypes with distinct biologic properties, resulting in production of "
    "immunoglobulin isotypes other than IgM."
)
SEED_P4 = (
    "Somatic hypermutation (SHM), by which somatic mutations are introduced in the variable region of actively "
    "transcribed immunoglobulin genes, thereby allowing production of high-affinity antibodies."
)


def seed_claims() -> tuple[list[Claim], list[TopicLink]]:
    return extract_claims(body_paragraphs(SEED), reference_numbers=range(1, SEED_REFERENCES + 1))


def summary(claims: list[Claim]) -> list[tuple[int, int, str | None, list[int], str]]:
    return [(c.paragraph, c.sentence_index, c.marker, c.refs, c.text) for c in claims]


# Sentence splitting


def test_seed_body_has_five_paragraphs():
    assert body_paragraphs(SEED) == [
        " ".join([SEED_P0_S0, SEED_P0_S1, SEED_P0_S2, SEED_P0_S3]),
        " ".join([SEED_P1_S0, SEED_P1_S1, SEED_P1_S2, SEED_P1_S3, SEED_P1_S4]),
        SEED_P2,
        SEED_P3,
        SEED_P4,
    ]


def test_seed_first_paragraph_splits_before_the_see_note():
    assert split_sentences(body_paragraphs(SEED)[0]) == [SEED_P0_S0, SEED_P0_S1, SEED_P0_S2, SEED_P0_S3]


def test_seed_second_paragraph_does_not_split_inside_ratios():
    assert split_sentences(body_paragraphs(SEED)[1]) == [SEED_P1_S0, SEED_P1_S1, SEED_P1_S2, SEED_P1_S3, SEED_P1_S4]


def test_list_item_is_one_sentence():
    assert split_sentences(SEED_P3) == [SEED_P3]


def test_et_al_does_not_end_a_sentence():
    text = "As Karlsson et al. (2003) reported, most infants recover. Others do not."
    assert split_sentences(text) == ["As Karlsson et al. (2003) reported, most infants recover.", "Others do not."]


def test_e_g_and_i_e_do_not_end_a_sentence():
    text = "Some mutations, e.g. CD40 defects, are autosomal. Others, i.e. X-linked forms, are not."
    assert split_sentences(text) == [
        "Some mutations, e.g. CD40 defects, are autosomal.",
        "Others, i.e. X-linked forms, are not.",
    ]


def test_vs_before_a_number_does_not_end_a_sentence():
    text = "IgG was lower (2.9 vs. 5.6 g/L). Vaccine responses were preserved."
    assert split_sentences(text) == ["IgG was lower (2.9 vs. 5.6 g/L).", "Vaccine responses were preserved."]


def test_fig_before_a_number_does_not_end_a_sentence():
    text = "The pathway is shown in Fig. 2 and discussed below. It has two branches."
    assert split_sentences(text) == ["The pathway is shown in Fig. 2 and discussed below.", "It has two branches."]


def test_title_before_a_name_does_not_end_a_sentence():
    text = "Dr. Smith described the first case. It was fatal."
    assert split_sentences(text) == ["Dr. Smith described the first case.", "It was fatal."]


def test_initialism_does_not_end_a_sentence():
    text = "It was approved by the U.S. Food and Drug Administration in 2004. Use is off label elsewhere."
    assert split_sentences(text) == [
        "It was approved by the U.S. Food and Drug Administration in 2004.",
        "Use is off label elsewhere.",
    ]


def test_initials_of_a_name_do_not_end_a_sentence():
    text = "The case was reported by Dr. J. R. Smith in Boston. It was fatal."
    assert split_sentences(text) == ["The case was reported by Dr. J. R. Smith in Boston.", "It was fatal."]


def test_single_capital_after_a_word_ends_a_sentence():
    text = "Infants should receive vaccination against hepatitis B. Live vaccines are avoided."
    assert split_sentences(text) == [
        "Infants should receive vaccination against hepatitis B.",
        "Live vaccines are avoided.",
    ]


def test_decimals_and_ratios_do_not_end_a_sentence():
    text = "The prevalence is 0.5 per 1000, or about 2:1,000,000 males. It is rare."
    assert split_sentences(text) == ["The prevalence is 0.5 per 1000, or about 2:1,000,000 males.", "It is rare."]


def test_journal_abbreviation_without_stops_does_not_end_a_sentence():
    text = "It was reviewed in Br J Haematol 2010; 149:167 by Davies. It is cited often."
    assert split_sentences(text) == ["It was reviewed in Br J Haematol 2010; 149:167 by Davies.", "It is cited often."]


def test_marker_after_the_full_stop_stays_with_its_sentence():
    text = "Most cases are X-linked. [3] Autosomal forms are rarer."
    assert split_sentences(text) == ["Most cases are X-linked. [3]", "Autosomal forms are rarer."]


def test_question_and_exclamation_marks_end_sentences():
    assert split_sentences("Is it inherited? Usually! Not always.") == ["Is it inherited?", "Usually!", "Not always."]


def test_full_stops_inside_parentheses_do_not_end_the_sentence():
    text = "Two forms exist (type 1 is X-linked. Type 2 is not.) in humans. Both are rare."
    assert split_sentences(text) == [
        "Two forms exist (type 1 is X-linked. Type 2 is not.) in humans.",
        "Both are rare.",
    ]


def test_unbalanced_parenthesis_does_not_stop_splitting():
    text = "A stray (bracket opens here. The next sentence still splits."
    assert split_sentences(text) == ["A stray (bracket opens here.", "The next sentence still splits."]


def test_lower_case_after_a_full_stop_does_not_start_a_sentence():
    assert split_sentences("Growth was normal, etc. and so on.") == ["Growth was normal, etc. and so on."]


def test_blank_paragraph_has_no_sentences():
    assert split_sentences("   ") == []


TRICKY_WORDS = ["e.g.", "U.S.", "Dr.", "J.", "[2,3].", "(See", '"X".)', "B.", "?", "[ 7, 8 ]", "2:1,000,000"]


@given(st.lists(st.sampled_from(SEED_P0_S0.split() + TRICKY_WORDS), max_size=40))
def test_splitting_neither_loses_nor_adds_text(words):
    paragraph = " ".join(words)
    assert "".join(split_sentences(paragraph)).replace(" ", "") == paragraph.replace(" ", "")


# Claims of the seed


def test_seed_sentence_with_three_markers_gives_three_clauses():
    claims, _ = extract_claims([SEED_P0_S1], reference_numbers=range(1, SEED_REFERENCES + 1))
    assert [(c.marker, c.refs, c.text) for c in claims] == [
        ("[2,3]", [2, 3], "Hyper-IgM syndrome includes several genetically determined diseases"),
        ("[4]", [4], "but may also be secondary to congenital rubella syndrome"),
        ("[1]", [1], "use of phenytoin, T cell leukemia, or lymphomas"),
    ]


def test_clauses_of_one_sentence_share_the_sentence_as_written():
    claims, _ = extract_claims([SEED_P0_S1], reference_numbers=range(1, SEED_REFERENCES + 1))
    assert {c.sentence for c in claims} == {SEED_P0_S1}
    assert {c.sentence_index for c in claims} == {0}


def test_seed_claims_in_reading_order():
    claims, _ = seed_claims()
    assert summary(claims) == [
        (0, 0, "[1]", [1], SEED_P0_S0.removesuffix(" [1].")),
        (0, 1, "[2,3]", [2, 3], "Hyper-IgM syndrome includes several genetically determined diseases"),
        (0, 1, "[4]", [4], "but may also be secondary to congenital rubella syndrome"),
        (0, 1, "[1]", [1], "use of phenytoin, T cell leukemia, or lymphomas"),
        (0, 2, None, [], SEED_P0_S2),
        (1, 3, None, [], SEED_P1_S0),
        (1, 4, "[5]", [5], "The estimated frequency of CD40 ligand (CD40L) deficiency is 2:1,000,000 males"),
        (1, 5, None, [], SEED_P1_S2),
        (1, 6, "[6-9]", [6, 7, 8, 9], "In contrast, there are only a few reported cases of CD40"),
        (1, 6, "[10]", [10], "and uracil N-glycosylase (UNG)"),
        (1, 7, None, [], SEED_P1_S4),
        (2, 8, None, [], SEED_P2),
        (3, 9, None, [], SEED_P3),
        (4, 10, None, [], SEED_P4),
    ]


def test_seed_positions_run_over_the_document():
    claims, _ = seed_claims()
    assert [c.position for c in claims] == list(range(14))


def test_seed_has_seven_markers():
    claims, _ = seed_claims()
    assert [c.marker for c in claims if c.marker] == ["[1]", "[2,3]", "[4]", "[1]", "[5]", "[6-9]", "[10]"]


def test_seed_uncited_sentences_of_the_second_paragraph():
    claims, _ = seed_claims()
    assert [c.sentence for c in claims if c.paragraph == 1 and c.marker is None] == [
        SEED_P1_S0,
        SEED_P1_S2,
        SEED_P1_S4,
    ]


def test_uncited_sentence_is_its_own_text():
    claims, _ = seed_claims()
    uncited = [c for c in claims if c.marker is None]
    assert all(c.text == c.sentence and c.refs == [] for c in uncited)


def test_tail_after_the_last_marker_without_a_separator_is_not_a_claim():
    claims, _ = extract_claims([SEED_P1_S3])
    assert [c.text for c in claims] == [
        "In contrast, there are only a few reported cases of CD40",
        "and uracil N-glycosylase (UNG)",
    ]


def test_seed_topic_links():
    _, links = seed_claims()
    assert links == [
        TopicLink(paragraph=0, title="Congenital rubella syndrome: Clinical features and diagnosis"),
        TopicLink(paragraph=2, title="Immunoglobulin genetics"),
    ]


def test_sentence_that_is_only_a_see_note_is_not_a_claim():
    claims, links = extract_claims([SEED_P0_S3])
    assert claims == []
    assert links == [TopicLink(paragraph=0, title="Congenital rubella syndrome: Clinical features and diagnosis")]


def test_seed_has_no_warnings():
    claims, _ = seed_claims()
    assert [c.warnings for c in claims if c.warnings] == []


def test_claims_to_json_gives_the_contract_fields():
    claims, _ = seed_claims()
    assert claims_to_json(claims)[1:3] == [
        {
            "sentence": SEED_P0_S1,
            "text": "Hyper-IgM syndrome includes several genetically determined diseases",
            "marker": "[2,3]",
            "refs": [2, 3],
            "paragraph": 0,
            "sentence_index": 1,
            "position": 1,
        },
        {
            "sentence": SEED_P0_S1,
            "text": "but may also be secondary to congenital rubella syndrome",
            "marker": "[4]",
            "refs": [4],
            "paragraph": 0,
            "sentence_index": 1,
            "position": 2,
        },
    ]


def test_claims_to_json_of_an_uncited_sentence():
    claims, _ = seed_claims()
    assert claims_to_json(claims)[4] == {
        "sentence": SEED_P0_S2,
        "text": SEED_P0_S2,
        "marker": None,
        "refs": [],
        "paragraph": 0,
        "sentence_index": 2,
        "position": 4,
    }


# Claims of the second review


def test_other_review_claims_in_reading_order():
    claims, _ = extract_claims(body_paragraphs(OTHER), reference_numbers=range(1, OTHER_REFERENCES + 1))
    assert summary(claims) == [
        (0, 0, "[1,3]", [1, 3], (
            "Transient hypogammaglobulinemia of infancy (THI) is defined by serum IgG levels more than two standard "
            "deviations below the age-specific mean after the physiologic nadir at 3 to 6 months of age"
        )),
        (0, 1, "[2-4]", [2, 3, 4], (
            "Most infants reach normal immunoglobulin levels by 24 to 36 months of age, i.e., the condition is "
            "self-limited"
        )),
        (0, 1, "[5]", [5], (
            "but a minority of children are later reclassified as having common variable immunodeficiency"
        )),
        (0, 2, None, [], "The diagnosis is therefore made in retrospect, e.g., once IgG levels have normalized."),
        (1, 3, "[1-3,5]", [1, 2, 3, 5], (
            "The reported prevalence is between 0.061 and 1.1 per 1000 live births, depending on the definition used"
        )),
        (1, 4, "[4\u20136]", [4, 5, 6], (
            "Dr. Holloway and colleagues found a male-to-female ratio of 2:1 in a U.S. cohort"
        )),
        (1, 4, "[ 7, 8 ]", [7, 8], "and a similar ratio was reported by Karlsson et al. in a Nordic registry"),
        (1, 4, None, [], "although referral bias cannot be excluded."),
        (1, 5, None, [], (
            "Infants born before 32 weeks of gestation are at particular risk, since transplacental transfer of "
            "maternal IgG occurs mainly in the third trimester."
        )),
        (1, 6, "[6]", [6], "Affected infants have lower IgG levels than healthy controls (median 2.9 vs. 5.6 g/L)"),
        (1, 6, "[9]", [9], "but specific antibody responses to protein vaccines are usually preserved"),
        (2, 7, None, [], (
            "The clinical presentation ranges from laboratory findings alone to recurrent infections "
            '(see "Approach to the child with recurrent infections"):'
        )),
        (3, 8, "[2,9]", [2, 9], (
            "Recurrent upper and lower respiratory tract infections, e.g., otitis media, sinusitis, and bronchitis, "
            "which are the most common reason for referral"
        )),
        (4, 9, None, [], "Atopic conditions such as food allergy or eczema, whose link with THI remains uncertain."),
        (5, 10, "[10,11]", [10, 11], (
            "Treatment is usually supportive; immune globulin replacement is reserved for children with severe or "
            "invasive infections"
        )),
    ]


def test_other_review_sentence_with_abbreviations_is_one_sentence():
    claims, _ = extract_claims(body_paragraphs(OTHER), reference_numbers=range(1, OTHER_REFERENCES + 1))
    assert {c.sentence for c in claims if c.sentence_index == 4} == {
        "Dr. Holloway and colleagues found a male-to-female ratio of 2:1 in a U.S. cohort [4\u20136], and a similar "
        "ratio was reported by Karlsson et al. in a Nordic registry [ 7, 8 ], although referral bias cannot be "
        "excluded."
    }


def test_other_review_topic_links():
    _, links = extract_claims(body_paragraphs(OTHER), reference_numbers=range(1, OTHER_REFERENCES + 1))
    assert links == [
        TopicLink(paragraph=0, title="Primary humoral immunodeficiencies: An overview"),
        TopicLink(paragraph=2, title="Approach to the child with recurrent infections"),
        TopicLink(paragraph=5, title="Immune globulin therapy in primary immunodeficiency"),
    ]


def test_other_review_has_no_warnings():
    claims, _ = extract_claims(body_paragraphs(OTHER), reference_numbers=range(1, OTHER_REFERENCES + 1))
    assert [c.warnings for c in claims if c.warnings] == []


# Clauses, tails and warnings


def test_clause_after_the_last_marker_is_an_uncited_claim():
    claims, _ = extract_claims(["CD40L deficiency is X-linked [1], and more than 90 percent of patients are boys."])
    assert [(c.marker, c.text) for c in claims] == [
        ("[1]", "CD40L deficiency is X-linked"),
        (None, "and more than 90 percent of patients are boys."),
    ]


def test_short_tail_after_the_last_marker_is_not_a_claim():
    claims, _ = extract_claims(["The rates were 2 and 5 percent [1,2], respectively."])
    assert [(c.marker, c.text) for c in claims] == [("[1,2]", "The rates were 2 and 5 percent")]


def test_see_note_after_the_last_marker_is_a_link_not_a_claim():
    claims, links = extract_claims(['CD40 deficiency is autosomal [6], (see "Immunoglobulin genetics").'])
    assert [(c.marker, c.text) for c in claims] == [("[6]", "CD40 deficiency is autosomal")]
    assert links == [TopicLink(paragraph=0, title="Immunoglobulin genetics")]


def test_consecutive_markers_close_the_same_clause():
    claims, _ = extract_claims(["Neutropenia is common [31], [32]."])
    assert [(c.marker, c.text) for c in claims] == [
        ("[31]", "Neutropenia is common"),
        ("[32]", "Neutropenia is common"),
    ]


def test_marker_after_the_full_stop_closes_the_sentence():
    claims, _ = extract_claims(["Most cases are X-linked. [3] Autosomal forms are rarer."])
    assert [(c.sentence_index, c.marker, c.text) for c in claims] == [
        (0, "[3]", "Most cases are X-linked."),
        (1, None, "Autosomal forms are rarer."),
    ]


def test_missing_reference_is_kept_with_a_warning_quoting_the_sentence():
    sentence = "Liver disease is a major cause of death [71]."
    (claim,) = extract_claims([sentence], reference_numbers=range(1, 71))[0]
    assert claim.refs == [71]
    assert claim.warnings == [f'reference 71 does not exist (list has 70): "{sentence}"']


def test_reversed_range_in_a_claim_is_expanded_with_a_warning():
    sentence = "Several families were reported [9-6]."
    (claim,) = extract_claims([sentence], reference_numbers=range(1, 71))[0]
    assert (claim.marker, claim.refs) == ("[9-6]", [6, 7, 8, 9])
    assert claim.warnings == [f'reversed range 9-6 read as 6-9: "{sentence}"']


def test_absurd_range_in_a_claim_cites_nothing_with_a_warning():
    sentence = "Everything is known [1-100000]."
    (claim,) = extract_claims([sentence], reference_numbers=range(1, 71))[0]
    assert (claim.marker, claim.refs, claim.text) == ("[1-100000]", [], "Everything is known")
    assert claim.warnings == [
        f'range 1-100000 spans 100000 references (more than 50); not expanded: "{sentence}"'
    ]


def test_warnings_stay_on_the_claim_of_their_marker():
    claims, _ = extract_claims(["It is rare [1], and fatal in most of the reported children [71]."], reference_numbers=range(1, 71))
    assert [len(c.warnings) for c in claims] == [0, 1]


def test_bracketed_words_and_years_are_not_citations():
    sentence = "Ontogeny of CD40L [corrected] expression was described in 1996 [sic] and again [1998]."
    claims, _ = extract_claims([sentence], reference_numbers=range(1, 71))
    assert summary(claims) == [(0, 0, None, [], sentence)]


def test_sentence_index_and_position_run_across_paragraphs():
    claims, _ = extract_claims(["It is rare [1]. It is X-linked.", "Boys are affected [2], [3]."])
    assert [(c.paragraph, c.sentence_index, c.position) for c in claims] == [(0, 0, 0), (0, 1, 1), (1, 2, 2), (1, 2, 3)]


# Degenerate paragraphs are split in one pass (bench/bench_hostile.py times them)


def test_three_hundred_thousand_initials_in_a_row_are_one_sentence():
    paragraph = "A. " * 300_000
    assert split_sentences(paragraph) == [paragraph.strip()]


def test_a_hundred_thousand_sentences_ending_in_brackets_are_each_a_sentence():
    assert split_sentences("Big (x). " * 100_000) == ["Big (x)."] * 100_000


def test_a_million_full_stops_are_one_sentence():
    assert split_sentences("." * 1_000_000 + "x") == ["." * 1_000_000 + "x"]


def test_a_long_warning_quotes_the_start_of_its_sentence():
    sentence = "Everything is known " + "and more " * 50 + "[71]."
    (claim,) = extract_claims([sentence], reference_numbers=range(1, 71))[0]
    assert claim.warnings == [f'reference 71 does not exist (list has 70): "{sentence[:119].rstrip()}\u2026"']


def test_a_sentence_with_more_than_twelve_markers_is_split_at_them():
    sentence = "Reported in " + ", ".join(f"family {n} [{n}]" for n in range(1, 14)) + "."
    claims, _ = extract_claims([sentence], reference_numbers=range(1, 71))
    assert [(c.sentence_index, c.sentence, c.text) for c in claims[:2]] == [
        (0, "Reported in family 1 [1]", "Reported in family 1"), (1, ", family 2 [2]", "family 2"),
    ]
    assert (claims[-1].sentence, claims[0].warnings) == (
        ", family 13 [13].", [f'sentence of {len(sentence)} characters split at its markers into 13: "{sentence[:119].rstrip()}\u2026"']
    )


def test_twelve_markers_keep_their_sentence_whole():
    sentence = "Reported in " + ", ".join(f"family {n} [{n}]" for n in range(1, 13)) + "."
    claims, _ = extract_claims([sentence], reference_numbers=range(1, 71))
    assert {c.sentence for c in claims} == {sentence}


def test_a_hundred_thousand_opening_brackets_before_a_marker_are_trimmed_in_one_pass():
    claims, _ = extract_claims(["[" * 100_000 + " x [1]."])
    assert [(c.text, c.marker) for c in claims] == [("[" * 100_000 + " x", "[1]")]
