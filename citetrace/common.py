"""What every command shares: turning a bad library path into one line on stderr and a non-zero exit."""
from __future__ import annotations

import click
import sqlite_utils

from db.connect import LibraryError, open_library


def library_or_fail(path: str) -> sqlite_utils.Database:
    """The library at `path`, or a ClickException naming the file and the problem."""
    try:
        return open_library(path)
    except LibraryError as error:
        raise click.ClickException(str(error)) from None
