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

from citations.bibtex_import import ImportedEntry
from citations.cited_work import reference_from_work
from citations.model import Document
from db.connect import library_or_absent, open_library
from db.growth import add_documents, library_matches
from db.imports import import_entries
from db.library import IngestedDocument, LibraryCounts, reference_key
from db.writing import writing
from ingest.build import PUBMED_MODES, PubmedOptions, build_library, enrich, ingest_documents, with_identified
from ingest.document import bundled_seed
from ingest.errors import InputError
from ingest.formats import ReadOptions


@dataclass
class AddReport:
    counts: LibraryCounts
    skipped: list[str]
    """One line per document left out because the library already holds the same content."""
    warnings: list[str]
    requests: int
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
    _check_mode(path, options)
    db = library_or_absent(path)
    if db is None:
        report = build_library(paths, path, options, warn, format, read_options)
        return AddReport(report.counts, [], report.warnings, report.requests, 0)
    ingested = [item for p in paths or [bundled_seed()] for item in ingest_documents(p, format, read_options)]
    present = {row["sha256"]: (row["id"], row["slug"]) for row in db.query("select id, slug, sha256 from documents")}
    given: dict[str, str] = {}
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
    warnings = [warning for item in fresh for warning in item.warnings]
    for warning in warnings:
        warn(warning)
    references = {
        reference_key(d, i): ref for d, item in enumerate(fresh) for i, ref in enumerate(item.references)
    }
    reused, library_works = library_matches(db, references)
    enrichment, requests = enrich(fresh, options, warn, frozenset(reused))
    results = with_identified({**enrichment.results, **reused}, fresh)
    with writing(path, db):
        counts = add_documents(db, fresh, results, {**enrichment.works, **library_works})
    return AddReport(counts, skipped, warnings + enrichment.warnings, requests, len(reused))


def _check_mode(path: Path, options: PubmedOptions) -> None:
    if options.mode not in PUBMED_MODES:
        raise InputError(str(path), f"unknown --pubmed mode {options.mode!r}")


@dataclass
class ImportReport:
    document_id: int | None
    """None when the library already held the file (`skipped` says which document)."""
    skipped: str | None
    warnings: list[str]
    requests: int


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
    _check_mode(Path(db_path), options)
    db = open_library(db_path)
    digest = hashlib.sha256(bib_file.read_bytes()).hexdigest()
    held = db.execute("select id, slug from documents where sha256 = ?", [digest]).fetchone()
    if held:
        return ImportReport(None, f"{bib_file}: skipped, already in the library as document {held[0]} ({held[1]})",
                            [], 0)
    references = [reference_from_work(entry.work, n, entry.raw, entry.line, entry.key, "bibtex")
                  for n, entry in enumerate(entries, start=1)]
    item = IngestedDocument(Document(path=str(bib_file), title=title, format="bibtex", sha256=digest), references, [], [])
    results, works, requests, warnings = {}, {}, 0, []
    if options.mode != "off":
        keyed = {reference_key(0, i): ref for i, ref in enumerate(references)}
        reused, library_works = library_matches(db, keyed)
        enrichment, requests = enrich([item], options, warn, frozenset(reused))
        found = with_identified({**enrichment.results, **reused}, [item])
        results = {int(key.split(":")[1]): result for key, result in found.items()}
        works, warnings = {**enrichment.works, **library_works}, enrichment.warnings
    with writing(Path(db_path), db):
        document_id = import_entries(db, entries, item.document, references, results, works)
    return ImportReport(document_id, None, warnings, requests)
