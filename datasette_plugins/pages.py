"""The pages that trace: a claim to its sources, a work to every claim citing it, a document as a whole.

Each view reads a few rows through Datasette's read-only connection and renders a template; the templates
(autoescaped) are the only place values become HTML, apart from the chart and cells, which escape their own.
"""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import sqlite_utils
from datasette.utils.asgi import NotFound, Request, Response

from citetrace.citations.matching import AMBIGUOUS, MATCHED, NOT_INDEXED
from citetrace.citations.model import DOCUMENT_FORMATS
from citetrace.datasette_plugins.cells import identifier_url, page_url
from citetrace.datasette_plugins.chart import kind_counts, references_chart
from citetrace.citations.term_marks import claim_terms, marked_pieces
from citetrace.datasette_plugins.statuses import legend, pubmed_search_url, status_badge
from citetrace.datasette_plugins.verdicts import verdict_badge, verdict_legend
from citetrace.db.schema import row_id
from citetrace.db.trail import FOLLOWED, cited_documents, claims_at

if TYPE_CHECKING:  # datasette.app loads this plugin while it is imported: a runtime import would be circular
    from datasette.app import Datasette

REFERENCE_SQL = """
select citations.id as citation_id, citations.document_id, documents.title as document_title,
  citations.number, citations.raw, citations.match_status, citations.match_method, citations.has_discrepancy,
  citations.discrepancies,
  citations.candidates, citations.cited_first_author, citations.cited_year, citations.cited_title,
  citations.cited_journal, citations.key, works.id as work_id, works.type, works.authors_display, works.year, works.title, works.journal, works.volume,
  works.issue, works.pages, works.publication_types, works.pmid, works.doi, works.pmcid,
  works.design, works.has_erratum, works.has_retraction, works.has_concern, works.checked_at, works.source
from citations join documents on documents.id = citations.document_id
left join works on works.id = citations.work_id
"""
MARKER_NUMBER = re.compile(r"(\d+)")
RANGE_DASHES = {"-", "\u2013", "\u2014"}
LONGEST_RANGE = 50
"""A longer range is a typo ("[1-100000]"), left as printed rather than spelled out."""


def _reference(row) -> dict:
    """A reference-list row for the templates; an unmatched one gets its PubMed search, an ambiguous one its
    candidates."""
    reference = dict(row)
    reference["publication_types"] = json.loads(reference["publication_types"] or "[]")
    reference["discrepancies"] = json.loads(reference["discrepancies"] or "{}")
    reference["candidates"] = json.loads(reference["candidates"] or "[]") if reference["match_status"] == AMBIGUOUS else []
    reference["search_url"] = None if reference["match_status"] in (MATCHED, NOT_INDEXED) else pubmed_search_url(
        reference["cited_first_author"], reference["cited_year"], reference["cited_title"], reference["cited_journal"]
    )
    return reference


async def _one(database, sql: str, params: dict, what: str) -> dict:
    rows = (await database.execute(sql, params)).rows
    if not rows:
        raise NotFound(f"{what} not found")
    return dict(rows[0])


def _key(request: Request) -> int:
    """The page's id; anything but an id a row can have (digits within SQLite's integers) is not found."""
    key = row_id(request.url_vars["id"])
    if key is None:
        raise NotFound("no such id: ids are positive integers")
    return key


async def _render(datasette: Datasette, request: Request, template: str, context: dict) -> Response:
    helpers = {
        "database": datasette.get_database().name,
        "page_url": lambda page, key: page_url(datasette, page, key),
        "identifier_url": identifier_url,
        "status_badge": status_badge,
        "status_meanings": legend(),
        "verdict_badge": verdict_badge,
        "verdict_meanings": verdict_legend(),
        "format_names": DOCUMENT_FORMATS,
        "export_url": lambda fmt, **selection: datasette.urls.path(f"/-/citetrace/export.{fmt}?{urlencode(selection)}"),
    }
    return Response.html(await datasette.render_template(template, {**helpers, **context}, request))


async def claim_page(datasette: Datasette, request: Request) -> Response:
    """A claim's sentence (the claim highlighted) and each cited reference, with identifiers and neighbours."""
    database = datasette.get_database()
    claim_id = _key(request)
    claim = await _one(
        database,
        "select claims.*, documents.title as document_title, documents.pubmed_asked from claims "
        "join documents on documents.id = claims.document_id where claims.id = :id",
        {"id": claim_id},
        f"claim {claim_id}",
    )
    links = [dict(row) for row in await database.execute(
        "select * from claim_citations where claim_id = :id order by reference_number", {"id": claim_id}
    )]
    references = {
        row["citation_id"]: _reference(row)
        for row in await database.execute(
            REFERENCE_SQL + " where citations.id in (select citation_id from claim_citations where claim_id = :id)",
            {"id": claim_id},
        )
    }
    sources = [
        {"number": link["reference_number"], "reference": references.get(link["citation_id"]),
         "evidence": await _evidence(database, claim, link, references.get(link["citation_id"]))}
        for link in links
    ]
    neighbours = await database.execute(
        "select (select id from claims where document_id = :d and position < :p order by position desc limit 1),"
        " (select id from claims where document_id = :d and position > :p order by position limit 1)",
        {"d": claim["document_id"], "p": claim["position"]},
    )
    previous_id, next_id = neighbours.first()
    sentence = [dict(row) for row in await database.execute(
        "select * from claims where document_id = :d and sentence_index = :s order by position",
        {"d": claim["document_id"], "s": claim["sentence_index"]},
    )]
    known = {source["number"] for source in sources if source["reference"]}
    return await _render(
        datasette,
        request,
        "citetrace_claim.html",
        {
            "claim": claim,
            "segments": sentence_segments(sentence, known),
            "sources": sources,
            "previous_id": previous_id,
            "next_id": next_id,
        },
    )


async def _evidence(database, claim: dict, link: dict, reference: dict | None) -> dict | None:
    """A pair's verdict and kept sentences (the claim's words marked) and, when the cited work is a document of
    the library that speaks to the claim, its claims standing at those sentences. None for a pair never assessed
    (a library made before evidence existed, served before its next `add`)."""
    if reference is None or link.get("evidence") is None:
        return None
    terms = claim_terms(claim["text"])
    sentences = [
        {**dict(row), "pieces": marked_pieces(row["sentence"], terms)}
        for row in await database.execute(
            "select * from evidence where claim_id = :claim and citation_id = :citation order by rank",
            {"claim": claim["id"], "citation": link["citation_id"]},
        )
    ]
    trail = None
    if any(row["source"] == "full_text" for row in sentences):
        def follow(conn) -> dict | None:
            db = sqlite_utils.Database(conn)
            document = cited_documents(db, [reference["work_id"]]).get(reference["work_id"])
            if document is None:
                return None
            followed = link["evidence"] in FOLLOWED
            return {**document, "followed": followed, "claims": claims_at(db, document["id"], sentences) if followed else []}
        trail = await database.execute_fn(follow)
    return {"verdict": link["evidence"], "score": link["evidence_score"], "sentences": sentences, "trail": trail}


async def work_page(datasette: Datasette, request: Request) -> Response:
    """A work's record and every claim, in every document, that cites it."""
    database = datasette.get_database()
    work_id = _key(request)
    work = await _one(database, "select * from works where id = :id", {"id": work_id}, f"work {work_id}")
    for column in ("publication_types", "mesh_major", "keywords"):
        work[column] = json.loads(work[column] or "[]")
    notices = [dict(row) for row in await database.execute(
        "select type, ref_source, pmid from notices where work_id = :id order by id", {"id": work_id}
    )]
    citations = [
        {**_reference(row), "claims": []}
        for row in await database.execute(
            REFERENCE_SQL + " where citations.work_id = :id order by citations.document_id, citations.number",
            {"id": work_id},
        )
    ]
    by_citation = {citation["citation_id"]: citation for citation in citations}
    best = {}
    if await database.table_exists("evidence"):
        best = {(row["claim_id"], row["citation_id"]): row for row in await database.execute(
            "select claim_id, citation_id, sentence, source from evidence where work_id = :id and rank = 1",
            {"id": work_id})}
    for row in await database.execute(
        "select claim_citations.*, claims.id, claims.text, claims.sentence, claims.marker from claims "
        "join claim_citations on claim_citations.claim_id = claims.id "
        "join citations on citations.id = claim_citations.citation_id "
        "where citations.work_id = :id order by claims.document_id, claims.position",
        {"id": work_id},
    ):
        claim = dict(row)
        sentence = best.get((claim["id"], claim["citation_id"]))
        claim["best_source"] = sentence["source"] if sentence else None
        claim["pieces"] = marked_pieces(sentence["sentence"], claim_terms(claim["text"])) if sentence else []
        by_citation[row["citation_id"]]["claims"].append(claim)
    return await _render(
        datasette,
        request,
        "citetrace_work.html",
        {"work": work, "heading": work_heading(work), "notices": notices, "citations": citations},
    )


def work_heading(work: dict) -> str:
    """A work's title, or what names an untitled one: "Personal communication from Notarangelo LD"."""
    named = work["title"] or work["container_title"] or work["institution"]
    if named:
        return named
    kind = "Personal communication" if work["type"] == "personal_communication" else f"Work {work['id']}"
    authors = (work["authors_display"] or "").rstrip(".")
    return f"{kind} from {authors}" if authors else kind


def marker_parts(
    marker: str, known: set[int], cited: list[int] | None = None, keys: dict[int, str] | None = None
) -> list[tuple[str, int | None, bool]]:
    """A marker split into (text, reference number or None, number is in the list) pieces, ranges spelled out.

    "[6-9]" gives "[", 6, ", ", 7, ", ", 8, ", ", 9, "]": every number it cites becomes a link, including
    the ones the range leaves unwritten. Given the numbers the claim cites (`cited`), other digits (years) stay
    text; a manuscript's marker links each citation key it writes (`keys`: number -> key), "[@a; @b, p. 3]"
    giving "[@", a, "; @", b, ", p. 3]"; and a marker that writes none of them ("(Hites 2004; Law et al.
    2003)") is one link to the first.
    """
    if keys:
        keyed = _keyed_parts(marker, known, keys)
        if keyed:
            return keyed
    pieces = [piece for piece in MARKER_NUMBER.split(marker) if piece]
    parts: list[tuple[str, int | None, bool]] = []
    for index, piece in enumerate(pieces):
        if _cited_number(piece, cited):
            parts.append((piece, int(piece), int(piece) in known))
            continue
        before, after = pieces[index - 1] if index else "", pieces[index + 1] if index + 1 < len(pieces) else ""
        if piece.strip() in RANGE_DASHES and _cited_number(before, cited) and _cited_number(after, cited) \
                and 0 < int(after) - int(before) <= LONGEST_RANGE:
            for number in range(int(before) + 1, int(after)):
                parts += [(", ", None, False), (str(number), number, number in known)]
            parts.append((", ", None, False))
            continue
        parts.append((piece, None, False))
    if cited and all(number is None for _text, number, _known in parts):
        return [(marker, cited[0], cited[0] in known)]
    return parts


def _keyed_parts(marker: str, known: set[int], keys: dict[int, str]) -> list[tuple[str, int | None, bool]]:
    """The marker cut at each citation key it writes (a key stands after "@", "{" or ","; whole, not a prefix)."""
    spans = []
    for number, key in keys.items():
        found = re.search(rf"(?<=[@{{,\s]){re.escape(key)}(?![\w:./-]*\w)", marker)
        if found:
            spans.append((found.start(), found.end(), number))
    parts: list[tuple[str, int | None, bool]] = []
    cursor = 0
    for start, end, number in sorted(spans):
        if start < cursor:
            continue
        parts += [(marker[cursor:start], None, False), (marker[start:end], number, number in known)]
        cursor = end
    parts.append((marker[cursor:], None, False))
    return [part for part in parts if part[0]] if spans else []


def _cited_number(piece: str, cited: list[int] | None) -> bool:
    return piece.isdigit() and (cited is None or int(piece) in cited)


def sentence_segments(claims: list[dict], known: set[int]) -> list[dict]:
    """A sentence cut at its claims, keeping the punctuation the claims leave out.

    Each segment is plain text `before` the claim, the claim's own `text` (the link), whitespace `after`
    it and its marker pieces; a last segment without a claim holds the sentence's tail. A clause or marker
    not found in the sentence (the sentence was normalised) falls back to the clause and marker alone.
    """
    sentence = claims[0]["sentence"]
    cursor = 0
    segments = []
    for claim in claims:
        marker = claim["marker"]
        start = sentence.find(claim["text"], cursor)
        end = sentence.find(marker, start) if marker and start >= 0 else start + len(claim["text"])
        if start < 0 or end < 0:
            segments.append(_segment(claim, "", claim["text"] + " ", known))
            continue
        segments.append(_segment(claim, sentence[cursor:start], sentence[start:end], known))
        cursor = end + len(marker or "")
    if cursor < len(sentence):
        segments.append({"claim": None, "before": sentence[cursor:], "text": "", "after": "", "marker": []})
    return segments


def _segment(claim: dict, before: str, stretch: str, known: set[int]) -> dict:
    text = stretch.rstrip()
    return {
        "claim": claim,
        "before": before,
        "text": text,
        "after": stretch[len(text):],
        "marker": marker_parts(claim["marker"], known, claim.get("refs"), claim.get("keys")) if claim["marker"] else [],
    }


def paragraphs(claims: list[dict], known: set[int]) -> list[list[list[dict]]]:
    """Claims in reading order grouped as paragraphs of sentences of segments."""
    grouped: dict[int, dict[int, list[dict]]] = {}
    for claim in claims:
        grouped.setdefault(claim["paragraph"], {}).setdefault(claim["sentence_index"], []).append(claim)
    return [[sentence_segments(sentence, known) for sentence in sentences.values()] for sentences in grouped.values()]


LISTED_REFERENCES = 2000
"""References a document page lists in full; a larger list (an imported library of thousands of entries) is
counted, charted and linked, so the page stays a page and not megabytes of HTML."""


async def document_page(datasette: Datasette, request: Request) -> Response:
    """Front matter, the text as claims with linked markers, the reference list and its age/kind chart."""
    database = datasette.get_database()
    document_id = _key(request)
    document = await _one(
        database, "select * from documents where id = :id", {"id": document_id}, f"document {document_id}"
    )
    document["contributors"] = json.loads(document["contributors"] or "[]")
    references = [
        _reference(row)
        for row in await database.execute(
            REFERENCE_SQL + " where citations.document_id = :id order by citations.number", {"id": document_id}
        )
    ]
    citing: dict[int, list[int]] = {}
    cited_by_claim: dict[int, list[int]] = {}
    verdicts: dict[str, int] = {}
    for row in await database.execute(
        "select claim_citations.*, claims.id from claim_citations "
        "join claims on claims.id = claim_citations.claim_id where claims.document_id = :id "
        "order by claims.position, claim_citations.rowid",
        {"id": document_id},
    ):
        citing.setdefault(row["reference_number"], []).append(row["id"])
        cited_by_claim.setdefault(row["id"], []).append(row["reference_number"])
        verdict = dict(row).get("evidence")
        if verdict:
            verdicts[verdict] = verdicts.get(verdict, 0) + 1
    claims = [dict(row, refs=cited_by_claim.get(row["id"], [])) for row in await database.execute(
        "select * from claims where document_id = :id order by position", {"id": document_id}
    )]
    known = {reference["number"] for reference in references}
    keys = {reference["number"]: reference["key"] for reference in references if reference["key"]}
    for claim in claims:
        claim["keys"] = {number: keys[number] for number in claim["refs"] if number in keys}
    evidence = [
        (reference["year"] or reference["cited_year"], reference["design"], reference["source"] == "pubmed")
        for reference in references
    ]
    return await _render(
        datasette,
        request,
        "citetrace_document.html",
        {
            "document": document,
            "bibliography_only": not claims and document["kind"] == "bibtex",
            "paragraphs": paragraphs(claims, known),
            "references": references,
            "listed_references": LISTED_REFERENCES,
            "database_name": database.name,
            "citing": citing,
            "uncited_count": sum(1 for claim in claims if not claim["cited"]),
            "verdict_counts": verdicts,
            "claim_count": len(claims),
            "chart": references_chart(evidence),
            "legend": kind_counts(evidence),
        },
    )
