"""What every manuscript reader (Markdown, LaTeX, Manubot) shares: its bibliographies, and its cited keys
numbered in order of first citation.

Only entries the text cites become the document's references. A key cited but absent from every bibliography
is kept as a reference flagged `not-in-bibliography` (stored as a `not_indexed` citation) and named in one
warning, so nothing cited is silently dropped.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from citetrace.citations.bibliography import (
    Bibliography,
    parse_bibtex_bibliography,
    parse_csl_json_bibliography,
    parse_csl_yaml_bibliography,
)
from citetrace.citations.matching import NOT_IN_BIBLIOGRAPHY
from citetrace.citations.model import Reference
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_text

BIBLIOGRAPHY_READERS: dict[str, Callable[[str], Bibliography]] = {
    ".bib": parse_bibtex_bibliography,
    ".bibtex": parse_bibtex_bibliography,
    ".json": parse_csl_json_bibliography,
    ".yaml": parse_csl_yaml_bibliography,
    ".yml": parse_csl_yaml_bibliography,
}


def inside_folder(folder: Path, name: str, named_at: tuple[str, int | None], what: str) -> Path:
    """`folder / name`, refused in one line (at `named_at`) unless it stays inside `folder` once symbolic links
    and `..` are resolved: a document's own references to files never reach out of its folder (an absolute
    path, `../../x.bib`, a link to elsewhere); a file from anywhere is the user's to give (`--bib`)."""
    file = folder / name
    if not file.resolve().is_relative_to(folder.resolve()):
        hint = "; give it with --bib" if what == "bibliography" else ""
        raise InputError(named_at[0], f"{what} {name} is outside the manuscript's folder{hint}".lstrip(), named_at[1])
    return file


def load_bibliography(path: Path, named_at: tuple[str, int] | None = None) -> tuple[Bibliography, str]:
    """A bibliography file read, and its SHA-256; a missing file or a broken entry is an InputError naming the
    line. `named_at` is where the manuscript names the file, so a missing one is reported there.
    """
    if not os.path.lexists(path):
        if named_at:
            raise InputError(named_at[0], f"bibliography {path} does not exist", named_at[1])
        raise InputError(str(path), "no such bibliography file")
    text, digest = read_text(path, "a bibliography")
    reader = BIBLIOGRAPHY_READERS.get(path.suffix.lower()) or _sniffed_reader(text)
    bibliography = reader(text)
    if bibliography.failures:
        line, problem = bibliography.failures[0]
        more = f" (and {len(bibliography.failures) - 1} more)" if len(bibliography.failures) > 1 else ""
        raise InputError(str(path), f"{problem}{more}", line)
    return bibliography, digest


def _sniffed_reader(text: str) -> Callable[[str], Bibliography]:
    start = text.lstrip()[:1]
    if start in "[{":
        return parse_csl_json_bibliography
    return parse_bibtex_bibliography if start in "@%" else parse_csl_yaml_bibliography


@dataclass
class Bibliographies:
    """Every bibliography of a manuscript: entries by key (the first file that defines a key wins), each file's
    digest, and per key the "FILE:LINE: problem" lines of what was read differently from the file."""

    entries: dict[str, Reference] = field(default_factory=dict)
    digests: list[str] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)


def load_bibliographies(paths: Sequence[tuple[Path, tuple[str, int] | None]]) -> Bibliographies:
    """Read every bibliography a manuscript names or is given, each file once."""
    loaded = Bibliographies()
    for path, named_at in dict.fromkeys(paths):
        bibliography, digest = load_bibliography(path, named_at)
        loaded.digests.append(digest)
        for key, reference in bibliography.entries.items():
            if key not in loaded.entries:
                loaded.entries[key] = reference
                loaded.problems[key] = [f"{path}:{line}: {problem}" for line, problem in bibliography.problems.get(key, [])]
    return loaded


def number_citations(
    cited_keys: list[str], bibliography: dict[str, Reference], path: str, problems: dict[str, list[str]] | None = None
) -> tuple[list[Reference], dict[str, int], list[str]]:
    """The cited entries numbered in order of first citation, each key's number, and the warnings: the keys no
    bibliography holds, and what was read differently in a cited entry (`problems`, by key)."""
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
    warnings += [problem for key in numbers for problem in (problems or {}).get(key, [])]
    return references, numbers, warnings


def combined_digest(digests: list[str]) -> str:
    """One SHA-256 for a manuscript read from several files (its text, includes and bibliographies), so the
    same content gives the same digest and any changed file a new one."""
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()
