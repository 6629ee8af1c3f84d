"""Works are shared: one row per PMID, else DOI, else first author + year + title, whatever the spelling."""
from __future__ import annotations

import sqlite_utils

from citetrace.citations.model import Author, MeshHeading, Notice, Work
from citetrace.db.schema import create_schema
from citetrace.db.store import WorkWriter, authors_display, work_identity
from citetrace.db.works import load_works


def library() -> sqlite_utils.Database:
    db = sqlite_utils.Database(memory=True)
    create_schema(db)
    return db


def test_identity_prefers_pmid_then_doi() -> None:
    assert work_identity(Work(pmid="8094231", doi="10.1038/361539A0")) == "pmid:8094231"
    assert work_identity(Work(doi="10.1038/361539A0")) == "doi:10.1038/361539a0"


def test_identity_of_a_cited_work_ignores_case_diacritics_and_notes() -> None:
    cited = Work(title="Ontogeny of CD40L [corrected] expression", authors=[Author("Korthäuer", "U")], year=1996)
    spelled = Work(title="ontogeny of CD40L expression.", authors=[Author("Korthauer", "U")], year=1996)
    assert work_identity(cited) == work_identity(spelled) == "cited:korthauer|1996|ontogeny of cd40l expression"


def test_the_same_pmid_twice_is_one_work() -> None:
    db = library()
    first = WorkWriter(db).insert_missing([Work(pmid="1", title="A")])
    again = WorkWriter(db).insert_missing([Work(pmid="1", title="A, cited again"), Work(pmid="2", title="B")])
    assert (first, again, db["works"].count) == ([1], [1, 2], 2)


def test_a_fuller_given_name_replaces_initials_on_the_shared_author() -> None:
    db = library()
    WorkWriter(db).insert_missing([Work(title="A", authors=[Author("Graf", "D", "D")])])
    WorkWriter(db).insert_missing([Work(pmid="5", title="B", authors=[Author("Graf", "Daniel", "D")])])
    assert list(db.query("select family, given, initials from authors")) == [
        {"family": "Graf", "given": "Daniel", "initials": "D"}
    ]


def test_a_work_reads_back_with_its_authors_mesh_and_notices() -> None:
    db = library()
    work = Work(pmid="7", title="T", authors=[Author("Notarangelo", "Luigi D", "LD", affiliation="Brescia")],
                mesh=[MeshHeading("Humans"), MeshHeading("Immunoglobulin M", "D007075", True, ["genetics"])],
                notices=[Notice("ErratumIn", "Nature. 1993;362(6418):370", "8455723")], source="pubmed")
    [work_id] = WorkWriter(db).insert_missing([work])
    [loaded] = load_works(db, [work_id])
    assert (loaded.authors, loaded.mesh, loaded.notices) == (work.authors, work.mesh, work.notices)
    assert db["works"].get(work_id)["has_erratum"] == 1


def test_authors_print_one_way_whatever_the_source_gave() -> None:
    authors = [Author("Ševa", "Jurica"), Author("Wiegandt", "David Luis"), Author("Graf", "H. W."),
               Author("Lucas", "Carrie L", "CL"), Author("WHO Study Group", collective=True)]
    assert authors_display(authors, False) == "Ševa J, Wiegandt DL, Graf HW, Lucas CL, WHO Study Group, et al"


def test_a_cited_journal_takes_the_nlm_spelling_of_a_pubmed_record_with_its_letters() -> None:
    db = library()
    cited = Work(title="Mutations of CD40 gene", year=2001, journal="Proc Natl Acad Sci USA", source="cited")
    WorkWriter(db).insert_missing([cited])
    pubmed = Work(pmid="11675497", title="Mutations of CD40 gene cause ...", year=2001,
                  journal="Proc Natl Acad Sci U S A", source="pubmed")
    later = Work(title="Another paper", year=1999, journal="Proc. Natl. Acad. Sci. USA", source="cited")
    WorkWriter(db).insert_missing([pubmed, later])
    other = Work(title="Elsewhere", year=1999, journal="Blood", source="cited")
    WorkWriter(db).insert_missing([other])
    assert [row["journal"] for row in db.query("select journal from works order by id")] == [
        "Proc Natl Acad Sci U S A", "Proc Natl Acad Sci U S A", "Proc Natl Acad Sci U S A", "Blood"]
