"""`citetrace build` with PubMed: the bundled snapshot offline, E-utilities live (a loopback stand-in), and the
same matches either way, in at most four requests, none on a rebuild."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import sqlite_utils

from bench.eutils_standin import EutilsStandin
from citetrace.ingest.build import PubmedOptions, build_library
from citetrace.ingest.pubmed.local import bundled_snapshot

DATA = Path(__file__).parent / "data"


def facts() -> list[dict]:
    return [fact for path in sorted((DATA / "pubmed-facts").glob("refs-*.json")) for fact in json.loads(path.read_text())]


def complete_facts() -> dict[int, str]:
    """Reference number -> PMID, for the fact records with a PMID, title, year, volume and pages."""
    return {
        fact["ref"]: fact["pmid"]
        for fact in facts()
        if all(fact[field] for field in ("pmid", "title", "pub_year", "volume", "pages"))
    }


def build(tmp_path: Path, name: str, **options) -> tuple[sqlite_utils.Database, list[str], int]:
    warnings: list[str] = []
    options.setdefault("cache_path", tmp_path / "cache.sqlite")
    report = build_library([], tmp_path / name, PubmedOptions(**options), warnings.append)
    return sqlite_utils.Database(tmp_path / name), warnings, report.requests


def matched_pmids(db: sqlite_utils.Database) -> dict[int, str]:
    return {
        row["number"]: row["pmid"]
        for row in db.query(
            "select c.number, w.pmid from citations c join works w on w.id = c.work_id where c.match_status = 'matched'"
        )
    }


@pytest.fixture(scope="module")
def snapshot_db(tmp_path_factory) -> sqlite_utils.Database:
    db, warnings, requests = build(tmp_path_factory.mktemp("snapshot"), "s.db", mode="snapshot")
    assert (warnings, requests) == ([], 0)
    return db


@pytest.fixture()
def standin():
    with EutilsStandin.from_files([bundled_snapshot(), DATA / "medline16n0902.xml.gz"]) as server:
        yield server


def test_snapshot_matches_every_complete_fact_record_by_content(snapshot_db) -> None:
    pmids = matched_pmids(snapshot_db)
    assert {number: pmids.get(number) for number in complete_facts()} == complete_facts()


def test_snapshot_never_matches_a_wrong_pmid(snapshot_db) -> None:
    known = {fact["ref"]: fact["pmid"] for fact in facts() if fact["pmid"]}
    assert {number: pmid for number, pmid in matched_pmids(snapshot_db).items() if known.get(number) != pmid} == {}


def test_personal_communication_is_not_indexed(snapshot_db) -> None:
    assert snapshot_db.execute("select match_status from citations where number = 69").fetchone() == ("not_indexed",)


def test_matched_works_have_their_authors_in_order(snapshot_db) -> None:
    rows = snapshot_db.query(
        "select a.family, a.given from citations c join work_authors wa on wa.work_id = c.work_id"
        " join authors a on a.id = wa.author_id where c.number = 52 order by wa.position"
    )
    assert [(r["family"], r["given"]) for r in rows][:3] == [("Brugnoni", "Duilio"), ("Airò", "Paolo"), ("Graf", "Daniel")]


def test_matched_works_have_mesh_headings_with_major_flags(snapshot_db) -> None:
    rows = list(snapshot_db.query(
        "select m.descriptor, wm.major, wm.qualifiers from citations c join work_mesh wm on wm.work_id = c.work_id"
        " join mesh_terms m on m.id = wm.mesh_id where c.number = 1 order by m.descriptor"
    ))
    assert rows[5] == {"descriptor": "Hypergammaglobulinemia", "major": 1,
                       "qualifiers": '["complications", "diagnosis", "genetics", "therapy"]'}


def test_live_build_matches_the_same_in_at_most_four_requests(tmp_path, standin, snapshot_db) -> None:
    db, warnings, requests = build(tmp_path, "live.db", mode="live", eutils_url=standin.base_url)
    assert matched_pmids(db) == matched_pmids(snapshot_db)
    assert requests == len(standin.requests) <= 4
    assert [r.endpoint for r in standin.requests][:2] == ["ecitmatch.cgi", "esearch.fcgi"]


def test_records_read_live_carry_flags_design_and_when_they_were_read(tmp_path, standin) -> None:
    db, _, _ = build(tmp_path, "live.db", mode="live", eutils_url=standin.base_url)
    assert list(db.query(
        "select source, count(*) as works, count(has_retraction) as flags, count(checked_at) as read,"
        " count(design) as designed from works group by source order by source")) == [
        {"source": "cited", "works": 50, "flags": 0, "read": 0, "designed": 0},
        {"source": "pubmed", "works": 20, "flags": 20, "read": 20, "designed": 9}]
    assert list(db.query("select design from works where pmid = '1554497'")) == [{"design": "narrative review"}]


def test_snapshot_records_are_read_but_not_dated(snapshot_db) -> None:
    assert list(snapshot_db.query("select count(has_retraction) as flags, count(checked_at) as read from works"
                                  " where source = 'pubmed'")) == [{"flags": 20, "read": 0}]


def test_live_rebuild_makes_no_request(tmp_path, standin) -> None:
    build(tmp_path, "first.db", mode="live", eutils_url=standin.base_url)
    asked = len(standin.requests)
    _, _, requests = build(tmp_path, "second.db", mode="live", eutils_url=standin.base_url)
    assert (requests, len(standin.requests)) == (0, asked)


def test_live_without_an_email_warns_once(tmp_path, standin, monkeypatch) -> None:
    monkeypatch.delenv("NCBI_EMAIL", raising=False)
    _, warnings, _ = build(tmp_path, "anonymous.db", mode="live", eutils_url=standin.base_url)
    assert warnings == ["no --email or NCBI_EMAIL given: NCBI asks E-utilities users for a contact address"]


def test_live_sends_ncbi_etiquette(tmp_path, standin) -> None:
    build(tmp_path, "polite.db", mode="live", eutils_url=standin.base_url, email="me@example.org", api_key="k3y")
    params = standin.requests[0].params
    assert (params["tool"], params["email"], params["api_key"]) == ("citetrace", "me@example.org", "k3y")


def test_auto_offline_carries_on_with_a_warning_and_leaves_the_rest_pending(tmp_path, snapshot_db) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    db, warnings, _ = build(
        tmp_path, "auto.db", mode="auto", eutils_url=f"http://127.0.0.1:{closed_port}/", email="me@example.org"
    )
    assert matched_pmids(db) == matched_pmids(snapshot_db)
    assert len(warnings) == 1 and warnings[0].startswith("PubMed source eutils unavailable (")
    statuses = {row["match_status"] for row in db.query("select match_status from citations where number != 69 and match_status != 'matched'")}
    assert statuses == {"pending"}


def test_audit_lists_where_the_cited_string_disagrees_with_pubmed(tmp_path) -> None:
    review = tmp_path / "review.txt"
    review.write_text(
        "A review\n\nThe syndromes were reviewed recently [1].\n\n"
        "1. Davies EG, Thrasher AJ. Update on the hyper immunoglobulin M syndromes. Br J Haematol 2009; 149:167.\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    build_library([review], tmp_path / "a.db", PubmedOptions(mode="snapshot", cache_path=tmp_path / "c"), warnings.append)
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert list(db.query("select number, pmid, field, cited, pubmed from citation_audit")) == [
        {"number": 1, "pmid": "20180797", "field": "year", "cited": 2009, "pubmed": 2010}
    ]
    assert db.execute("select match_status, has_discrepancy from citations").fetchall() == [("matched", 1)]


def test_users_own_pubmed_xml_is_matched_offline(tmp_path) -> None:
    review = tmp_path / "asthma.txt"
    review.write_text(
        "Asthma\n\nAs-needed budesonide-formoterol was compared with maintenance therapy [1].\n\n"
        "1. O'Byrne PM, FitzGerald JM, Bateman ED, et al. Inhaled combined budesonide-formoterol as needed in "
        "mild asthma. N Engl J Med 2018; 378:1865.\n",
        encoding="utf-8",
    )
    options = PubmedOptions(mode="snapshot", cache_path=tmp_path / "c", pubmed_files=[DATA / "pubmed-29768149.xml"])
    build_library([review], tmp_path / "own.db", options, lambda warning: None)
    db = sqlite_utils.Database(tmp_path / "own.db")
    assert list(db.query("select c.match_status, w.pmid, w.doi from citations c join works w on w.id = c.work_id")) == [
        {"match_status": "matched", "pmid": "29768149", "doi": "10.1056/NEJMoa1715274"}
    ]
