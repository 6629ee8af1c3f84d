"""render_cell: identifiers become links, JSON lists read as lists, claims/works/documents link to their pages.

Every value is escaped here before it is wrapped in markup, since a returned Markup is inserted verbatim.
"""
from __future__ import annotations

import json
from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup

from citetrace.datasette_plugins.statuses import status_badge

IDENTIFIER_URLS = {
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "doi": "https://doi.org/{}",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/",
}
JSON_COLUMNS = {
    "publication_types",
    "mesh_major",
    "keywords",
    "candidates",
    "discrepancies",
    "flags",
    "warnings",
    "contributors",
    "qualifiers",
    "major_qualifiers",
    "editors",
}
YES_NO_COLUMNS = {"cited", "has_erratum", "has_retraction", "has_concern", "has_discrepancy", "authors_complete",
                  "broken"}
CHECKED_COLUMNS = {"has_erratum", "has_retraction", "has_concern"}
"""Flags read from a PubMed record: NULL means no record was read, shown as "not checked", never as "no"."""
STATUS_COLUMNS = {"match_status"}
PAGE_COLUMNS = {  # (table, column) -> page; table None means a query's column, named for its key.
    ("claims", "text"): "claim",
    ("works", "title"): "work",
    ("documents", "title"): "document",
    (None, "claim_id"): "claim",
    (None, "work_id"): "work",
    (None, "document_id"): "document",
}


def page_url(datasette, page: str, key: object) -> str:
    return datasette.urls.path(f"/-/citetrace/{page}/{quote(str(key))}")


def identifier_url(column: str, value: object) -> str:
    """PubMed, doi.org or PMC address of an identifier (quoted: DOIs may hold any character)."""
    return IDENTIFIER_URLS[column].format(quote(str(value), safe="/:;()"))


def identifier_link(column: str, value: object) -> Markup:
    return Markup('<a href="{}" class="ct-id ct-{}">{}</a>').format(identifier_url(column, value), column, value)


def _plain(item: object) -> str:
    """A JSON value as short text: lists joined, objects as "key: value" pairs."""
    if isinstance(item, dict):
        return "; ".join(f"{key}: {_plain(value)}" for key, value in item.items() if value not in (None, "", []))
    if isinstance(item, list):
        return ", ".join(_plain(value) for value in item)
    return str(item)


def json_list(value: str) -> Markup | None:
    """A JSON array (or object) as a row of tags; None when the text is not JSON.

    An empty list is a non-breaking space: Datasette ignores a falsy render_cell result and would print "[]".
    """
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    if isinstance(parsed, dict):
        parsed = [{key: item} for key, item in parsed.items()]
    if not isinstance(parsed, list):
        return None
    tags = Markup("").join(Markup('<span class="ct-tag">{}</span>').format(_plain(item)) for item in parsed)
    return tags or Markup("&nbsp;")


@hookimpl
def render_cell(row, value, column, table, datasette):
    if column in CHECKED_COLUMNS and value is None:
        return Markup('<span class="ct-unchecked-cell">not checked</span>')
    if value is None or value == "" or isinstance(value, dict):
        return None
    if column in IDENTIFIER_URLS:
        return identifier_link(column, value)
    if column in JSON_COLUMNS and isinstance(value, str):
        return json_list(value)
    if column in YES_NO_COLUMNS and value in (0, 1):
        return Markup("yes") if value else Markup("no")
    if column in STATUS_COLUMNS and isinstance(value, str):
        return status_badge(value)
    page = PAGE_COLUMNS.get((table, column))
    if page is None:
        return None
    key = value if table is None else row["id"]
    return Markup('<a href="{}">{}</a>').format(page_url(datasette, page, key), value)
