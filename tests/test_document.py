"""The document reader: front matter, body paragraphs and the reference block of a review."""
from __future__ import annotations

from pathlib import Path

import pytest

from citetrace.ingest.readers.text import read_text_document, split_document
from citetrace.ingest.errors import InputError


def test_seed_title(seed_path: Path) -> None:
    assert read_text_document(seed_path).title == "Hyperimmunoglobulin M syndromes"


def test_seed_contributors_with_roles(seed_path: Path) -> None:
    assert read_text_document(seed_path).contributors == [
        {"name": "Luigi D Notarangelo", "degrees": "MD", "role": "Author"},
        {"name": "E Richard Stiehm", "degrees": "MD", "role": "Section Editor"},
        {"name": "Elizabeth TePas", "degrees": "MD, MS", "role": "Deputy Editor"},
    ]


def test_seed_dates_are_iso(seed_path: Path) -> None:
    document = read_text_document(seed_path)
    assert (document.literature_review_through, document.last_updated) == ("2016-09", "2015-07-15")


def test_seed_body_has_three_paragraphs_an_intro_line_and_two_list_items(seed_path: Path) -> None:
    paragraphs = read_text_document(seed_path).paragraphs
    assert [p[:40] for p in paragraphs] == [
        "The hyperimmunoglobulin M (hyper-IgM or ",
        "All forms of hyper-IgM syndrome are rare",
        "Maturation of antibody responses is mark",
        "Class-switch recombination (CSR, also ca",
        "Somatic hypermutation (SHM), by which so",
    ]


def test_seed_boilerplate_is_left_out_of_the_body(seed_path: Path) -> None:
    body = " ".join(read_text_document(seed_path).paragraphs)
    for boilerplate in ("Official reprint", "Subscribers log in", "To continue reading", "Terms of Use", "©"):
        assert boilerplate not in body


def test_seed_reference_lines_with_their_line_numbers(seed_path: Path) -> None:
    lines = read_text_document(seed_path).reference_lines
    assert len(lines) == 70
    assert lines[0] == (
        31,
        "  1. Notarangelo LD, Duse M, Ugazio AG. Immunodeficiency with hyper-IgM (HIM). Immunodefic Rev 1992; 3:101.",
    )
    assert lines[-1][0] == 100


def test_bulleted_lines_are_list_items() -> None:
    text = "Title\n\nCauses include:\n• infection [1]\n• drugs [2]\n\n1. Smith J. A title. Blood 2001; 1:1.\n"
    assert split_document(text).paragraphs == ["Causes include:", "infection [1]", "drugs [2]"]


def test_wrapped_lines_join_into_one_paragraph() -> None:
    text = "Title\n\nA long sentence that\nwraps onto a second line [1].\n\n1. Smith J. A title. Blood 2001; 1:1.\n"
    assert split_document(text).paragraphs == ["A long sentence that wraps onto a second line [1]."]


def test_a_bare_reference_list_is_a_document_with_no_body() -> None:
    document = split_document("1. Smith J. A title. Blood 2001; 1:1.\n2. Doe J. Another. Cell 2002; 2:2.\n", "refs.txt")
    assert (document.paragraphs, len(document.reference_lines)) == ([], 2)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_text_document(tmp_path / "nope.txt")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    with pytest.raises(InputError, match=r"empty\.txt: file is empty"):
        read_text_document(empty)


def test_file_without_reference_list_is_refused(tmp_path: Path) -> None:
    prose = tmp_path / "prose.txt"
    prose.write_text("Title\n\nJust some text with no references at all.\n")
    with pytest.raises(InputError, match=r"prose\.txt: no numbered reference list found"):
        read_text_document(prose)


def test_non_utf8_bytes_name_the_line(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Title\n\nBody [1].\n\n1. Korth\u00e4uer U. T. Nature 1993; 361:539.\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.txt:5: byte 0xe4 is not valid UTF-8"):
        read_text_document(latin1)


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match=r"huge\.txt: file is 52\.4 MB; a review is expected under 10 MB"):
        read_text_document(huge)
