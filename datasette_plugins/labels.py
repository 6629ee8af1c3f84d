"""The words a reader sees for the library's names: column headings, facet names and facet values.

The tables keep the contract's column names (`authors_display`, `match_status`); the site shows them as
labels ("Authors", "Match status"), and a stored vocabulary value (`not_indexed`, `on_point`) as words.
Registered as Jinja filters (`ct_label`, `ct_value`) so every template says it the same way.
"""
from __future__ import annotations

from datasette import hookimpl

from citetrace.datasette_plugins.statuses import STATUSES

COLUMN_LABELS = {
    "id": "#",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "doi": "DOI",
    "url": "URL",
    "authors_display": "Authors",
    "authors_complete": "All authors listed",
    "publication_types": "Publication types",
    "mesh_major": "MeSH major topics",
    "has_erratum": "Erratum",
    "has_retraction": "Retracted",
    "has_concern": "Concern",
    "has_discrepancy": "Differs from PubMed",
    "document_id": "Document",
    "work_id": "Work",
    "claim_id": "Claim",
    "citation_id": "Citation",
    "raw": "As cited",
    "csl": "CSL-JSON",
    "text": "Statement",
    "cited": "Cited",
    "work_count": "Works",
    "reference_count": "References",
    "claim_count": "Statements",
    "evidence_score": "Evidence score",
    "literature_review_through": "Literature through",
    "sort_year": "Year (undated last)",
}
"""Where a plain rewording (underscores as spaces, first letter capital) would not read right."""


def column_label(name: str) -> str:
    """"authors_display" -> "Authors", "match_status" -> "Match status"."""
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    words = str(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def value_label(value: object) -> str:
    """A facet value as words: a match status by its label, any other `snake_case` word with spaces."""
    text = "" if value is None else str(value)
    if text in STATUSES:
        return STATUSES[text][0]
    return text.replace("_", " ") if " " not in text else text


@hookimpl
def prepare_jinja2_environment(env) -> None:
    env.filters["ct_label"] = column_label
    env.filters["ct_value"] = value_label
