"""Which reader reads a document: a PDF by its content (or suffix), anything else as plain text.

The one place `build`, `parse-refs` and `claims` turn a path into a `Document`.
"""
from __future__ import annotations

from pathlib import Path

from citations.model import Document
from ingest.document import read_document
from ingest.errors import InputError
from ingest.pdf import is_pdf, read_pdf


def read_any(path: str | Path) -> Document:
    """Read one document with the reader its content calls for."""
    file = Path(path)
    head = b""
    if file.is_file():
        try:
            with file.open("rb") as stream:
                head = stream.read(1024)
        except OSError as error:
            raise InputError(str(path), f"cannot be read: {error.strerror}") from None
    if is_pdf(file, head):
        return read_pdf(path)
    return read_document(path)
