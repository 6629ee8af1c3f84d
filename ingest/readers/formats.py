"""Which reader reads a document: detection from content (the suffix as a hint) and one registry of readers.

Each format is one reader module in `ingest/` that turns a file into the one `Document` model; registering a
new one is one `Reader(...)` line in `READERS`. A folder is a Manubot manuscript when its documents are all
Markdown files with a numeric prefix (`01.intro.md`), else one document per supported file inside it.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from citetrace.citations.model import Document
from citetrace.ingest.readers.text import read_text_document
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_bytes, read_head
from citetrace.ingest.readers.jats import looks_like_jats, read_jats
from citetrace.ingest.readers.latex import looks_like_latex, read_latex
from citetrace.ingest.readers.manubot import is_manubot_folder, read_manubot
from citetrace.ingest.readers.markdown import looks_like_markdown, read_markdown
from citetrace.ingest.pdf.reader import MAX_PDF_BYTES, PDF_MAGIC, read_pdf

BIBLIOGRAPHY_SUFFIXES = (".bib",)
"""Files that are a bibliography, not a document: `add` imports them, the readers refuse them by name."""

SNIFF_CHARS = 4096
"""How much of a file detection reads: enough for a prologue, a DOCTYPE and YAML front matter."""


@dataclass
class ReadOptions:
    """What a reader may need beyond the path: bibliographies given with `--bib` for manuscripts."""

    bibliographies: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    """A format: its name (`--format`), the suffixes that hint at it, a content test and the reader."""

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[str], bool]
    read: Callable[[Path, ReadOptions], list[Document]]


def _read_text_document(path: Path, _options: ReadOptions) -> list[Document]:
    return [read_text_document(path)]


def _read_jats(path: Path, _options: ReadOptions) -> list[Document]:
    return read_jats(path)


def _read_markdown(path: Path, options: ReadOptions) -> list[Document]:
    return [read_markdown(path, options.bibliographies)]


def _read_latex(path: Path, options: ReadOptions) -> list[Document]:
    return [read_latex(path, options.bibliographies)]


def _read_pdf_document(path: Path, _options: ReadOptions) -> list[Document]:
    document = read_pdf(path)
    document.format = "pdf"
    document.sha256 = hashlib.sha256(read_bytes(path, "a PDF", MAX_PDF_BYTES)).hexdigest()
    return [document]


def _looks_like_pdf(head: str) -> bool:
    return PDF_MAGIC.decode() in head[:1024]


def _anything(_head: str) -> bool:
    return True


READERS: list[Reader] = [
    Reader("pdf", (".pdf",), _looks_like_pdf, _read_pdf_document),
    Reader("jats", (".nxml", ".xml"), looks_like_jats, _read_jats),
    Reader("latex", (".tex", ".ltx"), looks_like_latex, _read_latex),
    Reader("markdown", (".md", ".markdown"), looks_like_markdown, _read_markdown),
    Reader("text", (".txt",), _anything, _read_text_document),
]
"""In detection order (see `detect_format`); plain text, the seed's layout, comes last."""


def format_names() -> list[str]:
    """The values `--format` accepts."""
    return ["auto", *(reader.name for reader in READERS)]


def reader_named(name: str) -> Reader:
    return next(reader for reader in READERS if reader.name == name)


def detect_format(path: Path, head: str) -> str:
    """The format of a file from its first characters: the first reader whose content test passes (the one
    the suffix hints at tried first); else the suffix's format; else plain text, which claims what no other does."""
    hinted = [reader for reader in READERS if path.suffix.lower() in reader.suffixes]
    for reader in hinted + READERS:
        if reader.name != "text" and reader.sniff(head):
            return reader.name
    return hinted[0].name if hinted else "text"


def _head(path: Path) -> str:
    return read_head(path, SNIFF_CHARS).decode("utf-8", errors="replace").lstrip("\ufeff")


def read_documents(path: str | Path, format: str = "auto", options: ReadOptions | None = None) -> list[Document]:
    """Every document at `path`: one for a file, one per supported file for a folder (or one manuscript)."""
    return list(iter_documents(path, format, options))


def iter_documents(path: str | Path, format: str = "auto", options: ReadOptions | None = None) -> Iterator[Document]:
    """The documents at `path`, read one at a time as they are asked for, so that a folder of thousands is
    never held in memory at once (a build streams them)."""
    options = options or ReadOptions()
    file = Path(path)
    if os.path.isdir(file):
        yield from _read_folder(file, format, options)
        return
    if format == "auto" and file.suffix.lower() in BIBLIOGRAPHY_SUFFIXES:
        raise InputError(str(file), f"a bibliography, not a document: `citetrace add {file.name} --db PATH` or "
                                    f"`citetrace import-bib` imports its entries; a manuscript reads it with --bib")
    name = detect_format(file, _head(file)) if format == "auto" else format
    yield from reader_named(name).read(file, options)


def _read_folder(folder: Path, format: str, options: ReadOptions) -> Iterator[Document]:
    """A Manubot content folder is one manuscript; any other folder one document per supported file in it
    (a LaTeX file without `\\documentclass` is a part another file inputs, not a document)."""
    suffixes = frozenset(suffix for reader in READERS for suffix in reader.suffixes)
    if format in ("auto", "markdown") and is_manubot_folder(folder, suffixes):
        yield read_manubot(folder, options.bibliographies)
        return
    files = sorted(
        f for f in folder.iterdir()
        if f.is_file() and not f.name.startswith(".") and any(f.suffix.lower() in r.suffixes for r in READERS)
        and not (f.suffix.lower() in reader_named("latex").suffixes and "\\documentclass" not in _head(f))
    )
    read = False
    for f in files:
        for document in iter_documents(f, format, options):
            read = True
            yield document
    if not read:
        raise InputError(str(folder), f"folder holds no document to read ({', '.join(sorted(suffixes))})")

