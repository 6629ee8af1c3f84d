"""The second adversarial probe (issue 22): what the newer readers and the in-place writes let through. Each case
builds, or is refused in one line naming the file, with the library as it was; how fast and how small is
bench/bench_hostile.py's to measure.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from commands import rows, run
from pdf_files import text_pdf, tiny_glyph_pdf

REVIEW = (
    "A review\n\nClaim one [1]. Claim two [2].\n\nReferences\n\n"
    "1. Notarangelo LD, Duse M, Ugazio AG. Immunodeficiency with hyper-IgM (HIM). Immunodefic Rev 1992; 3:101.\n"
    "2. Davies EG, Thrasher AJ. Update on the hyper immunoglobulin M syndromes. Br J Haematol 2010; 149:167.\n"
)


def one_line_error(result, path: Path | str) -> str:
    """The one error line of a refused command (warnings aside), checked to name `path`."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    (line,) = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert line.startswith(f"Error: {path}"), line
    return line


def review(folder: Path, name: str = "review.txt", text: str = REVIEW) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# 1. @string doubling


def doubling_bib(levels: int) -> str:
    strings = ['@string{s0 = "xxxxxxxxxx"}'] + [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, levels + 1)]
    return "\n".join(strings) + f"\n@article{{big, title = s{levels}, author = {{Smith, J}}, year = 2001}}\n"


@pytest.mark.parametrize("levels", [21, 40])
def test_doubled_string_macros_stop_at_the_value_cap(tmp_path: Path, levels: int) -> None:
    bib = tmp_path / "doubling.bib"
    bib.write_text(doubling_bib(levels))
    library = tmp_path / "lib.db"
    assert run("build", "--db", library, "--pubmed", "off").exit_code == 0
    result = run("import-bib", bib, "--db", library, "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert f"the title of entry big is {10 * 2**levels:,} characters long (more than 100,000); left out" in result.stderr
    assert rows(library, "select works.title from works join citations on work_id = works.id where document_id = 2") \
        == [(None,)]


# 6. An id wins over a slug


def test_remove_by_number_removes_that_document_not_the_one_whose_slug_is_the_number(tmp_path: Path) -> None:
    library = tmp_path / "lib.db"
    first = review(tmp_path, "first.txt", REVIEW.replace("A review", "First"))
    second = review(tmp_path, "second.txt", REVIEW.replace("A review", "Second"))
    untitled = tmp_path / "3.md"
    untitled.write_text("Claim [@a].\n")
    assert run("build", first, second, untitled, "--db", library, "--pubmed", "off").exit_code == 0
    assert rows(library, "select id, slug from documents order by id") == [(1, "first"), (2, "second"), (3, "document-3")]
    assert run("remove", "1", "--db", library).exit_code == 0
    assert rows(library, "select id from documents order by id") == [(2,), (3,)]


# 12. Ids are never handed out again


def test_ids_freed_by_a_removal_are_not_handed_out_again(tmp_path: Path) -> None:
    library = tmp_path / "lib.db"
    first = review(tmp_path, "first.txt", REVIEW.replace("A review", "First"))
    second = review(tmp_path, "second.txt", REVIEW.replace("A review", "Second"))
    third = review(tmp_path, "third.txt", REVIEW.replace("A review", "Third"))
    assert run("build", first, second, "--db", library, "--pubmed", "off").exit_code == 0
    before = rows(library, "select max(id) from claims")[0][0]
    assert run("remove", "2", "--db", library).exit_code == 0
    assert run("add", third, "--db", library, "--pubmed", "off").exit_code == 0
    assert rows(library, "select id, title from documents order by id") == [(1, "First"), (3, "Third")]
    assert rows(library, "select min(id) from claims where document_id = 3")[0][0] > before


# 7. Tracebacks that are now one line


def test_a_pdf_with_text_and_no_reference_list_is_refused_in_one_line(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "notes.pdf", ["Some notes on a meeting.", "Nothing here is cited at all."])
    library = tmp_path / "lib.db"
    result = run("build", pdf, "--db", library, "--pubmed", "off")
    assert one_line_error(result, pdf).endswith("no numbered reference list found")


@pytest.mark.parametrize("item", [
    {"id": "a", "title": "T", "author": [{"family": 5}]},
    {"id": "a", "title": "T", "author": [{"family": "Smith", "non-dropping-particle": 7, "given": 3}]},
    {"id": "a", "title": 5, "author": [{"literal": ["x"]}], "issued": {"date-parts": [[{"y": 1}]]}},
])
def test_csl_values_of_the_wrong_type_are_read_as_text(tmp_path: Path, item: dict) -> None:
    (tmp_path / "refs.json").write_text(json.dumps([item]))
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: Paper\n---\n\nClaim [@a].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "off", "--bib", tmp_path / "refs.json")
    assert result.exit_code == 0, result.output
    inline = tmp_path / "inline.md"
    inline.write_text("---\ntitle: Inline\nreferences:\n- " + json.dumps(item) + "\n---\n\nClaim [@a].\n")
    result = run("build", inline, "--db", tmp_path / "lib2.db", "--pubmed", "off")
    assert result.exit_code == 0, result.output


# PyYAML 6.0.4 stops a flow collection at its own nesting limit; earlier releases reach the reader's own check.
YAML_TOO_DEEP = ("not valid YAML: exceeded maximum nesting depth", "not valid YAML: nested more than 100 deep")


@pytest.mark.parametrize("name, text, problem", [
    ("refs.json", "[" * 100_000, ":1: nested more than 100 deep"),
    ("refs.yaml", "[" * 50_000, tuple(f":1: {message}" for message in YAML_TOO_DEEP)),
    ("refs.yaml", "- " * 200 + "x\n", ":1: not valid YAML: nested more than 100 deep"),
])
def test_a_bibliography_nested_past_reason_is_refused_in_one_line(tmp_path: Path, name: str, text: str,
                                                                  problem: str | tuple[str, ...]) -> None:
    (tmp_path / name).write_text(text)
    paper = tmp_path / "paper.md"
    paper.write_text("Claim [@a].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "off", "--bib", tmp_path / name)
    assert one_line_error(result, tmp_path / name).endswith(problem)


def test_front_matter_nested_past_reason_is_refused_in_one_line(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: " + "[" * 5_000 + "\n---\n\nClaim [@a].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert one_line_error(result, paper).endswith(tuple(f"front matter is {message}" for message in YAML_TOO_DEEP))


def manubot_folder(folder: Path, text: str = "Claim [@pmid:14663287].\n") -> Path:
    content = folder / "content"
    content.mkdir()
    (content / "01.main.md").write_text(text)
    return content


@pytest.mark.parametrize("metadata", ["authors: 5\n", "authors: [5, {name: 7}, [x]]\ntitle: 9\n"])
def test_manubot_metadata_of_the_wrong_shape_is_left_out(tmp_path: Path, metadata: str) -> None:
    content = manubot_folder(tmp_path)
    (content / "metadata.yaml").write_text(metadata)
    result = run("build", content, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "lib.db", "select title, contributors from documents") == [("content", "[]")]


def test_environments_nested_past_reason_are_refused_in_one_line(tmp_path: Path) -> None:
    main_tex = tmp_path / "main.tex"
    main_tex.write_text("\\documentclass{article}\n\\begin{document}\n" + "\\begin{x}" * 330 + "text"
                        + "\\end{x}" * 330 + "\n\\end{document}\n")
    result = run("build", main_tex, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert one_line_error(result, main_tex).endswith("environments nested more than 100 deep")


# 10. Identifiers that are not identifiers are cited text, never a match


@pytest.mark.parametrize("mode", ["off", "snapshot", "auto"])
def test_a_pmid_of_superscript_digits_is_no_pmid(tmp_path: Path, mode: str) -> None:
    content = manubot_folder(tmp_path, "Claim [@pmid:\u00b2\u00b3]. Other [@pmid:\u0661\u0664\u0666\u0666].\n")
    result = run("build", content, "--db", tmp_path / "lib.db", "--pubmed", mode,
                 "--eutils-url", "http://127.0.0.1:9/eutils/")
    assert result.exit_code == 0, result.output
    statuses = rows(tmp_path / "lib.db", "select key, match_status from citations order by number")
    assert [key for key, _ in statuses] == ["pmid:\u00b2\u00b3", "pmid:\u0661\u0664\u0666\u0666"]
    assert "matched" not in {status for _, status in statuses}
    assert rows(tmp_path / "lib.db", "select pmid from works") == [(None,), (None,)]


@pytest.mark.parametrize("identifiers", [
    {"PMID": '12345"><script>'}, {"PMID": "\u00b2\u00b3"}, {"DOI": "javascript:alert(1)"},
    {"DOI": "10.1097/01.md.0000100046.06009.b0 OR 1=1"}, {"DOI": "10.1097/x\u0007y"},
])
def test_csl_identifiers_that_are_not_identifiers_do_not_match(tmp_path: Path, identifiers: dict) -> None:
    (tmp_path / "refs.json").write_text(json.dumps([{"id": "a", "title": "Some title", **identifiers}]))
    paper = tmp_path / "paper.md"
    paper.write_text("Claim [@a].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "snapshot", "--bib", tmp_path / "refs.json")
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "lib.db", "select match_status from citations") == [("pending",)]
    assert rows(tmp_path / "lib.db", "select pmid, doi from works") == [(None, None)]


def test_an_imported_doi_that_is_not_a_doi_does_not_match(tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("@article{a, title = {T}, doi = {javascript:alert(1)}, pmid = {12x}, year = 2001}\n")
    library = tmp_path / "lib.db"
    assert run("build", "--db", library, "--pubmed", "off").exit_code == 0
    assert run("import-bib", bib, "--db", library, "--pubmed", "off").exit_code == 0
    assert rows(library, "select citations.match_status, pmid, doi from citations join works on work_id = works.id "
                         "where document_id = 2") == [("pending", None, None)]


# 11. A folder is a Manubot manuscript only when all it holds is that


def test_one_numbered_markdown_file_does_not_swallow_a_folders_other_documents(tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    review(folder, "a.txt")
    review(folder, "b.txt", REVIEW.replace("A review", "Another review"))
    (folder / "2020-notes.md").write_text("# Notes\n\nClaim [@pmid:14663287].\n")
    result = run("build", folder, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "lib.db", "select path, format from documents order by id") == [
        ("2020-notes.md", "markdown"), ("a.txt", "text"), ("b.txt", "text"),
    ]


# 9. Two adds of the same content


def test_an_add_of_content_added_meanwhile_is_skipped(tmp_path: Path, monkeypatch) -> None:
    """The content check runs under the writer lock: a second `add` of the same file that read its input while
    the first was writing is skipped, not written twice."""
    from citetrace.ingest import grow

    library = tmp_path / "lib.db"
    doc = review(tmp_path)
    assert run("build", "--db", library, "--pubmed", "off").exit_code == 0
    real = grow.match_documents

    def meanwhile(*args, **kwargs):
        monkeypatch.setattr(grow, "match_documents", real)
        assert run("add", doc, "--db", library, "--pubmed", "off").exit_code == 0
        return real(*args, **kwargs)

    monkeypatch.setattr(grow, "match_documents", meanwhile)
    result = run("add", doc, "--db", library, "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert rows(library, "select id, path from documents") == [(1, "hyper-igm-syndromes.txt"), (2, "review.txt")]
    assert f"{doc}: skipped, already in the library as document 2 (a-review)" in result.stderr


# 2. LaTeX \input fan-out


def test_inputs_that_fan_out_past_the_size_of_a_manuscript_are_refused_in_one_line(tmp_path: Path) -> None:
    main_tex = tmp_path / "main.tex"
    main_tex.write_text("\\documentclass{article}\n\\begin{document}\n" + "\\input{b2}\n" * 100 + "\\end{document}\n")
    (tmp_path / "b2.tex").write_text("\\input{c2}\n" * 100)
    (tmp_path / "c2.tex").write_text(("Some text of the chapter. " * 40 + "\n\n") * 48)
    library = tmp_path / "lib.db"
    result = run("build", main_tex, "--db", library, "--pubmed", "off")
    line = one_line_error(result, tmp_path / "b2.tex")
    assert line.endswith("the manuscript with its \\input files is past 2 MB; not read further")
    assert not library.exists()


# 5. A document's own file references stay inside its folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the manuscript's, with a bibliography and a LaTeX part in it."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "x.bib").write_text("@article{a, title = {Secret}, year = 2001}\n")
    (folder / "part.tex").write_text("Secret text \\cite{a}.\n")
    (folder / "02.secret.md").write_text("Secret claim [@pmid:14663287].\n")
    return folder


def paper_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "paper" / "inner"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("named", ["../../outside/x.bib", "ABSOLUTE/x.bib"])
def test_a_markdown_bibliography_outside_the_folder_is_refused(tmp_path: Path, outside: Path, named: str) -> None:
    folder = paper_folder(tmp_path)
    named = named.replace("ABSOLUTE", str(outside))
    paper = folder / "paper.md"
    paper.write_text(f"---\nbibliography: {named}\n---\n\nClaim [@a].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "off")
    line = one_line_error(result, f"{paper}:2")
    assert line.endswith(f"bibliography {named} is outside the manuscript's folder; give it with --bib")


def test_a_markdown_bibliography_linked_out_of_the_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    folder = paper_folder(tmp_path)
    (folder / "refs.bib").symlink_to(outside / "x.bib")
    paper = folder / "paper.md"
    paper.write_text("---\nbibliography: refs.bib\n---\n\nClaim [@a].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert one_line_error(result, f"{paper}:2").endswith(
        "bibliography refs.bib is outside the manuscript's folder; give it with --bib")


def test_a_bibliography_given_with_bib_may_be_anywhere(tmp_path: Path, outside: Path) -> None:
    folder = paper_folder(tmp_path)
    paper = folder / "paper.md"
    paper.write_text("Claim [@a].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "off", "--bib", outside / "x.bib")
    assert result.exit_code == 0, result.output
    assert rows(tmp_path / "lib.db", "select cited_title from citations") == [("Secret",)]


@pytest.mark.parametrize("command", ["\\bibliography{ABSOLUTE/x}", "\\addbibresource{../../outside/x.bib}"])
def test_a_latex_bibliography_outside_the_folder_is_refused(tmp_path: Path, outside: Path, command: str) -> None:
    folder = paper_folder(tmp_path)
    main_tex = folder / "main.tex"
    main_tex.write_text("\\documentclass{article}\n\\begin{document}\nClaim \\cite{a}.\n"
                        f"{command.replace('ABSOLUTE', str(outside))}\n\\end{{document}}\n")
    result = run("build", main_tex, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert "is outside the manuscript's folder; give it with --bib" in one_line_error(result, f"{main_tex}:4")


@pytest.mark.parametrize("written", ["sub/link", "sub/link.tex"])
def test_a_latex_input_linked_out_of_the_folder_is_refused(tmp_path: Path, outside: Path, written: str) -> None:
    folder = paper_folder(tmp_path)
    (folder / "sub").mkdir()
    (folder / "sub" / "link.tex").symlink_to(outside / "part.tex")
    main_tex = folder / "main.tex"
    main_tex.write_text(f"\\documentclass{{article}}\n\\begin{{document}}\n\\input{{{written}}}\n\\end{{document}}\n")
    result = run("build", main_tex, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert one_line_error(result, f"{main_tex}:3").endswith("\\input sub/link.tex is outside the manuscript's folder")


def test_a_manubot_file_linked_out_of_the_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    content = manubot_folder(tmp_path)
    (content / "02.secret.md").symlink_to(outside / "02.secret.md")
    result = run("build", content, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert one_line_error(result, content).endswith("content file 02.secret.md is outside the manuscript's folder")


# 4. JATS: one warning per unknown rid, quoting a bounded excerpt


def jats(body: str) -> str:
    return ('<?xml version="1.0"?>\n<article><front><article-meta><title-group><article-title>T</article-title>'
            f'</title-group></article-meta></front><body>{body}</body><back><ref-list><ref id="r1"><mixed-citation>'
            "Smith J. A title. J Test 2000; 1:1.</mixed-citation></ref></ref-list></back></article>")


def test_twenty_thousand_citations_of_an_unknown_rid_are_one_short_warning(tmp_path: Path) -> None:
    from citetrace.ingest.readers.jats import parse_jats

    xrefs = ",".join('<xref ref-type="bibr" rid="nope">9</xref>' for _ in range(20_000))
    (document,) = parse_jats(jats(f"<p>Claim [{xrefs}].</p>"), "big.nxml")
    (warning,) = document.warnings
    quoted = "[" + ",".join(["9"] * 60)
    assert warning == f'big.nxml: citation of "nope", which is not in the reference list: "{quoted[:119]}\u2026"'


def test_a_citation_after_et_al_is_narrative_however_long_the_paragraph(tmp_path: Path) -> None:
    from citetrace.ingest.readers.jats import parse_jats

    words = "word word <xref ref-type=\"bibr\" rid=\"r1\">1</xref> " * 2_000
    (document,) = parse_jats(jats(f"<p>{words}Smith et al. <xref ref-type=\"bibr\" rid=\"r1\">1</xref></p>"), "x.nxml")
    groups = document.citation_groups[0]
    assert [group.narrative for group in groups[-2:]] == [False, True]


# 8. A writer killed while the site is served


KILLED_WRITER = """
import fcntl, os, signal, sqlite3, sys
path, lock = sys.argv[1], sys.argv[2]
handle = open(lock, "a+b")
fcntl.flock(handle, fcntl.LOCK_EX)
connection = sqlite3.connect(path, isolation_level=None)
connection.execute("pragma cache_size = 1")
connection.execute("begin")
connection.execute("update claims set text = 'half-written ' || hex(randomblob(200))")
connection.execute("update documents set title = 'Half-written'")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_site_serves_the_last_committed_state_after_a_writer_is_killed(seed_library: Path, tmp_path: Path) -> None:
    import asyncio
    import shutil
    import subprocess
    import sys

    from citetrace.datasette_plugins.serve import make_datasette
    from citetrace.db.writing import lock_path

    path = tmp_path / "citetrace.db"
    shutil.copy(seed_library, path)
    site = make_datasette(path)
    asyncio.run(site.invoke_startup())
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path), str(lock_path(path))])
    assert killed.returncode == -9
    assert Path(f"{path}-journal").stat().st_size > 0
    answer = asyncio.run(site.client.get("/citetrace/documents.json?_shape=objects"))
    assert answer.status_code == 200, answer.text
    assert [row["title"] for row in answer.json()["rows"]] == ["Hyperimmunoglobulin M syndromes"]
    assert asyncio.run(site.client.get("/-/citetrace/document/1")).status_code == 200


# 13. A small PDF of millions of glyphs


def test_a_small_pdf_of_millions_of_tiny_glyphs_is_refused_in_one_line(tmp_path: Path) -> None:
    pdf = tiny_glyph_pdf(tmp_path / "tiny.pdf", 499)
    assert pdf.stat().st_size < 100_000
    result = run("build", pdf, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert one_line_error(result, pdf).endswith("PDF has more than 400,000 characters of text; refused as a likely bomb")


# 14. Minor: what reaches the terminal, a linked --db, a large front matter


def test_terminal_escapes_in_a_documents_text_are_printed_escaped_in_warnings(tmp_path: Path) -> None:
    doc = review(tmp_path, text=REVIEW.replace("Claim two [2].", "Claim \x1b]52;c;aGVsbG8=\x07two [9]."))
    result = run("build", doc, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert '"Claim \\x1b]52;c;aGVsbG8=\\x07two [9]."' in result.stderr


def test_terminal_escapes_in_a_documents_text_are_printed_escaped_by_trace_and_list(tmp_path: Path) -> None:
    doc = review(tmp_path, text=REVIEW.replace("Claim two [2].", "Claim \x1b]52;c;aGVsbG8=\x07two [2]."))
    run("build", doc, "--db", tmp_path / "lib.db", "--pubmed", "off")
    traced = run("trace", "two", "--db", tmp_path / "lib.db")
    listed = run("list", "--db", tmp_path / "lib.db")
    assert "\x1b" not in traced.output + listed.output and "\x07" not in traced.output + listed.output
    assert "Claim \\x1b]52;c;aGVsbG8=\\x07two [2]." in traced.output


def test_a_newline_in_a_file_name_stays_on_the_one_error_line(tmp_path: Path) -> None:
    doc = tmp_path / "bad\nname.txt"
    doc.write_bytes(b"A review\n\x00\n")
    result = run("build", doc, "--db", tmp_path / "lib.db", "--pubmed", "off")
    line = one_line_error(result, tmp_path / "bad\\nname.txt")
    assert line.endswith("contains a NUL byte: a binary file, not text")


def test_a_linked_library_is_written_through_the_link_by_build_and_add_alike(tmp_path: Path) -> None:
    real = tmp_path / "store" / "real.db"
    real.parent.mkdir()
    link = tmp_path / "lib.db"
    link.symlink_to(real)
    first = review(tmp_path, "first.txt", REVIEW.replace("A review", "First"))
    second = review(tmp_path, "second.txt", REVIEW.replace("A review", "Second"))
    assert run("build", first, "--db", real, "--pubmed", "off").exit_code == 0
    assert run("build", first, "--db", link, "--pubmed", "off").exit_code == 0
    assert link.is_symlink() and rows(real, "select title from documents") == [("First",)]
    assert run("add", second, "--db", link, "--pubmed", "off").exit_code == 0
    assert link.is_symlink() and rows(real, "select title from documents order by id") == [("First",), ("Second",)]
    assert run("build", second, "--db", link, "--pubmed", "off", "--replace").exit_code == 0
    assert link.is_symlink() and rows(real, "select title from documents") == [("Second",)]
    assert sorted(path.name for path in real.parent.iterdir()) == [".real.db.lock", "real.db"]


def test_a_front_matter_of_megabytes_is_refused_in_one_line(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    items = "".join(f"- id: k{n}\n  title: A title of item {n}\n" for n in range(120_000))
    paper.write_text(f"---\ntitle: Big\nreferences:\n{items}---\n\nClaim [@k1].\n")
    result = run("build", paper, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert one_line_error(result, f"{paper}:1").endswith(
        "front matter is 5.3 MB; at most 1 MB is read (name a bibliography file instead)")


# Also: the site's CSV of a formula-looking title


def test_the_sites_csv_writes_a_formula_title_as_text(seed_library: Path, tmp_path: Path) -> None:
    import asyncio
    import csv
    import io
    import shutil
    import sqlite3

    from site_client import started

    path = tmp_path / "citetrace.db"
    shutil.copy(seed_library, path)
    with sqlite3.connect(path) as connection:
        connection.execute("""update works set title = '=HYPERLINK("http://x.example/","Click")', volume = '-5'
                              where id = 1""")
    site = started(path)
    answer = asyncio.run(site.client.get("/citetrace/works.csv?_col=title&_col=volume&id=1"))
    assert answer.status_code == 200
    assert list(csv.reader(io.StringIO(answer.text))) == [
        ["id", "title", "volume"], ["1", "'=HYPERLINK(\"http://x.example/\",\"Click\")", "-5"],
    ]


def test_a_long_latex_paragraph_is_decoded_in_pieces_with_every_citation_in_place() -> None:
    from citetrace.ingest.readers.latex import parse_latex_body

    paragraphs, _sections, citations = parse_latex_body("Word \\emph{x} $y^2$ \\cite{k1}. " * 2_000)
    (text,) = paragraphs
    assert text == ("Word x y^2 \\cite{k1}. " * 2_000).strip()
    assert len(citations[0]) == 2_000
    assert all(text[g.start : g.end] == "\\cite{k1}" for g in citations[0])
