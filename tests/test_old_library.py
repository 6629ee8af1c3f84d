"""A library made by the previous release (tests/data/libraries/v0.1-seed.db: the seed, a JATS article and the
other review, built offline before honest statuses, evidence and full texts) keeps working: the commands that
only read it leave the file as it is, every command that writes upgrades it in place first (once: a second
write changes nothing), and the site serves it before and after."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bench.eutils_standin import EutilsStandin
from citetrace.ingest.pubmed.local import bundled_snapshot
from commands import DATA, OTHER, rows, run
from site_client import fetch, started

OLD_LIBRARY = DATA / "libraries" / "v0.1-seed.db"
STATUSES = "select match_status, count(*) from citations group by 1 order by 1"
UPGRADED_STATUSES = [("identified", 28), ("matched", 20), ("not_indexed", 2), ("pending", 62)]
"""The earlier version's 28 `matched` JATS identifiers no record was read for, 20 snapshot matches, 2
`not_indexed` and 62 `not_found` the snapshot lacked, in this version's words."""


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    path = tmp_path / "citetrace.db"
    shutil.copy(OLD_LIBRARY, path)
    return path


@pytest.fixture
def upgraded(old_library: Path) -> Path:
    assert run("upgrade", "--db", old_library).exit_code == 0
    return old_library


def dump(path: Path) -> list[str]:
    """Every schema object and row of the library, in SQL."""
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_the_committed_file_is_a_library_of_the_earlier_version() -> None:
    columns = {row[0] for row in rows(OLD_LIBRARY, "select name from pragma_table_info('documents')")}
    assert "pubmed_asked" not in columns
    assert rows(OLD_LIBRARY, "select count(*) from sqlite_master where name in ('evidence', 'document_paragraphs')") == [
        (0,)]
    assert rows(OLD_LIBRARY, STATUSES) == [("matched", 48), ("not_found", 62), ("not_indexed", 2)]


def test_list_reads_it_and_leaves_the_file_as_it_is(old_library: Path) -> None:
    before = old_library.read_bytes()
    result = run("list", "--db", old_library)
    assert result.exit_code == 0, result.output
    assert [line.split("\t")[:5] for line in result.stdout.splitlines()] == [
        ["1", "hyperimmunoglobulin-m-syndromes", "text", "70", "14"],
        ["2", "the-dutch-version-of-the-oral-health-impact-profile-ohip-nl-translation-reliabil", "jats", "31", "181"],
        ["3", "transient-hypogammaglobulinemia-of-infancy", "text", "11", "15"],
    ]
    assert old_library.read_bytes() == before


def test_trace_reads_it_with_the_statuses_said_honestly(old_library: Path) -> None:
    before = old_library.read_bytes()
    result = run("trace", "reclassified", "--db", old_library)
    assert result.exit_code == 0, result.output
    assert ("[5] Duarte 2013. Progression of transient hypogammaglobulinemia of infancy to common variable "
            "immunodeficiency. J Clin Immunol. pending\n      evidence: not assessed\n") in result.stdout
    assert old_library.read_bytes() == before


def test_trace_follows_to_depth_two(old_library: Path) -> None:
    result = run("trace", "CD40", "--db", old_library, "--depth", "2", "--json")
    assert result.exit_code == 0, result.output
    assert "Human uracil-DNA glycosylase deficiency" in result.stdout


@pytest.mark.parametrize(("command", "opening"), [
    ("export-bib", "@"), ("export-csl", "["), ("export-ris", "TY  - "),
])
def test_exports_read_it(old_library: Path, command: str, opening: str) -> None:
    before = old_library.read_bytes()
    result = run(command, "--db", old_library)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(opening)
    assert "Progression of transient hypogammaglobulinemia of infancy" in result.stdout
    assert old_library.read_bytes() == before


def test_export_bib_writes_every_work(old_library: Path) -> None:
    result = run("export-bib", "--db", old_library)
    assert result.stdout.count("\n@") + result.stdout.startswith("@") == 112


def test_upgrade_says_the_old_statuses_in_this_versions_words(upgraded: Path) -> None:
    assert rows(upgraded, STATUSES) == UPGRADED_STATUSES
    assert rows(upgraded, "select match_method, count(*) from citations where match_status = 'identified'"
                " group by 1 order by 1") == [("jats:doi", 3), ("jats:pmid", 25)]
    assert rows(upgraded, "select distinct match_method from citations where match_status = 'pending'") == [
        ("asked: bundled PubMed snapshot, cached E-utilities answers (offline)",)]


def test_upgrade_leaves_the_flags_of_works_no_record_was_read_for_unknown(upgraded: Path) -> None:
    assert rows(upgraded, "select source, has_retraction, has_erratum, has_concern, count(*) from works"
                " group by 1, 2, 3, 4 order by 1") == [("cited", None, None, None, 92), ("pubmed", 0, 0, 0, 20)]
    assert rows(upgraded, "select count(*) from works where checked_at is not null") == [(0,)]
    assert rows(upgraded, "select distinct pubmed_asked from documents") == [(None,)]


def test_an_upgraded_library_reads_as_the_same_documents_built_now(
    upgraded: Path, seed_path: Path, tmp_path: Path
) -> None:
    """Statuses, flags and designs as a build of the same three documents (offline) writes them now. A matcher
    that one day matches more from the snapshot shows here: the upgrade keeps what was stored, and
    `refresh --pubmed snapshot` asks the snapshot again for what it left pending."""
    rebuilt = tmp_path / "rebuilt.db"
    result = run("build", seed_path, DATA / "jats" / "1472-6831-8-11.nxml", OTHER, "--db", rebuilt, "--pubmed",
                 "snapshot")
    assert result.exit_code == 0, result.output
    sql = ("select c.document_id, c.number, c.match_status, w.pmid, w.doi, w.design, w.has_retraction,"
           " w.has_erratum, w.has_concern, w.match_status from citations c join works w on w.id = c.work_id"
           " order by 1, 2")
    assert rows(upgraded, sql) == rows(rebuilt, sql)


def test_a_not_found_pubmed_itself_gave_stays(old_library: Path) -> None:
    """The earlier version's `auto` and `live` left a citation `pending` when E-utilities could not be reached, so
    a `not_found` whose method names them is PubMed's own answer."""
    with sqlite3.connect(old_library) as connection:
        connection.execute("update citations set match_method = 'asked: bundled PubMed snapshot, NCBI E-utilities'"
                           " where id = 2")
    assert run("upgrade", "--db", old_library).exit_code == 0
    assert rows(old_library, "select match_status from citations where id = 2") == [("not_found",)]
    assert rows(old_library, STATUSES) == [("identified", 28), ("matched", 20), ("not_found", 1), ("not_indexed", 2),
                                           ("pending", 61)]


def test_a_not_found_key_no_bibliography_holds_is_not_indexed(old_library: Path) -> None:
    with sqlite3.connect(old_library) as connection:
        connection.execute("""update citations set flags = '["not-in-bibliography"]', match_method = null
                              where id = 2""")
    assert run("upgrade", "--db", old_library).exit_code == 0
    assert rows(old_library, "select match_status from citations where id = 2") == [("not_indexed",)]


def test_upgrade_assesses_the_evidence_of_every_pair(upgraded: Path) -> None:
    assert rows(upgraded, "select evidence, count(*) from claim_citations where citation_id is not null"
                " group by 1") == [("no_text", 88)]


def test_upgrade_adds_every_table_column_and_index_a_new_library_has(upgraded: Path, seed_library: Path) -> None:
    sql = "select type, name from sqlite_master where name not like 'sqlite_%' order by 1, 2"
    assert rows(upgraded, sql) == rows(seed_library, sql)
    for table in ("documents", "works", "claim_citations", "evidence", "document_paragraphs", "notices"):
        columns = f"select name from pragma_table_info('{table}') order by name"
        assert rows(upgraded, columns) == rows(seed_library, columns), table


def test_upgrade_is_done_once(upgraded: Path) -> None:
    before = dump(upgraded)
    result = run("upgrade", "--db", upgraded)
    assert result.exit_code == 0
    assert result.stderr == f"{upgraded}: already up to date\n"
    assert dump(upgraded) == before


@pytest.mark.parametrize("mode", ["snapshot", "off"])
def test_add_of_the_seed_it_holds_upgrades_it_and_adds_nothing(old_library: Path, mode: str) -> None:
    result = run("add", "--db", old_library, "--pubmed", mode)
    assert result.exit_code == 0, result.output
    assert "skipped, already in the library as document 1 (hyperimmunoglobulin-m-syndromes)" in result.stderr
    assert result.stderr.endswith(f"{old_library}: nothing added; 112 works in all\n")
    assert rows(old_library, STATUSES) == UPGRADED_STATUSES


def test_a_second_add_of_the_seed_changes_nothing(old_library: Path) -> None:
    assert run("add", "--db", old_library, "--pubmed", "snapshot").exit_code == 0
    before = dump(old_library)
    assert run("add", "--db", old_library, "--pubmed", "snapshot").exit_code == 0
    assert dump(old_library) == before


def test_add_of_a_new_document_upgrades_and_adds_it(old_library: Path) -> None:
    result = run("add", DATA / "jats" / "pone.0000217.nxml", "--db", old_library, "--pubmed", "snapshot")
    assert result.exit_code == 0, result.output
    assert "added 1 document(s), 33 citations (26 identified, 7 pending)" in result.stderr
    assert rows(old_library, STATUSES) == [("identified", 54), ("matched", 20), ("not_indexed", 2), ("pending", 69)]
    assert rows(old_library, "select id, pubmed_asked from documents where id = 4") == [(4, "snapshot only (offline)")]
    assert rows(old_library, "select count(*) > 0 from document_paragraphs where document_id = 4") == [(1,)]


@pytest.mark.parametrize("mode", ["snapshot", "off"])
def test_refresh_offline_upgrades_it_and_changes_nothing_else(old_library: Path, mode: str) -> None:
    result = run("refresh", "--db", old_library, "--pubmed", mode)
    assert result.exit_code == 0, result.output
    assert result.stdout == "no changes\n"
    assert rows(old_library, STATUSES) == UPGRADED_STATUSES
    before = dump(old_library)
    assert run("refresh", "--db", old_library, "--pubmed", mode).exit_code == 0
    assert dump(old_library) == before


def test_refresh_asks_pubmed_about_what_the_old_snapshot_build_called_not_found(
    old_library: Path, no_ncbi_settings
) -> None:
    with EutilsStandin.from_files([bundled_snapshot(), DATA / "medline16n0902.xml.gz"]) as standin:
        def refresh():
            return run("refresh", "--db", old_library, "--eutils-url", standin.base_url, "--email",
                       "reviewer@example.org", "--cache", old_library.parent / "cache.sqlite")

        result = refresh()
        assert result.exit_code == 0, result.output
        assert result.stdout == "62 citations pending -> not_found\n"
        assert [request.endpoint for request in standin.requests] == [
            "ecitmatch.cgi", "esearch.fcgi", "efetch.fcgi", "efetch.fcgi"]
        assert rows(old_library, STATUSES) == [("identified", 28), ("matched", 20), ("not_found", 62),
                                               ("not_indexed", 2)]
        assert rows(old_library, "select count(*) from works where source = 'pubmed' and checked_at is not null") == [
            (20,)]
        assert refresh().stdout == "no changes\n"


def test_remove_upgrades_it_and_removes_the_document(old_library: Path) -> None:
    result = run("remove", "3", "--db", old_library)
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"{old_library}: removed 1 document(s), 11 citations, 15 claims and 11 works no other "
                             "document cites\n")
    assert rows(old_library, STATUSES) == [("identified", 28), ("matched", 20), ("not_indexed", 1), ("pending", 52)]


def test_import_bib_upgrades_it_and_imports_the_entries(old_library: Path) -> None:
    bib = DATA / "manuscripts" / "joss-pubmed-parser" / "paper.bib"
    result = run("import-bib", bib, "--db", old_library, "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert f"{bib}: imported 11 entries as document 4 (0 skipped)" in result.stderr
    assert rows(old_library, "select format, pubmed_asked from documents where id = 4") == [
        ("bibtex", "not asked (--pubmed off)")]
    assert rows(old_library, "select match_status, count(*) from citations where document_id < 4 group by 1"
                " order by 1") == UPGRADED_STATUSES


def test_add_of_a_review_it_holds_skips_it(old_library: Path) -> None:
    result = run("add", OTHER, "--db", old_library, "--pubmed", "snapshot")
    assert result.exit_code == 0, result.output
    assert "skipped, already in the library as document 3" in result.stderr


PAGES = {
    "/": "Transient hypogammaglobulinemia of infancy",
    "/citetrace/works": "112 rows",
    "/citetrace/citations": "112 rows",
    "/citetrace/claims": "210 rows",
    "/citetrace/documents": "3 rows",
    "/-/citetrace/document/1": "Hyperimmunoglobulin M syndromes",
    "/-/citetrace/document/2": "Oral Health Impact Profile",
    "/-/citetrace/claim/1": "Immunodeficiency with hyper-IgM (HIM)",
    "/-/citetrace/work/1": "Immunodeficiency with hyper-IgM (HIM)",
    "/-/citetrace/watch": "No retraction or expression of concern among the PubMed records read.",
    "/-/citetrace/watch.atom": "<feed",
    "/citetrace/works.bib": "@article{",
    "/citetrace/claims_on_weak_designs": "Claims resting only on case reports",
    "/citetrace/references_older_than": "References older than a given year",
    "/citetrace/most_cited_works": "Works cited by the most claims",
    "/citetrace/citations_disagreeing_with_pubmed": "Citations whose string disagrees with PubMed",
    "/citetrace/silent_citations": "Citations whose source is silent on the claim",
}


def test_the_site_serves_it_before_an_upgrade_and_leaves_the_file_as_it_is(old_library: Path) -> None:
    before = old_library.read_bytes()
    site = started(old_library)
    for path, text in PAGES.items():
        response = fetch(site, path)
        assert response.status_code == 200, path
        assert text in response.text, path
    assert old_library.read_bytes() == before


def facet_counts(site, table: str) -> dict[str, dict]:
    facets = fetch(site, f"/citetrace/{table}.json?_size=0").json()["facet_results"]
    return {name: {value["value"]: value["count"] for value in facet["results"]} for name, facet in facets.items()}


def test_the_default_facets_of_an_old_library_count_its_upgraded_values(old_library: Path) -> None:
    site = started(old_library)
    works = facet_counts(site, "works")
    assert works["match_status"] == {"pending": 62, "identified": 28, "matched": 20, "not_indexed": 2}
    assert works["has_retraction"] == works["has_concern"] == works["has_erratum"] == {0: 20, None: 92}
    assert works["design"] == {"other": 5, "narrative review": 2, "case report or series": 1,
                               "case-control study": 1}
    assert facet_counts(site, "citations")["match_status"] == works["match_status"]
    assert facet_counts(site, "claim_citations")["evidence"] == {}


def test_the_site_serves_it_after_an_upgrade(upgraded: Path) -> None:
    site = started(upgraded)
    for path, text in PAGES.items():
        response = fetch(site, path)
        assert response.status_code == 200, path
        assert text in response.text, path
    assert "no text" in fetch(site, "/-/citetrace/claim/1").text


def test_make_run_adds_the_seed_to_an_old_library_and_serves_it(old_library: Path) -> None:
    """`make run`: `citetrace add` (the seed is skipped, the library upgraded), then `citetrace serve`."""
    assert run("add", "--db", old_library, "--pubmed", "snapshot").exit_code == 0
    site = started(old_library)
    assert isinstance(site.databases["citetrace"].path, str)
    for path, text in PAGES.items():
        assert text in fetch(site, path).text, path


def test_serve_says_in_one_line_that_it_serves_an_upgraded_copy(old_library: Path, monkeypatch) -> None:
    from citetrace.datasette_plugins import serve

    monkeypatch.setattr(serve, "serve_library", lambda *args, **kwargs: None)
    result = run("serve", "--db", old_library, "--port", "0")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{old_library}: made by an earlier version of citetrace; served upgraded in memory, the file left as it is "
        f"(`citetrace upgrade --db {old_library}` upgrades it and checks its claims' evidence)\n")


def test_the_served_copy_gives_way_to_the_file_once_a_command_upgrades_it(old_library: Path) -> None:
    from citetrace.datasette_plugins.live_library import UpgradedCopy

    site = started(old_library)
    assert isinstance(site.databases["citetrace"], UpgradedCopy)
    assert "3 rows" in fetch(site, "/citetrace/documents").text
    assert run("add", DATA / "jats" / "pone.0000217.nxml", "--db", old_library, "--pubmed", "snapshot").exit_code == 0
    assert "4 rows" in fetch(site, "/citetrace/documents").text
    assert not isinstance(site.databases["citetrace"], UpgradedCopy)
