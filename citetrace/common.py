"""What every command shares: a bad library path as one line on stderr and a non-zero exit, and output files
written whole or not at all."""
from __future__ import annotations

import os
from pathlib import Path

import click
import sqlite_utils

from db.connect import LibraryError, open_library


def library_or_fail(path: str) -> sqlite_utils.Database:
    """The library at `path`, or a ClickException naming the file and the problem."""
    try:
        return open_library(path)
    except LibraryError as error:
        raise click.ClickException(str(error)) from None


def write_output(path: str, text: str) -> None:
    """`text` to stdout ("-") or to the file `path`, written beside it and renamed over it, so a full disk or an
    unwritable folder leaves no empty or half file: one line naming the file instead."""
    if path == "-":
        click.echo(text, nl=False)
        return
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:
        raise click.ClickException(f"{path}: could not write it ({error.strerror or error}); nothing written") from None
    finally:
        temporary.unlink(missing_ok=True)
