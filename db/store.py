"""Writing works, with their authors, MeSH headings and notices, into a library database.

Works are shared across documents: one row per PMID, else per DOI, else per normalised first author + year +
title, so the same paper cited by two reviews (or imported from BibTeX) is one work; a work without a title
is never merged with another, as nothing strong says two of them are one.
"""
from __future__ import annotations

import json

import sqlite_utils

from citations.matching import STATUS_ORDER
from citations.model import Author, Work
from citations.names import initials
from citations.normalize import surname_key, words


def work_identity(work: Work) -> str | None:
    """The key that makes two records one work: PMID, then DOI, then PMCID, then first author + year + title.

    None for a work without a title (a personal communication, an entry the parser could not read): nothing
    strong enough says that two of them are the same, so each stays a work of its own."""
    if work.pmid:
        return f"pmid:{work.pmid}"
    if work.doi:
        return f"doi:{work.doi.lower()}"
    if work.pmcid:
        return f"pmcid:{work.pmcid.upper()}"
    title_words = words(work.title)[:12]
    if not title_words:
        return None
    first = surname_key(work.authors[0].family) if work.authors else ""
    return f"cited:{first}|{work.year or ''}|{' '.join(title_words)}"


def authors_display(authors: list[Author], complete: bool) -> str:
    """ "Korthäuer U, Graf D, Mages HW, et al" style text, for tables, search and labels."""
    names = [" ".join(part for part in (a.family, a.initials or a.given) if part) for a in authors]
    if not complete:
        names.append("et al")
    return ", ".join(names)


def work_row(work: Work, work_id: int) -> dict:
    """The `works` row of a Work; list-valued fields are JSON arrays so Datasette can facet on them."""
    notice_types = {n.type for n in work.notices}
    return {
        "id": work_id,
        "pmid": work.pmid,
        "doi": work.doi,
        "pmcid": work.pmcid,
        "url": work.url,
        "type": work.type,
        "title": work.title,
        "journal": work.journal,
        "journal_full": work.journal_full,
        "year": work.year,
        "month": work.month,
        "day": work.day,
        "volume": work.volume,
        "issue": work.issue,
        "pages": work.pages,
        "language": work.language,
        "abstract": work.abstract,
        "publication_types": json.dumps(work.publication_types),
        "mesh_major": json.dumps(sorted({m.descriptor for m in work.mesh if m.major or m.major_qualifiers})),
        "keywords": json.dumps(work.keywords),
        "authors_display": authors_display(work.authors, work.authors_complete),
        "authors_complete": int(work.authors_complete),
        "editors": json.dumps([[e.family, e.given] for e in work.editors]) if work.editors else None,
        "container_title": work.container_title,
        "publisher": work.publisher,
        "publisher_place": work.publisher_place,
        "edition": work.edition,
        "institution": work.institution,
        "note": work.note,
        "has_erratum": int("ErratumIn" in notice_types),
        "has_retraction": int("RetractionIn" in notice_types),
        "source": work.source,
        "identity": work_identity(work) or f"untitled:{work_id}",
    }


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict], ignore: bool = False) -> None:
    """Insert rows that share their keys with one executemany, in a transaction as sqlite-utils' insert_all does.

    The schema is explicit and every value is already a SQL value, so insert_all's per-value conversion (most
    of a large build's write time) buys nothing here.
    """
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f"[{column}]" for column in columns)
    marks = ", ".join("?" for _ in columns)
    with db.atomic():
        db.conn.executemany(
            f"insert {'or ignore ' if ignore else ''}into [{table}] ({names}) values ({marks})",
            [tuple(row[column] for column in columns) for row in rows],
        )


class WorkWriter:
    """Assigns ids and inserts works with their authors, MeSH and notices, in batches.

    It keeps the id maps in memory so that a build of many documents makes no per-row look-ups.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.work_ids: dict[str, int] = {
            row["identity"]: row["id"] for row in db.query("select id, identity from works")
        }
        self.author_ids: dict[str, int] = {
            row["identity"]: row["id"] for row in db.query("select id, identity from authors")
        }
        self.author_given: dict[str, str] = {
            row["identity"]: row["given"] or "" for row in db.query("select identity, given from authors")
        }
        self.fuller_names: dict[int, str] = {}
        """Author id -> a fuller given name seen after the row was made ("Daniel" after a cited "D")."""
        self.mesh_ids: dict[str, int] = {
            row["descriptor"]: row["id"] for row in db.query("select id, descriptor from mesh_terms")
        }
        self._next_work = 1 + max(self.work_ids.values(), default=0)

    def insert_missing(self, works: list[Work]) -> list[int]:
        """Insert the works not yet present; return every work's id in input order."""
        ids: list[int] = []
        new_rows, author_rows, link_rows, mesh_rows, work_mesh_rows, notice_rows = [], [], [], [], [], []
        for work in works:
            identity = work_identity(work)
            if identity is not None and identity in self.work_ids:
                ids.append(self.work_ids[identity])
                continue
            work_id = self._next_work
            self._next_work += 1
            if identity is not None:
                self.work_ids[identity] = work_id
            work.id = work_id
            ids.append(work_id)
            new_rows.append(work_row(work, work_id))
            for position, author in enumerate(work.authors, start=1):
                author_id = self._author_id(author, author_rows)
                link_rows.append(
                    {"work_id": work_id, "position": position, "author_id": author_id, "affiliation": author.affiliation}
                )
            for heading in work.mesh:
                mesh_id = self._mesh_id(heading.descriptor, heading.ui, mesh_rows)
                work_mesh_rows.append(
                    {
                        "work_id": work_id,
                        "mesh_id": mesh_id,
                        "major": int(heading.major),
                        "qualifiers": json.dumps(heading.qualifiers),
                        "major_qualifiers": json.dumps(heading.major_qualifiers),
                    }
                )
            for notice in work.notices:
                notice_rows.append(
                    {"work_id": work_id, "type": notice.type, "ref_source": notice.ref_source, "pmid": notice.pmid}
                )
        insert_rows(self.db, "works", new_rows)
        insert_rows(self.db, "authors", author_rows)
        for author_id, given in self.fuller_names.items():
            self.db["authors"].update(author_id, {"given": given})
        self.fuller_names.clear()
        insert_rows(self.db, "work_authors", link_rows, ignore=True)
        insert_rows(self.db, "mesh_terms", mesh_rows)
        insert_rows(self.db, "work_mesh", work_mesh_rows, ignore=True)
        insert_rows(self.db, "notices", notice_rows)
        return ids

    def _author_id(self, author: Author, pending: list[dict]) -> int:
        """One author row per ORCID, else per surname + initials (the most PubMed lets us tell apart)."""
        letters = initials(author)
        identity = f"orcid:{author.orcid}" if author.orcid else f"{surname_key(author.family)}|{letters.upper()}"
        if identity not in self.author_ids:
            self.author_ids[identity] = len(self.author_ids) + 1
            pending.append(
                {
                    "id": self.author_ids[identity],
                    "family": author.family,
                    "given": author.given,
                    "initials": letters or None,
                    "orcid": author.orcid,
                    "identity": identity,
                }
            )
            self.author_given[identity] = author.given or ""
        elif len(author.given or "") > len(self.author_given.get(identity, "")):
            self.fuller_names[self.author_ids[identity]] = author.given
            self.author_given[identity] = author.given
        return self.author_ids[identity]

    def _mesh_id(self, descriptor: str, ui: str | None, pending: list[dict]) -> int:
        if descriptor not in self.mesh_ids:
            self.mesh_ids[descriptor] = len(self.mesh_ids) + 1
            pending.append({"id": self.mesh_ids[descriptor], "ui": ui, "descriptor": descriptor})
        return self.mesh_ids[descriptor]


def insert_missing_works(db: sqlite_utils.Database, works: list[Work]) -> list[int]:
    """Insert works not yet in the library (deduplicated by identity); return all their ids in order."""
    return WorkWriter(db).insert_missing(works)


def refresh_author_counts(db: sqlite_utils.Database) -> None:
    """Store each author's number of works, so Datasette can facet and sort on it."""
    db.execute(
        "update authors set work_count = (select count(*) from work_authors where author_id = authors.id)"
    )


def refresh_match_status(db: sqlite_utils.Database) -> None:
    """Give each work the best match status of the citations that point to it, so works can be faceted on it.

    A work cited by two documents takes the more definite status ("matched" over "not_found").
    """
    rank = " ".join(f"when '{status}' then {i}" for i, status in enumerate(STATUS_ORDER))
    db.execute(
        "update works set match_status = (select match_status from citations where work_id = works.id"
        f" order by case match_status {rank} else {len(STATUS_ORDER)} end limit 1)"
    )
