"""The build pipeline: documents -> references and claims -> PubMed enrichment -> a new library file."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from citations.claims import extract_claims
from citations.matching import PENDING, reference_status
from citations.references import parse_reference_list
from db.library import IngestedDocument, LibraryCounts, reference_key, write_library
from ingest.document import bundled_seed
from ingest.errors import InputError
from ingest.pubmed.matcher import Enrichment, match_references
from ingest.pubmed.sources import open_sources
from ingest.readers import read_any

PUBMED_MODES = ("auto", "live", "snapshot", "off")


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
class BuildReport:
    counts: LibraryCounts
    warnings: list[str]
    requests: int


def ingest_document(path: str | Path) -> IngestedDocument:
    """Parse one review: references and claims, with the warnings that let the rest go on."""
    document = read_any(path)
    references, warnings = parse_reference_list(document.reference_lines)
    if not references:
        raise InputError(str(path), "no numbered reference list found", document.reference_lines[0][0])
    claims, topic_links = extract_claims(document.paragraphs, len(references))
    warnings = [f"{path}: {warning}" for warning in warnings]
    warnings += [f"{path}: {warning}" for claim in claims for warning in claim.warnings]
    return IngestedDocument(document, references, claims, topic_links, warnings)


def enrich(
    ingested: list[IngestedDocument], options: PubmedOptions, warn: Callable[[str], None]
) -> tuple[Enrichment, int]:
    """Match every reference of every document in one pipeline run; also return the HTTP requests made."""
    references = {
        reference_key(d, i): ref
        for d, item in enumerate(ingested)
        for i, ref in enumerate(item.references)
        if reference_status(ref) == PENDING
    }
    if options.mode == "off" or not references:
        return Enrichment(results={}, works={}, warnings=[]), 0
    sources = open_sources(
        options.mode,
        eutils_url=options.eutils_url or os.environ.get("CITETRACE_EUTILS_URL"),
        email=options.email or os.environ.get("NCBI_EMAIL"),
        api_key=options.api_key or os.environ.get("NCBI_API_KEY"),
        cache_path=options.cache_path,
        refresh=options.refresh,
        pubmed_files=options.pubmed_files,
    )
    enrichment = match_references(references, sources)
    for warning in enrichment.warnings:
        warn(warning)
    requests = sum(source.requests_made for source in sources)
    if requests and not options.email and not os.environ.get("NCBI_EMAIL"):
        warn("no --email or NCBI_EMAIL given: NCBI asks E-utilities users for a contact address")
    return enrichment, requests


def build_library(
    paths: list[str | Path], db_path: Path, options: PubmedOptions, warn: Callable[[str], None]
) -> BuildReport:
    """Read every document before touching the database, enrich, then write a new library file."""
    if options.mode not in PUBMED_MODES:
        raise InputError(str(db_path), f"unknown --pubmed mode {options.mode!r}")
    if not Path(db_path).resolve().parent.is_dir():
        raise InputError(str(db_path), "the folder for the database does not exist")
    ingested = [ingest_document(path) for path in paths or [bundled_seed()]]
    warnings = [warning for item in ingested for warning in item.warnings]
    for warning in warnings:
        warn(warning)
    enrichment, requests = enrich(ingested, options, warn)
    counts = write_library(db_path, ingested, enrichment.results, enrichment.works)
    return BuildReport(counts, warnings + enrichment.warnings, requests)
