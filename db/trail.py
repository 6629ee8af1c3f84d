"""Reading the evidence, and following it from a review to the review it cites.

Shared by `trace` and the site. A cited work that is itself a document of the library was checked against that
document's full text; the claims of that document standing at its kept sentences are the ones that match the
citing claim, and their own sources lead on to the studies beneath the review.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

import sqlite_utils

from citetrace.db.evidence import FULL_TEXT, documents_of_works

FOLLOWED = ("on_point", "weak")
"""Verdicts worth following into the cited review: a silent one has no place in it that speaks to the claim."""
CLOSE_TO_BEST = 0.5
"""A kept sentence other than the best is followed when its score is at least this share of the best one's."""


def evidence_sentences(db: sqlite_utils.Database, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], list[dict]]:
    """The kept sentences of each (claim_id, citation_id) pair, best first."""
    found: dict[tuple[int, int], list[dict]] = {}
    rows = db.query(
        "select evidence.* from json_each(?) as pair join evidence on evidence.claim_id = json_extract(pair.value,"
        " '$[0]') and evidence.citation_id = json_extract(pair.value, '$[1]') order by evidence.claim_id,"
        " evidence.citation_id, evidence.rank",
        [json.dumps(sorted(set(pairs)))],
    )
    for row in rows:
        found.setdefault((row["claim_id"], row["citation_id"]), []).append(row)
    return found


def claims_at(db: sqlite_utils.Database, document_id: int, sentences: list[dict]) -> list[int]:
    """The claims of `document_id` whose text stands in its full-text sentences (the best, and those scored
    close to it), in the sentences' rank order."""
    best = max((row["score"] for row in sentences), default=0.0)
    wanted = [row for row in sentences if row["source"] == FULL_TEXT and row["paragraph"] is not None
              and (row["rank"] == 1 or row["score"] >= CLOSE_TO_BEST * best)]
    if not wanted:
        return []
    paragraphs = {row["paragraph"] for row in wanted}
    marks = ",".join("?" * len(paragraphs))
    texts = {row["paragraph"]: row["text"].replace("\n", " ") for row in db.query(
        f"select paragraph, text from document_paragraphs where document_id = ? and paragraph in ({marks})",
        [document_id, *paragraphs])}
    claims = list(db.query(
        f"select id, paragraph, text from claims where document_id = ? and paragraph in ({marks}) order by position",
        [document_id, *paragraphs]))
    found: dict[int, None] = {}
    for row in wanted:
        text = texts.get(row["paragraph"], "")
        start = text.find(row["sentence"])
        if start < 0:
            continue
        end = start + len(row["sentence"])
        cursor = 0
        for claim in (claim for claim in claims if claim["paragraph"] == row["paragraph"]):
            at = text.find(claim["text"], cursor)
            if at < 0:
                continue
            cursor = at + len(claim["text"])
            if at < end and cursor > start:
                found.setdefault(claim["id"], None)
    return list(found)


def cited_documents(db: sqlite_utils.Database, work_ids: Iterable[int]) -> dict[int, dict]:
    """Work id -> the library document (id, title) that this work is."""
    holders = documents_of_works(db, work_ids)
    if not holders:
        return {}
    titles = {row["id"]: row["title"] for row in db.query(
        "select id, title from documents where id in (select value from json_each(?))",
        [json.dumps(sorted(set(holders.values())))])}
    return {work_id: {"id": document_id, "title": titles[document_id]} for work_id, document_id in holders.items()}
