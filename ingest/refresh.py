"""`citetrace refresh`: ask PubMed again about what it has not settled, and re-read the records a library holds.

Retractions, errata and expressions of concern come after publication, usually after the review that cites the
work was built into a library, and references left `pending` offline wait for PubMed to be reached. A refresh
asks the matcher again for the `pending`, `ambiguous` and `identified` citations (the library's own records
first, then the `--pubmed` mode's sources, bypassing the response cache so the answers are today's), then re-reads
every PubMed record the library holds in EFetch batches of 200 (the seed's 70 references cost at most four
requests in all: the matcher's three and one re-reading), and writes it all in one transaction
(`db.refresh.write_refresh`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from citetrace.citations.matching import IDENTIFIED, NOT_FOUND, PENDING, MatchResult
from citetrace.citations.model import Work
from citetrace.db.connect import open_library
from citetrace.db.refresh import AskedCitation, RefreshReport, refresh_targets, write_refresh
from citetrace.db.writing import upgrade_in_place, writing
from citetrace.ingest.build import Asking, PubmedOptions, check_mode, finish_asking, pubmed_sources
from citetrace.ingest.pubmed.eutils import EutilsSource
from citetrace.ingest.pubmed.library import LibrarySource
from citetrace.ingest.pubmed.matcher import Enrichment, match_references
from citetrace.ingest.pubmed.protocol import IndexedSource, PubmedSource, SourceUnavailable


def refresh_library(db_path: Path, options: PubmedOptions, warn: Callable[[str], None]) -> tuple[RefreshReport, Asking]:
    """Ask again, re-read, write; what changed and what was asked."""
    check_mode(db_path, options)
    db = open_library(db_path)
    upgrade_in_place(db_path, db)
    asked, held = refresh_targets(db)
    if options.mode in ("auto", "live"):
        options = replace(options, refresh=True)
    sources: list[PubmedSource | IndexedSource] = [] if options.mode == "off" else pubmed_sources(options, warn)
    references = {str(citation.id): citation.reference for citation in asked}
    enrichment = Enrichment(results={}, works={})
    if references and sources:
        enrichment = match_references(references, [LibrarySource(db), *sources])
    live = next((source for source in sources if isinstance(source, EutilsSource)), None)
    records = _reread(live, sorted(held), enrichment.works, warn) if options.mode in ("auto", "live") else {}
    asking = finish_asking(enrichment, options, sources, warn)
    results = _changed(asked, enrichment.results)
    reached = live is not None and live.requests_made > live.requests_failed
    with writing(db_path, db):
        report = write_refresh(db, asked, results, enrichment.works, records, asking.asked if reached else None)
    return report, asking


def _reread(
    source: EutilsSource | None, pmids: list[str], fetched: dict[str, Work], warn: Callable[[str], None]
) -> dict[str, Work]:
    """The held records as PubMed gives them today; none, with a warning, when it cannot be reached. Only
    PubMed itself is re-read: a local copy may be older than what the library holds."""
    if source is None or not pmids:
        return {}
    try:
        records = source.fetch([pmid for pmid in pmids if pmid not in fetched])
    except SourceUnavailable as error:
        warn(f"PubMed records not re-read ({error})")
        return {}
    return {**{pmid: work for pmid, work in fetched.items() if pmid in pmids}, **records}


def _changed(asked: list[AskedCitation], results: dict[str, MatchResult]) -> dict[int, MatchResult]:
    """The results that change a citation: a PMID or DOI the document gives stays `identified` where no record
    was read or PubMed has none."""
    changed = {}
    for citation in asked:
        result = results.get(str(citation.id))
        if result is None:
            continue
        if citation.status == IDENTIFIED and result.status in (PENDING, NOT_FOUND):
            continue
        if result.status == citation.status:
            continue
        changed[citation.id] = result
    return changed
