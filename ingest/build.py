"""The build pipeline: documents -> references and claims -> PubMed enrichment -> a new library file."""
from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from citetrace.citations.author_year import author_year_groups
from citetrace.citations.claims import extract_claims
from citetrace.citations.matching import (
    AMBIGUOUS,
    NOT_FOUND,
    PENDING,
    MatchResult,
    identified_result,
    reference_status,
)
from citetrace.citations.references import parse_reference_list
from citetrace.citations.model import Document, Reference, Work
from citetrace.db.connect import library_or_absent
from citetrace.db.library import Batch, IngestedDocument, LibraryCounts, reference_key, write_library_batches
from citetrace.ingest.readers.text import bundled_seed
from citetrace.ingest.errors import InputError
from citetrace.ingest.readers.formats import ReadOptions, iter_documents, read_documents
from citetrace.ingest.pubmed.eutils import EutilsSource, resolved_base_url
from citetrace.ingest.pubmed.library import LibrarySource
from citetrace.ingest.pubmed.protocol import IndexedSource, PubmedSource
from citetrace.ingest.pubmed.matcher import DecidedCitations, Enrichment, match_references
from citetrace.ingest.pubmed.sources import open_sources

PUBMED_MODES = ("auto", "live", "snapshot", "off")
MAX_WARNINGS_PER_DOCUMENT = 50
"""Warnings printed per document; the rest are counted, so a hostile document cannot flood the terminal."""


@dataclass
class PubmedOptions:
    """How to enrich: the `--pubmed` mode and the E-utilities settings (NCBI etiquette: tool, email, key)."""

    mode: str = "auto"
    eutils_url: str | None = None
    email: str | None = None
    api_key: str | None = None
    refresh: bool = False
    cache_path: Path | None = None
    pubmed_files: list[Path] = field(default_factory=list)


@dataclass
class Asking:
    """What a run asked of PubMed, as the pages and summaries say it ("snapshot only"), and its HTTP requests,
    answered and failed counted apart."""

    asked: str
    answered: int = 0
    failed: int = 0

    def summary(self) -> str:
        """ "4 PubMed requests answered", or "0 PubMed requests answered, 1 failed"."""
        failed = f", {self.failed} failed" if self.failed else ""
        return f"{self.answered} PubMed requests answered{failed} (PubMed asked: {self.asked})"


@dataclass
class BuildReport:
    counts: LibraryCounts
    warnings: list[str]
    asking: Asking

    @property
    def requests(self) -> int:
        """PubMed requests answered."""
        return self.asking.answered


def ingest_documents(
    path: str | Path, format: str = "auto", options: ReadOptions | None = None
) -> list[IngestedDocument]:
    """Read the document(s) at `path` in any supported format and parse each."""
    return [parse_document(document) for document in read_documents(path, format, options)]


def parse_document(document: Document) -> IngestedDocument:
    """References and claims of one read document, with the warnings that let the rest go on.

    A structured document brings its references and citation groups; plain text and PDFs give reference
    lines for the string parser and markers found in their paragraphs, or, under an author-year list,
    author-year citations resolved by surname and year.
    """
    path = document.path
    references, warnings = document_references(document)
    groups = document.citation_groups
    if groups is None and document.reference_style == "author-year":
        groups = author_year_groups(document.paragraphs, references)
    numbers = {reference.number for reference in references}
    claims, topic_links = extract_claims(document.paragraphs, numbers, groups=groups)
    warnings += [f"{path}: {warning}" for claim in claims for warning in claim.warnings]
    return IngestedDocument(document, references, claims, topic_links, capped_warnings(path, warnings))


def capped_warnings(path: str, warnings: list[str], limit: int = MAX_WARNINGS_PER_DOCUMENT) -> list[str]:
    """The first `limit` warnings of a document, then one saying how many more there were."""
    if len(warnings) <= limit:
        return warnings
    return warnings[:limit] + [f"{path}: and {len(warnings) - limit:,} more warnings"]


def document_references(document: Document) -> tuple[list[Reference], list[str]]:
    """A document's references: given by a structured source, else parsed from its reference lines."""
    if document.references is not None:
        return document.references, list(document.warnings)
    references, warnings = parse_reference_list(document.reference_lines)
    if not references:
        line = document.reference_lines[0][0] if document.reference_lines else None
        raise InputError(document.path, "no numbered reference list found", line)
    return references, document.warnings + [f"{document.path}: {warning}" for warning in warnings]


def identified_results(ingested: list[IngestedDocument]) -> dict[str, MatchResult]:
    """The references of every document that a structured source's PMID or DOI identifies."""
    found = {
        reference_key(d, i): identified_result(ref)
        for d, item in enumerate(ingested)
        for i, ref in enumerate(item.references)
    }
    return {key: result for key, result in found.items() if result is not None}


def what_was_asked(options: PubmedOptions, sources: list[PubmedSource | IndexedSource] | None = None) -> str:
    """What PubMed was asked, in the words the pages and summaries use: "snapshot only" when the network was
    not reached, so a reference the snapshot lacks reads as not yet asked, never as not in PubMed."""
    if options.mode == "off":
        return "not asked (--pubmed off)"
    local = "snapshot" + (" and your PubMed XML" if options.pubmed_files else "")
    live = next((source for source in sources or [] if isinstance(source, EutilsSource)), None)
    cached = live is not None and live.cache_answers > 0
    if options.mode == "snapshot":
        return f"{local} and cached E-utilities answers (offline)" if cached else f"{local} only (offline)"
    reached = live is not None and (live.requests_made > live.requests_failed or cached)
    unreachable = live is not None and live.requests_failed > 0 and not reached
    if options.mode == "live":
        return "not asked (E-utilities unreachable)" if unreachable else "NCBI E-utilities"
    return f"{local} only (E-utilities unreachable)" if unreachable else f"{local}, then NCBI E-utilities"


def enrich(
    ingested: list[IngestedDocument],
    options: PubmedOptions,
    warn: Callable[[str], None],
    sources: list[PubmedSource | IndexedSource],
    decided: DecidedCitations | None = None,
) -> tuple[Enrichment, Asking]:
    """Match every reference of a batch of documents in one pipeline run; also say what was asked and count the
    HTTP requests answered and failed (so far: a build's batches share their sources, and `decided`)."""
    references = {
        reference_key(d, i): ref
        for d, item in enumerate(ingested)
        for i, ref in enumerate(item.references)
        if reference_status(ref) == PENDING
    }
    if not sources or not references:
        return Enrichment(results={}, works={}, warnings=[]), finish_asking(None, options, sources, warn)
    before = sum(source.requests_made for source in sources)
    enrichment = match_references(references, sources, decided)
    return enrichment, finish_asking(enrichment, options, sources, warn, first_requests=not before)


def open_enrichment(
    options: PubmedOptions, warn: Callable[[str], None], library: sqlite_utils.Database | None = None
) -> list[PubmedSource | IndexedSource]:
    """The sources a run asks, opened once for all the batches of a build: when growing a `library` in place,
    its own PubMed records first (no request; only its matches count, so in every `--pubmed` mode, `off`
    included), then those of the `--pubmed` mode."""
    sources: list[PubmedSource | IndexedSource] = [] if options.mode == "off" else pubmed_sources(options, warn)
    if library is not None:
        sources.insert(0, LibrarySource(library))
    return sources


def pubmed_sources(options: PubmedOptions, warn: Callable[[str], None]) -> list[PubmedSource | IndexedSource]:
    """The sources the `--pubmed` mode asks, with the E-utilities settings from the options or the environment."""
    return list(open_sources(
        options.mode,
        eutils_url=options.eutils_url or os.environ.get("CITETRACE_EUTILS_URL"),
        email=options.email or os.environ.get("NCBI_EMAIL"),
        api_key=options.api_key or os.environ.get("NCBI_API_KEY"),
        cache_path=options.cache_path,
        refresh=options.refresh,
        pubmed_files=options.pubmed_files,
        warn=warn,
    ))


def finish_asking(
    enrichment: Enrichment | None, options: PubmedOptions, sources: list[PubmedSource | IndexedSource],
    warn: Callable[[str], None], first_requests: bool = True,
) -> Asking:
    """Say on each open result what was asked, pass the matcher's warnings on, and count the requests (all the
    sources made: a build's batches share them, and the missing address is said once, with the first requests)."""
    asking = Asking(what_was_asked(options, sources))
    asking.failed = sum(source.requests_failed for source in sources)
    asking.answered = sum(source.requests_made for source in sources) - asking.failed
    if enrichment is None:
        return asking
    if options.mode != "off":
        for result in enrichment.results.values():
            if result.status in (NOT_FOUND, AMBIGUOUS, PENDING) and result.method is None:
                result.method = f"asked: {asking.asked}"
    for warning in enrichment.warnings:
        warn(warning)
    if first_requests and asking.answered and not options.email and not os.environ.get("NCBI_EMAIL"):
        warn("no --email or NCBI_EMAIL given: NCBI asks E-utilities users for a contact address")
    return asking


BATCH_DOCUMENTS = 100
"""Documents a build reads, parses, matches and writes together: its memory follows this, not the library."""


def dropped_documents(db: sqlite_utils.Database, digests: set[str], names: set[str]) -> list[str]:
    """Titles of the documents of the library `db` whose content (sha256) is not among the inputs' `digests`
    (by file name, `names`, for a document stored without one)."""
    return [
        row["title"] for row in db.query("select title, sha256, path from documents order by id")
        if row["sha256"] not in digests and not (row["sha256"] is None and row["path"] in names)
    ]


def build_library(
    paths: list[str | Path],
    db_path: Path,
    options: PubmedOptions,
    warn: Callable[[str], None],
    format: str = "auto",
    read_options: ReadOptions | None = None,
    replace: bool = False,
) -> BuildReport:
    """Read, parse, enrich and write the documents `BATCH_DOCUMENTS` at a time into a new library file, renamed
    over `db_path` only when every document went in.

    A library already at `db_path` is replaced only when it holds no document missing from the inputs, or
    when `replace` says to drop them: a build never silently loses what `add` or `import-bib` put there. A path
    holding anything but a library, a writer already at work, or a failed write is a `LibraryError`.
    """
    check_mode(db_path, options)
    if options.mode != "off":
        resolved_base_url(options.eutils_url)
    if not Path(db_path).resolve().parent.is_dir():
        raise InputError(str(db_path), "the folder for the database does not exist")
    existing = library_or_absent(db_path)
    sources = open_enrichment(options, warn)
    decided = DecidedCitations()
    warnings: list[str] = []
    asking = Asking(what_was_asked(options, sources))
    digests: set[str] = set()
    names: set[str] = set()

    def batches() -> Iterator[Batch]:
        nonlocal asking
        with collected_per_batch() as collect:
            for batch in document_batches(paths, format, read_options, BATCH_DOCUMENTS):
                digests.update(item.document.sha256 for item in batch if item.document.sha256)
                names.update(Path(item.document.path).name for item in batch)
                warnings.extend(announce_warnings(batch, warn))
                matches = match_documents(batch, options, warn, sources=sources, decided=decided)
                warnings.extend(matches.warnings)
                asking = matches.asking
                yield batch, matches.results, matches.works, asking.asked
                decided.written.update(matches.works)
                collect()

    def refuse_to_drop() -> None:
        dropped = [] if replace or existing is None else dropped_documents(existing, digests, names)
        if dropped:
            count = f"{len(dropped)} document{'s' if len(dropped) > 1 else ''}"
            raise InputError(str(db_path), f"holds {count} not among the inputs ({'; '.join(dropped)}); use "
                             f"citetrace add to add to it, or --replace to build it anew without "
                             f"{'them' if len(dropped) > 1 else 'it'}")

    counts = write_library_batches(db_path, batches(), refuse_to_drop)
    return BuildReport(counts, warnings, asking)


@contextmanager
def collected_per_batch() -> Iterator[Callable[[], object]]:
    """Python's automatic garbage collection off while a build reads, matches and writes its batches, and one
    collection of the young generations after each batch instead (a full one at the end). A batch's objects live
    until it is written and then die by reference counting; the automatic collections, triggered by counts of
    allocations, walked them again and again meanwhile, each walk slower in a larger heap. Garbage in cycles
    waits at most one batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(1)
    finally:
        gc.collect()
        if enabled:
            gc.enable()


def check_mode(db_path: str | Path, options: PubmedOptions) -> None:
    """Refuse an unknown `--pubmed` mode before anything is read."""
    if options.mode not in PUBMED_MODES:
        raise InputError(str(db_path), f"unknown --pubmed mode {options.mode!r}")


def read_inputs(
    paths: list[str | Path], format: str = "auto", read_options: ReadOptions | None = None
) -> list[IngestedDocument]:
    """Every document at `paths` (the bundled seed review when none is given), read and parsed."""
    return [item for batch in document_batches(paths, format, read_options) for item in batch]


def document_batches(
    paths: list[str | Path], format: str = "auto", read_options: ReadOptions | None = None,
    size: int = BATCH_DOCUMENTS,
) -> Iterator[list[IngestedDocument]]:
    """The documents at `paths` (the bundled seed review when none is given), read and parsed `size` at a time."""
    batch: list[IngestedDocument] = []
    for path in paths or [bundled_seed()]:
        for document in iter_documents(path, format, read_options):
            batch.append(parse_document(document))
            if len(batch) == size:
                yield batch
                batch = []
    if batch:
        yield batch


def announce_warnings(ingested: list[IngestedDocument], warn: Callable[[str], None]) -> list[str]:
    """Hand every document's warnings to `warn` and return them, for the report."""
    warnings = [warning for item in ingested for warning in item.warnings]
    for warning in warnings:
        warn(warning)
    return warnings


@dataclass
class Matches:
    """What enrichment found for the references of a batch of documents, keyed by `reference_key`."""

    results: dict[str, MatchResult]
    works: dict[str, Work]
    """The PubMed records the results name, by PMID."""
    warnings: list[str]
    asking: Asking
    reused: int
    """References matched to a PubMed record the library already held, without a request."""


def match_documents(
    ingested: list[IngestedDocument],
    options: PubmedOptions,
    warn: Callable[[str], None],
    library: sqlite_utils.Database | None = None,
    sources: list[PubmedSource | IndexedSource] | None = None,
    decided: DecidedCitations | None = None,
) -> Matches:
    """Match every reference through `sources` (opened here when not given): when growing a `library` in place,
    first to the PubMed records it holds (no request), then through PubMed; a structured source's PMID or DOI
    stands where nothing matched. A build's batches share `decided`, the answers of the distinct citations
    asked before."""
    if sources is None:
        sources = open_enrichment(options, warn, library)
    enrichment, asking = enrich(ingested, options, warn, sources, decided)
    reused = sum(result.method is not None and result.method.startswith(f"{LibrarySource.name}:")
                 for result in enrichment.results.values())
    results = with_identified(enrichment.results, ingested)
    return Matches(results, enrichment.works, enrichment.warnings, asking, reused)


def with_identified(results: dict[str, MatchResult], ingested: list[IngestedDocument]) -> dict[str, MatchResult]:
    """The matcher's results, with a structured source's PMID or DOI standing where no record was read or PubMed
    has none (`identified`); a record that was read and disagrees stays `ambiguous`, its discrepancies shown."""
    for key, identified in identified_results(ingested).items():
        if key not in results or results[key].status in (PENDING, NOT_FOUND):
            results[key] = identified
    return results
