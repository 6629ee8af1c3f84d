"""What every manuscript reader (Markdown, LaTeX, Manubot) shares: its bibliographies, and its cited keys
numbered in order of first citation.

Only entries the text cites become the document's references. A key cited but absent from every bibliography
is kept as a reference flagged `not-in-bibliography` (stored as a `not_found` citation) and named in one
warning, so nothing cited is silently dropped.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from citations.bibliography import (
    parse_bibtex_bibliography,
    parse_csl_json_bibliography,
    parse_csl_yaml_bibliography,
)
from citations.matching import NOT_IN_BIBLIOGRAPHY
from citations.model import Reference
from ingest.errors import InputError
from ingest.files import read_text

BIBLIOGRAPHY_READERS: dict[str, Callable[[str], tuple[dict[str, Reference], list[tuple[int, str]]]]] = {
    ".bib": parse_bibtex_bibliography,
    ".bibtex": parse_bibtex_bibliography,
    ".json": parse_csl_json_bibliography,
    ".yaml": parse_csl_yaml_bibliography,
    ".yml": parse_csl_yaml_bibliography,
}


def load_bibliography(path: Path, named_at: tuple[str, int] | None = None) -> tuple[dict[str, Reference], str]:
    """A bibliography file's entries by key, and its SHA-256; a missing file or a broken entry is an InputError
    naming the line. `named_at` is where the manuscript names the file, so a missing one is reported there.
    """
    if not os.path.lexists(path):
        if named_at:
            raise InputError(named_at[0], f"bibliography {path} does not exist", named_at[1])
        raise InputError(str(path), "no such bibliography file")
    text, digest = read_text(path, "a bibliography")
    reader = BIBLIOGRAPHY_READERS.get(path.suffix.lower()) or _sniffed_reader(text)
    entries, failures = reader(text)
    if failures:
        line, problem = failures[0]
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        raise InputError(str(path), f"{problem}{more}", line)
    return entries, digest


def _sniffed_reader(text: str) -> Callable[[str], tuple[dict[str, Reference], list[tuple[int, str]]]]:
    start = text.lstrip()[:1]
    if start in "[{":
        return parse_csl_json_bibliography
    return parse_bibtex_bibliography if start in "@%" else parse_csl_yaml_bibliography


def load_bibliographies(paths: list[tuple[Path, tuple[str, int] | None]]) -> tuple[dict[str, Reference], list[str]]:
    """Entries of every bibliography by key (the first file that defines a key wins), and each file's digest."""
    entries: dict[str, Reference] = {}
    digests = []
    for path, named_at in dict.fromkeys(paths):
        found, digest = load_bibliography(path, named_at)
        digests.append(digest)
        for key, reference in found.items():
            entries.setdefault(key, reference)
    return entries, digests


def number_citations(
    cited_keys: list[str], bibliography: dict[str, Reference], path: str
) -> tuple[list[Reference], dict[str, int], list[str]]:
    """The cited entries numbered in order of first citation, each key's number, and the missing-key warning."""
    references: list[Reference] = []
    numbers: dict[str, int] = {}
    missing: list[str] = []
    for number, key in enumerate(dict.fromkeys(cited_keys), start=1):
        numbers[key] = number
        entry = bibliography.get(key)
        if entry is None:
            missing.append(key)
            entry = Reference(number=number, raw=f"@{key}", type="document", title=key, key=key,
                              flags=[NOT_IN_BIBLIOGRAPHY], origin="manuscript")
        references.append(replace(entry, number=number, key=key))
    warnings = [f"{path}: cited but in no bibliography ({len(missing)}): {', '.join(missing)}"] if missing else []
    return references, numbers, warnings


def combined_digest(digests: list[str]) -> str:
    """One SHA-256 for a manuscript read from several files (its text, includes and bibliographies), so the
    same content gives the same digest and any changed file a new one."""
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()
