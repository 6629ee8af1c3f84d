"""A library that grows in place: `add` reuses the works the library holds, skips content already present, is all or
nothing, and leaves the rows a build of the same documents would."""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from commands import DATA, OTHER, rows, run


@pytest.fixture
def library(seed_library: Path, tmp_path: Path) -> Path:
    """A private copy of the seed library (built offline with the bundled snapshot)."""
    path = tmp_path / "citetrace.db"
    shutil.copy(seed_library, path)
    return path


def test_add_writes_a_second_review_into_the_library(library: Path) -> None:
    result = run("add", OTHER, "--db", library, "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert rows(library, "select id, title, reference_count, claim_count from documents order by id") == [
        (1, "Hyperimmunoglobulin M syndromes", 70, 14), (2, "Transient hypogammaglobulinemia of infancy", 11, 15),
    ]
    assert rows(library, "select count(*) from citations where document_id = 2") == [(11,)]


def test_add_creates_the_library_when_it_is_absent(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert run("add", OTHER, "--db", path, "--pubmed", "off").exit_code == 0
    assert rows(path, "select title from documents") == [("Transient hypogammaglobulinemia of infancy",)]


def test_add_without_documents_adds_the_bundled_seed_once(tmp_path: Path) -> None:
    path = tmp_path / "citetrace.db"
    assert run("add", "--db", path, "--pubmed", "snapshot").exit_code == 0
    again = run("add", "--db", path, "--pubmed", "snapshot")
    assert again.exit_code == 0
    assert "already in the library as document 1" in again.stderr
    assert rows(path, "select count(*) from documents") == [(1,)]


def test_the_same_content_added_twice_is_skipped_with_a_message(library: Path, tmp_path: Path) -> None:
    copy = tmp_path / "renamed.txt"
    shutil.copy(OTHER, copy)
    assert run("add", OTHER, "--db", library, "--pubmed", "off").exit_code == 0
    result = run("add", copy, "--db", library, "--pubmed", "off")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{copy}: skipped, already in the library as document 2 (transient-hypogammaglobulinemia-of-infancy)",
        f"{library}: nothing added; 81 works in all",
    ]
    assert rows(library, "select count(*) from documents") == [(2,)]


def test_add_reuses_the_pubmed_works_the_library_holds_without_asking(library: Path, citing_seed: Path) -> None:
    seed_works = dict(rows(library, "select number, work_id from citations where document_id = 1 and number in (5, 6)"))
    result = run("add", citing_seed, "--db", library, "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert rows(library, "select number, work_id, match_status, match_method from citations"
                " where document_id = 2 and number in (1, 2) order by number") == [
        (1, seed_works[5], "matched", "library:citmatch"), (2, seed_works[6], "matched", "library:citmatch"),
    ]
    assert "0 PubMed requests" in result.stderr


def test_an_offline_add_in_auto_stops_asking_at_the_first_failed_connection(library: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{probe.getsockname()[1]}/entrez/eutils/"
    result = run("add", OTHER, "--db", library, "--eutils-url", unreachable, "--email", "reviewer@example.org")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].endswith("(not retried; no more requests this run)); "
                                                       "10 citations not asked")
    assert "(10 pending, 1 not_indexed), 15 claims" in result.stderr
    assert ("81 works in all; 0 PubMed requests answered, 1 failed (PubMed asked: snapshot only (E-utilities "
            "unreachable))") in result.stderr


def test_add_gives_the_rows_a_build_of_both_gives(library: Path, citing_seed: Path, tmp_path: Path) -> None:
    assert run("add", citing_seed, "--db", library, "--pubmed", "snapshot").exit_code == 0
    built = tmp_path / "built.db"
    assert run("build", "--db", built, "--pubmed", "snapshot", DATA.parent.parent / "ingest/data/hyper-igm-syndromes.txt",
               citing_seed).exit_code == 0
    query = ("select documents.slug, citations.number, citations.match_status, works.identity from citations"
             " join documents on documents.id = citations.document_id join works on works.id = citations.work_id"
             " order by 1, 2")
    assert rows(library, query) == rows(built, query)
    counts = "select (select count(*) from works), (select count(*) from authors), (select sum(work_count) from authors)"
    assert rows(library, counts) == rows(built, counts)


def test_added_statements_and_works_are_searchable(library: Path) -> None:
    assert run("add", OTHER, "--db", library, "--pubmed", "off").exit_code == 0
    traced = run("trace", "prevalence", "--db", library)
    assert "[claim " in traced.stdout and "in: Transient hypogammaglobulinemia of infancy" in traced.stdout
    assert rows(library, "select count(*) from works_fts where works_fts match 'Nordic'") == [(1,)]
    assert rows(library, "select count(*) from citations_fts where citations_fts match 'Karlsson'") == [(2,)]


def test_a_bad_document_leaves_the_library_untouched(library: Path, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("No references here.\n", encoding="utf-8")
    before = library.read_bytes()
    result = run("add", OTHER, bad, "--db", library, "--pubmed", "off")
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {bad}")
    assert library.read_bytes() == before


def test_add_after_remove_takes_new_ids_for_works_authors_and_terms(
    library: Path, citing_seed: Path, seed_path: Path, tmp_path: Path
) -> None:
    assert run("add", OTHER, "--db", library, "--pubmed", "snapshot").exit_code == 0
    assert run("remove", "2", "--db", library).exit_code == 0
    result = run("add", citing_seed, "--db", library, "--pubmed", "snapshot")
    assert result.exit_code == 0, result.output
    built = tmp_path / "built.db"
    assert run("build", seed_path, citing_seed, "--db", built, "--pubmed", "snapshot").exit_code == 0
    counts = ("select (select count(*) from authors), (select count(distinct identity) from authors),"
              " (select count(*) from work_authors where author_id not in (select id from authors)),"
              " (select count(*) from works), (select count(*) from mesh_terms)")
    assert rows(library, counts) == rows(built, counts)


FERRARI_BIB = """@article{ferrari2001,
  author = {Ferrari, S. and Giliani, S.},
  title = {Mutations of {CD40} gene cause an autosomal recessive form of immunodeficiency with hyper {IgM}},
  journal = {Proc Natl Acad Sci U S A}, year = 2001, volume = 98, pages = {12614--12619},
  doi = {10.1073/PNAS.221456898}
}

@article{winkelstein2003,
  author = {Winkelstein, J. A. and Marino, M. C.},
  title = {The {X}-linked hyper-{IgM} syndrome},
  journal = {Medicine (Baltimore)}, year = 2003, volume = 82, pages = {373--384}, pmid = {14663287}
}
"""


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "mine.bib"
    path.write_text(FERRARI_BIB, encoding="utf-8")
    return path


def test_an_imported_entry_with_the_doi_of_a_pubmed_record_is_that_work(library: Path, bib: Path) -> None:
    works = rows(library, "select count(*) from works")[0][0]
    assert run("import-bib", bib, "--db", library).exit_code == 0
    assert rows(library, "select count(*) from works") == [(works,)]
    assert rows(library, "select citations.number, works.pmid from citations join works on works.id = citations.work_id"
                " where document_id = 2 order by number") == [(1, "11675497"), (2, "14663287")]


def test_importing_the_same_file_again_is_skipped_with_a_message(library: Path, bib: Path) -> None:
    assert run("import-bib", bib, "--db", library).exit_code == 0
    again = run("import-bib", bib, "--db", library)
    assert (again.exit_code, again.stderr) == (0, f"{bib}: skipped, already in the library as document 2 (mine)\n")
    assert rows(library, "select count(*) from documents") == [(2,)]


def test_import_with_pubmed_matches_entries_by_their_identifiers(tmp_path: Path, bib: Path) -> None:
    path = tmp_path / "lib.db"
    assert run("add", OTHER, "--db", path, "--pubmed", "off").exit_code == 0
    result = run("import-bib", bib, "--db", path, "--pubmed", "snapshot")
    assert result.exit_code == 0, result.output
    assert rows(path, "select citations.number, citations.match_status, works.pmid, works.source"
                " from citations join works on works.id = citations.work_id where document_id = 2 order by number") == [
        (1, "matched", "11675497", "pubmed"), (2, "matched", "14663287", "pubmed"),
    ]


def test_import_without_pubmed_leaves_entries_identified_by_their_doi_or_pmid(tmp_path: Path, bib: Path) -> None:
    path = tmp_path / "lib.db"
    assert run("add", OTHER, "--db", path, "--pubmed", "off").exit_code == 0
    assert run("import-bib", bib, "--db", path).exit_code == 0
    assert rows(path, "select number, match_status from citations where document_id = 2 order by number") == [
        (1, "identified"), (2, "identified")]


def test_add_imports_a_bib_file_as_import_bib_does(library: Path, bib: Path) -> None:
    result = run("add", bib, "--db", library, "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (0, f"{bib}: imported 2 entries as document 2 (0 skipped); "
                                                    "0 PubMed requests answered (PubMed asked: not asked (--pubmed off))\n")
    assert rows(library, "select slug, format from documents where id = 2") == [("mine", "bibtex")]


def test_build_given_a_bib_file_says_how_to_import_it(tmp_path: Path, bib: Path) -> None:
    result = run("build", bib, "--db", tmp_path / "lib.db", "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {bib}: a bibliography, not a document: `citetrace add mine.bib --db PATH` or `citetrace import-bib`"
        " imports its entries; a manuscript reads it with --bib\n"))


def test_add_leaves_a_file_that_is_not_a_library_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n", encoding="utf-8")
    result = run("add", OTHER, "--db", notes, "--pubmed", "off")
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {notes}: not a SQLite database")
    assert notes.read_text(encoding="utf-8") == "my notes\n"


def test_add_waits_for_no_one_while_another_process_writes(library: Path) -> None:
    from citetrace.db.writing import writer_lock

    with writer_lock(library):
        result = run("add", OTHER, "--db", library, "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {library}: another citetrace process is writing this library; try again when it is done\n")
    assert rows(library, "select count(*) from documents") == [(1,)]


def test_a_library_of_an_earlier_version_gains_sorting_and_citation_search_when_added_to(library: Path) -> None:
    import sqlite_utils

    old = sqlite_utils.Database(library)
    old["citations"].disable_fts()
    old.execute("alter table works drop column sort_year")
    old.close()
    assert run("add", OTHER, "--db", library, "--pubmed", "off").exit_code == 0
    assert rows(library, "select count(*) from citations_fts where citations_fts match 'Winkelstein OR Karlsson'") == [(3,)]
    assert rows(library, "select sort_year from works where year is null") == [(9999,)] * len(
        rows(library, "select 1 from works where year is null"))
