"""One row builder per table a document's rows go into (documents, document_paragraphs, citations, claims,
claim_citations, evidence, topic_links), shared by a build, an import and an in-place add; works are
`db.store.WorkWriter`'s.

Ids come from `NextIds`, read from the library once, so the same builders write a new library or append to an
existing one.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from citetrace.citations.evidence import Assessment
from citetrace.citations.matching import MatchResult
from citetrace.citations.model import Claim, Document, Reference, TopicLink
from citetrace.citations.reference_csl import reference_to_csl

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


@dataclass
class NextIds:
    """The next free id of each table that numbers its rows; `take` hands them out in order."""

    documents: int = 1
    citations: int = 1
    claims: int = 1
    topic_links: int = 1

    @classmethod
    def of(cls, db: sqlite_utils.Database) -> NextIds:
        """Ids after the largest of each table: 1 everywhere in a new library."""
        return cls(**{table: next_free_id(db, table) for table in ("documents", "citations", "claims", "topic_links")})

    def take(self, table: str) -> int:
        value = getattr(self, table)
        setattr(self, table, value + 1)
        return value


NUMBERED_TABLES = ("documents", "citations", "claims", "topic_links", "works", "authors", "mesh_terms")
"""The tables whose ids a page address or a command names (`/claim/20`, `remove 2`)."""
HIGHEST_IDS = "highest_ids"
"""The largest id each numbered table ever held, kept by `remove` before it deletes: an id once handed out
names that row or nothing, never another document's."""


def next_free_id(db: sqlite_utils.Database, table: str) -> int:
    """The id after the largest `table` holds or ever held (1 when never used): ids freed by `remove` are not
    handed out again."""
    current = db.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0]
    if not db[HIGHEST_IDS].exists():
        return 1 + current
    held = db.execute(f"select coalesce(max(id), 0) from [{HIGHEST_IDS}] where [table] = ?", [table]).fetchone()[0]
    return 1 + max(current, held)


def keep_highest_ids(db: sqlite_utils.Database) -> None:
    """Record each numbered table's largest id so far (call before deleting rows)."""
    db.execute(f"create table if not exists [{HIGHEST_IDS}] ([table] text primary key, id integer not null)")
    for table in NUMBERED_TABLES:
        db.execute(
            f"insert into [{HIGHEST_IDS}] ([table], id) select ?, coalesce(max(id), 0) from [{table}] where true "
            "on conflict([table]) do update set id = max(id, excluded.id)",
            [table],
        )


def record_asked(db: sqlite_utils.Database, document_ids: list[int], asked: str) -> None:
    """Say on each document what PubMed was asked about its references ("snapshot only"), for its pages."""
    db.execute("update documents set pubmed_asked = ? where id in (select value from json_each(?))",
               [asked, json.dumps(document_ids)])


def slugify(title: str) -> str:
    """The title in lower-case ASCII words joined by hyphens; never all digits, which would read as an id
    (a title "3" is `document-3`)."""
    slug = _SLUG_JUNK.sub("-", title.lower()).strip("-")[:80] or "document"
    return f"document-{slug}" if slug.isdigit() else slug


SLUG_TAKEN_SQL = "select 1 from documents where slug = ?"
"""Whether a document has this slug: read through its index (`db.schema.INDEXES_SQL`), as each new document asks."""


def unique_slug(db: sqlite_utils.Database, title: str) -> str:
    """The title's slug, or `slug-2`, `slug-3`, ... when a document of the library already has it."""
    slug = candidate = slugify(title)
    n = 1
    while db.execute(SLUG_TAKEN_SQL, [candidate]).fetchone():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def document_row(document_id: int, slug: str, doc: Document, kind: str, reference_count: int, claim_count: int) -> dict:
    """The `documents` row: front matter, where the file came from (`path` its name, `sha256`) and its format."""
    return {
        "id": document_id,
        "slug": slug,
        "title": doc.title,
        "path": Path(doc.path).name,
        "contributors": json.dumps(doc.contributors, ensure_ascii=False),
        "literature_review_through": doc.literature_review_through,
        "last_updated": doc.last_updated,
        "reference_count": reference_count,
        "claim_count": claim_count,
        "kind": kind,
        "format": doc.format,
        "sha256": doc.sha256,
        "journal": doc.journal,
        "published": doc.published,
        "article_type": doc.article_type,
        "article_doi": doc.doi,
        "article_pmid": doc.pmid,
        "article_pmcid": doc.pmcid,
    }


def citation_row(citation_id: int, document_id: int, ref: Reference, work_id: int, result: MatchResult) -> dict:
    """A reference-list entry as cited (its CSL-JSON item as `parse-refs` writes it, its cited fields) and how
    it was matched; `discrepancies` is always an object keyed by field (`{}` when none)."""
    return {
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
        "cited_first_author": ref.authors[0].family if ref.authors else None,
        "cited_year": ref.year,
        "cited_title": ref.title,
        "cited_journal": ref.container_title,
        "cited_volume": ref.volume,
        "cited_page": ref.page,
        "key": ref.key,
    }


def claim_row(claim_id: int, document_id: int, claim: Claim, section: str | None = None) -> dict:
    """A claim, with the title of the section its paragraph sits under where the format has sections."""
    return {
        "id": claim_id,
        "document_id": document_id,
        "paragraph": claim.paragraph,
        "section": section,
        "sentence_index": claim.sentence_index,
        "position": claim.position,
        "text": claim.text,
        "sentence": claim.sentence,
        "marker": claim.marker,
        "cited": int(claim.marker is not None),
        "warnings": json.dumps(claim.warnings, ensure_ascii=False),
    }


def claim_citation_rows(claim_id: int, claim: Claim, citation_by_number: dict[int, int]) -> list[dict]:
    """One link per distinct reference number the claim cites; a number with no entry is a `broken` link."""
    rows = []
    for number in dict.fromkeys(claim.refs):
        target = citation_by_number.get(number)
        rows.append({"claim_id": claim_id, "reference_number": number, "citation_id": target, "broken": int(target is None)})
    return rows


def paragraph_rows(document_id: int, doc: Document) -> list[dict]:
    """The document's body paragraphs as read, with their section titles: the full text a review citing this
    document is checked against (`db.evidence`)."""
    return [
        {"document_id": document_id, "paragraph": index, "section": doc.sections[index] if doc.sections else None,
         "text": text}
        for index, text in enumerate(doc.paragraphs)
    ]


def evidence_rows(
    claim_id: int,
    citation_id: int,
    work_id: int,
    assessment: Assessment,
    paragraph_starts: list[int] | None = None,
    paragraph_sections: list[str | None] | None = None,
) -> list[dict]:
    """The kept sentences of one (claim, citation) pair, best first. `paragraph_starts` are the offsets at which
    each paragraph of the cited full text begins: a full-text sentence keeps its paragraph (so `trace --depth 2`
    can find the cited document's own claims there) and, when the ranker names none, its section title."""
    rows = []
    for sentence in assessment.sentences:
        paragraph, section = None, sentence.section
        if sentence.source == "full_text" and paragraph_starts:
            paragraph = max(0, bisect_right(paragraph_starts, sentence.start) - 1)
            if section is None and paragraph_sections:
                section = paragraph_sections[paragraph]
        rows.append({
            "claim_id": claim_id,
            "citation_id": citation_id,
            "work_id": work_id,
            "rank": sentence.rank,
            "sentence": sentence.sentence,
            "sentence_index": sentence.sentence_index,
            "section": section,
            "score": sentence.score,
            "source": sentence.source,
            "char_start": sentence.start,
            "char_end": sentence.end,
            "paragraph": paragraph,
        })
    return rows


def topic_link_row(topic_link_id: int, document_id: int, link: TopicLink) -> dict:
    return {"id": topic_link_id, "document_id": document_id, "paragraph": link.paragraph, "title": link.title}
