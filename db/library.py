"""Writing a whole build (documents, citations, works, claims) into a new library file.

A build is written into a temporary file beside the target and renamed over it only when complete, so a
failed build leaves the previous database untouched.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from citations.cited_work import fill_from_reference, work_from_reference
from citations.csl import reference_to_csl
from citations.matching import MATCHED, MatchResult, reference_status
from citations.model import Claim, Document, Reference, TopicLink, Work
from db.schema import create_schema, enable_search
from db.store import WorkWriter, insert_rows, refresh_author_counts, refresh_match_status

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


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


def slugify(title: str) -> str:
    return _SLUG_JUNK.sub("-", title.lower()).strip("-")[:80] or "document"


def write_library(
    path: Path,
    ingested: list[IngestedDocument],
    results: dict[str, MatchResult],
    pubmed_works: dict[str, Work],
) -> LibraryCounts:
    """Build the library into a temporary file, then rename it over `path`.

    `results` is keyed by `reference_key(document_index, reference_index)`; a reference without a result
    keeps the status `citations.matching.reference_status` gives it.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(temporary)
        db.execute("pragma journal_mode = off")
        db.execute("pragma synchronous = off")
        create_schema(db)
        with db.conn:
            counts = _write_rows(db, ingested, results, pubmed_works)
            refresh_author_counts(db)
            refresh_match_status(db)
        enable_search(db)
        db.execute("analyze")
        db.close()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return counts


def reference_key(document_index: int, reference_index: int) -> str:
    return f"{document_index}:{reference_index}"


def _write_rows(
    db: sqlite_utils.Database,
    ingested: list[IngestedDocument],
    results: dict[str, MatchResult],
    pubmed_works: dict[str, Work],
) -> LibraryCounts:
    counts = LibraryCounts()
    writer = WorkWriter(db)
    citation_id = claim_id = topic_id = 0
    slugs: Counter = Counter()
    for document_index, item in enumerate(ingested):
        document_id = document_index + 1
        doc = item.document
        slug = slugify(doc.title)
        slugs[slug] += 1
        db["documents"].insert(
            {
                "id": document_id,
                "slug": slug if slugs[slug] == 1 else f"{slug}-{slugs[slug]}",
                "title": doc.title,
                "path": Path(doc.path).name,
                "contributors": json.dumps(doc.contributors, ensure_ascii=False),
                "literature_review_through": doc.literature_review_through,
                "last_updated": doc.last_updated,
                "reference_count": len(item.references),
                "claim_count": len(item.claims),
                "kind": "review",
                "format": doc.format,
                "sha256": doc.sha256,
                "journal": doc.journal,
                "published": doc.published,
                "article_type": doc.article_type,
                "article_doi": doc.doi,
                "article_pmid": doc.pmid,
                "article_pmcid": doc.pmcid,
            }
        )
        keyed = [(reference_key(document_index, i), ref) for i, ref in enumerate(item.references)]
        works = []
        for key, ref in keyed:
            result = results.get(key)
            matched = result is not None and result.status == MATCHED and result.pmid in pubmed_works
            works.append(fill_from_reference(pubmed_works[result.pmid], ref) if matched else work_from_reference(ref))
        work_ids = writer.upsert(works)
        citation_rows = []
        citation_by_number: dict[int, int] = {}
        for (key, ref), work_id in zip(keyed, work_ids, strict=True):
            citation_id += 1
            citation_by_number.setdefault(ref.number, citation_id)
            result = results.get(key) or MatchResult(status=reference_status(ref))
            counts.statuses[result.status] += 1
            first = ref.authors[0].family if ref.authors else None
            citation_rows.append(
                {
                    "id": citation_id,
                    "document_id": document_id,
                    "number": ref.number,
                    "raw": ref.raw,
                    "line": ref.line,
                    "work_id": work_id,
                    "match_status": result.status,
                    "match_method": result.method,
                    "candidates": json.dumps(result.candidates),
                    "discrepancies": json.dumps(result.discrepancies, ensure_ascii=False),
                    "has_discrepancy": int(bool(result.discrepancies)),
                    "csl": json.dumps(reference_to_csl(ref), ensure_ascii=False),
                    "flags": json.dumps(ref.flags),
                    "cited_first_author": first,
                    "cited_year": ref.year,
                    "cited_title": ref.title,
                    "cited_journal": ref.container_title,
                    "cited_volume": ref.volume,
                    "cited_page": ref.page,
                    "key": ref.key,
                }
            )
        insert_rows(db, "citations", citation_rows)
        claim_rows, link_rows = [], []
        for claim in item.claims:
            claim_id += 1
            claim_rows.append(
                {
                    "id": claim_id,
                    "document_id": document_id,
                    "paragraph": claim.paragraph,
                    "section": doc.sections[claim.paragraph] if doc.sections else None,
                    "sentence_index": claim.sentence_index,
                    "position": claim.position,
                    "text": claim.text,
                    "sentence": claim.sentence,
                    "marker": claim.marker,
                    "cited": int(claim.marker is not None),
                    "warnings": json.dumps(claim.warnings, ensure_ascii=False),
                }
            )
            for number in dict.fromkeys(claim.refs):
                target = citation_by_number.get(number)
                link_rows.append(
                    {"claim_id": claim_id, "reference_number": number, "citation_id": target, "broken": int(target is None)}
                )
        insert_rows(db, "claims", claim_rows)
        insert_rows(db, "claim_citations", link_rows)
        topic_rows = []
        for link in item.topic_links:
            topic_id += 1
            topic_rows.append({"id": topic_id, "document_id": document_id, "paragraph": link.paragraph, "title": link.title})
        insert_rows(db, "topic_links", topic_rows)
        counts.documents += 1
        counts.citations += len(citation_rows)
        counts.claims += len(claim_rows)
    counts.works = db["works"].count
    return counts
