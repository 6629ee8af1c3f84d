"""Reading works back from a library database into the one `Work` model the writers read."""
from __future__ import annotations

import json
from collections import defaultdict

import sqlite_utils

from citetrace.citations.model import Author, MeshHeading, Notice, Work

_CHUNK = 500


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def load_works(db: sqlite_utils.Database, work_ids: list[int]) -> list[Work]:
    """The works with these ids, in the given order, with authors, MeSH and notices (a few queries per 500)."""
    rows: dict[int, dict] = {}
    authors: dict[int, list[Author]] = defaultdict(list)
    mesh: dict[int, list[MeshHeading]] = defaultdict(list)
    notices: dict[int, list[Notice]] = defaultdict(list)
    for chunk in _chunks(list(dict.fromkeys(work_ids))):
        marks = ",".join("?" * len(chunk))
        for row in db.query(f"select * from works where id in ({marks})", chunk):
            rows[row["id"]] = row
        for row in db.query(
            "select wa.work_id, wa.affiliation, a.family, a.given, a.initials, a.orcid from work_authors wa "
            f"join authors a on a.id = wa.author_id where wa.work_id in ({marks}) order by wa.work_id, wa.position",
            chunk,
        ):
            authors[row["work_id"]].append(
                Author(row["family"], row["given"], row["initials"], row["orcid"], row["affiliation"])
            )
        for row in db.query(
            "select wm.*, m.descriptor, m.ui from work_mesh wm join mesh_terms m on m.id = wm.mesh_id "
            f"where wm.work_id in ({marks}) order by wm.work_id, m.descriptor",
            chunk,
        ):
            mesh[row["work_id"]].append(
                MeshHeading(
                    row["descriptor"],
                    row["ui"],
                    bool(row["major"]),
                    json.loads(row["qualifiers"] or "[]"),
                    json.loads(row["major_qualifiers"] or "[]"),
                )
            )
        for row in db.query(f"select * from notices where work_id in ({marks}) order by id", chunk):
            notices[row["work_id"]].append(Notice(row["type"], row["ref_source"], row["pmid"]))
    return [
        _work_from_row(rows[i], authors[i], mesh[i], notices[i]) for i in dict.fromkeys(work_ids) if i in rows
    ]


def _work_from_row(row: dict, authors: list[Author], mesh: list[MeshHeading], notices: list[Notice]) -> Work:
    editors = [Author(family, given) for family, given in json.loads(row["editors"] or "[]")]
    return Work(
        type=row["type"],
        title=row["title"],
        authors=authors,
        authors_complete=bool(row["authors_complete"]),
        journal=row["journal"],
        journal_full=row["journal_full"],
        year=row["year"],
        month=row["month"],
        day=row["day"],
        volume=row["volume"],
        issue=row["issue"],
        pages=row["pages"],
        doi=row["doi"],
        pmid=row["pmid"],
        pmcid=row["pmcid"],
        url=row["url"],
        language=row["language"],
        abstract=row["abstract"],
        publication_types=json.loads(row["publication_types"] or "[]"),
        mesh=mesh,
        keywords=json.loads(row["keywords"] or "[]"),
        notices=notices,
        editors=editors,
        container_title=row["container_title"],
        publisher=row["publisher"],
        publisher_place=row["publisher_place"],
        edition=row["edition"],
        institution=row["institution"],
        note=row["note"],
        source=row["source"],
        id=row["id"],
    )
