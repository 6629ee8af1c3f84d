"""asgi_wrapper: a search matching more rows than `FACETED_MATCHES` is shown without its facets until asked.

Each facet of a searched table counts over every matching row, reading each row whole: a common word matches
tens of thousands of works or citations on a library of 12,000 reviews, and the eight facets of the works table
then cost a second. The matches are counted first in the full-text index alone (a millisecond); beyond the bar
the request gains Datasette's own `_nofacet=1`, and the page offers a link that asks for the facets anyway
(any `_facet...` argument in the URL, such as that link's `_facet_size`, is such a request).

Datasette also counts the matching rows by looking each one up in the table (a fifth of a second for 300,000
citations); a search of the words alone (no column filter) matches exactly the index's rows, so beyond
`COUNTED_MATCHES` the request gains `_nocount=1` and the page shows the index's count (`MATCHES_KEY`).
"""
from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.database import QueryInterrupted
from datasette.utils import escape_fts

from citetrace.datasette_plugins.metadata import TABLES

FACETED_MATCHES = 5_000
"""The most search matches whose facets a page counts unasked (a works search of 4,400 matches: 150 ms)."""
COUNTED_MATCHES = 50_000
"""Beyond this many matches of a search without column filters, the row count is the full-text index's."""
MATCHES_KEY = "citetrace.search_matches"
"""The ASGI scope key holding a search's count from the full-text index, when Datasette was told not to count."""
SEARCH_INDEXES = {table: spec["fts_table"] for table, spec in TABLES.items() if "fts_table" in spec}
NO_FACETS = ("_nofacet", "1")


def _searched_table(datasette: Any, path: str) -> str | None:
    """The full-text indexed table a table page's path names, or None for any other path."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0] != datasette.get_database().name:
        return None
    table = parts[1].removesuffix(".json")
    return table if table in SEARCH_INDEXES else None


def _facets_wanted(pairs: list[tuple[str, str]]) -> bool:
    return any(key.startswith("_facet") or key == "_nofacet" for key, _ in pairs)


async def _matches(datasette: Any, table: str, pairs: list[tuple[str, str]]) -> int:
    """How many rows the search of `pairs` matches in the table's full-text index; 0 when it cannot be read."""
    search = dict(pairs).get("_search", "")
    words = search if dict(pairs).get("_searchmode") == "raw" else escape_fts(search)
    index = SEARCH_INDEXES[table]
    try:
        result = await datasette.get_database().execute(
            f"select count(*) from [{index}] where [{index}] match :words", {"words": words})
    except (sqlite3.Error, QueryInterrupted):
        return 0
    return result.first()[0]


def facets_anyway_url(request: Any, size: int) -> str | None:
    """The page's URL with its facets counted, when this request is a search shown without them."""
    pairs = parse_qsl(request.query_string, keep_blank_values=True)
    if NO_FACETS not in pairs or not dict(pairs).get("_search"):
        return None
    kept = [pair for pair in pairs if pair != NO_FACETS]
    return f"{request.path}?{urlencode([*kept, ('_facet_size', str(size))])}"


def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def bounded(scope: dict, receive: Any, send: Any) -> None:
            table = _searched_table(datasette, scope["path"]) if scope["type"] == "http" else None
            if table is not None:
                pairs = parse_qsl(scope.get("query_string", b"").decode("utf-8", "replace"), keep_blank_values=True)
                matches = await _matches(datasette, table, pairs) if dict(pairs).get("_search") else 0
                added = []
                if matches > FACETED_MATCHES and not _facets_wanted(pairs):
                    added.append(NO_FACETS)
                if matches > COUNTED_MATCHES and all(key.startswith("_") for key, _ in pairs):
                    added.append(("_nocount", "1"))
                    scope = {**scope, MATCHES_KEY: matches}
                if added:
                    scope = {**scope, "query_string": urlencode([*pairs, *added]).encode()}
            await app(scope, receive, send)

        return bounded

    return wrap
