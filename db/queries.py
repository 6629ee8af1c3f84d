"""Read queries shared by the CLI and the Datasette plugins."""
from __future__ import annotations

import json
import re

import sqlite_utils

from citetrace.db.schema import SQLITE_MAX_INTEGER
from citetrace.db.trail import FOLLOWED, cited_documents, claims_at, evidence_sentences

CLAIM_COLUMNS = (
    "select claims.id, claims.document_id, documents.title as document, claims.text, claims.sentence,"
    " claims.marker, claims.cited from claims join documents on documents.id = claims.document_id"
)
EVIDENCE_FIELDS = ("rank", "sentence", "section", "score", "source")

TRACE_SOURCES_SQL = """
select cc.claim_id, cc.reference_number as number, cc.broken, cc.citation_id, cc.evidence, cc.evidence_score,
       c.raw, c.match_status,
       w.id as work_id, coalesce(w.title, c.cited_title) as title, coalesce(w.journal, c.cited_journal) as journal,
       coalesce(w.year, c.cited_year) as year, w.pmid, w.doi, w.pmcid, w.publication_types, w.design,
       w.has_retraction, w.has_concern, w.has_erratum,
       coalesce((select a.family from work_authors wa join authors a on a.id = wa.author_id
         where wa.work_id = w.id order by wa.position limit 1), c.cited_first_author) as first_author
from claim_citations cc
left join citations c on c.id = cc.citation_id
left join works w on w.id = c.work_id
where cc.claim_id in ({marks})
order by cc.claim_id, cc.reference_number
"""


_WORD = re.compile(r"[^\W_]+")


def plain_words(query: str) -> str:
    """A user's query as an FTS5 query of plain words: each whitespace-separated term a quoted phrase of its
    words ("hyper-IgM" -> "hyper IgM"), so no character is FTS5 syntax; empty when it holds no word."""
    phrases = (" ".join(_WORD.findall(term)) for term in query.split())
    return " ".join(f'"{phrase}"' for phrase in phrases if phrase)


def trace_claims(db: sqlite_utils.Database, query: str, limit: int = 50, depth: int = 1) -> list[dict]:
    """Statements whose text matches QUERY (full-text, words quoted), each with the references it cites and each
    reference's kept evidence sentences and verdict.

    Uncited statements match too (`cited` false, no sources): that a claim rests on nothing is an answer. With
    `depth` over 1, a reference that is itself a document of the library, and speaks to the claim, carries a
    `trail`: that document's claims at its evidence sentences, traced the same way one level less deep.
    """
    fts_query = plain_words(query)
    if not fts_query:
        return []
    claims = list(
        db.query(
            CLAIM_COLUMNS + " join claims_fts on claims_fts.rowid = claims.id"
            " where claims_fts match :query order by claims.document_id, claims.position"
            " limit :limit",
            {"query": fts_query, "limit": min(limit, SQLITE_MAX_INTEGER)},
        )
    )
    return _with_sources(db, claims, depth, frozenset())


def _with_sources(db: sqlite_utils.Database, claims: list[dict], depth: int, followed: frozenset[int]) -> list[dict]:
    """The claims with their sources; `followed` are the documents this trail has passed through already."""
    if not claims:
        return []
    by_id = {claim["id"]: {**claim, "cited": bool(claim["cited"]), "sources": []} for claim in claims}
    marks = ",".join("?" * len(by_id))
    sources = []
    for row in db.query(TRACE_SOURCES_SQL.format(marks=marks), list(by_id)):
        row["publication_types"] = json.loads(row["publication_types"] or "[]")
        row["broken"] = bool(row["broken"])
        sources.append(row)
    sentences = evidence_sentences(db, [(row["claim_id"], row["citation_id"]) for row in sources if row["citation_id"]])
    documents = cited_documents(db, {row["work_id"] for row in sources if row["work_id"]}) if depth > 1 else {}
    for row in sources:
        claim_id, citation_id = row.pop("claim_id"), row.pop("citation_id")
        kept = sentences.get((claim_id, citation_id), [])
        row["sentences"] = [{field: sentence[field] for field in EVIDENCE_FIELDS} for sentence in kept]
        document = documents.get(row["work_id"])
        if document and document["id"] not in followed and row["evidence"] in FOLLOWED:
            row["trail"] = {
                "document_id": document["id"],
                "document": document["title"],
                "claims": _with_sources(db, _claims(db, claims_at(db, document["id"], kept)), depth - 1,
                                        followed | {by_id[claim_id]["document_id"], document["id"]}),
            }
        by_id[claim_id]["sources"].append(row)
    return list(by_id.values())


def _claims(db: sqlite_utils.Database, claim_ids: list[int]) -> list[dict]:
    """These claims, in the order given."""
    if not claim_ids:
        return []
    rows = {row["id"]: row for row in db.query(
        CLAIM_COLUMNS + " where claims.id in (select value from json_each(?))", [json.dumps(claim_ids)])}
    return [rows[claim_id] for claim_id in claim_ids if claim_id in rows]


def document_list(db: sqlite_utils.Database) -> list[dict]:
    """Every document of the library with its counts, in id order: what `citetrace list` prints."""
    return list(db.query(
        "select id, slug, format, reference_count as citations, claim_count as claims, title from documents order by id"
    ))


CLAIMS_RESTING_ON_SQL = """
select distinct claims.id, claims.document_id, documents.title as document, claims.text, claims.marker
from claims
join claim_citations on claim_citations.claim_id = claims.id
join citations on citations.id = claim_citations.citation_id
join documents on documents.id = claims.document_id
where citations.work_id = :work_id
order by claims.document_id, claims.position
"""
"""The claims citing a work, in reading order: what a retraction or an expression of concern puts in doubt."""


def claims_resting_on(db: sqlite_utils.Database, work_id: int) -> list[dict]:
    """The claims (id, document, text, marker) that cite the work `work_id`, in every document."""
    return list(db.query(CLAIMS_RESTING_ON_SQL, {"work_id": work_id}))


WATCHED_NOTICES = ("RetractionIn", "PartialRetractionIn", "RetractedandRepublishedIn", "ExpressionOfConcernIn")
"""The PubMed links that put the claims citing a work in doubt: retractions and expressions of concern."""
WATCH_SQL = f"""
select notices.id as notice_id, notices.type, notices.ref_source, notices.pmid as notice_pmid, notices.noticed_at,
  works.id as work_id, works.pmid, works.title, works.authors_display, works.year, works.journal, works.checked_at,
  claims.id as claim_id, claims.text as claim_text, claims.marker, documents.id as document_id,
  documents.title as document_title
from notices
join works on works.id = notices.work_id
left join citations on citations.work_id = works.id
left join claim_citations on claim_citations.citation_id = citations.id
left join claims on claims.id = claim_citations.claim_id
left join documents on documents.id = claims.document_id
where notices.type in ({", ".join(f"'{kind}'" for kind in WATCHED_NOTICES)})
order by cast(notices.pmid as integer) desc, notices.noticed_at desc, notices.id desc, claims.document_id,
  claims.position
"""
"""Each retraction or expression of concern with the claims resting on its work, newest notice first: PubMed
numbers records as they come, so the notice's own PMID orders notices by publication even where citetrace first
read them all at once (a build)."""
