"""Page geometry and article structure on hand-made pages of glyphs (what ingest.pdf.reader reads from a PDF)."""
from __future__ import annotations

from citetrace.ingest.pdf.layout import Glyph, compose_accents, layout
from citetrace.ingest.pdf.structure import build_document, statements

SIZE = 10.0
ADVANCE = 5.0


def words(text: str, x: float, baseline: float, size: float = SIZE, rise: float = 0.0) -> list[Glyph]:
    """Glyphs for `text` set from x on a baseline, 5 pt a character, a space where the text has one."""
    glyphs = []
    space = False
    for char in text:
        if char == " ":
            space, x = True, x + ADVANCE
            continue
        top = baseline - rise - 0.8 * size
        glyphs.append(Glyph(char, x, x + ADVANCE * size / SIZE, top, top + size, baseline - rise, space))
        space = False
        x += ADVANCE * size / SIZE
    return glyphs


def column_lines(texts: list[str], x: float, first_baseline: float) -> list[Glyph]:
    return [g for i, text in enumerate(texts) for g in words(text, x, first_baseline + 12 * i)]


def page_text(pages: list[list[Glyph]]) -> list[str]:
    return [line.text for line in layout(pages, [800.0] * len(pages))]


LEFT = [f"left column line {n} of the running text here" for n in range(1, 9)]
RIGHT = [f"right column line {n} of the running text" for n in range(1, 9)]


def test_two_columns_are_read_one_after_the_other() -> None:
    page = column_lines(RIGHT, 320, 100) + column_lines(LEFT, 50, 100)
    assert page_text([page]) == LEFT + RIGHT


def test_a_spanning_title_is_read_before_the_columns_below_it() -> None:
    title = words("A title that runs across both of the columns of this page", 50, 80)
    page = column_lines(LEFT, 50, 100) + column_lines(RIGHT, 320, 100) + title
    assert page_text([page])[0] == "A title that runs across both of the columns of this page"


def test_running_header_and_page_number_are_dropped() -> None:
    pages = [
        words(f"Journal of Tests {2020 + n}", 50, 40) + column_lines(LEFT, 50, 100) + words(str(n + 1), 300, 780)
        for n in range(2)
    ]
    assert page_text(pages) == LEFT + LEFT


def test_rotated_glyphs_never_reach_layout_and_word_gaps_are_measured() -> None:
    glyphs = words("no", 50, 100) + words("spaces", 50 + 2 * ADVANCE + 3, 100)
    assert page_text([[Glyph(g.text, g.x0, g.x1, g.top, g.bottom, g.baseline) for g in glyphs]]) == ["no spaces"]


def _document(lines: list[list[Glyph]]):
    page = [g for line in lines for g in line]
    return build_document("test.pdf", layout([page], [800.0]), {})


def _body_and_references(body: list[list[Glyph]]):
    start = 100 + 12 * len(body) + 20
    references = [
        words("References", 50, start),
        words("1. Smith A. A first title. J Test. 2001;1:1-2.", 50, start + 12),
        words("2. Jones B. A second title. J Test. 2002;2:3-4.", 50, start + 24),
        words("3. Brown C. A third title. J Test. 2003;3:5-6.", 50, start + 36),
    ]
    return _document(body + references)


def test_superscript_group_becomes_a_bracket_marker() -> None:
    line = words("Disease is common.", 50, 100) + words("1,3", 50 + 18 * ADVANCE, 100, size=6, rise=4)
    line += words(" It is treated.", 50 + 18 * ADVANCE + 9, 100)
    document = _body_and_references([line])
    assert document.paragraphs == ["Disease is common.[1,3] It is treated."]


def test_superscript_digits_whose_comma_is_missing_are_split_by_their_gap() -> None:
    line = words("Disease is common", 50, 100) + words("1", 135, 100, size=6, rise=4)
    line += words("3", 141, 100, size=6, rise=4) + words(" today.", 145, 100)
    assert _body_and_references([line]).paragraphs == ["Disease is common[1,3] today."]


def test_superscript_after_a_single_letter_is_an_exponent() -> None:
    line = words("Heterogeneity was low (I", 50, 100) + words("2", 170, 100, size=6, rise=4)
    line += words(" = 10%).", 173, 100)
    assert _body_and_references([line]).paragraphs == ["Heterogeneity was low (I\u00b2 = 10%)."]


def test_superscript_beyond_the_list_is_not_a_marker() -> None:
    line = words("Disease is common", 50, 100) + words("9", 135, 100, size=6, rise=4) + words(" today.", 139, 100)
    assert _body_and_references([line]).paragraphs == ["Disease is common\u2079 today."]


def test_parenthesised_numbers_are_markers_only_where_brackets_are_never_used() -> None:
    body = [words("Disease is common (1, 2) and in Table (3) too.", 50, 100)]
    assert _body_and_references(body).paragraphs == ["Disease is common [1,2] and in Table (3) too."]


def test_line_end_hyphen_is_removed_inside_a_word_and_kept_in_a_compound() -> None:
    body = [
        words("The treat-", 50, 100), words("ment was self-", 50, 112), words("limited, as self-limited", 50, 124),
        words("care is.", 50, 136),
    ]
    assert _body_and_references(body).paragraphs == ["The treatment was self-limited, as self-limited care is."]


def test_reference_numbers_set_apart_from_their_entries_are_joined() -> None:
    lines = [words("References", 50, 100)]
    for n in range(1, 4):
        lines.append(words(f"{n}.", 50, 100 + 12 * n) + words(f"Author{n} A. Title {n}. J Test. 2001;{n}:1.", 70, 100 + 12 * n))
    document = _document(lines)
    assert [text for _, text in document.reference_lines] == [
        f"{n}. Author{n} A. Title {n}. J Test. 2001;{n}:1." for n in range(1, 4)
    ]


def test_accent_drawn_before_its_letter_is_composed_with_it() -> None:
    line = words("Brostr", 50, 100) + [Glyph("\u00a8", 10, 13, 92, 102, 100, True)] + words("om", 80, 100)
    assert compose_accents(line)[6].text == "\u00f6"
    assert page_text([compose_accents(line)]) == ["Brostr\u00f6m"]


def test_supplementary_list_is_not_the_articles_list() -> None:
    texts = [
        "A claim [1].", "References", "1. Smith A. A first title. J Test. 2001;1:1-2.",
        "2. Jones B. A second title. J Test. 2002;2:3-4.", "Supplementary material", "References",
        "1. Other O. Not cited here. J Test. 2010;9:9.",
    ]
    document = _document([words(text, 50, 100 + 12 * i) for i, text in enumerate(texts)])
    assert [text for _, text in document.reference_lines] == [
        "1. Smith A. A first title. J Test. 2001;1:1-2.", "2. Jones B. A second title. J Test. 2002;2:3-4."
    ]
    assert not any("Other O." in paragraph for paragraph in document.paragraphs)


def test_entries_labelled_by_a_bare_number_or_a_superscript() -> None:
    lines = [words("References", 50, 100)]
    lines.append(words("1 Smith A. First. J Test. 2001;1:1.", 50, 112))
    lines.append(words("2", 50, 124, size=6, rise=4) + words("Jones B. Second. J Test. 2002;2:2.", 56, 124))
    lines.append(words("3 Brown C. Third. J Test. 2003;3:3.", 50, 136))
    assert [text for _, text in _document(lines).reference_lines] == [
        "1. Smith A. First. J Test. 2001;1:1.", "2. Jones B. Second. J Test. 2002;2:2.", "3. Brown C. Third. J Test. 2003;3:3."
    ]


def test_superscript_range_whose_dash_is_extracted_as_another_glyph() -> None:
    line = words("Disease is common", 50, 100) + words("1\u00c03", 135, 100, size=6, rise=4)
    line += words(" today.", 149, 100)
    assert _body_and_references([line]).paragraphs == ["Disease is common[1-3] today."]


BODY = [f"Body line {n} of the article text runs on here" for n in range(1, 7)]


def test_article_type_label_set_in_title_type_is_not_the_title() -> None:
    page = (
        words("Review", 50, 60, size=16) + words("Home care in heart failure", 50, 80, size=16)
        + column_lines(BODY, 50, 120)
    )
    document = build_document("a.pdf", layout([page], [800.0]), {})
    assert (document.title, document.article_type) == ("Home care in heart failure", "Review")


def test_notices_at_the_foot_of_a_column_leave_the_paragraph_they_interrupt_whole() -> None:
    left = column_lines(BODY, 50, 100)
    footnote = [
        g for i, text in enumerate([
            "* Correspondence: ann@example.org",
            "1Department of Nursing, Test University,",
            "Dublin 2, Ireland",
            "Received 3 March 2020; Accepted 1 May 2020",
            "Copyright © 2020 A. Author et al.",
        ])
        for g in words(text, 50, 600 + 9 * i, size=7)
    ]
    right = column_lines(RIGHT, 320, 100)
    document = build_document("a.pdf", layout([left + footnote + right], [800.0]), {})
    assert document.paragraphs == [" ".join(BODY + RIGHT)]


def test_declarations_are_left_out_up_to_the_next_heading_of_the_article() -> None:
    blocks = [
        ["Results were stable over the year of follow-up."],
        ["Acknowledgements"],
        ["We thank the nurses of both centres."],
        ["Competing interests"],
        ["The authors declare none."],
        ["Discussion"],
        ["Care at home reduced admissions."],
    ]
    page = [g for i, texts in enumerate(blocks) for g in column_lines(texts, 50, 100 + 30 * i)]
    document = build_document("a.pdf", layout([page], [800.0]), {})
    assert document.paragraphs == ["Results were stable over the year of follow-up.", "Care at home reduced admissions."]
    assert (document.sections or [])[-1] == "Discussion"


def test_a_paragraph_a_table_interleaves_with_is_joined_over_its_cells_with_its_markers() -> None:
    paragraphs = [
        "1.", "Results", "Care at home [3] reduced", "Item Yes (%) No (%) Respondents 12 88 97", "HOME",
        "readmissions in the first year [4].", "Discussion", "Admissions fell.",
    ]
    assert statements(paragraphs) == (
        ["Care at home [3] reduced readmissions in the first year [4].", "Admissions fell."],
        ["1. Results", "Discussion"],
    )
