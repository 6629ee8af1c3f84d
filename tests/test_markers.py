"""Specification of citation markers and topic cross-references (citations.markers)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from citetrace.citations.markers import (
    CrossReference,
    expand_marker,
    find_cross_references,
    find_markers,
    matching_brackets,
)
from citetrace.citations.model import CitationGroup

SEED_SENTENCE = (
    "Hyper-IgM syndrome includes several genetically determined diseases [2,3], but may also be "
    "secondary to congenital rubella syndrome [4], use of phenytoin, T cell leukemia, or lymphomas [1]."
)


def test_markers_of_a_seed_sentence_with_positions_and_refs():
    assert find_markers(SEED_SENTENCE, reference_numbers=range(1, 71)) == [
        CitationGroup(start=68, end=73, text="[2,3]", refs=[2, 3]),
        CitationGroup(start=132, end=135, text="[4]", refs=[4]),
        CitationGroup(start=185, end=188, text="[1]", refs=[1]),
    ]


def test_marker_positions_slice_the_marker_out_of_the_text():
    text = "only a few reported cases of CD40 [6-9] and uracil N-glycosylase (UNG) [10] deficiencies."
    assert [text[m.start : m.end] for m in find_markers(text)] == ["[6-9]", "[10]"]


def test_marker_text_is_kept_as_written():
    text = "a ratio of 2:1 [4\u20136], and a Nordic registry [ 7, 8 ] and others [1-3,5]."
    assert [(m.text, m.refs) for m in find_markers(text)] == [
        ("[4\u20136]", [4, 5, 6]),
        ("[ 7, 8 ]", [7, 8]),
        ("[1-3,5]", [1, 2, 3, 5]),
    ]


def test_list_is_expanded_in_written_order():
    assert expand_marker("2,3") == ([2, 3], [])
    assert expand_marker("9,2") == ([9, 2], [])


def test_range_is_expanded_inclusively():
    assert expand_marker("6-9") == ([6, 7, 8, 9], [])


def test_mixed_ranges_and_numbers():
    assert expand_marker("1-3,5") == ([1, 2, 3, 5], [])


def test_en_dash_em_dash_and_minus_sign_make_ranges():
    assert expand_marker("4\u20136") == ([4, 5, 6], [])
    assert expand_marker("4\u20146") == ([4, 5, 6], [])
    assert expand_marker("4\u22126") == ([4, 5, 6], [])


def test_spaces_anywhere_in_the_body_are_ignored():
    assert expand_marker(" 7 , 8 ") == ([7, 8], [])
    assert expand_marker("1 - 3, 5") == ([1, 2, 3, 5], [])


def test_reversed_range_is_turned_round_with_a_warning():
    assert expand_marker("9-6") == ([6, 7, 8, 9], ["reversed range 9-6 read as 6-9"])


def test_range_wider_than_max_span_is_refused_with_a_warning():
    assert expand_marker("1-100000") == (
        [],
        ["range 1-100000 spans 100000 references (more than 50); not expanded"],
    )


def test_refused_range_leaves_the_other_numbers_of_the_marker():
    refs, warnings = expand_marker("3,1-100000,7")
    assert refs == [3, 7]
    assert len(warnings) == 1


def test_max_span_is_configurable():
    assert expand_marker("1-5", max_span=4) == ([], ["range 1-5 spans 5 references (more than 4); not expanded"])
    assert expand_marker("1-4", max_span=4) == ([1, 2, 3, 4], [])


def test_number_beyond_the_list_is_kept_with_a_warning():
    assert expand_marker("71", reference_numbers=range(1, 71)) == ([71], ["reference 71 does not exist (list has 70)"])


def test_range_running_past_the_list_warns_for_each_missing_number():
    assert expand_marker("69-71", reference_numbers=range(1, 71)) == (
        [69, 70, 71],
        ["reference 71 does not exist (list has 70)"],
    )


def test_without_the_list_numbers_any_positive_number_is_accepted():
    assert expand_marker("71") == ([71], [])


def test_reference_zero_is_kept_with_a_warning():
    assert expand_marker("0,1") == ([0, 1], ["reference 0 does not exist (numbering starts at 1)"])


def test_repeated_number_is_cited_once_with_a_warning():
    assert expand_marker("1-3,2") == ([1, 2, 3], ["reference 2 is cited twice in the same marker"])


def test_unreadable_part_is_skipped_with_a_warning():
    assert expand_marker("2,x") == ([2], ['unreadable marker part "x"'])


def test_find_markers_passes_warnings_on():
    (marker,) = find_markers("as reported [9-6].", reference_numbers=range(1, 71))
    assert (marker.text, marker.refs, marker.warnings) == ("[9-6]", [6, 7, 8, 9], ["reversed range 9-6 read as 6-9"])


def test_absurd_range_is_still_a_marker_but_cites_nothing():
    (marker,) = find_markers("as reported [1-100000].", reference_numbers=range(1, 71))
    assert marker.text == "[1-100000]"
    assert marker.refs == []
    assert marker.warnings == ["range 1-100000 spans 100000 references (more than 50); not expanded"]


def test_ratio_is_not_a_marker():
    assert find_markers("The estimated frequency of CD40L deficiency is 2:1,000,000 males.") == []


def test_bracketed_words_are_not_markers():
    text = "Ontogeny of CD40L [corrected] expression, described as benign [sic] by some [see text]."
    assert find_markers(text) == []


def test_bracketed_numbers_mixed_with_words_are_not_markers():
    assert find_markers("as shown [ref 3] and [3a] and [1,] and []") == []


def test_bracketed_year_is_not_a_marker():
    assert find_markers("first described by Bruton [1952] in a boy") == []
    assert find_markers("reported twice [1992, 1994]", reference_numbers=range(1, 71)) == []


def test_bracketed_year_is_a_marker_when_the_list_is_that_long():
    (marker,) = find_markers("first described [1952]", reference_numbers=range(1, 2001))
    assert marker.refs == [1952]


def test_four_digit_number_outside_the_year_range_is_a_marker():
    (marker,) = find_markers("cited [1234]", reference_numbers=range(1, 71))
    assert marker.refs == [1234]
    assert marker.warnings == ["reference 1234 does not exist (list has 70)"]


def test_see_note_naming_a_topic():
    text = 'syndrome. (See "Congenital rubella syndrome: Clinical features and diagnosis".)'
    assert find_cross_references(text) == [
        CrossReference(
            start=10,
            end=len(text),
            text='(See "Congenital rubella syndrome: Clinical features and diagnosis".)',
            titles=["Congenital rubella syndrome: Clinical features and diagnosis"],
        )
    ]


def test_lower_case_see_note_inside_a_sentence():
    text = 'a series of events that include (see "Immunoglobulin genetics"):'
    (reference,) = find_cross_references(text)
    assert reference.text == '(see "Immunoglobulin genetics")'
    assert reference.titles == ["Immunoglobulin genetics"]


def test_see_note_naming_two_topics_with_curly_quotes():
    text = "(See \u201cImmune globulin therapy\u201d and \u201cAsplenia in adults\u201d.)"
    assert find_cross_references(text)[0].titles == ["Immune globulin therapy", "Asplenia in adults"]


def test_topic_title_stops_at_its_closing_quote():
    text = "(See \"Hyperimmunoglobulin M syndromes\", section on 'Treatment'.)"
    assert find_cross_references(text)[0].titles == ["Hyperimmunoglobulin M syndromes"]


def test_see_note_naming_a_section_of_the_same_topic_has_no_topic():
    assert find_cross_references("(See 'Treatment' below.)")[0].titles == []


def test_parenthesis_without_see_is_not_a_cross_reference():
    assert find_cross_references('(CSR, also called "class-switching")') == []


def test_unbalanced_brackets_are_left_unpaired():
    assert matching_brackets('a (b [c] "d" e') == {5: 7, 9: 11}


@given(st.lists(st.integers(min_value=1, max_value=70), min_size=1, max_size=8, unique=True))
def test_any_list_of_existing_references_is_read_back_exactly(numbers):
    text = "claim [" + ",".join(map(str, numbers)) + "]."
    (marker,) = find_markers(text, reference_numbers=range(1, 71))
    assert (marker.refs, marker.warnings) == (numbers, [])


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500))
def test_a_range_never_yields_more_than_max_span_references(first, last):
    refs, _ = expand_marker(f"{first}-{last}")
    assert len(refs) <= 50
    assert refs == [] or (refs[0], refs[-1]) == (min(first, last), max(first, last))


# Hostile markers: one warning per kind of problem, however often it occurs


def test_a_number_repeated_ten_thousand_times_gives_one_warning():
    assert expand_marker("1" + ", 1" * 10_000, range(1, 4)) == ([1], ["reference 1 is cited 10,001 times in the same marker"])


def test_missing_numbers_of_one_marker_share_one_warning_naming_ten():
    assert expand_marker("2-20", range(1, 4)) == (
        list(range(2, 21)),
        ["references 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 and 7 more references do not exist (list has 3)"],
    )


def test_existence_is_membership_of_the_list_not_its_length():
    assert expand_marker("5,9,7", {1, 5, 9}) == ([5, 9, 7], ["reference 7 does not exist (list has 3)"])


def test_a_bracketed_year_is_a_marker_when_the_list_holds_that_number():
    assert [m.refs for m in find_markers("first described [1952]", reference_numbers={1, 1952})] == [[1952]]


def test_an_empty_part_is_skipped_with_a_warning():
    assert expand_marker("1,,2") == ([1, 2], ["empty part in marker [1,,2] skipped"])


def test_a_negative_number_is_a_marker_citing_nothing_with_a_warning():
    (marker,) = find_markers("values below [-1] are errors")
    assert (marker.text, marker.refs, marker.warnings) == ("[-1]", [], ['unreadable marker part "-1"'])


def test_a_number_beyond_sqlite_integers_is_skipped_with_a_warning():
    assert expand_marker("9223372036854775808,2") == (
        [2], ["reference number 9223372036854775808 is too large (more than 99,999); skipped"]
    )


def test_five_thousand_digits_are_refused_without_reading_them_as_a_number():
    refs, warnings = expand_marker("9" * 5_000)
    assert (refs, warnings) == ([], [f"reference number {'9' * 39}\u2026 is too large (more than 99,999); skipped"])


def test_only_ascii_digits_make_a_marker():
    assert find_markers("Arabic-Indic [\u0661\u0662] and superscript [\u00b9\u00b2]") == []
