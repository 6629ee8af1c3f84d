"""What the project's templates get besides Datasette's own context: its stylesheet, the documents for the
home page, and the whole-selection export links under every table and query."""
from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from citetrace.citations.export_formats import EXPORT_FORMATS
from citetrace.datasette_plugins import broad_searches
from citetrace.datasette_plugins.metadata import DEFAULT_COLUMNS, QUERIES

BROWSE = ("works", "citations", "claims", "authors")


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.static_plugins("citetrace", "citetrace.css")]


def selection_exports(datasette, request) -> list[tuple[str, str, str]]:
    """(extension, label, URL) downloading every row of the current table or query, all pages."""
    selection = request.path + (f"?{request.query_string}" if request.query_string else "")
    return [
        (export_format.extension, export_format.label,
         datasette.urls.path(f"/-/citetrace/export.{export_format.extension}?{urlencode({'selection': selection})}"))
        for export_format in EXPORT_FORMATS
    ]


async def _documents(datasette) -> list[dict]:
    result = await datasette.get_database().execute(
        "select documents.id, documents.title, documents.literature_review_through, documents.last_updated,"
        " documents.reference_count, documents.claim_count, documents.kind, documents.pubmed_asked,"
        " (select count(*) from claims where claims.document_id = documents.id and claims.cited = 0) as uncited"
        " from documents order by documents.id"
    )
    return [dict(row) for row in result.rows]


ALL_COLUMNS_ARG = "_all_columns"
COLUMN_ARGS = ("_col", "_nocol", ALL_COLUMNS_ARG)


def default_columns(table: str | None, columns: list[str] | None, request) -> list[str] | None:
    """The readable columns a table page shows, in order, when the URL chooses none; None shows them all."""
    wanted = DEFAULT_COLUMNS.get(table or "")
    if not wanted or not columns or any(arg in request.args for arg in COLUMN_ARGS):
        return None
    return [column for column in wanted if column in columns]


@hookimpl
def extra_template_vars(template, view_name, table, columns, request, datasette):
    if view_name == "index":
        async def index_vars():
            name = datasette.get_database().name
            return {
                "citetrace_documents": await _documents(datasette),
                "citetrace_tables": [(table, datasette.urls.table(name, table)) for table in BROWSE],
                "citetrace_queries": [(spec["title"], datasette.urls.query(name, query)) for query, spec in QUERIES.items()],
            }

        return index_vars
    is_query = template == "query.html"  # Datasette 0.65 renders a canned query from its table view
    if view_name in ("table", "query", "database") and request is not None:
        shown = default_columns(table, columns, request) if not is_query else None
        query = urlencode([*parse_qsl(request.query_string, keep_blank_values=True), (ALL_COLUMNS_ARG, "1")])
        page_vars = {
            "citetrace_exports": selection_exports(datasette, request),
            "citetrace_columns": shown,
            "citetrace_all_columns_url": f"{request.path}?{query}",
            "citetrace_facets_anyway_url": broad_searches.facets_anyway_url(request, datasette.setting("default_facet_size")),
            "citetrace_faceted_matches": broad_searches.FACETED_MATCHES,
            "citetrace_search_matches": request.scope.get(broad_searches.MATCHES_KEY),
        }
        if not is_query:
            return page_vars

        async def query_vars():
            """A titled question's form picks a document by its title."""
            return {**page_vars, "citetrace_documents": await _documents(datasette)}

        return query_vars
    return {}
