"""Writing works, with their authors, MeSH headings and notices, into a library database.

Works are shared across documents: one row per PMID, else per DOI, else per normalised first author + year +
title, so the same paper cited by two reviews (or imported from BibTeX) is one work; a work without a title
is never merged with another, as nothing strong says two of them are one.
"""
from __future__ import annotations

import json

import sqlite_utils

from citetrace.citations.design import study_design
from citetrace.citations.matching import STATUS_ORDER
from citetrace.citations.model import Author, Notice, Work
from citetrace.citations.names import initials
from citetrace.citations.normalize import fold_ascii, surname_key, words
from citetrace.db.rows import next_free_id


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
    return title_identity(work.authors[0].family if work.authors else None, work.year, work.title)


def title_identity(first_author: str | None, year: int | None, title: str | None) -> str | None:
    """A work without identifiers as its normalised first author + year + title: the same paper cited twice,
    or cited and also a PubMed record, gives the same key. None without a title: too little to merge on."""
    title_words = words(title)[:12]
    if not title_words:
        return None
    return f"cited:{surname_key(first_author) if first_author else ''}|{year or ''}|{' '.join(title_words)}"


def author_identity(author: Author) -> tuple[str, str]:
    """(identity, initials) of an author row: ORCID, else surname + initials (the most PubMed lets us tell apart)."""
    letters = initials(author)
    identity = f"orcid:{author.orcid}" if author.orcid else f"{surname_key(author.family)}|{letters.upper()}"
    return identity, letters


def authors_display(authors: list[Author], complete: bool) -> str:
    """ "Korthäuer U, Graf D, Mages HW, et al" style text, for tables, search and labels: surname and initials
    whatever the source gave (a PubMed fore name, a BibTeX or JATS given name), a group author whole."""
    names = [a.family if a.collective else " ".join(part for part in (a.family, initials(a)) if part) for a in authors]
    if not complete:
        names.append("et al")
    return ", ".join(names)


def notice_flags(work: Work) -> dict[str, int | None]:
    """has_retraction, has_erratum and has_concern from the links of a PubMed record read; NULL for a work no
    record was read for (unknown is not no)."""
    if work.source != "pubmed":
        return dict.fromkeys(NOTICE_FLAGS)
    types = {notice.type for notice in work.notices}
    return {flag: int(bool(types & set(ref_types))) for flag, ref_types in NOTICE_FLAGS.items()}


NOTICE_FLAGS: dict[str, tuple[str, ...]] = {
    "has_retraction": ("RetractionIn", "PartialRetractionIn", "RetractedandRepublishedIn"),
    "has_erratum": ("ErratumIn", "CorrectedandRepublishedIn"),
    "has_concern": ("ExpressionOfConcernIn",),
}
"""Each flag of a work and the PubMed CommentsCorrections link types (RefType) that set it."""


def work_row(work: Work, work_id: int) -> dict:
    """The `works` row of a Work; list-valued fields are JSON arrays so Datasette can facet on them."""
    read = work.source == "pubmed"
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
        "design": study_design(work.publication_types, [m.descriptor for m in work.mesh]) if read else None,
        **notice_flags(work),
        "checked_at": work.checked_at,
        "source": work.source,
        "identity": work_identity(work) or f"untitled:{work_id}",
    }


def notice_row(work_id: int, notice: Notice, noticed_at: str | None) -> dict:
    """A `notices` row: a comment/correction link of a PubMed record, and when citetrace first read it there
    (None for a local copy of the record)."""
    return {"work_id": work_id, "type": notice.type, "ref_source": notice.ref_source, "pmid": notice.pmid,
            "noticed_at": noticed_at}


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

    A build preloads the id maps, so many documents make no per-row look-ups; an in-place add (`preload=False`)
    looks up only the keys its works name. New ids follow the largest in use, so ids freed by `remove` are not
    handed out twice. A work without a PMID whose DOI the library already has is that work.

    A journal is written the one way NLM writes it: a cited work's journal that has the letters of a PubMed
    record's ISO abbreviation ("Proc Natl Acad Sci USA", "Proc Natl Acad Sci U S A") takes that abbreviation,
    so the journal facet counts one journal once (the citation keeps the string as printed).
    """

    def __init__(self, db: sqlite_utils.Database, preload: bool = True) -> None:
        self.db = db
        self.preload = preload
        self.work_ids: dict[str, int] = {}
        self.dois: dict[str, int] = {}
        self.author_ids: dict[str, int] = {}
        self.author_given: dict[str, str] = {}
        self.fuller_names: dict[int, str] = {}
        """Author id -> a fuller given name seen after the row was made ("Daniel" after a cited "D")."""
        self.mesh_ids: dict[str, int] = {}
        if preload:
            self._remember(db.query("select id, identity, lower(doi) as doi from works"),
                           db.query("select id, identity, given from authors"),
                           db.query("select id, descriptor from mesh_terms"))
        self._next = {table: next_free_id(db, table) for table in ("works", "authors", "mesh_terms")}
        self.nlm_journals: dict[str, str] | None = None
        """Letters-only key ("procnatlacadsciusa") -> the ISO abbreviation of PubMed's records; read on first use."""
        self.unspelled: dict[str, list[tuple[int, str]]] | None = None
        """Key -> (id, journal) of the cited works no PubMed record has spelled yet."""

    def _remember(self, works, authors, mesh) -> None:
        for row in works:
            self.work_ids[row["identity"]] = row["id"]
            if row["doi"]:
                self.dois.setdefault(row["doi"], row["id"])
        for row in authors:
            self.author_ids[row["identity"]] = row["id"]
            self.author_given[row["identity"]] = row["given"] or ""
        for row in mesh:
            self.mesh_ids[row["descriptor"]] = row["id"]

    def _look_up(self, works: list[Work]) -> None:
        """Without preloading: the rows of the library these works, their authors and MeSH terms name."""
        keys = {
            "identities": [identity for identity in map(work_identity, works) if identity is not None],
            "dois": [work.doi.lower() for work in works if work.doi],
            "authors": [author_identity(author)[0] for work in works for author in work.authors],
            "mesh": [heading.descriptor for work in works for heading in work.mesh],
        }
        params = {name: json.dumps(sorted(set(values))) for name, values in keys.items()}
        self._remember(
            self.db.query("select id, identity, lower(doi) as doi from works where identity in"
                          " (select value from json_each(:identities)) or lower(doi) in (select value from"
                          " json_each(:dois))", params),
            self.db.query("select id, identity, given from authors where identity in"
                          " (select value from json_each(:authors))", params),
            self.db.query("select id, descriptor from mesh_terms where descriptor in"
                          " (select value from json_each(:mesh))", params),
        )

    def _take(self, table: str) -> int:
        value = self._next[table]
        self._next[table] += 1
        return value

    def holds(self, work: Work) -> bool:
        """Whether this writer has written or read the work (by `work_identity`)."""
        identity = work_identity(work)
        return identity is not None and identity in self.work_ids

    def insert_missing(self, works: list[Work]) -> list[int]:
        """Insert the works not yet present; return every work's id in input order."""
        if not self.preload:
            self._look_up(works)
        ids: list[int] = []
        new_rows: list[dict] = []
        author_rows: list[dict] = []
        link_rows: list[dict] = []
        mesh_rows: list[dict] = []
        work_mesh_rows: list[dict] = []
        notice_rows: list[dict] = []
        for work in works:
            identity = work_identity(work)
            known = self.work_ids.get(identity) if identity is not None else None
            if known is None and work.doi and not work.pmid:
                known = self.dois.get(work.doi.lower())
            if known is not None:
                ids.append(known)
                continue
            work_id = self._take("works")
            if identity is not None:
                self.work_ids[identity] = work_id
            if work.doi:
                self.dois.setdefault(work.doi.lower(), work_id)
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
                notice_rows.append(notice_row(work_id, notice, work.checked_at))
        self._nlm_spelling(new_rows)
        insert_rows(self.db, "works", new_rows)
        insert_rows(self.db, "authors", author_rows)
        for author_id, given in self.fuller_names.items():
            self.db.table("authors").update(author_id, {"given": given})
        self.fuller_names.clear()
        insert_rows(self.db, "work_authors", link_rows, ignore=True)
        insert_rows(self.db, "mesh_terms", mesh_rows)
        insert_rows(self.db, "work_mesh", work_mesh_rows, ignore=True)
        insert_rows(self.db, "notices", notice_rows)
        return ids

    def _nlm_spelling(self, new_rows: list[dict]) -> None:
        """Cited journals spelled as the ISO abbreviation of a PubMed record with the same letters: those of the
        new rows, and those of rows already written when the new rows bring a journal's first PubMed record.

        The library is read once per writer: its PubMed journals (from an index, first written first), and, the
        first time a journal's first PubMed record arrives, its cited works whose journal has no PubMed spelling
        yet (by key), kept from then on, so that a journal learned later respells them without a scan; an add
        that brings no new journal reads no works."""
        if self.nlm_journals is None:
            self.nlm_journals = {}
            for (journal,) in self.db.execute(
                "select journal from works where source = 'pubmed' and journal is not null group by journal"
                " order by min(id)"
            ).fetchall():
                self.nlm_journals.setdefault(fold_ascii(journal), journal)
        learned = {}
        for row in new_rows:
            if row["source"] == "pubmed" and row["journal"] and fold_ascii(row["journal"]) not in self.nlm_journals:
                learned[fold_ascii(row["journal"])] = row["journal"]
        if learned and self.unspelled is None:
            self.unspelled = {}
            for work_id, journal in self.db.execute(
                "select id, journal from works where source != 'pubmed' and journal is not null order by id"
            ).fetchall():
                if (key := fold_ascii(journal)) not in self.nlm_journals:
                    self.unspelled.setdefault(key, []).append((work_id, journal))
        self.nlm_journals.update(learned)
        for row in new_rows:
            if row["source"] != "pubmed" and row["journal"]:
                key = fold_ascii(row["journal"])
                if key in self.nlm_journals:
                    row["journal"] = self.nlm_journals[key]
                elif self.unspelled is not None:
                    self.unspelled.setdefault(key, []).append((row["id"], row["journal"]))
        if self.unspelled is None:
            return
        respelled = [
            (spelling, work_id)
            for key, spelling in learned.items()
            for work_id, journal in self.unspelled.pop(key, [])
            if journal != spelling
        ]
        self.db.conn.executemany("update works set journal = ? where id = ?", respelled)

    def _author_id(self, author: Author, pending: list[dict]) -> int:
        """One author row per `author_identity`."""
        identity, letters = author_identity(author)
        if identity not in self.author_ids:
            self.author_ids[identity] = self._take("authors")
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
        elif author.given and len(author.given) > len(self.author_given.get(identity, "")):
            self.fuller_names[self.author_ids[identity]] = author.given
            self.author_given[identity] = author.given
        return self.author_ids[identity]

    def _mesh_id(self, descriptor: str, ui: str | None, pending: list[dict]) -> int:
        if descriptor not in self.mesh_ids:
            self.mesh_ids[descriptor] = self._take("mesh_terms")
            pending.append({"id": self.mesh_ids[descriptor], "ui": ui, "descriptor": descriptor})
        return self.mesh_ids[descriptor]


def _only(ids: list[int] | None) -> tuple[str, list]:
    """A `where` restricting an update to `ids` (all rows when None), and its parameters."""
    return ("", []) if ids is None else (" where id in (select value from json_each(?))", [json.dumps(ids)])


def authors_of(db: sqlite_utils.Database, work_ids: list[int]) -> list[int]:
    """The authors of these works, for refreshing their counts after the works changed."""
    return [row[0] for row in db.execute(
        "select distinct author_id from work_authors where work_id in (select value from json_each(?))",
        [json.dumps(work_ids)])]


def refresh_author_counts(db: sqlite_utils.Database, author_ids: list[int] | None = None) -> None:
    """Store each author's number of works (of these authors only, when given), so Datasette can facet and
    sort on it."""
    where, params = _only(author_ids)
    db.execute(
        "update authors set work_count = (select count(*) from work_authors where author_id = authors.id)" + where,
        params,
    )


def refresh_match_status(db: sqlite_utils.Database, work_ids: list[int] | None = None) -> None:
    """Give each work the best match status of the citations that point to it, so works can be faceted on it.

    A work cited by two documents takes the more definite status ("matched" over "not_found"). Only these
    works, when given. Each status is one look-up in the citations' (work_id, match_status) index, so a work
    cited by thousands of reviews costs no more than one cited once.
    """
    best = " ".join(f"when exists (select 1 from citations where work_id = works.id and match_status = '{status}')"
                    f" then '{status}'" for status in STATUS_ORDER)
    where, params = _only(work_ids)
    db.execute(
        f"update works set match_status = case {best}"
        " else (select match_status from citations where work_id = works.id limit 1) end" + where,
        params,
    )
