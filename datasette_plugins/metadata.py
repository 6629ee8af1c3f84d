"""Datasette metadata for a library: titles, descriptions, sources, facets, sort orders, hidden tables."""
from __future__ import annotations

import sqlite3
from pathlib import Path

SITE_DESCRIPTION = (
    "What a review's claims rest on: the review's numbered references parsed and matched to PubMed, "
    "its statements linked to the studies they cite."
)


def _documents(db_path: Path) -> list[dict]:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute("select * from documents order by id")]
    finally:
        connection.close()


def library_metadata(db_path: Path) -> dict:
    """Metadata for Datasette 0.65: the reviews as the data's source, with their dates."""
    documents = _documents(db_path)
    sources = "; ".join(
        f"{doc['title']} (literature current through {doc['literature_review_through'] or 'unknown'}, "
        f"updated {doc['last_updated'] or 'unknown'})"
        for doc in documents[:5]
    )
    return {
        "title": "citetrace",
        "description": SITE_DESCRIPTION,
        "source": sources or "no documents",
        "license": "References and PubMed data: NLM terms of use",
        "license_url": "https://www.nlm.nih.gov/databases/download/terms_and_conditions.html",
        "databases": {
            Path(db_path).stem: {
                "title": "citetrace library",
                "description": SITE_DESCRIPTION,
                "tables": {
                    "works": {"sort_desc": "year", "label_column": "title",
                              "facets": ["year", "journal", "source"]},
                    "citations": {"sort": "id", "label_column": "raw", "facets": ["match_status", "document_id"]},
                    "claims": {"sort": "id", "label_column": "text", "facets": ["cited", "document_id"]},
                    "documents": {"label_column": "title"},
                    "authors": {"label_column": "family", "sort_desc": "work_count"},
                    "mesh_terms": {"label_column": "descriptor"},
                },
            }
        },
    }
