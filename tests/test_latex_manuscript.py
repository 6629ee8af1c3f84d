"""Specification of the LaTeX manuscript reader (ingest.readers.latex), with pandoc as the oracle of its citations."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from citetrace.citations.model import Document
from citetrace.ingest.errors import InputError
from citetrace.ingest.readers.latex import parse_latex_body, read_latex, strip_comments
from pandoc_oracle import pandoc_citations
from commands import run

LATEX = Path(__file__).parent / "data" / "manuscripts" / "latex"
MAIN = LATEX / "main.tex"


def read(path: Path = MAIN) -> Document:
    return read_latex(path, [])


def groups(document: Document) -> list[tuple[str, list[str]]]:
    return [(g.text, g.keys) for paragraph in document.citation_groups or [] for g in paragraph]


def test_every_citation_pandoc_finds_through_the_inputs() -> None:
    assert [keys for _text, keys in groups(read())] == pandoc_citations(MAIN, "latex")


def test_every_command_form_with_its_optional_arguments_as_written() -> None:
    assert [text for text, _keys in groups(read())] == [
        "\\cite{notarangelo1992}", "\\citep[p.~3]{winkelstein2003}", "\\citep[see][]{ferrari2001,lanzi2010}",
        "\\citet{imai2003}", "\\citealp{korthauer1993}", "\\parencite{ferrari2001}", "\\textcite*{notarangelo1992}",
        "\\autocite[12]{winkelstein2003}", "\\supercite{jsononly2018}", "\\footcite{lanzi2010}", "\\cite{nowhere2020}",
    ]


def test_text_is_plain_and_sections_are_context() -> None:
    document = read()
    assert document.paragraphs[0].startswith(
        "Hyper-IgM syndrome is rare \\cite{notarangelo1992}. Winkelstein et al. counted 79 patients"
    )
    assert document.paragraphs[2:4] == ["Infections \\autocite[12]{winkelstein2003}.", "Malignancy \\supercite{jsononly2018}."]
    assert document.sections == ["Introduction", "Methods", "Methods", "Methods", "Results"]
    assert (document.title, [c["name"] for c in document.contributors]) == (
        "A hand-made LaTeX review of hyper-IgM syndromes", ["Ada Lovelace", "Charles Babbage"])


def test_both_named_bibliographies_are_read_and_only_cited_entries_kept() -> None:
    document = read()
    assert [(r.number, r.key, r.pmid) for r in document.references or []] == [
        (1, "notarangelo1992", "1554497"), (2, "winkelstein2003", None), (3, "ferrari2001", "11675497"),
        (4, "lanzi2010", None), (5, "imai2003", "12958596"), (6, "korthauer1993", None),
        (7, "jsononly2018", "30000001"), (8, "nowhere2020", None),
    ]
    assert document.warnings == [f"{MAIN}: cited but in no bibliography (1): nowhere2020"]


def test_comments_and_iffalse_blocks_are_dropped_with_their_lines_kept() -> None:
    source = "a % c \\cite{x}\n\\iffalse\nb \\iftrue c \\fi\n\\fi\nd 10\\% e\n"
    assert strip_comments(source) == "a \n\n\n\nd 10\\% e\n"


def test_thebibliography_items_are_parsed_as_strings(tmp_path: Path) -> None:
    paper = tmp_path / "paper.tex"
    paper.write_text(
        "\\documentclass{article}\\begin{document}\nKnown \\cite{k93}.\n\n\\begin{thebibliography}{9}\n"
        "\\bibitem{k93} Korth\\\"auer U, Graf D. Defective expression of T-cell CD40 ligand. Nature 1993; 361:539.\n"
        "\\end{thebibliography}\n\\end{document}\n"
    )
    (reference,) = read(paper).references or []
    assert (reference.key, reference.authors[0].family, reference.container_title, reference.volume) == (
        "k93", "Korth\u00e4uer", "Nature", "361")


MULTI_BIB = "@article{a, title={A}, year=2000}\n@article{b, title={B}, year=2001}\n@article{c, title={C}, year=2002}\n"


def test_biblatex_multicite_commands_cite_every_key_of_every_group(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(MULTI_BIB)
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\addbibresource{refs.bib}\n\\begin{document}\n"
        "Several agree \\cites[p.~3]{a}[see][]{b,c}. Then \\textcites{a}{c} showed it, as \\parencites(all)()[12]{b}{c}."
        "\n\\end{document}\n"
    )
    document = read(tmp_path / "main.tex")
    assert [(g.text, g.keys, g.narrative) for paragraph in document.citation_groups or [] for g in paragraph] == [
        ("\\cites[p.~3]{a}[see][]{b,c}", ["a", "b", "c"], False), ("\\textcites{a}{c}", ["a", "c"], True),
        ("\\parencites(all)()[12]{b}{c}", ["b", "c"], False),
    ]


def test_a_brace_less_input_is_followed_as_tex_does(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(MULTI_BIB)
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\addbibresource{refs.bib}\n\\begin{document}\nMain \\cite{a}.\n\n"
        "\\input part\n\\input sections/more.tex\n\\end{document}\n"
    )
    (tmp_path / "part.tex").write_text("The part cites \\cite{b}.\n\n")
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "more.tex").write_text("More cites \\cite{c}.\n")
    assert read(tmp_path / "main.tex").paragraphs == ["Main \\cite{a}.", "The part cites \\cite{b}.", "More cites \\cite{c}."]


def test_an_input_loop_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "a.tex").write_text("\\documentclass{article}\n\\input{b}\n")
    (tmp_path / "b.tex").write_text("text\n\n\\input{a}\n")
    with pytest.raises(InputError) as error:
        read(tmp_path / "a.tex")
    assert str(error.value) == f"{tmp_path / 'b.tex'}:3: \\input a includes itself (a loop through a.tex)"


def test_an_input_outside_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "paper").mkdir()
    (tmp_path / "secret.tex").write_text("secret")
    (tmp_path / "paper" / "main.tex").write_text("\\documentclass{article}\n\n\\input{../secret}\n")
    with pytest.raises(InputError) as error:
        read(tmp_path / "paper" / "main.tex")
    assert str(error.value).startswith(f"{tmp_path / 'paper' / 'main.tex'}:3: \\input ../secret.tex is outside")


def test_a_missing_bibliography_names_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "main.tex").write_text("\\documentclass{article}\n\\begin{document}\nA \\cite{a}.\n"
                                       "\\bibliography{gone}\n\\end{document}\n")
    result = run("build", str(tmp_path / "main.tex"), "--db", str(tmp_path / "x.db"), "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {tmp_path / 'main.tex'}:4: bibliography {tmp_path / 'gone.bib'} does not exist\n")


def test_the_manuscript_builds_with_every_citation_linked(tmp_path: Path) -> None:
    target = tmp_path / "library.db"
    result = run("build", str(MAIN), "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(target)
    assert [tuple(r.values()) for r in db.query("select format, title from documents")] == [
        ("latex", "A hand-made LaTeX review of hyper-IgM syndromes")]
    assert [tuple(r.values()) for r in db.query(
        "select count(*), count(distinct citation_id), sum(broken) from claim_citations")] == [(12, 8, 0)]
    assert [tuple(r.values()) for r in db.query(
        "select match_status, count(*) from citations group by 1 order by 1")] == [
        ("identified", 5), ("not_indexed", 1), ("pending", 2)]


def test_claims_of_a_latex_file() -> None:
    claims = json.loads(run("claims", str(MAIN)).stdout)
    assert [(c["marker"], c["refs"], c["text"]) for c in claims if c["marker"]][:2] == [
        ("\\cite{notarangelo1992}", [1], "Hyper-IgM syndrome is rare"),
        ("\\citep[p.~3]{winkelstein2003}", [2], "Winkelstein et al. counted 79 patients"),
    ]


def test_a_textual_citation_is_part_of_its_clause() -> None:
    claims = json.loads(run("claims", str(MAIN)).stdout)
    assert [(c["marker"], c["text"]) for c in claims if c["marker"] in ("\\citet{imai2003}", "\\citealp{korthauer1993}")] == [
        ("\\citet{imai2003}", "\\citet{imai2003} described the first case;"),
        ("\\citealp{korthauer1993}", "is older."),
    ]


def test_braces_nested_absurdly_deep_are_refused_with_their_line(tmp_path: Path) -> None:
    paper = tmp_path / "deep.tex"
    paper.write_text("\\documentclass{article}\n\\begin{document}\n" + "{" * 5000 + "x" + "}" * 5000 + "\n")
    with pytest.raises(InputError) as error:
        read(paper)
    assert str(error.value) == f"{paper}:3: braces nested more than 100 deep"


def test_a_section_title_never_closed_ends_with_its_line_and_the_text_after_it_is_kept() -> None:
    body = "\\section{Results\nThe cohort grew.\n\n\\section{Methods}\nWe counted."
    assert parse_latex_body(body) == (["The cohort grew.", "We counted."], ["Results", "Methods"], [[], []])


def test_a_sectioning_command_inside_a_title_is_part_of_it() -> None:
    assert parse_latex_body("\\section{Res\\{ults \\section*{M {e} th}}\n\nB.") == (
        ["B."], ["Res{ults § M E TH"], [[]])

