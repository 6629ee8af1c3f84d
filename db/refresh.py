"""`citetrace refresh` in the library: what to ask PubMed again, and writing what it answered, in one transaction.

PubMed changes after a library is built: a work is retracted, corrected or given an expression of concern, and
a reference left `pending` offline can be matched once PubMed is reached. `refresh_targets` reads the citations
to ask again (`pending`, `ambiguous`, `identified`) and the PubMed records the library holds; `write_refresh`
writes the re-read records (their notices, flags, design, abstract and `checked_at`) and the new statuses, moves
a newly matched citation to its PubMed record (a cited work no citation keeps any more goes), assesses again the
evidence of the works whose cited text changed, and says what changed. One function, so what a refresh writes
is written in one place.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from citetrace.citations.bibliography import reference_from_csl
from citetrace.citations.cited_work import fill_from_reference
from citetrace.citations.matching import ASKED_AGAIN, MATCHED, MatchResult
from citetrace.citations.model import Reference, Work
from citetrace.db.evidence import assess_works
from citetrace.db.queries import claims_resting_on
from citetrace.db.removal import delete_works
from citetrace.db.rows import keep_highest_ids, next_free_id
from citetrace.db.search import index_rows, unindex_rows
from citetrace.db.store import (
    NOTICE_FLAGS,
    WorkWriter,
    authors_of,
    notice_row,
    refresh_author_counts,
    refresh_match_status,
    work_row,
)

REREAD_COLUMNS = ("abstract", "publication_types", "mesh_major", "keywords", "design", *NOTICE_FLAGS, "pmcid")
"""The columns of a held PubMed record that a refresh brings up to date (its bibliographic fields stay)."""
NOTICE_KINDS = {"has_retraction": "retracted", "has_concern": "expression of concern", "has_erratum": "erratum"}


@dataclass
class AskedCitation:
    """A citation asked again: its id, where it stands, its status and match method now, and the reference as
    cited (from its stored CSL item)."""

    id: int
    document_id: int
    status: str
    method: str | None
    reference: Reference


@dataclass
class NewNotice:
    """A work whose re-read record links a retraction, an expression of concern or an erratum it did not before,
    with the claims resting on it."""

    work_id: int
    pmid: str | None
    title: str | None
    kinds: list[str]
    claims: list[dict]


@dataclass
class RefreshReport:
    notices: list[NewNotice] = field(default_factory=list)
    matches: list[dict] = field(default_factory=list)
    """Citations newly matched: citation id, document, reference number, PMID and title."""
    statuses: dict[str, int] = field(default_factory=dict)
    """Other status changes, "pending -> not_found": count."""
    reread: int = 0
    changed_texts: list[int] = field(default_factory=list)
    """Works whose abstract changed (their evidence was assessed again)."""

    @property
    def changed(self) -> bool:
        return bool(self.notices or self.matches or self.statuses)


def refresh_targets(db: sqlite_utils.Database) -> tuple[list[AskedCitation], dict[str, int]]:
    """The citations to ask PubMed about again, and the PMIDs of the PubMed records the library holds (-> work)."""
    asked = []
    for row in db.query(
        "select id, document_id, number, raw, line, key, match_status, match_method, csl from citations"
        " where match_status in (select value from json_each(?)) order by id", [json.dumps(sorted(ASKED_AGAIN))]
    ):
        reference = reference_from_csl(json.loads(row["csl"] or "{}"))
        reference.number, reference.raw, reference.line, reference.key = (
            row["number"], row["raw"], row["line"], row["key"])
        reference.origin = "string"
        asked.append(AskedCitation(row["id"], row["document_id"], row["match_status"], row["match_method"], reference))
    held = {row["pmid"]: row["id"] for row in db.query(
        "select id, pmid from works where source = 'pubmed' and pmid is not null order by id")}
    return asked, held


def write_refresh(
    db: sqlite_utils.Database,
    asked: list[AskedCitation],
    results: dict[int, MatchResult],
    pubmed_works: dict[str, Work],
    records: dict[str, Work],
    asked_text: str | None = None,
) -> RefreshReport:
    """Write the re-read `records` (by PMID) and the `results` (by citation id) that changed a citation; all or
    nothing. `pubmed_works` are the records the new matches name; `asked_text`, when PubMed itself answered, is
    what the documents' pages now say was asked."""
    report = RefreshReport()
    with db.atomic():
        report.notices, report.changed_texts = _reread(db, records)
        report.reread = len(records)
        new_works, flagged_before = _rewrite_citations(db, asked, results, pubmed_works, report)
        for work_id, pmid, title, flags in flagged_before:
            kinds = [NOTICE_KINDS[flag] for flag in NOTICE_FLAGS if flags[flag]]
            if kinds:
                report.notices.append(NewNotice(work_id, pmid, title, kinds, []))
        for notice in report.notices:
            notice.claims = claims_resting_on(db, notice.work_id)
        if asked_text is not None:
            db.execute("update documents set pubmed_asked = ?", [asked_text])
        assess_works(db, sorted({*report.changed_texts, *new_works}))
    return report


def _reread(db: sqlite_utils.Database, records: dict[str, Work]) -> tuple[list[NewNotice], list[int]]:
    """Bring the held records up to date; the works that gained a notice flag, and those whose abstract changed."""
    if not records:
        return [], []
    rows = {row["pmid"]: row for row in db.query(
        "select * from works where source = 'pubmed' and pmid in (select value from json_each(?))",
        [json.dumps(sorted(records))])}
    fresh_rows = {pmid: work_row(records[pmid], row["id"]) for pmid, row in rows.items()}
    changed_texts = [row["id"] for pmid, row in rows.items()
                     if (fresh_rows[pmid]["abstract"] or None) != (row["abstract"] or None)]
    unindex_rows(db, "works", changed_texts)  # while the index can still read the old abstracts
    notices = []
    for pmid, row in rows.items():
        record, fresh = records[pmid], fresh_rows[pmid]
        update = {column: fresh[column] for column in REREAD_COLUMNS if fresh[column] is not None or column == "abstract"}
        update["checked_at"] = record.checked_at or row["checked_at"]
        kinds = [NOTICE_KINDS[flag] for flag in NOTICE_FLAGS if fresh[flag] and not row[flag]]
        if kinds:
            notices.append(NewNotice(row["id"], pmid, row["title"], kinds, []))
        db.table("works").update(row["id"], update)
        _renew_notices(db, row["id"], record)
    index_rows(db, "works", changed_texts)
    return notices, changed_texts


def _renew_notices(db: sqlite_utils.Database, work_id: int, record: Work) -> None:
    """The record's notices as the `notices` rows of the work: those already there keep when they were first
    seen, new ones are dated by this reading, gone ones go."""
    held = {(row["type"], row["pmid"], row["ref_source"]): row["noticed_at"] for row in db.query(
        "select type, pmid, ref_source, noticed_at from notices where work_id = ?", [work_id])}
    db.execute("delete from notices where work_id = ?", [work_id])
    rows = [notice_row(work_id, notice, held.get((notice.type, notice.pmid, notice.ref_source), record.checked_at))
            for notice in record.notices]
    if rows:
        db.table("notices").insert_all(rows)


def _rewrite_citations(
    db: sqlite_utils.Database,
    asked: list[AskedCitation],
    results: dict[int, MatchResult],
    pubmed_works: dict[str, Work],
    report: RefreshReport,
) -> tuple[list[int], list[tuple[int, str | None, str | None, dict]]]:
    """Write each changed citation's new status; a new match points to its PubMed record (inserted, or the held
    one), and the cited works left without a citation go. The new works' ids, and for each its flags."""
    by_id = {citation.id: citation for citation in asked}
    matched = {cid: result.pmid for cid, result in results.items()
               if result.status == MATCHED and result.pmid is not None and result.pmid in pubmed_works}
    works = {cid: fill_from_reference(pubmed_works[pmid], by_id[cid].reference) for cid, pmid in matched.items()}
    identities = sorted({f"pmid:{pmid}" for pmid in matched.values()})
    stand_ins = {row["identity"]: row["id"] for row in db.query(
        "select id, identity from works where source = 'cited' and identity in (select value from json_each(?))",
        [json.dumps(identities)])}
    for work_id in stand_ins.values():
        db.execute("update works set identity = ?, pmid = null where id = ?", [f"replaced:{work_id}", work_id])
    first_new = next_free_id(db, "works")
    work_ids = dict(zip(works, WorkWriter(db, preload=False).insert_missing(list(works.values())), strict=True))
    old_works = {row["id"]: row["work_id"] for row in db.query(
        "select id, work_id from citations where id in (select value from json_each(?))", [json.dumps(sorted(results))])}
    for cid, result in results.items():
        update = {"match_status": result.status, "match_method": result.method,
                  "candidates": json.dumps(result.candidates),
                  "discrepancies": json.dumps(result.discrepancies, ensure_ascii=False),
                  "has_discrepancy": int(bool(result.discrepancies))}
        if cid in work_ids:
            update["work_id"] = work_ids[cid]
            report.matches.append({"citation_id": cid, "document_id": by_id[cid].document_id,
                                   "number": by_id[cid].reference.number, "pmid": result.pmid,
                                   "title": works[cid].title})
        else:
            change = f"{by_id[cid].status} -> {result.status}"
            report.statuses[change] = report.statuses.get(change, 0) + 1
        db.table("citations").update(cid, update)
    for identity, old in stand_ins.items():
        db.execute("update citations set work_id = (select id from works where identity = ?) where work_id = ?",
                   [identity, old])
    candidates = sorted({*old_works.values(), *stand_ins.values()})
    orphans = [row[0] for row in db.execute(
        "select value from json_each(?) where not exists (select 1 from citations where work_id = value)",
        [json.dumps(candidates)])]
    keep_highest_ids(db)
    gone_authors = delete_works(db, orphans)
    new_works = sorted({work_id for work_id in work_ids.values() if work_id >= first_new})
    index_rows(db, "works", new_works)
    refresh_author_counts(db, sorted({*gone_authors, *authors_of(db, new_works)}))
    refresh_match_status(db, sorted({*work_ids.values(), *(w for w in old_works.values() if w not in orphans)}))
    flags = [(row["id"], row["pmid"], row["title"], row) for row in db.query(
        "select * from works where id in (select value from json_each(?))", [json.dumps(new_works)])]
    return new_works, flags
