"""Datasette metadata for a library: titles, sources, descriptions, facets, sort orders, canned queries.

Facets are chosen to answer the questions a reader of a review asks ("how old is this evidence?", "which
claims rest only on case reports?"), and every table a user meets has its columns described.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

SITE_TITLE = "citetrace"
SITE_DESCRIPTION = (
    "What a review's claims rest on: the review's numbered references parsed and matched to PubMed, "
    "its statements linked to the studies they cite."
)

TABLES: dict[str, dict] = {
    "documents": {
        "title": "Documents",
        "description": "The ingested reviews, with the dates their front matter gives.",
        "label_column": "title",
        "sort": "id",
        "columns": {
            "slug": "Short name derived from the title.",
            "path": "File the review was read from.",
            "contributors": "Authors and editors named in the front matter, with their roles.",
            "literature_review_through": "Month the review's literature search runs to.",
            "last_updated": "Date the review was last updated.",
            "reference_count": "Entries in its numbered reference list.",
            "claim_count": "Cited clauses plus uncited sentences.",
        },
    },
    "works": {
        "title": "Works",
        "description": "Distinct published works: the PubMed record when a reference was matched, "
        "otherwise the fields as cited. Shared across documents.",
        "label_column": "title",
        "sort_desc": "year",
        "size": 50,
        "fts_table": "works_fts",
        "fts_pk": "id",
        "facets": [
            "year",
            "journal",
            {"array_keyed": "publication_types"},
            {"array_keyed": "mesh_major"},
            "match_status",
            "design",
            {"yes_no": "has_retraction"},
            {"yes_no": "has_concern"},
            {"yes_no": "has_erratum"},
        ],
        "columns": {
            "pmid": "PubMed identifier.",
            "doi": "Digital Object Identifier.",
            "pmcid": "PubMed Central identifier (free full text).",
            "type": "CSL item type (article-journal, book, chapter, ...).",
            "journal": "Journal abbreviation (NLM's for PubMed records).",
            "publication_types": "PubMed publication types (Review, Case Reports, ...).",
            "mesh_major": "MeSH descriptors marked as major topics.",
            "authors_display": "Authors as a reference list prints them.",
            "authors_complete": "yes if the author list is complete, no if cut with et al.",
            "design": "Study design from PubMed publication types and MeSH (meta-analysis, randomized controlled "
            "trial, case report or series, narrative review, ...); empty where no PubMed record was read or it "
            "names none. Funding types never count as a design.",
            "has_erratum": "yes if the PubMed record read links an erratum; empty: not checked (no record read).",
            "has_retraction": "yes if the PubMed record read links a retraction notice; empty: not checked.",
            "has_concern": "yes if the PubMed record read links an expression of concern; empty: not checked.",
            "checked_at": "When PubMed itself last gave this record (UTC); empty for a local copy or no record.",
            "source": "pubmed: fetched record; cited: built from the citation string.",
            "identity": "Deduplication key: PMID, DOI, or author + year + title.",
            "match_status": "Best match status of the citations of this work.",
            "sort_year": "The year with undated works last: sorting on year ascending uses it.",
        },
    },
    "citations": {
        "title": "Citations",
        "description": "Each numbered entry of each document's reference list, as cited, and the work it "
        "was matched to.",
        "label_column": "raw",
        "sort": "id",
        "fts_table": "citations_fts",
        "fts_pk": "id",
        "facets": ["match_status", {"yes_no": "has_discrepancy"}, "document_id"],
        "columns": {
            "number": "Number in the document's reference list.",
            "raw": "The reference string as printed.",
            "line": "Line of the document file.",
            "match_status": "matched, identified, ambiguous, not_found, pending or not_indexed.",
            "match_method": "How the PubMed record was found (library: a record the library already held); for an "
            "unmatched citation, which sources were asked.",
            "candidates": "PMIDs considered but not verified.",
            "discrepancies": "Fields where the citation disagrees with PubMed.",
            "has_discrepancy": "yes if the citation disagrees with PubMed on any field.",
            "csl": "The parsed entry as CSL-JSON.",
            "flags": "What the parser was unsure of.",
        },
    },
    "claims": {
        "title": "Claims",
        "description": "Cited clauses and uncited sentences of each document, in reading order.",
        "label_column": "text",
        "sort": "id",
        "fts_table": "claims_fts",
        "fts_pk": "id",
        "facets": [{"yes_no": "cited"}, "document_id"],
        "columns": {
            "text": "The clause a citation marker closes, or the whole uncited sentence.",
            "sentence": "The sentence the clause belongs to.",
            "marker": "Citation marker as written, e.g. [6-9].",
            "cited": "yes if the statement carries a citation marker.",
            "warnings": "Markers that point outside the reference list, and similar problems.",
        },
    },
    "claim_citations": {
        "title": "Claim citations",
        "description": "Which references each claim cites, and whether the cited text says it.",
        "facets": ["evidence"],
        "columns": {
            "broken": "yes if the marker names a number missing from the reference list.",
            "evidence": "on_point: a sentence of the cited abstract or full text speaks to the claim; weak: some of "
            "its terms are there; silent: the cited text does not mention what the claim is about (a possible "
            "miscitation); no_text: no abstract or full text to read.",
            "evidence_score": "0-1, higher meaning the cited text more likely speaks to the claim.",
        },
    },
    "evidence": {
        "title": "Evidence",
        "description": "Sentences of the cited abstract or full text kept as evidence for a claim, best first "
        "(up to three per claim and citation).",
        "label_column": "sentence",
        "facets": ["source", "section"],
        "columns": {
            "rank": "1 = the sentence that best speaks to the claim.",
            "sentence": "The sentence as in the cited abstract or full text.",
            "sentence_index": "Its position among the sentences of that text (0 = first).",
            "section": "The abstract section (RESULTS, CONCLUSIONS, ...) or full-text heading it stands under.",
            "score": "How well the sentence matches the claim (the ranker's score).",
            "source": "abstract: the PubMed abstract; full_text: the body of a document of this library.",
            "char_start": "Where the sentence starts in the cited text.",
            "char_end": "Where it ends.",
            "paragraph": "For full text: the paragraph of the cited document it stands in.",
        },
    },
    "document_paragraphs": {
        "title": "Document paragraphs",
        "description": "The body paragraphs of each document as read: the full text a citing review is checked "
        "against.",
        "columns": {"section": "The section title the paragraph stands under, where the format has sections."},
    },
    "authors": {
        "title": "Authors",
        "description": "Authors of the works, one row per ORCID or surname + initials.",
        "label_column": "family",
        "sort_desc": "work_count",
        "facets": ["work_count"],
        "columns": {"work_count": "Number of works in the library by this author."},
    },
    "work_authors": {"description": "Author positions in each work."},
    "mesh_terms": {"description": "MeSH descriptors used on the works.", "label_column": "descriptor"},
    "work_mesh": {"description": "MeSH headings of each work, with qualifiers and major-topic flags."},
    "notices": {"description": "PubMed comment and correction links: errata, retractions, comments."},
    "topic_links": {"description": "Cross-references to other topics, which are not citations."},
    "claim_sources": {"description": "Each claim with the works it cites, one row per cited reference."},
}

HIDDEN = ("sqlite_stat1", "works_fts", "claims_fts", "citations_fts", "highest_ids")

DEFAULT_COLUMNS: dict[str, list[str]] = {
    # What a reader needs first, in reading order; the rest stay one click away ("all columns").
    "works": ["id", "authors_display", "year", "title", "journal", "design", "match_status", "pmid",
              "doi", "has_retraction", "has_concern", "has_erratum"],
    "documents": ["id", "title", "format", "kind", "reference_count", "claim_count", "literature_review_through",
                  "last_updated"],
    "citations": ["id", "document_id", "number", "raw", "match_status", "work_id", "has_discrepancy"],
    "claims": ["id", "document_id", "text", "marker", "cited"],
}

QUERIES: dict[str, dict] = {
    "claims_on_weak_designs": {
        "title": "Claims resting only on case reports, narrative reviews or animal studies",
        "description": "Cited claims whose every source is a work whose PubMed record says it is a case report or "
        "series, a narrative review, or an animal or in-vitro study (works.design): the weakest evidence for a "
        "clinical claim. A claim citing any work of unknown design (no PubMed record read, or none named) is left "
        "out: what was not checked is not counted as weak.",
        "hide_sql": True,
        "sql": """select claims.id as claim_id, claims.document_id, claims.text, claims.marker,
  (select group_concat(design, '; ') from (
     select distinct works.design from claim_citations
     join citations on citations.id = claim_citations.citation_id
     join works on works.id = citations.work_id
     where claim_citations.claim_id = claims.id order by works.design)) as designs
from claims
where claims.cited = 1
  and not exists (
    select 1 from claim_citations
    left join citations on citations.id = claim_citations.citation_id
    left join works on works.id = citations.work_id
    where claim_citations.claim_id = claims.id
      and coalesce(works.design, '') not in ('case report or series', 'narrative review', 'animal or in-vitro study'))
order by claims.document_id, claims.position""",
    },
    "references_older_than": {
        "title": "References older than a given year",
        "description": "Reference-list entries whose work was published before the year you enter (PubMed's "
        "year, else the cited one). Left empty, the year is ten years before today.",
        "hide_sql": True,
        "sql": """select citations.document_id, citations.number, works.id as work_id,
  coalesce(works.year, citations.cited_year) as year, works.authors_display, works.title, works.journal,
  works.pmid
from citations join works on works.id = citations.work_id
where coalesce(works.year, citations.cited_year)
  < coalesce(cast(nullif(trim(:year), '') as integer), cast(strftime('%Y', 'now') as integer) - 10)
order by year, citations.document_id, citations.number""",
    },
    "most_cited_works": {
        "title": "Works cited by the most claims",
        "description": "Works ranked by the number of claims citing them, across documents: what the "
        "library leans on most.",
        "hide_sql": True,
        "sql": """select works.id as work_id, works.authors_display, works.year, works.title, works.journal,
  works.pmid, count(distinct claim_citations.claim_id) as claims,
  count(distinct citations.document_id) as documents
from works
join citations on citations.work_id = works.id
join claim_citations on claim_citations.citation_id = citations.id
group by works.id
order by claims desc, works.id
limit 100""",
    },
    "citations_disagreeing_with_pubmed": {
        "title": "Citations whose string disagrees with PubMed",
        "description": "Matched references whose cited year, volume, pages, title or authors differ from the "
        "PubMed record: possible typos in the reference list.",
        "hide_sql": True,
        "sql": """select citations.id as citation_id, citations.document_id, citations.number, citations.raw,
  citations.discrepancies, works.id as work_id, works.pmid
from citations join works on works.id = citations.work_id
where citations.has_discrepancy = 1
order by citations.document_id, citations.number""",
    },
    "silent_citations": {
        "title": "Citations whose source is silent on the claim",
        "description": "Claims and the references they cite whose abstract or full text does not mention what the "
        "claim is about: possible miscitations, worth reading the source for. Pick a document to see its own; "
        "the closest sentence of the cited text is shown.",
        "hide_sql": True,
        "sql": """select claims.id as claim_id, claims.document_id, claims.text as claim, claims.marker,
  claim_citations.reference_number, citations.work_id, works.title as cited_title, works.pmid,
  claim_citations.evidence_score, evidence.source, evidence.sentence as closest_sentence
from claim_citations
join claims on claims.id = claim_citations.claim_id
join citations on citations.id = claim_citations.citation_id
join works on works.id = citations.work_id
left join evidence on evidence.claim_id = claim_citations.claim_id
  and evidence.citation_id = claim_citations.citation_id and evidence.rank = 1
where claim_citations.evidence = 'silent'
  and (coalesce(:document, '') = '' or claims.document_id = cast(:document as integer))
order by claims.document_id, claims.position, claim_citations.reference_number""",
    },
}


def _documents(db_path: Path) -> list[dict]:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute("select * from documents order by id")]
    finally:
        connection.close()


SOURCE_TITLE_CHARS = 80
"""A one-document source line names the document, cut to this length, so the line stays one line."""


def _source(documents: list[dict]) -> str:
    """One short line: the one document with the dates its front matter gives (those it gives), else how many
    documents there are (the home page lists them)."""
    if len(documents) != 1:
        return f"{len(documents)} documents" if documents else "no documents"
    doc = documents[0]
    title = doc["title"] if len(doc["title"]) <= SOURCE_TITLE_CHARS else doc["title"][: SOURCE_TITLE_CHARS - 1] + "…"
    dates = ", ".join(
        f"{label} {doc[key]}" for label, key in (("literature review current through", "literature_review_through"),
                                                  ("last updated", "last_updated")) if doc.get(key)
    )
    return f"{title} ({dates})" if dates else title


def library_metadata(db_path: Path) -> dict:
    """Datasette 0.x metadata (the metadata.json layout) for the library at `db_path`, served under its file stem;
    `live_library` answers it through the `get_metadata` hook and reads it again when the file changes."""
    tables = {name: dict(spec) for name, spec in TABLES.items()}
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": SITE_TITLE,
        "description": SITE_DESCRIPTION,
        "source": _source(documents := _documents(db_path)),
        **({"source_url": "/"} if len(documents) > 1 else {}),
        "license": "References and PubMed data: NLM terms of use",
        "license_url": "https://www.nlm.nih.gov/databases/download/terms_and_conditions.html",
        "databases": {
            Path(db_path).stem: {
                "title": "citetrace library",
                "description": SITE_DESCRIPTION,
                "tables": tables,
                "queries": QUERIES,
            }
        },
    }
