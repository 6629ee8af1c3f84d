"""What a path given as a document turns out to be: each refusal is one line saying what it is (ingest.files)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from child_process import run_unprivileged
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_text


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as raised:
        read_text(path)
    return str(raised.value)


def test_a_named_pipe_is_named_as_one_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert refusal(fifo) == f"{fifo}: is a named pipe (FIFO), not a review file"


def test_a_symbolic_link_loop_is_named_as_one(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert refusal(loop) == f"{loop}: is a symbolic link loop"


def test_a_broken_symbolic_link_says_where_it_points(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert refusal(link) == f"{link}: is a broken symbolic link (to {tmp_path / 'gone.txt'})"


def test_a_device_is_not_read(tmp_path: Path) -> None:
    assert refusal(Path("/dev/zero")) == "/dev/zero: is a character device, not a review file"


def test_a_document_in_a_folder_that_cannot_be_searched_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "doc.txt").write_text("Title\n\nBody [1].\n\n1. Smith J. A title. Blood 2001; 1:1.\n")
    locked.chmod(0o000)
    result = run_unprivileged("build", "locked/doc.txt", "--db", "lib.db", "--pubmed", "off", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        1, "Error: locked/doc.txt: permission denied (a folder on its path cannot be searched)\n"
    )


def test_a_file_that_may_not_be_read_is_one_line(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Title\n\nBody [1].\n\n1. Smith J. A title. Blood 2001; 1:1.\n")
    secret.chmod(0o000)
    result = run_unprivileged("parse-refs", "secret.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "Error: secret.txt: permission denied (the file cannot be read)\n")
