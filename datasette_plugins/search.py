"""`/-/citetrace/search?q=`: one search box over the statements and the works, as a clinician starts from a
word ("CD40", "hypogammaglobulinemia") rather than from a table.

Words are matched as the CLI's `trace` matches them (`db.queries.plain_words`: each term a quoted phrase, so
no character is FTS5 syntax), best matches first (bm25); each list links to its table for the rest.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from datasette.utils.asgi import Request, Response

from citetrace.datasette_plugins.cells import page_url
from citetrace.db.queries import plain_words

if TYPE_CHECKING:
    from datasette.app import Datasette

SHOWN = 20
"""Matches listed per kind; the table behind each has them all."""
CLAIMS_SQL = """
select claims.id, claims.text, claims.sentence, claims.marker, claims.cited, claims.document_id,
  documents.title as document_title
from claims_fts join claims on claims.id = claims_fts.rowid join documents on documents.id = claims.document_id
where claims_fts match :query order by claims_fts.rank, claims.id limit :limit
"""
WORKS_SQL = """
select works.id, works.title, works.authors_display, works.year, works.journal
from works_fts join works on works.id = works_fts.rowid
where works_fts match :query order by works_fts.rank, works.id limit :limit
"""
COUNT_SQL = "select count(*) from {table}_fts where {table}_fts match :query"


def clause_context(sentence: str | None, text: str, marker: str | None) -> dict[str, str]:
    """The words of a claim's sentence before and after the claim and its marker, when the claim is only a
    clause of it ("In contrast, ... CD40 [6-9] " | "and uracil N-glycosylase (UNG)" [10] | " deficiencies."),
    as the claim page shows it; nothing when the claim is the whole sentence."""
    start = sentence.find(text) if sentence else -1
    if not sentence or start < 0:
        return {"before": "", "after": ""}
    end = start + len(text)
    if marker and sentence[end:].lstrip().startswith(marker):
        end = sentence.index(marker, end) + len(marker)
    before, after = sentence[:start], sentence[end:]
    if not before.strip() and not after.strip(" ."):
        return {"before": "", "after": ""}
    return {"before": before, "after": after}


async def search_page(datasette: Datasette, request: Request) -> Response:
    """The statements and the works matching `q`, best first, with the number of each and a link to all."""
    database = datasette.get_database()
    text = (request.args.get("q") or "").strip()
    query = plain_words(text)
    found: dict[str, dict] = {}
    if query:
        for table, sql in (("claims", CLAIMS_SQL), ("works", WORKS_SQL)):
            rows = [dict(row) for row in await database.execute(sql, {"query": query, "limit": SHOWN})]
            if table == "claims":
                rows = [{**row, **clause_context(row["sentence"], row["text"], row["marker"])} for row in rows]
            count = (await database.execute(COUNT_SQL.format(table=table), {"query": query})).first()[0]
            found[table] = {
                "rows": rows,
                "count": count,
                "all_url": datasette.urls.table(database.name, table) + "?" + urlencode({"_search": text}),
            }
    context = {
        "q": text,
        "found": found,
        "shown": SHOWN,
        "page_url": lambda page, key: page_url(datasette, page, key),
    }
    return Response.html(await datasette.render_template("citetrace_search.html", context, request))
