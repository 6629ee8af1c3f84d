"""A user's .bib file to `Work`s (source "bibtex"), with a warning per entry that could not be read.

bibtexparser 2.x splits the file; a block it cannot parse or a duplicate key becomes a failed block, which is reported with the file and line and skipped, so one broken entry never costs the
rest of the file. Names are split into parts before LaTeX decoding, because decoding drops the braces
that keep a group name ("{World Health Organization}") in one piece; and they are decoded here, part by
part, because bibtexparser 2.1's `LatexDecodingMiddleware` decodes a single `NameParts` but passes over a
list of them (which is what `SplitNameParts` makes of an author list) unchanged.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from bibtexparser.middlewares.names import NameParts
from bibtexparser.middlewares.parsestack import default_parse_stack
from bibtexparser.model import Entry, ParsingFailedBlock

from citetrace.citations.bibtex_values import (
    MAX_VALUE_CHARS,
    CrossrefInheritance,
    FirstOfDuplicateFields,
    Interpolation,
    OversizedValues,
    UnknownCommands,
    duplicate_fields,
    missing_crossref,
    oversized_values,
    undecoded_values,
    undefined_macros,
)
from citetrace.citations.latex_encoding import decode, latex_decoder
from citetrace.citations.matching import as_doi, as_pmid
from citetrace.citations.model import Author, Work
from citetrace.citations.months import display_month

ENTRY_TYPES = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "online": "webpage",
    "misc": "document",
    "unpublished": "manuscript",
}


@dataclass
class ImportedEntry:
    """A readable entry: its Work, and where it came from (for the citation row of an import)."""

    work: Work
    key: str
    line: int
    raw: str
    problems: list[str] = field(default_factory=list)
    """What was read differently from what the file says (an undefined macro, a missing crossref, ...)."""


def parse_bibtex_entries(text: str, path: str) -> tuple[list[ImportedEntry], list[str]]:
    """Every readable entry in file order (its Work, key, 1-based line and raw text), and one
    "PATH:LINE: problem" per broken entry (", entry skipped") or value read differently from the file."""
    entries, failures = read_bibtex(text)
    skipped = [(line, f"{problem}, entry skipped") for line, problem in failures]
    kept = [(entry.line, problem) for entry in entries for problem in entry.problems]
    return entries, [f"{path}:{line}: {problem}" for line, problem in sorted(skipped + kept)]


def read_bibtex(text: str) -> tuple[list[ImportedEntry], list[tuple[int, str]]]:
    """Readable entries in file order (strings interpolated, names split, LaTeX decoded), and (line, problem)
    for each block bibtexparser could not read."""
    stack = [FirstOfDuplicateFields(), OversizedValues(), Interpolation(), CrossrefInheritance(), *default_parse_stack(), UnknownCommands(),
             SeparateCoAuthors(), SplitNameParts(), LatexDecodingMiddleware(decoder=latex_decoder())]
    splitter_logger = logging.getLogger("bibtexparser.splitter")
    level = splitter_logger.level
    splitter_logger.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(text, parse_stack=stack)
    finally:
        splitter_logger.setLevel(level)
    entries: list[ImportedEntry] = []
    failures: list[tuple[int, str]] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, Entry):
            entries.append(
                ImportedEntry(entry_to_work(block), block.key, line, (block.raw or "").strip(), _read_problems(block))
            )
        elif isinstance(block, ParsingFailedBlock):
            reason = getattr(block.error, "abort_reason", None) or str(block.error).split(". Note:")[0]
            failures.append((line, " ".join(reason.split()) or "syntax error"))
    return entries, failures


def _read_problems(entry: Entry) -> list[str]:
    """What was read differently from the file in an entry that was kept: macros, crossref, LaTeX commands."""
    problems = [
        f"entry {entry.key} gives the {name} field twice; the first is kept, as BibTeX does"
        for name in duplicate_fields(entry)
    ]
    problems += [
        f"the {name} of entry {entry.key} is {length:,} characters long (more than {MAX_VALUE_CHARS:,}); left out"
        for name, length in oversized_values(entry).items()
    ]
    problems += [f"undefined @string macro {name!r} in entry {entry.key} read as empty" for name in undefined_macros(entry)]
    if missing := missing_crossref(entry):
        problems.append(f"entry {entry.key} has crossref to {missing!r}, which is not in the file")
    problems += [
        f"unknown LaTeX command \\{command} in the {name} of entry {entry.key}; kept as written"
        for name, (_, command) in undecoded_values(entry).items()
    ]
    return problems


def entry_to_work(entry: Entry) -> Work:
    """One entry as a Work; the key, which is the user's and not the library's, is not kept."""
    fields = {field.key.lower(): field.value for field in entry.fields}
    fields.update({name: raw for name, (raw, _) in undecoded_values(entry).items()})
    text = {key: " ".join(value.split()) for key, value in fields.items() if isinstance(value, str) and value.strip()}
    authors, complete = _people(fields.get("author"))
    editors, _ = _people(fields.get("editor"))
    entry_type = entry.entry_type.lower()
    kind = ENTRY_TYPES.get(entry_type, "document")
    if entry_type == "misc" and "personal communication" in text.get("howpublished", "").lower():
        kind = "personal_communication"
    year_match = re.search(r"\d{4}", text.get("year", text.get("date", "")))
    return Work(
        type=kind,
        title=text.get("title"),
        authors=authors,
        authors_complete=complete,
        journal=text.get("journal", text.get("journaltitle")),
        year=int(year_match.group()) if year_match else None,
        month=display_month(text.get("month")),
        volume=text.get("volume"),
        issue=text.get("number", text.get("issue")),
        pages=re.sub(r"\s*[-\u2013\u2014]+\s*", "-", text["pages"]) if "pages" in text else None,
        doi=as_doi(text.get("doi")),
        url=text.get("url"),
        pmid=as_pmid(text.get("pmid") or (text.get("eprint") if text.get("eprinttype", "").lower() == "pubmed" else None)),
        pmcid=text.get("pmcid"),
        editors=editors,
        container_title=text.get("booktitle"),
        publisher=text.get("publisher"),
        publisher_place=text.get("address", text.get("location")),
        edition=text.get("edition"),
        institution=text.get("institution", text.get("organization", text.get("school"))),
        note=text.get("note"),
        source="bibtex",
    )


def _people(value: object) -> tuple[list[Author], bool]:
    """Authors from split name parts; a trailing "others" marks the list as cut (returned False)."""
    if not isinstance(value, list):
        return [], True
    people: list[Author] = []
    complete = True
    for parts in value:
        if not isinstance(parts, NameParts):
            continue
        family = decode(" ".join(parts.von + parts.last)).strip()
        if family.lower() == "others" and not parts.first:
            complete = False
            continue
        given = decode(" ".join(parts.first)).strip() or None
        people.append(Author(family=family, given=given))
    return people, complete
