"""`citetrace build`: the seed into a library, the same rows on a rebuild, the old file kept on failure."""
from __future__ import annotations

import gc
import hashlib
import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from citetrace.cli import main
from citetrace.ingest import build
from citetrace.ingest.readers.text import bundled_seed
from commands import OTHER, run

CONTRACT_COLUMNS = {
    "documents": {"id", "title", "format", "sha256"},
    "citations": {"id", "document_id", "number", "raw", "work_id", "match_status", "key"},
    "works": {"id", "pmid", "doi", "title", "journal", "year", "volume", "pages", "abstract", "design",
              "has_retraction", "has_erratum", "has_concern", "checked_at"},
    "claims": {"id", "document_id", "text", "sentence", "cited"},
    "claim_citations": {"claim_id", "citation_id"},
}


@pytest.fixture(scope="module")
def offline_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("build") / "citetrace.db"
    result = run("build", "--db", str(path), "--pubmed", "off")
    assert result.exit_code == 0, result.output
    return path


def dump(path: Path) -> dict[str, list]:
    db = sqlite_utils.Database(path)
    return {name: list(db[name].rows) for name in db.table_names() if "_fts" not in name}


def test_contract_tables_have_their_columns(offline_db: Path) -> None:
    db = sqlite_utils.Database(offline_db)
    for table, columns in CONTRACT_COLUMNS.items():
        assert columns <= set(db[table].columns_dict), table


def test_seed_gives_one_document_seventy_citations(offline_db: Path) -> None:
    db = sqlite_utils.Database(offline_db)
    assert [row["title"] for row in db["documents"].rows] == ["Hyperimmunoglobulin M syndromes"]
    assert db["citations"].count == 70


def test_without_pubmed_citations_are_pending_and_the_communication_not_indexed(offline_db: Path) -> None:
    db = sqlite_utils.Database(offline_db)
    statuses = {row["number"]: row["match_status"] for row in db["citations"].rows}
    assert statuses[69] == "not_indexed"
    assert {status for number, status in statuses.items() if number != 69} == {"pending"}


def test_every_citation_points_to_a_work_built_from_its_cited_fields(offline_db: Path) -> None:
    db = sqlite_utils.Database(offline_db)
    row = next(db.query(
        "select w.title, w.journal, w.year, w.volume, w.pages, w.source from citations c"
        " join works w on w.id = c.work_id where c.number = 16"
    ))
    assert row == {
        "title": "Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM",
        "journal": "Nature", "year": 1993, "volume": "361", "pages": "539", "source": "cited",
    }
    assert db.execute("select count(*) from citations where work_id is null").fetchone()[0] == 0


def test_foreign_keys_hold(offline_db: Path) -> None:
    db = sqlite_utils.Database(offline_db)
    assert db.execute("pragma foreign_key_check").fetchall() == []


def test_indexes_on_pmid_doi_year_journal(offline_db: Path) -> None:
    indexed = {tuple(index.columns) for index in sqlite_utils.Database(offline_db)["works"].indexes}
    assert {("pmid",), ("doi",), ("year",), ("journal",)} <= indexed


def test_work_titles_are_searchable(offline_db: Path) -> None:
    hits = list(sqlite_utils.Database(offline_db)["works"].search("lyonization", columns=["id"]))
    assert len(hits) == 1


def test_rebuild_gives_the_same_rows(offline_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    assert run("build", "--db", str(again), "--pubmed", "off").exit_code == 0
    assert dump(again) == dump(offline_db)


def test_failed_build_leaves_the_old_database_intact(offline_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "kept.db"
    target.write_bytes(offline_db.read_bytes())
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("build", str(empty), "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"Error: {empty}: file is empty"
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_missing_document_is_named(tmp_path: Path) -> None:
    result = run("build", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "x.db"), "--pubmed", "off")
    assert (result.exit_code, result.output.strip()) == (1, f"Error: {tmp_path / 'missing.txt'}: no such file")
    assert not (tmp_path / "x.db").exists()


def test_gaps_in_numbering_warn_and_the_build_goes_on(tmp_path: Path) -> None:
    doc = tmp_path / "gap.txt"
    doc.write_text(
        "A review\n\nOne claim [1]. Another [4].\n\n"
        "1. Smith J. First title. Blood 2001; 98:1.\n2. Doe J. Second title. Cell 2002; 7:2.\n"
        "4. Roe R. Fourth title. Nature 2004; 400:3.\n"
    )
    result = CliRunner().invoke(main, ["build", str(doc), "--db", str(tmp_path / "g.db"), "--pubmed", "off"])
    assert result.exit_code == 0
    assert f"warning: {doc}: line 7: reference number 3 missing (2 is followed by 4)" in result.stderr
    claims = json.loads(json.dumps(list(sqlite_utils.Database(tmp_path / "g.db")["claim_citations"].rows)))
    assert [(c["reference_number"], c["broken"]) for c in claims] == [(1, 0), (4, 0)]


def test_database_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "x.db"
    result = run("build", "--db", str(target), "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (1, f"Error: {target}: the folder for the database does not exist\n")


def test_a_folder_with_no_document_in_it_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n")
    result = run("build", str(tmp_path), "--db", str(tmp_path / "x.db"), "--pubmed", "off")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path}: folder holds no document to read (")


def test_claim_sources_view_gives_one_row_per_claim_reference_pair(offline_db: Path) -> None:
    rows = sqlite_utils.Database(offline_db).query(
        "select reference_number, year from claim_sources where marker = '[6-9]' order by reference_number"
    )
    assert [(r["reference_number"], r["year"]) for r in rows] == [(6, 2001), (7, 2003), (8, 2007), (9, 2010)]


def corpus_folder(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    """The seed and the other review in one folder, with `extra` (name, text) files after them."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-seed.txt").write_bytes(bundled_seed().read_bytes())
    (folder / "b-other.txt").write_bytes(OTHER.read_bytes())
    for name, text in extra:
        (folder / name).write_text(text)
    return folder


def test_a_build_in_batches_of_one_document_gives_the_rows_of_one_batch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path)
    whole, batched = tmp_path / "whole.db", tmp_path / "batched.db"
    assert run("build", folder, "--db", whole, "--pubmed", "snapshot").exit_code == 0
    monkeypatch.setattr(build, "BATCH_DOCUMENTS", 1)
    assert run("build", folder, "--db", batched, "--pubmed", "snapshot").exit_code == 0
    assert dump(batched) == dump(whole)


def test_a_build_collects_garbage_after_each_batch_with_automatic_collection_off(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path)
    monkeypatch.setattr(build, "BATCH_DOCUMENTS", 1)
    collections: list[tuple[int, bool]] = []
    collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda generation=2: collections.append((generation, gc.isenabled()))
                        or collect(generation))
    assert run("build", folder, "--db", tmp_path / "library.db", "--pubmed", "snapshot").exit_code == 0
    assert collections == [(1, False), (1, False), (2, False)]
    assert gc.isenabled()


def test_bad_input_in_a_later_batch_leaves_the_old_database_intact(
        offline_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path, ("c-notes.txt", "A review without a reference list.\n\nNo list here.\n"))
    target = tmp_path / "kept.db"
    target.write_bytes(offline_db.read_bytes())
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    monkeypatch.setattr(build, "BATCH_DOCUMENTS", 1)
    result = run("build", folder, "--db", target, "--pubmed", "off", "--replace")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith(
        f"Error: {folder / 'c-notes.txt'}: no numbered reference list found")
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_works_with_no_record_read_have_no_flags_and_no_design(offline_db: Path) -> None:
    db = sqlite_utils.Database(offline_db)
    assert list(db.query("select count(*) as works, count(has_retraction) as r, count(has_erratum) as e,"
                         " count(has_concern) as c, count(design) as d, count(checked_at) as t from works")) == [
        {"works": 70, "r": 0, "e": 0, "c": 0, "d": 0, "t": 0}]
