"""Adding documents to an existing library in place, in one transaction, through the row builders a build uses.

Before anything is asked of PubMed, each new reference is looked up among the library's PubMed records: by the
PMID or DOI its string gives, then by normalised title + year + first author. A reference found there is
matched (method `library`) without a request, and shares that work; the rest go through the matcher as in a
build. The full-text indexes are extended with the new rows only, and author counts and work statuses are
refreshed for the works the new documents cite.
"""
from __future__ import annotations

import json

import sqlite_utils

from citetrace.citations.audit import audit_citation
from citetrace.citations.matching import MATCHED, MatchResult
from citetrace.citations.model import Reference, Work
from citetrace.citations.normalize import surname_key
from citetrace.db.library import IngestedDocument, LibraryCounts, write_documents
from citetrace.db.rows import NextIds, next_free_id
from citetrace.db.search import index_rows
from citetrace.db.store import authors_of, refresh_author_counts, refresh_match_status, title_identity
from citetrace.db.works import load_works

LIBRARY_METHOD = "library"


def library_matches(
    db: sqlite_utils.Database, references: dict[str, Reference]
) -> tuple[dict[str, MatchResult], dict[str, Work]]:
    """The references the library already holds as PubMed records: their results and those records by PMID."""
    by_key: dict[str, int] = {}
    pmids = {ref.pmid for ref in references.values() if ref.pmid}
    dois = {ref.doi.lower() for ref in references.values() if ref.doi}
    years = {ref.year for ref in references.values() if ref.year}
    surnames = {surname_key(ref.authors[0].family) for ref in references.values() if ref.authors}
    candidates: dict[int, dict] = {
        row["id"]: row for row in db.query(
            "select works.id, works.pmid, lower(works.doi) as doi, works.year, works.title,"
            " authors.family as first_author from works"
            " left join work_authors on work_authors.work_id = works.id and work_authors.position = 1"
            " left join authors on authors.id = work_authors.author_id"
            " where works.source = 'pubmed' and (works.pmid in (select value from json_each(:pmids))"
            " or lower(works.doi) in (select value from json_each(:dois))"
            " or (works.year in (select value from json_each(:years)) and substr(authors.identity, 1,"
            " instr(authors.identity, '|') - 1) in (select value from json_each(:surnames))))",
            {"pmids": json.dumps(sorted(pmids)), "dois": json.dumps(sorted(dois)), "years": json.dumps(sorted(years)),
             "surnames": json.dumps(sorted(surnames))},
        )
    }
    for work_id, row in candidates.items():
        if row["pmid"]:
            by_key.setdefault(f"pmid:{row['pmid']}", work_id)
        if row["doi"]:
            by_key.setdefault(f"doi:{row['doi']}", work_id)
        identity = title_identity(row["first_author"], row["year"], row["title"])
        if identity is not None:
            by_key.setdefault(identity, work_id)
    found: dict[str, int] = {}
    for key, ref in references.items():
        keys = [f"pmid:{ref.pmid}" if ref.pmid else None, f"doi:{ref.doi.lower()}" if ref.doi else None,
                title_identity(ref.authors[0].family if ref.authors else None, ref.year, ref.title)]
        work_id = next((by_key[k] for k in keys if k and k in by_key), None)
        if work_id is not None:
            found[key] = work_id
    works = {work.id: work for work in load_works(db, list(dict.fromkeys(found.values())))}
    results = {
        key: MatchResult(status=MATCHED, pmid=works[work_id].pmid, method=LIBRARY_METHOD,
                         candidates=[works[work_id].pmid], discrepancies=audit_citation(references[key], works[work_id]))
        for key, work_id in found.items()
    }
    return results, {work.pmid: work for work in works.values()}


def add_documents(
    db: sqlite_utils.Database,
    ingested: list[IngestedDocument],
    results: dict[str, MatchResult],
    pubmed_works: dict[str, Work],
) -> LibraryCounts:
    """Write the documents into the library, all or nothing; `results` keyed by `reference_key` as for a build."""
    with db.atomic():
        first = NextIds.of(db)
        first_work = next_free_id(db, "works")
        counts = write_documents(db, ingested, results, pubmed_works, in_place=True)
        after = NextIds.of(db)
        new_documents = list(range(first.documents, after.documents))
        cited = [row[0] for row in db.execute(
            "select distinct work_id from citations where document_id in (select value from json_each(?))",
            [json.dumps(new_documents)])]
        new_works = [work_id for work_id in cited if work_id >= first_work]
        index_rows(db, "works", new_works)
        index_rows(db, "claims", list(range(first.claims, after.claims)))
        index_rows(db, "citations", list(range(first.citations, after.citations)))
        refresh_author_counts(db, authors_of(db, new_works))
        refresh_match_status(db, cited)
    return counts
