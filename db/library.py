"""Writing a whole build (documents, citations, works, claims) into a new library file.

A build is written into a temporary file beside the target and renamed over it only when complete, under the
library's writer lock (db.writing), so a failed build leaves the previous database untouched and two builds
to one file never race. The build arrives in batches of documents, each written as it comes inside the one
transaction, so the memory a build needs follows the batch, not the library.
"""
from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from citetrace.citations.cited_work import fill_from_reference, work_from_reference
from citetrace.citations.matching import MATCHED, MatchResult, reference_status
from citetrace.citations.model import Claim, Document, Reference, TopicLink, Work
from citetrace.db.evidence import assess_documents, assess_library
from citetrace.db.rows import (
    NextIds,
    citation_row,
    claim_citation_rows,
    claim_row,
    document_row,
    paragraph_rows,
    record_asked,
    topic_link_row,
    unique_slug,
)
from citetrace.db.schema import create_indexes, create_schema, enable_search
from citetrace.db.store import WorkWriter, insert_rows, refresh_author_counts, refresh_match_status
from citetrace.db.writing import library_file, temporary_path, write_failure, writer_lock


@dataclass
class IngestedDocument:
    """One review after parsing: its references (in list order), claims and cross-topic links."""

    document: Document
    references: list[Reference]
    claims: list[Claim]
    topic_links: list[TopicLink]
    warnings: list[str] = field(default_factory=list)


@dataclass
class LibraryCounts:
    documents: int = 0
    citations: int = 0
    works: int = 0
    claims: int = 0
    statuses: Counter = field(default_factory=Counter)
    assessed: int = 0
    """(claim, citation) pairs whose evidence was computed: the new ones, and older ones whose cited text changed."""

    def add(self, batch: LibraryCounts) -> None:
        """Count a further batch in (`works` is the library's total, so the later count stands)."""
        self.documents += batch.documents
        self.citations += batch.citations
        self.claims += batch.claims
        self.statuses.update(batch.statuses)
        self.assessed += batch.assessed
        self.works = batch.works


Batch = tuple[list["IngestedDocument"], dict[str, MatchResult], dict[str, Work], str | None]
"""Documents with their match results (keyed by `reference_key` within the batch), the PubMed records named,
and what PubMed was asked about them (None: nothing to record)."""


BUILD_CACHE_KIB = 65_536
"""SQLite's page cache while a build writes (its default is 2 MiB): a million citations go into indexes keyed by
work, document and claim in no order of theirs, and with a small cache each insert reads its index pages again."""


def write_library(
    path: Path,
    ingested: list[IngestedDocument],
    results: dict[str, MatchResult],
    pubmed_works: dict[str, Work],
    asked: str | None = None,
) -> LibraryCounts:
    """Build the library of these documents into a temporary file, then rename it over `path`; `asked` says
    what PubMed was asked.

    `results` is keyed by `reference_key(document_index, reference_index)`; a reference without a result
    keeps the status `citations.matching.reference_status` gives it.
    """
    return write_library_batches(path, [(ingested, results, pubmed_works, asked)])


def write_library_batches(
    path: Path, batches: Iterable[Batch], before_replace: Callable[[], None] | None = None
) -> LibraryCounts:
    """Build the library into a temporary file batch by batch (read, matched and written one after another
    when `batches` is a generator), then rename it over `path`; `before_replace` may still refuse (raise).

    Whatever a batch raises (bad input found in document 9,000) leaves `path` as it was.
    """
    path = Path(path)
    temporary = temporary_path(path)
    with writer_lock(path):
        try:
            db = sqlite_utils.Database(temporary)
            db.execute("pragma journal_mode = off")
            db.execute("pragma synchronous = off")
            db.execute(f"pragma cache_size = -{BUILD_CACHE_KIB}")
            create_schema(db, bulk=True)
            counts = LibraryCounts()
            with db.conn:
                writer = WorkWriter(db)
                for ingested, results, pubmed_works, asked in batches:
                    first = counts.documents + 1
                    counts.add(write_documents(db, ingested, results, pubmed_works, writer=writer, assess=False))
                    if asked is not None:
                        record_asked(db, list(range(first, counts.documents + 1)), asked)
                create_indexes(db)
                counts.assessed = assess_library(db)
                refresh_author_counts(db)
                refresh_match_status(db)
            if before_replace is not None:
                before_replace()
            enable_search(db)
            db.execute("analyze")
            db.close()
            os.replace(temporary, library_file(path))
        except (OSError, sqlite3.Error) as error:
            raise write_failure(path, error) from None
        finally:
            temporary.unlink(missing_ok=True)
    return counts


def reference_key(document_index: int, reference_index: int) -> str:
    return f"{document_index}:{reference_index}"


def write_documents(
    db: sqlite_utils.Database,
    ingested: list[IngestedDocument],
    results: dict[str, MatchResult],
    pubmed_works: dict[str, Work],
    in_place: bool = False,
    writer: WorkWriter | None = None,
    assess: bool = True,
) -> LibraryCounts:
    """Write every document's rows, ids following the largest in use: into a new library (a build), or `in_place`
    into an existing one, whose works are then looked up by the keys the new ones name instead of preloaded;
    then the evidence of the pairs they bring or change (`db.evidence.assess_documents`). A build's batches
    share one `writer`, so its id maps are loaded once, and leave the evidence (`assess=False`) to one pass over
    the whole library at the end (`db.evidence.assess_library`)."""
    counts = LibraryCounts()
    writer = writer or WorkWriter(db, preload=not in_place)
    ids = NextIds.of(db)
    first_document = ids.documents
    for document_index, item in enumerate(ingested):
        item_results = [results.get(reference_key(document_index, i)) for i in range(len(item.references))]
        counts.statuses.update(write_document(db, writer, ids, item, item_results, pubmed_works))
        counts.documents += 1
        counts.citations += len(item.references)
        counts.claims += len(item.claims)
    if assess:
        counts.assessed = assess_documents(db, list(range(first_document, ids.documents)))
    counts.works = db["works"].count
    return counts


def _work_of_citation(ref: Reference, result: MatchResult, pubmed_works: dict[str, Work], writer: WorkWriter) -> Work:
    """The work a citation names: its matched PubMed record (filled in from the citation where PubMed is silent);
    for a record a build's earlier batch wrote, only its PMID, by which the writer knows it; else the work the
    citation itself describes."""
    if result.status == MATCHED and result.pmid:
        if result.pmid in pubmed_works:
            return fill_from_reference(pubmed_works[result.pmid], ref)
        written = Work(pmid=result.pmid)
        if writer.holds(written):
            return written
    return work_from_reference(ref)


def write_document(
    db: sqlite_utils.Database,
    writer: WorkWriter,
    ids: NextIds,
    item: IngestedDocument,
    results: list[MatchResult | None],
    pubmed_works: dict[str, Work],
) -> Counter:
    """Write one document's rows with ids from `ids` (into a new library or an existing one); return the count
    of each match status. `results` is aligned with `item.references`; None keeps `reference_status`."""
    doc = item.document
    document_id = ids.take("documents")
    insert_rows(db, "documents", [document_row(
        document_id, unique_slug(db, doc.title), doc, "document", len(item.references), len(item.claims)
    )])
    insert_rows(db, "document_paragraphs", paragraph_rows(document_id, doc))
    resolved = [result or MatchResult(status=reference_status(ref)) for ref, result in zip(item.references, results, strict=True)]
    work_ids = writer.insert_missing([_work_of_citation(ref, result, pubmed_works, writer)
                                      for ref, result in zip(item.references, resolved, strict=True)])
    citation_rows = []
    citation_by_number: dict[int, int] = {}
    for ref, work_id, result in zip(item.references, work_ids, resolved, strict=True):
        citation_id = ids.take("citations")
        citation_by_number.setdefault(ref.number, citation_id)
        citation_rows.append(citation_row(citation_id, document_id, ref, work_id, result))
    insert_rows(db, "citations", citation_rows)
    claim_rows, link_rows = [], []
    for claim in item.claims:
        claim_id = ids.take("claims")
        claim_rows.append(claim_row(claim_id, document_id, claim, doc.sections[claim.paragraph] if doc.sections else None))
        link_rows += claim_citation_rows(claim_id, claim, citation_by_number)
    insert_rows(db, "claims", claim_rows)
    insert_rows(db, "claim_citations", link_rows)
    insert_rows(db, "topic_links", [topic_link_row(ids.take("topic_links"), document_id, link) for link in item.topic_links])
    return Counter(result.status for result in resolved)
