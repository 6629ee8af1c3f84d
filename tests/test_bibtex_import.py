"""BibTeX import: entries to works, broken entries reported and skipped, and the CLI around it and the exports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from citetrace.citations.bibtex import works_to_bibtex
from citetrace.citations.bibtex_import import parse_bibtex_entries
from citetrace.citations.model import Author, Work
from citetrace.cli import main
from export_fixtures import all_works, book, chapter, korthauer


def parsed(text: str, path: str) -> tuple[list[Work], list[str]]:
    """The works of the entries `import-bib` reads from `text`, and its warnings."""
    entries, warnings = parse_bibtex_entries(text, path)
    return [entry.work for entry in entries], warnings


BROKEN = """@article{good1,
  author = {Korth{\\"a}uer, Ulf and Graf, D. and others},
  title = {Defective {CD40} ligand},
  journal = {Nature}, year = 1993, month = feb, pages = {539--541}, pmid = {8094231}
}

@article{good1,
  title = {Same key again}
}

@article{nocomma
  title = {Missing comma}
}

@book{good2,
  editor = {{World Health Organization}},
  title = {Guidelines},
  publisher = {WHO}, address = {Geneva}, year = {2010}
}
"""


def test_readable_entries_are_imported():
    works, _ = parsed(BROKEN, "refs.bib")
    assert [(w.type, w.title, w.source) for w in works] == [
        ("article-journal", "Defective CD40 ligand", "bibtex"), ("book", "Guidelines", "bibtex")]


def test_broken_entries_reported_with_file_and_line():
    _, warnings = parsed(BROKEN, "refs.bib")
    assert warnings == [
        "refs.bib:7: Duplicate entry key 'good1', entry skipped",
        "refs.bib:11: Expected comma after entry key, but found =, entry skipped",
    ]


def test_names_decoded_and_others_marks_cut_list():
    (work, _), _ = parsed(BROKEN, "refs.bib")
    assert (work.authors, work.authors_complete) == ([Author("Korthäuer", "Ulf"), Author("Graf", "D.")], False)


def test_fields_mapped_to_work():
    (work, _), _ = parsed(BROKEN, "refs.bib")
    assert (work.journal, work.year, work.month, work.pages, work.pmid) == ("Nature", 1993, "Feb", "539-541", "8094231")


def test_group_name_kept_whole():
    (_, work), _ = parsed(BROKEN, "refs.bib")
    assert work.editors == [Author("World Health Organization")]


@pytest.mark.parametrize("encoding", ["latex", "unicode"])
def test_export_then_import_keeps_the_work(encoding):
    (work,), warnings = parsed(works_to_bibtex([korthauer()], encoding), "x.bib")
    original = korthauer()
    assert warnings == [] and (work.title, [a.family for a in work.authors], work.journal, work.year, work.volume,
                               work.issue, work.pages, work.doi, work.pmid) == (
        original.title, [a.family for a in original.authors], "Nature", 1993, "361", "6412", "539-541",
        original.doi, original.pmid)


def test_export_then_import_keeps_every_type():
    works, _ = parsed(works_to_bibtex(all_works()), "x.bib")
    assert [w.type for w in works] == ["article-journal", "article-journal", "personal_communication", "book",
                                       "chapter", "article-journal", "article-journal"]


def test_book_and_chapter_fields_survive_round_trip():
    works, _ = parsed(works_to_bibtex([book(), chapter()]), "x.bib")
    assert [(w.publisher, w.publisher_place, w.container_title, w.edition) for w in works] == [
        ("Oxford University Press", "New York", None, "2nd"),
        ("Oxford University Press", "New York", "Primary Immunodeficiency Diseases", None)]


# The commands.

@pytest.fixture()
def library(tmp_path: Path) -> Path:
    path = tmp_path / "citetrace.db"
    result = CliRunner().invoke(main, ["build", "--db", str(path), "--pubmed", "snapshot"])
    assert result.exit_code == 0, result.output
    return path


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_export_bib_of_one_pmid(library: Path):
    result = _run("export-bib", "--db", str(library), "--pmid", "8094231")
    assert (result.exit_code, result.stdout.count("\n@"), "pmid = {8094231}" in result.stdout) == (0, 0, True)


def test_export_bib_of_a_document_follows_reference_order(library: Path):
    result = _run("export-bib", "--db", str(library), "--document", "1")
    assert result.exit_code == 0 and result.stdout.startswith("@article{notarangelo1992immunodeficiency,")


def test_export_bib_to_file(library: Path, tmp_path: Path):
    out = tmp_path / "seed.bib"
    result = _run("export-bib", "--db", str(library), "-o", str(out), "--encoding", "unicode")
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").count("\n@") + 1 == sqlite_utils.Database(library)["works"].count


def test_export_of_a_claim_covers_its_sources(library: Path):
    db = sqlite_utils.Database(library)
    claim = next(db.query("select claim_id, count(distinct work_id) as n from claim_sources where work_id is not null "
                          "group by claim_id order by n desc limit 1"))
    result = _run("export-csl", "--db", str(library), "--claim", str(claim["claim_id"]))
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == claim["n"]


def test_export_ris_of_whole_library(library: Path):
    result = _run("export-ris", "--db", str(library))
    assert result.exit_code == 0 and result.stdout.count("ER  - ") == sqlite_utils.Database(library)["works"].count


@pytest.mark.parametrize("args, message", [
    (["--document", "99"], "document 99 is not in the library"),
    (["--pmid", "1"], "PMID 1 is not in the library"),
    (["--claim", "99999"], "claim 99999 is not in the library"),
])
def test_unknown_selection_is_a_one_line_error(library: Path, args, message):
    result = _run("export-bib", "--db", str(library), *args)
    assert (result.exit_code, result.stderr.strip()) == (1, f"Error: {library}: {message}")


def test_missing_database_is_a_one_line_error(tmp_path: Path):
    result = _run("export-bib", "--db", str(tmp_path / "none.db"))
    assert (result.exit_code, result.stderr.strip()) == (1, f"Error: {tmp_path / 'none.db'}: no such library database")


def test_import_bib_adds_a_document_deduplicated_against_the_library(library: Path, tmp_path: Path):
    bib = tmp_path / "mine.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    works_before = sqlite_utils.Database(library)["works"].count
    result = _run("import-bib", str(bib), "--db", str(library), "--document-title", "My refs")
    db = sqlite_utils.Database(library)
    document = next(db.query("select * from documents where kind = 'bibtex'"))
    citations = list(db.query("select number, line, work_id, match_status from citations where document_id = ? order by number",
                              [document["id"]]))
    library_work_id = next(db.query("select id from works where pmid = '8094231'"))["id"]
    assert (result.exit_code, document["title"], db["works"].count - works_before, citations) == (
        0, "My refs", 1, [
            {"number": 1, "line": 1, "work_id": library_work_id, "match_status": "matched"},
            {"number": 2, "line": 15, "work_id": db["works"].count, "match_status": "pending"},
        ])


def test_import_bib_warns_about_skipped_entries(library: Path, tmp_path: Path):
    bib = tmp_path / "mine.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    result = _run("import-bib", str(bib), "--db", str(library))
    assert [line.split(":")[:3] for line in result.stderr.splitlines() if line.startswith("warning")] == [
        ["warning", f" {bib}", "7"], ["warning", f" {bib}", "11"]]


def test_import_bib_of_nothing_readable_fails_and_writes_nothing(library: Path, tmp_path: Path):
    bib = tmp_path / "broken.bib"
    bib.write_text("@article{x\n title = {y}\n}\n", encoding="utf-8")
    documents = sqlite_utils.Database(library)["documents"].count
    result = _run("import-bib", str(bib), "--db", str(library))
    assert (result.exit_code, sqlite_utils.Database(library)["documents"].count) == (1, documents)


def test_imported_citations_have_the_rows_a_build_writes(library: Path, tmp_path: Path):
    bib = tmp_path / "mine.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    _run("import-bib", str(bib), "--db", str(library))
    db = sqlite_utils.Database(library)
    row = next(db.query("select csl, discrepancies, candidates, cited_journal, cited_page from citations "
                        "where match_method = 'bibtex' and number = 1"))
    built = next(db.query("select discrepancies from citations where match_method is null limit 1"))
    assert (json.loads(row["csl"]), row["discrepancies"], built["discrepancies"], row["candidates"]) == (
        {"id": "good1", "citation-number": 1, "type": "article-journal",
         "author": [{"family": "Korthäuer", "given": "Ulf"}, {"family": "Graf", "given": "D."}], "et-al": True,
         "title": "Defective CD40 ligand", "container-title": "Nature", "issued": {"date-parts": [[1993, 2]]},
         "page": "539-541", "PMID": "8094231", "raw": BROKEN.split("\n\n")[0]},
        "{}", "{}", "[]")
    assert (row["cited_journal"], row["cited_page"]) == ("Nature", "539-541")


# Values read as BibTeX reads them (issue 11, case 18)

AS_BIBTEX_READS = r"""@string{nejm = "N Engl J Med"}

@proceedings{conf2001,
  title = {Proceedings of the Immunology Meeting}, year = 2001, publisher = {ACM}, address = {Boston}
}

@inproceedings{child,
  author = {Smith, J}, title = {a} # " b", crossref = {conf2001}, journal = nejm # " Suppl", month = jan
}

@article{undefined, title = {Kept}, journal = nosuchmacro}

@article{shell, title = {Hello \write18{touch x} world}}

@inproceedings{orphan, title = {Alone}, crossref = {nowhere}}
"""


def test_concatenation_and_string_macros_are_joined_as_bibtex_joins_them():
    _, child, _, _, _ = parsed(AS_BIBTEX_READS, "x.bib")[0]
    assert (child.title, child.journal, child.month) == ("a b", "N Engl J Med Suppl", "Jan")


def test_crossref_fills_what_the_child_lacks_and_the_parent_title_is_its_booktitle():
    _, child, _, _, _ = parsed(AS_BIBTEX_READS, "x.bib")[0]
    assert (child.year, child.container_title, child.publisher, child.publisher_place) == (
        2001, "Proceedings of the Immunology Meeting", "ACM", "Boston"
    )


def test_an_unknown_latex_command_is_kept_as_written_not_half_decoded():
    shell = parsed(AS_BIBTEX_READS, "x.bib")[0][3]
    assert shell.title == "Hello \\write18{touch x} world"


def test_what_was_read_differently_is_reported_with_its_line():
    _, warnings = parsed(AS_BIBTEX_READS, "x.bib")
    assert warnings == [
        "x.bib:11: undefined @string macro 'nosuchmacro' in entry undefined read as empty",
        "x.bib:13: unknown LaTeX command \\write in the title of entry shell; kept as written",
        "x.bib:15: entry orphan has crossref to 'nowhere', which is not in the file",
    ]


def test_an_imported_bibliography_is_a_document_of_format_bibtex(library: Path, tmp_path: Path):
    bib = tmp_path / "mine.bib"
    bib.write_text(BROKEN, encoding="utf-8")
    _run("import-bib", str(bib), "--db", str(library))
    rows = sqlite_utils.Database(library).query("select format from documents where kind = 'bibtex'")
    assert [row["format"] for row in rows] == ["bibtex"]


TWICE = """@article{ochs2004,
  title = {Hyper-IgM syndromes},
  year = {2004},
  journal = {J Clin Immunol},
  year = {2005},
  Journal = {Other}
}
"""


def test_a_field_given_twice_keeps_the_first_value_as_bibtex_does():
    (work,), _ = parsed(TWICE, "refs.bib")
    assert (work.title, work.year, work.journal) == ("Hyper-IgM syndromes", 2004, "J Clin Immunol")


def test_a_field_given_twice_is_reported_and_the_entry_kept():
    _, warnings = parsed(TWICE, "refs.bib")
    assert warnings == [
        "refs.bib:1: entry ochs2004 gives the journal field twice; the first is kept, as BibTeX does",
        "refs.bib:1: entry ochs2004 gives the year field twice; the first is kept, as BibTeX does",
    ]


def test_a_manuscript_whose_bib_gives_a_field_twice_builds(tmp_path: Path):
    (tmp_path / "refs.bib").write_text(TWICE)
    (tmp_path / "paper.md").write_text("---\ntitle: A review\nbibliography: refs.bib\n---\n\nHyper-IgM is rare [@ochs2004].\n")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "paper.md"), "--db", str(tmp_path / "lib.db"), "--pubmed", "off"])
    assert result.exit_code == 0, result.output
    assert "refs.bib:1: entry ochs2004 gives the journal field twice; the first is kept, as BibTeX does" in result.output
    assert [row["year"] for row in sqlite_utils.Database(tmp_path / "lib.db").query("select year from works")] == [2004]
