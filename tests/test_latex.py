"""Encoding values for BibTeX and LaTeX, and the proof: real bibtex and biber accept every export."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citetrace.citations.bibtex import works_to_bibtex
from citetrace.citations.keys import assign_keys
from citetrace.citations.latex_encoding import decode, encode_text, encode_title, latex_decoder
from citetrace.citations.model import Author, Work
from citetrace.cli import main
from export_fixtures import all_works
from tex_tools import compile_with_biber, compile_with_bibtex, require_tool


@pytest.mark.parametrize("char, encoded", [
    ("&", "\\&"), ("%", "\\%"), ("$", "\\$"), ("#", "\\#"), ("_", "\\_"),
    ("{", "{\\textbraceleft}"), ("}", "{\\textbraceright}"), ("\\", "{\\textbackslash}"),
    ("~", "{\\textasciitilde}"), ("^", "{\\textasciicircum}"),
])
@pytest.mark.parametrize("encoding", ["latex", "unicode"])
def test_specials_escaped_in_both_encodings(char, encoded, encoding):
    assert encode_text(char, encoding) == encoded


@pytest.mark.parametrize("char, encoded", [
    ("ä", '{\\"a}'), ("ć", "{\\'c}"), ("é", "{\\'e}"), ("í", "{\\'\\i}"), ("ç", "{\\c{c}}"), ("š", "{\\v{s}}"),
    ("ő", "{\\H{o}}"), ("ø", "{\\o}"), ("ß", "{\\ss}"), ("Ł", "{\\L}"), ("å", "{\\aa}"), ("α", "{\\ensuremath{\\alpha}}"),
    ("–", "{\\textendash}"),
])
def test_latex_encoding_of_non_ascii(char, encoded):
    assert encode_text(char, "latex") == encoded


@pytest.mark.parametrize("text, encoded", [
    ("Pe\u0301ron", "P{\\'e}ron"), ("Mu\u0308ller", 'M{\\"u}ller'), ("x\u0302", "{\\^x}"), ("\u0302 alone", " alone"),
])
def test_decomposed_accents_are_written_as_latex_accents_never_as_bare_combining_marks(text, encoded):
    assert encode_text(text, "latex") == encoded


def test_unicode_encoding_keeps_non_ascii():
    assert encode_text("Korthäuer Ćosić α 中文", "unicode") == "Korthäuer Ćosić α 中文"


def test_script_without_latex_spelling_stays_utf8():
    assert encode_text("中文 Жук", "latex") == "中文 Жук"


def test_double_hyphen_is_not_a_dash():
    assert encode_text("a--b", "latex") == "a-{}-b"


def test_whitespace_collapsed():
    assert encode_text(" a \n\t b ", "latex") == "a b"


def test_title_protection_of_seed_title():
    assert encode_title("Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM") == (
        "Defective expression of {T}-cell {CD40} ligand causes {X}-linked immunodeficiency with hyper-{IgM}"
    )


def test_title_protection_of_proper_nouns_in_sentence_case():
    assert encode_title("Mutations in Bruton's tyrosine kinase and mRNA of p53") == (
        "Mutations in {Bruton}'s tyrosine kinase and {mRNA} of {p53}"
    )


def test_title_case_titles_keep_only_acronyms_protected():
    assert encode_title("Clinical Features of the Hyper IgM Syndrome") == "Clinical Features of the Hyper {IgM} Syndrome"


def test_word_after_colon_and_leading_article_are_not_braced():
    assert encode_title("A review: Vitamin A in HIV") == "A review: Vitamin {A} in {HIV}"


def test_protected_word_with_diacritic():
    assert encode_title("Ärzte in Łódź", "latex") == '{\\"A}rzte in {{\\L}{\\\'o}d{\\\'z}}'


def test_decode_inverts_specials():
    assert decode("{\\textbraceleft}a\\&b{\\textbraceright} {\\textasciicircum}{\\textbackslash}") == "{a&b} ^\\"


# Hypothesis: hostile titles and names through export and back.

SPECIALS = "{}\\%&#_$~^ -"
LATIN = "abcdefghijklmnopqrstuvwxyzABCXYZ0123äöüÄÖÜéèêçćčšžłøßåñíÿŁØÆæ"
OTHER_SCRIPTS = "αβγΔΩЖжДдЯя中文字日本語한국"


def _normal(text: str) -> str:
    return " ".join(text.split())


def _titled(title: str, family: str) -> Work:
    return Work(title=title, authors=[Author(family, "Ann")], journal="J Test", year=2000)


def _parse_back(bib: str) -> tuple[str, str]:
    """(title, author family) after parsing with bibtexparser and decoding the LaTeX.

    The decoding middleware passes over lists of split names, so the family name is decoded here.
    """
    stack = [SeparateCoAuthors(), SplitNameParts(), LatexDecodingMiddleware(decoder=latex_decoder())]
    library = bibtexparser.parse_string(bib, append_middleware=stack)
    assert not library.failed_blocks, library.failed_blocks
    (entry,) = library.entries
    name = entry["author"][0]
    return entry["title"], decode(" ".join(name.von + name.last))


def visible(alphabet: str) -> st.SearchStrategy[str]:
    """Short texts from `alphabet` with at least one letter or digit (an all-punctuation name is no name)."""
    return st.text(alphabet, min_size=1, max_size=40).filter(lambda s: any(c.isalnum() for c in s))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(title=visible(SPECIALS + LATIN + OTHER_SCRIPTS), family=visible(SPECIALS.replace("-", "") + LATIN + OTHER_SCRIPTS))
def test_unicode_export_parses_back_exactly(title, family):
    parsed_title, parsed_family = _parse_back(works_to_bibtex([_titled(title, family)], encoding="unicode"))
    assert (parsed_title, parsed_family) == (_normal(title), _normal(family))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(title=visible(SPECIALS + LATIN), family=visible(SPECIALS.replace("-", "") + LATIN))
def test_latex_export_of_latin_parses_back_exactly(title, family):
    parsed_title, parsed_family = _parse_back(works_to_bibtex([_titled(title, family)], encoding="latex"))
    assert (parsed_title, parsed_family) == (_normal(title), _normal(family))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(title=visible(SPECIALS + LATIN + OTHER_SCRIPTS))
def test_latex_export_of_any_script_parses(title):
    library = bibtexparser.parse_string(works_to_bibtex([_titled(title, "Smith")], encoding="latex"))
    assert not library.failed_blocks and len(library.entries) == 1


# The proof: real TeX tools on the exports.

def _keys(bib: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", bib, re.MULTILINE)


def _bibtex_problems(failures: list[str], blg: str) -> list[str]:
    return failures + [line for line in blg.splitlines() if line.startswith("Warning--") or "error message" in line]


def _biber_problems(failures: list[str], blg: str) -> list[str]:
    return failures + [line for line in blg.splitlines() if "WARN -" in line or "ERROR -" in line]


def _require_biblatex() -> None:
    """biblatex needs etoolbox and friends; kpsewhich tells whether TeX finds them."""
    kpsewhich = require_tool("kpsewhich")
    for package in ("biblatex.sty", "etoolbox.sty", "logreq.sty"):
        if not subprocess.run([kpsewhich, package], capture_output=True, text=True).stdout.strip():
            require_tool(f"{package} (TeX package)")


def test_fixture_export_compiles_with_bibtex(tmp_path: Path):
    for tool in ("pdflatex", "bibtex"):
        require_tool(tool)
    works = all_works()
    failures, blg = compile_with_bibtex(works_to_bibtex(works, "latex"), assign_keys(works), tmp_path)
    assert _bibtex_problems(failures, blg) == []


def test_fixture_export_compiles_with_biber(tmp_path: Path):
    for tool in ("pdflatex", "biber"):
        require_tool(tool)
    _require_biblatex()
    works = all_works()
    failures, blg = compile_with_biber(works_to_bibtex(works, "unicode"), assign_keys(works), tmp_path)
    assert _biber_problems(failures, blg) == []


def test_fixture_unicode_export_reads_cleanly_in_biber_tool_mode(tmp_path: Path):
    biber = require_tool("biber")
    (tmp_path / "refs.bib").write_text(works_to_bibtex(all_works(), "unicode"), encoding="utf-8")
    result = subprocess.run([biber, "--tool", "refs.bib", "-O", "out.bib"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=180)
    assert (result.returncode, _biber_problems([], result.stdout)) == (0, [])


def _export_seed(seed_library: Path, encoding: str) -> str:
    result = CliRunner().invoke(main, ["export-bib", "--db", str(seed_library), "--encoding", encoding])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_seed_export_has_one_entry_per_work(seed_library: Path):
    import sqlite_utils

    assert len(_keys(_export_seed(seed_library, "latex"))) == sqlite_utils.Database(seed_library)["works"].count


def test_seed_export_compiles_with_bibtex(seed_library: Path, tmp_path: Path):
    for tool in ("pdflatex", "bibtex"):
        require_tool(tool)
    bib = _export_seed(seed_library, "latex")
    assert _bibtex_problems(*compile_with_bibtex(bib, _keys(bib), tmp_path)) == []


def test_seed_export_compiles_with_biber(seed_library: Path, tmp_path: Path):
    for tool in ("pdflatex", "biber"):
        require_tool(tool)
    _require_biblatex()
    bib = _export_seed(seed_library, "unicode")
    assert _biber_problems(*compile_with_biber(bib, _keys(bib), tmp_path)) == []


def test_seed_unicode_export_reads_cleanly_in_biber_tool_mode(seed_library: Path, tmp_path: Path):
    biber = require_tool("biber")
    (tmp_path / "refs.bib").write_text(_export_seed(seed_library, "unicode"), encoding="utf-8")
    result = subprocess.run([biber, "--tool", "refs.bib", "-O", "out.bib"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=180)
    assert (result.returncode, _biber_problems([], result.stdout)) == (0, [])


def test_markup_nested_past_the_decoders_recursion_keeps_its_words() -> None:
    assert decode("\\section{A " * 300).split() == ["A"] * 300
