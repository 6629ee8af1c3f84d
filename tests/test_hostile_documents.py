"""Documents written to break citetrace, or written by an unlucky hand: each builds, or is refused in one line.

The base document of each case: a title, `Body [1]. More [2,3].`, and three references numbered 1-3.
What is asserted is the behaviour that keeps the work bounded (one warning where there were thousands,
a database the size of its input); how fast it runs is measured by bench/bench_hostile.py.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from citetrace.cli import main

REFERENCES = (
    "References\n\n"
    "1. Notarangelo LD, Duse M, Ugazio AG. Immunodeficiency with hyper-IgM (HIM). Immunodefic Rev 1992; 3:101.\n"
    "2. Davies EG, Thrasher AJ. Update on the hyper immunoglobulin M syndromes. Br J Haematol 2010; 149:167.\n"
    "3. Etzioni A, Ochs HD. The hyper IgM syndrome--an evolving story. Pediatr Res 2004; 56:519.\n"
)


def document(tmp_path: Path, body: str, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text(f"A hostile review\n\n{body}\n\n{REFERENCES}", encoding="utf-8")
    return path


def build(tmp_path: Path, doc: Path):
    return CliRunner().invoke(main, ["build", str(doc), "--db", str(tmp_path / "lib.db"), "--pubmed", "off"])


def claim_rows(tmp_path: Path) -> list[dict]:
    return list(sqlite_utils.Database(tmp_path / "lib.db").query("select * from claims order by position"))


# 1. Repetition that used to multiply into gigabytes


def test_a_marker_repeating_one_number_ten_thousand_times_builds_a_small_library(tmp_path: Path) -> None:
    doc = document(tmp_path, "A [1" + ", 1" * 10_000 + "].")
    result = build(tmp_path, doc)
    assert result.exit_code == 0, result.output
    (claim,) = claim_rows(tmp_path)
    assert json.loads(claim["warnings"]) == [
        f'reference 1 is cited 10,001 times in the same marker: "A [1{", 1" * 38},\u2026"'
    ]
    assert (tmp_path / "lib.db").stat().st_size < 1_000_000


def test_five_thousand_markers_in_one_sentence_split_it_at_the_first_thousand(tmp_path: Path) -> None:
    doc = document(tmp_path, "Claim " + "x [9], " * 5_000)
    result = build(tmp_path, doc)
    assert result.exit_code == 0, result.output
    claims = claim_rows(tmp_path)
    assert len(claims) == 1_001
    assert [(c["sentence"], c["text"], c["marker"]) for c in claims[:2]] == [
        ("Claim x [9]", "Claim x", "[9]"), (", x [9]", "x", "[9]"),
    ]
    assert (claims[-1]["marker"], claims[-1]["sentence"][:14]) == (None, ", x [9], x [9]")
    assert json.loads(claims[0]["warnings"])[0].startswith(
        "sentence of 35,005 characters split at its markers into 1,001, the 4,000 markers after the first 1,000 "
        'not read: "Claim x [9], x'
    )
    assert (tmp_path / "lib.db").stat().st_size < 5_000_000


def test_a_documents_warnings_stop_at_fifty_and_say_how_many_more(tmp_path: Path) -> None:
    doc = document(tmp_path, " ".join(f"Claim {n} [9]." for n in range(200)))
    result = build(tmp_path, doc)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 51
    assert warnings[0] == f'warning: {doc}: reference 9 does not exist (list has 3): "Claim 0 [9]."'
    assert warnings[-1] == f"warning: {doc}: and 150 more warnings"


# 13. Numbers too large for SQLite or for int()


@pytest.mark.parametrize("number", ["9223372036854775808", "9" * 5_000])
def test_a_reference_number_too_large_for_sqlite_is_skipped_with_a_warning(tmp_path: Path, number: str) -> None:
    result = build(tmp_path, document(tmp_path, f"Huge [{number}]. Fine [1]."))
    assert result.exit_code == 0, result.output
    assert "is too large (more than 99,999); skipped" in result.stderr
    links = sqlite_utils.Database(tmp_path / "lib.db").query("select reference_number from claim_citations")
    assert [row["reference_number"] for row in links] == [1]


# 16. Decomposed Unicode


def test_a_decomposed_accent_reads_as_the_composed_letter(tmp_path: Path) -> None:
    doc = tmp_path / "refs.txt"
    doc.write_text("1. Pe\u0301ron S, Metin A. Mutation of the AID gene. J Clin Invest 2007; 117:1.\n", encoding="utf-8")
    (item,) = json.loads(CliRunner().invoke(main, ["parse-refs", str(doc)]).stdout)
    assert item["author"] == [{"family": "P\u00e9ron", "given": "S"}, {"family": "Metin", "given": "A"}]


# 17. NUL bytes, and markers that were read wrongly or not at all


def test_nul_bytes_are_refused_naming_the_line(tmp_path: Path) -> None:
    doc = document(tmp_path, "Body [1].\n\nMore\0 [2].")
    result = build(tmp_path, doc)
    assert (result.exit_code, result.stderr) == (1, f"Error: {doc}:5: contains a NUL byte: a binary file, not text\n")
    assert not (tmp_path / "lib.db").exists()


def test_references_numbered_1_5_9_are_cited_without_a_warning(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "A review\n\nFirst [1]. Fifth [5]. Ninth [9]. Seventh [7].\n\n"
        "1. Smith J. One. Blood 2001; 98:1.\n5. Doe J. Five. Cell 2002; 7:2.\n9. Roe R. Nine. Nature 2004; 400:3.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["claims", str(doc)])
    assert [line for line in result.stderr.splitlines() if "does not exist" in line] == [
        f'warning: {doc}: reference 7 does not exist (list has 3): "Seventh [7]."'
    ]


def test_a_marker_with_an_empty_part_or_a_negative_number_is_read_and_warned_about(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["claims", str(document(tmp_path, "Both [1,,2]. Below [-1]."))])
    assert [(claim["marker"], claim["refs"]) for claim in json.loads(result.stdout)] == [("[1,,2]", [1, 2]), ("[-1]", [])]
    assert result.stderr.splitlines() == [
        f'warning: {tmp_path / "doc.txt"}: empty part in marker [1,,2] skipped: "Both [1,,2]."',
        f'warning: {tmp_path / "doc.txt"}: unreadable marker part "-1": "Below [-1]."',
    ]


def test_no_input_of_this_file_touches_an_existing_library(tmp_path: Path) -> None:
    library = tmp_path / "lib.db"
    assert build(tmp_path, document(tmp_path, "Body [1].", "good.txt")).exit_code == 0
    before = library.read_bytes()
    assert build(tmp_path, document(tmp_path, "Body\0 [1].", "bad.txt")).exit_code == 1
    assert library.read_bytes() == before
    assert sqlite3.connect(library).execute("pragma integrity_check").fetchone() == ("ok",)


# 6 and 9. Reference lists numbered unluckily: every numbered line stays a reference


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_repeated_reference_number_keeps_both_entries_and_links_the_first(tmp_path: Path) -> None:
    doc = write(tmp_path, "A review\n\nBody [1]. More [2,3].\n\nReferences\n\n1. Smith J. First title. Blood 2001; 98:1.\n"
                          "2. Doe J. Second. Cell 2002; 7:2.\n2. Roe R. Third. Nature 2004; 400:3.\n3. Poe E. Fourth. Lancet 2005; 1:4.\n")
    result = build(tmp_path, doc)
    assert result.exit_code == 0, result.output
    assert f"warning: {doc}: line 9: reference number 2 repeated" in result.stderr.splitlines()
    db = sqlite_utils.Database(tmp_path / "lib.db")
    rows = list(db.query("select id, number, cited_first_author, flags from citations order by id"))
    assert [(r["number"], r["cited_first_author"], json.loads(r["flags"])) for r in rows] == [
        (1, "Smith", []), (2, "Doe", []), (2, "Roe", ["duplicate-number"]), (3, "Poe", []),
    ]
    links = db.query("select reference_number, citation_id from claim_citations order by claim_id, reference_number")
    assert [(r["reference_number"], r["citation_id"]) for r in links] == [(1, 1), (2, 2), (3, 4)]


def test_a_list_ordered_3_1_2_keeps_all_three_and_says_so(tmp_path: Path) -> None:
    doc = write(tmp_path, "A review\n\nBody [1]. More [2,3].\n\nReferences\n\n3. Poe E. Fourth. Lancet 2005; 1:4.\n"
                          "1. Smith J. First title. Blood 2001; 98:1.\n2. Doe J. Second. Cell 2002; 7:2.\n")
    result = CliRunner().invoke(main, ["parse-refs", str(doc)])
    assert [item["citation-number"] for item in json.loads(result.stdout)] == [3, 1, 2]
    assert result.stderr.splitlines() == [
        f"warning: {doc}: line 7: reference number 3 out of order (first in the list; 1 comes later)",
        f"warning: {doc}: line 8: reference number 1 out of order (follows 3)",
        f"warning: {doc}: line 9: reference number 2 out of order (follows 3)",
    ]
    claims = json.loads(CliRunner().invoke(main, ["claims", str(doc)]).stdout)
    assert [claim["sentence"] for claim in claims] == ["Body [1].", "More [2,3]."]


def test_two_lists_each_starting_at_1_are_both_references(tmp_path: Path) -> None:
    doc = write(tmp_path, "A review\n\nBody [1]. More [2].\n\nReferences\n\n1. Smith J. First title. Blood 2001; 98:1.\n"
                          "2. Doe J. Second. Cell\n2002; 7:2.\n\nFurther reading\n\n1. Poe E. Fourth. Lancet 2005; 1:4.\n")
    result = CliRunner().invoke(main, ["parse-refs", str(doc)])
    assert [item["raw"] for item in json.loads(result.stdout)] == [
        "Smith J. First title. Blood 2001; 98:1.", "Doe J. Second. Cell 2002; 7:2.", "Poe E. Fourth. Lancet 2005; 1:4.",
    ]
    assert result.stderr == f"warning: {doc}: line 13: reference number 1 repeated\n"
    claims = json.loads(CliRunner().invoke(main, ["claims", str(doc)]).stdout)
    assert [claim["sentence"] for claim in claims] == ["Body [1].", "More [2]."]


# 8. Only strong identity merges works


def test_untitled_and_differently_titled_references_stay_separate_works(tmp_path: Path) -> None:
    doc = write(tmp_path, "A review\n\nSaid [1,2]. Counted [3,4].\n\nReferences\n\n"
                          "1. Smith J. Personal communication, 2015.\n2. Smith K. Personal communication, 2015.\n"
                          "3. World Health Organization. Global tuberculosis report 2019. Available at: "
                          "https://www.who.int/tb/publications/global_report/en/ (Accessed on May 01, 2020).\n"
                          "4. World Health Organization. Measles fact sheet. Available at: "
                          "https://www.who.int/news-room/fact-sheets/detail/measles (Accessed on June 11, 2020).\n")
    assert build(tmp_path, doc).exit_code == 0
    db = sqlite_utils.Database(tmp_path / "lib.db")
    rows = db.query("select c.number, c.work_id, w.url from citations c join works w on w.id = c.work_id order by c.number")
    assert [(r["number"], r["work_id"], r["url"]) for r in rows] == [
        (1, 1, None), (2, 2, None),
        (3, 3, "https://www.who.int/tb/publications/global_report/en/"),
        (4, 4, "https://www.who.int/news-room/fact-sheets/detail/measles"),
    ]


def test_the_same_titled_reference_in_two_documents_is_one_work(tmp_path: Path) -> None:
    first = document(tmp_path, "Body [1].", "first.txt")
    second = document(tmp_path, "Other [1].", "second.txt")
    result = CliRunner().invoke(main, ["build", str(first), str(second), "--db", str(tmp_path / "lib.db"), "--pubmed", "off"])
    assert result.exit_code == 0, result.output
    assert sqlite_utils.Database(tmp_path / "lib.db")["works"].count == 3
