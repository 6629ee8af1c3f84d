"""`/-/citetrace/watch`: the claims resting on retracted works or works under an expression of concern, newest
notice first, and `/-/citetrace/watch.atom`, the same as an Atom feed, so a feed reader or a cron job can follow a
library that `citetrace refresh` keeps current.

The feed follows datasette-atom's idiom (one entry per row, each with an id, an updated time, a title, text
content and a link) without depending on it: one entry per notice, its content the claims resting on the work.
An entry's id is a URN of the work and the notice, so a reader sees a notice once however often it polls.
"""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from datasette.utils.asgi import Request, Response

from citetrace.datasette_plugins.cells import identifier_url, page_url
from citetrace.db.queries import WATCH_SQL

if TYPE_CHECKING:
    from datasette.app import Datasette

ATOM = "http://www.w3.org/2005/Atom"
FEED_TITLE = "citetrace watch: claims resting on retracted works or works under an expression of concern"
KIND_LABELS = {"ExpressionOfConcernIn": "expression of concern"}
"""What a notice type says of its work; every other watched type is a retraction."""


def notice_label(kind: str) -> str:
    return KIND_LABELS.get(kind, "retracted")


async def watched(datasette: Datasette) -> list[dict]:
    """One entry per notice, newest first, with the claims (id, text, marker, document) resting on its work."""
    database = datasette.get_database()
    entries: dict[int, dict] = {}
    for row in await database.execute(WATCH_SQL):
        entry = entries.setdefault(row["notice_id"], {
            **{key: row[key] for key in ("notice_id", "type", "ref_source", "notice_pmid", "noticed_at", "work_id",
                                         "pmid", "title", "authors_display", "year", "journal", "checked_at")},
            "label": notice_label(row["type"]), "claims": [],
        })
        if row["claim_id"] is not None:
            entry["claims"].append({"id": row["claim_id"], "text": row["claim_text"], "marker": row["marker"],
                                    "document_id": row["document_id"], "document": row["document_title"]})
    return list(entries.values())


async def watch_page(datasette: Datasette, request: Request) -> Response:
    entries = await watched(datasette)
    context = {
        "entries": entries,
        "claims": len({claim["id"] for entry in entries for claim in entry["claims"]}),
        "feed_url": datasette.urls.path("/-/citetrace/watch.atom"),
        "page_url": lambda page, key: page_url(datasette, page, key),
        "identifier_url": identifier_url,
    }
    return Response.html(await datasette.render_template("citetrace_watch.html", context, request))


async def watch_feed(datasette: Datasette, request: Request) -> Response:
    """The watch as an Atom 1.0 feed (RFC 4287)."""
    entries = await watched(datasette)
    fallback = _library_time(datasette)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", request.url)
    _text(feed, "title", FEED_TITLE)
    ET.SubElement(feed, f"{{{ATOM}}}link", href=request.url, rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=datasette.absolute_url(request, datasette.urls.path("/-/citetrace/watch")),
                  rel="alternate")
    times = [_updated(entry, fallback) for entry in entries]
    _text(feed, "updated", max(times, default=fallback))
    _text(feed, "generator", "citetrace")
    for entry, updated in zip(entries, times, strict=True):
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "id", f"urn:citetrace:notice:{entry['pmid'] or entry['work_id']}:{entry['type']}:"
                          f"{entry['notice_pmid'] or entry['notice_id']}")
        _text(item, "title", f"{entry['label']}: {entry['title'] or 'work ' + str(entry['work_id'])}")
        _text(item, "updated", updated)
        ET.SubElement(item, f"{{{ATOM}}}link", href=datasette.absolute_url(request, page_url(datasette, "work",
                                                                                                  entry["work_id"])))
        _text(item, "content", _content(entry)).set("type", "text")
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return Response(f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n', status=200,
                    content_type="application/atom+xml; charset=utf-8")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _content(entry: dict) -> str:
    """The notice and the claims resting on the work, as plain text."""
    lines = [f"PubMed links {entry['type']}: {entry['ref_source'] or ''}".rstrip()]
    if entry["pmid"]:
        lines.append(f"Work: PMID {entry['pmid']}")
    lines += [f"Claim {claim['id']} ({claim['document']}): {claim['text']}" for claim in entry["claims"]]
    if not entry["claims"]:
        lines.append("No claim of the library cites it.")
    return "\n".join(lines)


def _updated(entry: dict, fallback: str) -> str:
    """When citetrace first read the notice, else when the record was read, else when the library was written."""
    stamp = entry["noticed_at"] or entry["checked_at"]
    return _rfc3339(stamp) if stamp else fallback


def _rfc3339(stamp: str) -> str:
    moment = datetime.fromisoformat(stamp)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _library_time(datasette: Datasette) -> str:
    path = datasette.get_database().path
    seconds = os.path.getmtime(path) if path and os.path.exists(path) else 0.0
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
