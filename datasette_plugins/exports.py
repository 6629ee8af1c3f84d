"""BibTeX, CSL-JSON and RIS downloads of the works behind any rows, through the project's one set of writers.

Two ways in, one resolution from rows to works:
- the output renderer (`/citetrace/works.bib?year=1993`): Datasette hands it the current page of rows only;
- the selection route (`/-/citetrace/export.bib?document=1`, `?selection=/citetrace/works?year=1993`),
  which covers a whole set: what `citetrace export-bib` selects (documents, PMIDs, a claim, else the whole
  library, through the same `db.selection`), or every page of a table or query.
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response

from citetrace.citations.export_formats import BY_EXTENSION, EXPORT_FORMATS
from citetrace.db.schema import row_id
from citetrace.db.selection import SelectionError, select_work_ids
from citetrace.db.works import load_works


TO_WORKS_SQL = {  # kind of key -> its works, in the order of the keys (json_each keeps it).
    "work": "select works.id from json_each(:keys) as k join works on works.id = k.value order by k.key",
    "citation": "select citations.work_id from json_each(:keys) as k "
    "join citations on citations.id = k.value order by k.key",
    "claim": "select citations.work_id from json_each(:keys) as k "
    "join claim_citations on claim_citations.claim_id = k.value "
    "join citations on citations.id = claim_citations.citation_id "
    "order by k.key, claim_citations.reference_number",
    "pmid": "select works.id from json_each(:keys) as k join works on works.pmid = k.value order by k.key",
}
KEY_COLUMNS = (("work_id", "work"), ("citation_id", "citation"), ("claim_id", "claim"), ("pmid", "pmid"))
TABLE_KINDS = {"works": "work", "citations": "citation", "claims": "claim"}


def row_key(table: str | None, columns: list[str]) -> tuple[str, str] | None:
    """(column, kind) that ties rows to works: a work_id column first, else the table's own id, else a link."""
    if "work_id" in columns:
        return "work_id", "work"
    if table in TABLE_KINDS and "id" in columns:
        return "id", TABLE_KINDS[table]
    return next(((column, kind) for column, kind in KEY_COLUMNS if column in columns), None)


def _plain_value(value: object) -> object:
    """A cell's value, whether or not Datasette expanded the foreign key into {"value", "label"}."""
    return value["value"] if isinstance(value, dict) else value


async def works_for(database, kind: str, keys: list) -> list[int]:
    """Work ids for keys of one kind, first-seen order, each once."""
    keys = [key for key in keys if key is not None]
    if not keys:
        return []
    result = await database.execute(TO_WORKS_SQL[kind], {"keys": json.dumps(keys)})
    return [work_id for work_id in dict.fromkeys(row[0] for row in result.rows) if work_id is not None]


async def export_response(database, extension: str, work_ids: list[int], name: str) -> Response:
    """The works as a download in the format with this extension, in the given order (BibTeX LaTeX-encoded, as
    `export-bib` writes it by default)."""
    export_format = BY_EXTENSION[extension]
    works = await database.execute_fn(lambda conn: load_works(sqlite_utils.Database(conn), work_ids))
    return Response(
        export_format.write(works, "latex"),
        content_type=export_format.media_type,
        headers={"content-disposition": f'attachment; filename="{name}.{extension}"'},
    )


MAX_NAME_CHARS = 80
_UNSAFE = re.compile(r"[^A-Za-z0-9._]+")


def download_name(path: str, args: list[tuple[str, str]]) -> str:
    """The file name of a download, after what it holds: `/citetrace/works?match_status=matched` ->
    `works-match_status-matched`, `?_search=CD40` -> `works-search-CD40`, `/citetrace/works/12` -> `works-12`
    (the database's segment and Datasette's other `_` arguments left out)."""
    segments = [unquote(segment) for segment in urlsplit(path).path.strip("/").split("/")[1:]] or ["citetrace"]
    stem, _, extension = segments[-1].rpartition(".")
    parts = [*segments[:-1], stem if stem and extension in BY_EXTENSION else segments[-1]]
    for key, value in args:
        if key == "_search" and value:
            parts += ["search", value]
        elif not key.startswith("_") and value:
            parts += [key, value]
    name = _UNSAFE.sub("-", "-".join(parts)).strip("-.")
    return name[:MAX_NAME_CHARS].rstrip("-.") or "citetrace"


def _renderer(fmt: str) -> dict:
    async def render(datasette, database, table, columns, rows, query_name, request):
        """The works of the rows Datasette passes: the current page only. None (a 404) for rows without works."""
        key = row_key(table, columns)
        if key is None:
            return None
        column, kind = key
        db = datasette.get_database(database)
        work_ids = await works_for(db, kind, [_plain_value(row[column]) for row in rows])
        name = download_name(request.path, parse_qsl(request.query_string)) if request else table or query_name or database
        return await export_response(db, fmt, work_ids, name)

    def can_render(table, columns) -> bool:
        return row_key(table, columns) is not None

    return {"extension": fmt, "render": render, "can_render": can_render}


@hookimpl
def register_output_renderer(datasette):
    return [_renderer(export_format.extension) for export_format in EXPORT_FORMATS]


async def _selection_work_ids(datasette, database, selection: str) -> list[int] | None:
    """Every page of a table or query of this site, followed through Datasette's JSON API.

    A table with a single primary key is read in key order: Datasette 0.65's keyset pagination leaves the
    key out of the first page's ORDER BY when sorting on a column, so pages sorted on a column with ties
    (works by year) can skip or repeat rows. None when `selection` is not a path into the library (no scheme,
    no host: the route never leaves the app).
    """
    parts = urlsplit(selection)
    segments = [unquote(segment) for segment in parts.path.strip("/").split("/")]
    if parts.scheme or parts.netloc or segments[0] != database.name or ".." in segments:
        return None
    args = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "_next"]
    args += [("_shape", "objects"), ("_size", "max"), ("_nofacet", "1"), ("_nocount", "1")]
    if len(segments) == 2 and await database.table_exists(segments[1]):
        keys = await database.primary_keys(segments[1])
        if len(keys) == 1:
            args = [(key, value) for key, value in args if key not in ("_sort", "_sort_desc")] + [("_sort", keys[0])]
    work_ids: list[int] = []
    next_token = None
    while True:
        page_args = args + ([("_next", next_token)] if next_token else [])
        response = await datasette.client.get(f"{parts.path}.json?{urlencode(page_args)}")
        if response.status_code != 200:
            return None
        data = response.json()
        if not isinstance(data, dict) or "columns" not in data:
            return None
        key = row_key(data.get("table"), data["columns"])
        if key is None:
            return []
        column, kind = key
        work_ids += await works_for(database, kind, [row[column] for row in data["rows"]])
        next_token = data.get("next")
        if not next_token:
            return list(dict.fromkeys(work_ids))


async def export_selection(datasette, request) -> Response:
    """`/-/citetrace/export.<format>`: `selection=<table or query path>`, else `export-bib`'s options."""
    fmt = request.url_vars["format"]
    database = datasette.get_database()
    if request.args.get("selection"):
        work_ids = await _selection_work_ids(datasette, database, request.args["selection"])
        if work_ids is None:
            return Response.text(f"selection must be a table or query path under /{database.name}", status=400)
        selection = urlsplit(request.args["selection"])
        name = download_name(selection.path, parse_qsl(selection.query, keep_blank_values=True))
        return await export_response(database, fmt, work_ids, name)
    claim_arg = request.args.get("claim")
    claim = row_id(claim_arg) if claim_arg else None
    if claim_arg and claim is None:
        return Response.text("claim must be a claim id (a positive integer)", status=400)
    documents, pmids = request.args.getlist("document"), request.args.getlist("pmid")
    try:
        work_ids = await database.execute_fn(
            lambda conn: select_work_ids(sqlite_utils.Database(conn), documents, pmids, claim)
        )
    except SelectionError as error:
        return Response.text(str(error), status=404)
    return await export_response(database, fmt, work_ids, await _selection_name(database, documents, pmids, claim))


async def _selection_name(database, documents: list[str], pmids: list[str], claim: int | None) -> str:
    """`export-bib`'s selection as a file name: the documents' slugs, `claim-9`, `pmid-...`, else the library."""
    parts: list[str] = []
    for document in documents:
        row = (await database.execute(
            "select slug from documents where cast(id as text) = :d or slug = :d order by slug = :d limit 1",
            {"d": document})).first()
        parts.append(row[0] if row else document)
    if claim is not None:
        parts.append(f"claim-{claim}")
    if pmids:
        parts.append("pmid-" + "-".join(pmids))
    name = _UNSAFE.sub("-", "-".join(parts)).strip("-.")
    return name[:MAX_NAME_CHARS].rstrip("-.") or database.name
