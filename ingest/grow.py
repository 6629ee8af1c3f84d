"""Growing a library in place: adding documents, importing a bibliography.

Both read everything before touching the library, skip content it already holds (same sha256), match what they
can to the PubMed records the library holds (no request), enrich the rest as a build does, and write in one
transaction through the row builders a build uses, holding the library's writer lock (`db.writing`). A path that
holds something other than a library is a `LibraryError`, as for a build.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from citetrace.citations.bibtex_import import ImportedEntry
from citetrace.citations.cited_work import reference_from_work
from citetrace.citations.matching import MatchResult
from citetrace.citations.model import Document
from citetrace.db.connect import library_or_absent, open_library
from citetrace.db.growth import add_documents
from citetrace.db.imports import import_entries
from citetrace.db.library import IngestedDocument, LibraryCounts, reference_key
from citetrace.db.writing import writing
from citetrace.ingest.build import (
    Asking,
    PubmedOptions,
    announce_warnings,
    build_library,
    check_mode,
    match_documents,
    read_inputs,
    what_was_asked,
)
from citetrace.ingest.readers.formats import ReadOptions


@dataclass
class AddReport:
    counts: LibraryCounts
    skipped: list[str]
    """One line per document left out because the library already holds the same content."""
    warnings: list[str]
    asking: Asking
    reused: int
    """References matched to a PubMed record the library already held, without asking PubMed."""


def add_to_library(
    paths: list[str | Path],
    db_path: Path,
    options: PubmedOptions,
    warn: Callable[[str], None],
    format: str = "auto",
    read_options: ReadOptions | None = None,
) -> AddReport:
    """Add documents to the library at `db_path` in place (a new library when there is none).

    Every document is read before the library is touched; one whose content (sha256) the library already holds,
    or that repeats an earlier one of the same call, is skipped. References the library already holds as
    PubMed records are matched to them without a request; the rest are enriched as a build enriches them.
    """
    path = Path(db_path)
    check_mode(path, options)
    db = library_or_absent(path)
    if db is None:
        report = build_library(paths, path, options, warn, format, read_options)
        return AddReport(report.counts, [], report.warnings, report.asking, 0)
    ingested = read_inputs(paths, format, read_options)
    fresh, skipped = _not_held(db, ingested)
    warnings = announce_warnings(fresh, warn)
    matches = match_documents(fresh, options, warn, library=db)
    with writing(path, db):
        # Checked again under the lock: another `add` of the same content may have written it meanwhile.
        writable, late = _not_held(db, fresh)
        still = {item.document.sha256 for item in writable}
        results = _renumbered(matches.results, [n for n, item in enumerate(fresh) if item.document.sha256 in still])
        counts = add_documents(db, writable, results, matches.works, matches.asking.asked)
    return AddReport(counts, skipped + late, warnings + matches.warnings, matches.asking, matches.reused)


def _not_held(db: Database, ingested: list[IngestedDocument]) -> tuple[list[IngestedDocument], list[str]]:
    """The documents whose content (sha256) neither the library nor an earlier one of them holds, and a line
    for each skipped."""
    present = {row["sha256"]: (row["id"], row["slug"]) for row in db.query("select id, slug, sha256 from documents")}
    given: dict[str | None, str] = {}  # sha256 -> path; every reader sets sha256
    fresh: list[IngestedDocument] = []
    skipped: list[str] = []
    for item in ingested:
        digest, where = item.document.sha256, item.document.path
        if digest in present:
            document_id, slug = present[digest]
            skipped.append(f"{where}: skipped, already in the library as document {document_id} ({slug})")
        elif digest in given:
            skipped.append(f"{where}: skipped, the same content as {given[digest]}")
        else:
            given[digest] = where
            fresh.append(item)
    return fresh, skipped


def _renumbered(results: dict[str, MatchResult], kept: list[int]) -> dict[str, MatchResult]:
    """Results keyed by `reference_key` for the documents at the `kept` indexes, renumbered from 0."""
    new_index = {old: new for new, old in enumerate(kept)}
    renumbered = {}
    for key, result in results.items():
        document, reference = (int(part) for part in key.split(":"))
        if document in new_index:
            renumbered[reference_key(new_index[document], reference)] = result
    return renumbered


@dataclass
class ImportReport:
    document_id: int | None
    """None when the library already held the file (`skipped` says which document)."""
    skipped: str | None
    warnings: list[str]
    asking: Asking


def import_bibliography(
    entries: list[ImportedEntry],
    bib_file: Path,
    db_path: Path,
    title: str,
    options: PubmedOptions,
    warn: Callable[[str], None],
) -> ImportReport:
    """Add a user's BibTeX entries as a document of their own; matched through PubMed unless `--pubmed off`
    (a PMID or DOI in an entry is its match), deduplicated against the library's works either way."""
    check_mode(db_path, options)
    db = open_library(db_path)
    digest = hashlib.sha256(bib_file.read_bytes()).hexdigest()
    held = db.execute("select id, slug from documents where sha256 = ?", [digest]).fetchone()
    if held:
        return ImportReport(None, f"{bib_file}: skipped, already in the library as document {held[0]} ({held[1]})",
                            [], Asking(what_was_asked(options)))
    references = [reference_from_work(entry.work, n, entry.raw, entry.line, entry.key, "bibtex")
                  for n, entry in enumerate(entries, start=1)]
    item = IngestedDocument(Document(path=str(bib_file), title=title, format="bibtex", sha256=digest), references, [], [])
    results, works, asking, warnings = {}, {}, Asking(what_was_asked(options)), []
    if options.mode != "off":
        matches = match_documents([item], options, warn, library=db)
        results = {int(key.split(":")[1]): result for key, result in matches.results.items()}
        works, warnings, asking = matches.works, matches.warnings, matches.asking
    with writing(Path(db_path), db):
        held = db.execute("select id, slug from documents where sha256 = ?", [digest]).fetchone()
        if held:  # imported meanwhile by another process
            return ImportReport(None, f"{bib_file}: skipped, already in the library as document {held[0]} ({held[1]})",
                                warnings, asking)
        document_id = import_entries(db, entries, item.document, references, results, works, asking.asked)
    return ImportReport(document_id, None, warnings, asking)
