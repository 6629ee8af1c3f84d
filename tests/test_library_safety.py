"""What may happen to a library path and to output files: only a library is replaced, one writer at a time, a
killed writer leaves nothing behind, and a failed write (full disk, unwritable folder) leaves the old file
whole with one line saying why (issue 11: cases 5, 7, 12 and 13)."""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from child_process import run_unprivileged, run_with_full_disk
from citetrace.db.writing import writer_lock
from commands import run

DOCUMENT = "A review\n\nBody [1].\n\n1. Smith J. First title. Blood 2001; 98:1.\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# 7. Only a library is replaced


def test_a_text_file_given_as_db_is_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    result = run("build", "--db", str(notes), "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {notes}: not a SQLite database (file is not a database); refusing to replace it "
        "(give a new path or remove the file)\n"
    ))
    assert notes.read_text() == "my notes\n"


def test_another_programs_database_given_as_db_keeps_its_tables(tmp_path: Path) -> None:
    other = tmp_path / "accounts.db"
    with sqlite3.connect(other) as connection:
        connection.execute("create table accounts (id integer primary key, owner text)")
    before = digest(other)
    result = run("build", "--db", str(other), "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {other}: not a citetrace library (no documents table); refusing to replace it "
        "(give a new path or remove the file)\n"
    ))
    assert digest(other) == before


# 12. One writer at a time, and nothing left behind by a killed one


def test_a_killed_writers_temporary_is_removed_by_the_next_build(tmp_path: Path) -> None:
    stale = tmp_path / ".lib.db.4194301.tmp"
    stale.write_bytes(b"half a library")
    assert run("build", "--db", str(tmp_path / "lib.db"), "--pubmed", "off").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lib.db.lock", "lib.db"]


def test_a_second_writer_is_refused_while_the_first_writes(tmp_path: Path) -> None:
    library = tmp_path / "lib.db"
    assert run("build", "--db", str(library), "--pubmed", "off").exit_code == 0
    before = digest(library)
    with writer_lock(library):
        result = run("build", "--db", str(library), "--pubmed", "off")
    assert (result.exit_code, result.stderr) == (
        1, f"Error: {library}: another citetrace process is writing this library; try again when it is done\n"
    )
    assert digest(library) == before


# 13. Writes that fail


def test_a_database_in_a_folder_that_may_not_be_written_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "doc.txt").write_text(DOCUMENT)
    locked.chmod(0o555)
    result = run_unprivileged("build", "doc.txt", "--db", "locked/lib.db", "--pubmed", "off", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "Error: locked/lib.db: cannot write beside it (permission denied)\n")


def test_trace_on_a_library_in_a_folder_that_may_not_be_written_answers(tmp_path: Path, seed_library: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "lib.db").write_bytes(seed_library.read_bytes())
    locked.chmod(0o555)
    result = run_unprivileged("trace", "CD40", "--db", "locked/lib.db", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()[0]) == (
        0, "[claim 7] The estimated frequency of CD40 ligand (CD40L) deficiency is 2:1,000,000 males [5]."
    )


def test_a_full_disk_during_a_build_keeps_the_old_library_and_leaves_no_temporary(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(DOCUMENT)
    assert run("build", str(tmp_path / "doc.txt"), "--db", str(tmp_path / "lib.db"), "--pubmed", "off").exit_code == 0
    before = digest(tmp_path / "lib.db")
    result = run_with_full_disk("build", "--db", "lib.db", "--pubmed", "off", "--replace", cwd=tmp_path, free_bytes=65536)
    last = result.stderr.splitlines()[-1]
    assert result.returncode == 1
    assert last.startswith("Error: lib.db: could not write the library (") and last.endswith("); the previous file is unchanged")
    assert digest(tmp_path / "lib.db") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_a_full_disk_during_an_export_leaves_no_empty_file(tmp_path: Path, seed_library: Path) -> None:
    result = run_with_full_disk("export-bib", "--db", str(seed_library), "-o", "seed.bib", cwd=tmp_path, free_bytes=4096)
    assert (result.returncode, result.stderr) == (1, "Error: seed.bib: could not write it (File too large); nothing written\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == []


# 5. BibTeX files too large to read in reasonable time


def test_a_bibtex_file_over_five_megabytes_is_refused_in_one_line(tmp_path: Path, seed_library: Path) -> None:
    library = tmp_path / "lib.db"
    library.write_bytes(seed_library.read_bytes())
    big = tmp_path / "big.bib"
    big.write_text("@misc{k, note = {x}}\n" * 300_000)
    result = run("import-bib", str(big), "--db", str(library))
    assert (result.exit_code, result.stderr) == (1, f"Error: {big}: file is 6.3 MB; a BibTeX file is expected under 5 MB\n")


def test_a_field_longer_than_any_bibliographic_value_is_left_out_with_a_warning(tmp_path: Path, seed_library: Path) -> None:
    library = tmp_path / "lib.db"
    library.write_bytes(seed_library.read_bytes())
    bib = tmp_path / "long.bib"
    bib.write_text("@article{long, title = {Kept}, note = {" + "word " * 200_000 + "}}\n")
    result = run("import-bib", str(bib), "--db", str(library))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"warning: {bib}:1: the note of entry long is 1,000,002 characters long (more than 100,000); left out"
    )


def test_a_library_made_before_a_column_was_added_gains_it_when_written_in_place(tmp_path: Path, seed_library: Path) -> None:
    library = tmp_path / "lib.db"
    library.write_bytes(seed_library.read_bytes())
    with sqlite3.connect(library) as connection:
        connection.execute("alter table works drop column url")
    bib = tmp_path / "mine.bib"
    bib.write_text("@misc{who, title = {Measles fact sheet}, url = {https://www.who.int/measles}, year = 2020}\n")
    result = run("import-bib", str(bib), "--db", str(library))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(library) as connection:
        assert "url" in {row[1] for row in connection.execute("pragma table_info(works)")}


@pytest.mark.parametrize("command", [("trace", "CD40"), ("export-bib",), ("list",)])
def test_a_library_in_a_folder_that_cannot_be_searched_is_one_line(tmp_path: Path, seed_library: Path, command) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "lib.db").write_bytes(seed_library.read_bytes())
    locked.chmod(0o000)
    result = run_unprivileged(*command, "--db", "locked/lib.db", cwd=tmp_path)
    locked.chmod(0o755)
    assert (result.returncode, result.stderr) == (
        1, "Error: locked/lib.db: permission denied (a folder on its path cannot be searched)\n"
    )


def test_a_library_that_may_not_be_read_is_one_line(tmp_path: Path, seed_library: Path) -> None:
    library = tmp_path / "lib.db"
    library.write_bytes(seed_library.read_bytes())
    library.chmod(0o000)
    result = run_unprivileged("trace", "CD40", "--db", "lib.db", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "Error: lib.db: permission denied (the file cannot be read)\n")
