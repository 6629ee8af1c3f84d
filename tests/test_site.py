"""The Datasette site on the seed library, through Datasette's own test client: metadata, facets, search,
cell links, the claim/work/document pages, canned queries, the export renderers and route, and safety.

Values fixed by parsing the seed (70 references, 14 statements, claim 9 citing [6-9]) are written out;
values that depend on how many references the PubMed snapshot matches are checked against the database.
"""
from __future__ import annotations

import asyncio
import inspect
import json
import re
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from citetrace.citations.bibtex import works_to_bibtex
from citetrace.citations.model import Author, Claim, Document, Reference
from citetrace.cli import main
from citetrace.datasette_plugins.serve import serve_library
from citetrace.db.library import IngestedDocument, write_library
from citetrace.db.works import load_works
from site_client import fetch, started

SEED_TITLE = "Hyperimmunoglobulin M syndromes"
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def site(seed_library: Path):
    return started(seed_library)


@pytest.fixture(scope="module")
def sql(seed_library: Path):
    connection = sqlite3.connect(seed_library)

    def query(statement: str, *params) -> list[tuple]:
        return connection.execute(statement, params).fetchall()

    return query


def bib_keys(text: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),", text, flags=re.M)


def expected_bib(seed_library: Path, work_ids: list[int]) -> str:
    return works_to_bibtex(load_works(sqlite_utils.Database(seed_library), work_ids), encoding="latex")


def facet(site, table: str, name: str) -> dict:
    data = fetch(site, f"/citetrace/{table}.json?_facet_size=max").json()
    return {str(item["value"]): item["count"] for item in data["facet_results"][name]["results"]}


# Home page and metadata


def test_home_page_lists_the_review_with_a_link_to_its_page(site) -> None:
    html = fetch(site, "/").text
    assert f'<a href="/-/citetrace/document/1">{SEED_TITLE}</a>' in html
    assert "70 references · 14 statements (7 uncited) · literature through 2016-09" in html


def test_home_page_links_the_five_canned_queries(site) -> None:
    html = fetch(site, "/").text
    assert re.findall(r'<li><a href="/citetrace/(\w+)">', html) == [
        "claims_on_weak_designs",
        "references_older_than",
        "most_cited_works",
        "citations_disagreeing_with_pubmed",
        "silent_citations",
    ]


def test_metadata_names_the_review_as_source_with_its_dates(site) -> None:
    metadata = fetch(site, "/-/metadata.json").json()
    assert metadata["title"] == "citetrace"
    assert metadata["source"] == (
        f"{SEED_TITLE} (literature review current through 2016-09, last updated 2015-07-15)"
    )


def test_search_tables_and_statistics_are_hidden(site) -> None:
    tables = fetch(site, "/citetrace.json").json()["tables"]
    hidden = sorted(table["name"] for table in tables if table["hidden"])
    assert hidden == sorted(
        [f"{base}_fts{suffix}" for base in ("citations", "claims", "works") for suffix in ("", "_config", "_data", "_docsize", "_idx")]
        + ["sqlite_stat1"]
    )


def test_every_table_a_user_meets_has_a_description(site) -> None:
    tables = fetch(site, "/-/metadata.json").json()["databases"]["citetrace"]["tables"]
    for name in ("documents", "works", "citations", "claims", "claim_citations", "authors"):
        assert tables[name]["description"], name


def test_works_table_shows_the_column_descriptions(site) -> None:
    html = fetch(site, "/citetrace/works").text
    assert "<dt>Publication types</dt><dd>PubMed publication types (Review, Case Reports, ...).</dd>" in html


def test_works_are_sorted_newest_first(site, sql) -> None:
    rows = fetch(site, "/citetrace/works.json?_shape=objects&_size=max").json()["rows"]
    assert [row["year"] for row in rows] == [year for (year,) in sql(
        "select year from works order by year desc, id")]


def test_foreign_keys_show_the_label_column(site) -> None:
    row = fetch(site, "/citetrace/citations.json?_shape=objects&_labels=on&number=16").json()["rows"][0]
    assert row["document_id"] == {"value": 1, "label": SEED_TITLE}
    assert row["work_id"]["label"].startswith("Defective expression of T-cell CD40 ligand")


# Facets


def test_works_facets_are_the_configured_ones(site) -> None:
    data = fetch(site, "/citetrace/works.json").json()
    assert sorted(data["facet_results"]) == sorted(
        ["year", "journal", "publication_types", "mesh_major", "match_status", "design", "has_retraction",
         "has_concern", "has_erratum"]
    )


def test_works_year_facet_counts_works_per_year(site, sql) -> None:
    assert facet(site, "works", "year") == {str(year): n for year, n in sql(
        "select year, count(*) from works where year is not null group by year")}


def test_works_publication_type_facet_counts_each_type_of_the_json_array(site, sql) -> None:
    assert facet(site, "works", "publication_types") == dict(sql(
        "select value, count(*) from works, json_each(works.publication_types) group by value"))


def test_works_mesh_major_facet_counts_each_major_topic(site, sql) -> None:
    assert facet(site, "works", "mesh_major") == dict(sql(
        "select value, count(*) from works, json_each(works.mesh_major) group by value"))


def test_keyed_array_facet_counts_as_datasettes_own_array_facet(site) -> None:
    data = fetch(site, "/citetrace/works.json?_facet_array=mesh_major&_facet_size=max&_search=syndrome").json()
    by_type = {result["type"]: result for result in data["facet_results"].values() if result["name"] == "mesh_major"}
    ours, datasettes = by_type["array_keyed"], by_type["array"]
    assert ours["results"] and [(r["value"], r["count"]) for r in ours["results"]] == [
        (r["value"], r["count"]) for r in datasettes["results"]
    ]


def test_works_match_status_facet_adds_up_to_all_seventy(site) -> None:
    assert sum(facet(site, "works", "match_status").values()) == 70


def test_works_match_status_is_the_status_of_their_citation(site, sql) -> None:
    assert facet(site, "works", "match_status") == dict(sql(
        "select match_status, count(*) from citations group by match_status"))


def test_works_erratum_and_retraction_facets_count_only_works_whose_record_was_read(site, sql) -> None:
    for flag in ("has_erratum", "has_retraction", "has_concern"):
        assert facet(site, "works", flag) == {"0": 20, "None": 50}
    assert sql("select count(*) from works where has_retraction is null and has_erratum is null"
               " and has_concern is null and source = 'cited'") == [(50,)]


def test_applying_the_array_facet_filters_works(site, sql) -> None:
    rows = fetch(site, "/citetrace/works.json?_shape=objects&publication_types__arraycontains=Review").json()["rows"]
    assert sorted(row["id"] for row in rows) == [work_id for (work_id,) in sql(
        "select distinct works.id from works, json_each(works.publication_types)"
        " where value = 'Review' order by works.id")]


def test_citations_facets(site, sql) -> None:
    assert facet(site, "citations", "document_id") == {"1": 70}
    assert facet(site, "citations", "match_status") == dict(sql(
        "select match_status, count(*) from citations group by 1"))
    assert facet(site, "citations", "has_discrepancy") == {str(k): n for k, n in sql(
        "select has_discrepancy, count(*) from citations group by 1")}


def test_claims_facets_count_seven_cited_and_seven_uncited(site) -> None:
    assert facet(site, "claims", "cited") == {"1": 7, "0": 7}
    assert facet(site, "claims", "document_id") == {"1": 14}


def test_authors_facet_on_number_of_works(site, sql) -> None:
    assert facet(site, "authors", "work_count") == {str(k): n for k, n in sql(
        "select work_count, count(*) from authors group by 1")}


# Search


def test_claims_search_finds_every_clause_of_the_rubella_sentence(site) -> None:
    rows = fetch(site, "/citetrace/claims.json?_shape=objects&_search=rubella&_sort=id").json()["rows"]
    assert [(row["id"], row["marker"]) for row in rows] == [(2, "[2,3]"), (3, "[4]"), (4, "[1]")]


def test_works_search_matches_titles(site) -> None:
    rows = fetch(site, "/citetrace/works.json?_shape=objects&_search=cryptosporidium").json()["rows"]
    assert sorted(row["title"] for row in rows) == [
        "Disseminated cryptosporidium infection in an infant with hyper-IgM syndrome caused by CD40 deficiency",
        "Polymerase chain reaction-based diagnosis of infection with Cryptosporidium in children with primary "
        "immunodeficiencies",
    ]


# Cells


def test_identifiers_link_to_pubmed_doi_and_pmc(site) -> None:
    html = fetch(site, "/citetrace/works?pmid=11675497&_all_columns=1").text
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/11675497/" class="ct-id ct-pmid">11675497</a>' in html
    assert '<a href="https://doi.org/10.1073/pnas.221456898" class="ct-id ct-doi">10.1073/pnas.221456898</a>' in html
    assert '<a href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC60102/" class="ct-id ct-pmcid">PMC60102</a>' in html


def test_json_arrays_show_as_tags(site) -> None:
    html = fetch(site, "/citetrace/works?pmid=1554497&_col=publication_types").text
    assert ('<span class="ct-tag">Research Support, Non-U.S. Gov&#39;t</span>'
            '<span class="ct-tag">Review</span>') in html


def test_claim_text_links_to_the_claim_page(site) -> None:
    html = fetch(site, "/citetrace/claims?id=3").text
    assert '<a href="/-/citetrace/claim/3">but may also be secondary to congenital rubella syndrome</a>' in html


def test_query_id_columns_link_to_the_pages(site) -> None:
    html = fetch(site, "/citetrace/claims_on_weak_designs").text
    assert '<td class="col-claim_id"><a href="/-/citetrace/claim/1">1</a></td>' in html
    assert '<td class="col-document_id"><a href="/-/citetrace/document/1">1</a></td>' in html


# The claim page


def test_claim_page_shows_the_sentence_with_the_clause_highlighted(site) -> None:
    html = fetch(site, "/-/citetrace/claim/10").text
    assert ('<p class="ct-sentence">In contrast, there are only a few reported cases of CD40 '
            '<span class="ct-marker">[6-9]</span> <mark>and uracil N-glycosylase (UNG)</mark> '
            '<span class="ct-marker">[10]</span> deficiencies.</p>') in html


def test_claim_page_lists_the_four_cited_references_in_order(site) -> None:
    html = fetch(site, "/-/citetrace/claim/9").text
    assert "<h2>4 cited references</h2>" in html
    assert re.findall(r'<span class="ct-num">(\d+)\.</span>', html) == ["6", "7", "8", "9"]


def test_claim_page_reference_has_authors_year_title_journal_and_links(site) -> None:
    html = fetch(site, "/-/citetrace/claim/9").text
    assert '<a class="ct-title" href="/-/citetrace/work/7">Disseminated cryptosporidium infection' in html
    assert '<span class="ct-authors">Kutukculer N, Moratto D, Aydinok Y, et al</span>' in html
    assert '<span class="ct-journal">J Pediatr</span> <span class="ct-year">2003</span>; 142:194.' in html
    assert '<a class="ct-link" href="https://pubmed.ncbi.nlm.nih.gov/11675497/">PubMed 11675497</a>' in html
    assert '<a class="ct-link" href="https://doi.org/10.1073/pnas.221456898">' in html
    assert '<a class="ct-link" href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC60102/">PMC full text</a>' in html


def test_claim_page_shows_the_study_design_not_the_funding(site) -> None:
    html = fetch(site, "/-/citetrace/claim/1").text
    assert ('<span class="ct-tag ct-design" title="Study design, from PubMed publication types and MeSH">'
            'narrative review</span>') in html
    assert "Research Support" not in html


def test_claim_page_links_its_neighbours_and_its_export(site) -> None:
    html = fetch(site, "/-/citetrace/claim/9").text
    assert '<a href="/-/citetrace/claim/8" rel="prev">' in html
    assert '<a href="/-/citetrace/claim/10" rel="next">' in html
    assert '<a href="/-/citetrace/export.bib?claim=9">BibTeX</a>' in html


def test_uncited_claim_page_says_so(site) -> None:
    html = fetch(site, "/-/citetrace/claim/6").text
    assert "This statement carries no citation marker." in html
    assert "cited reference" not in html


@pytest.mark.parametrize("page", ["claim/999", "claim/x", "work/999", "document/2"])
def test_unknown_ids_are_not_found(site, page: str) -> None:
    assert fetch(site, f"/-/citetrace/{page}").status_code == 404


# The work page


def test_work_page_shows_every_claim_citing_it(site) -> None:
    html = fetch(site, "/-/citetrace/work/1").text
    assert "<h2>Cited 1 time</h2>" in html
    assert re.findall(r'<li><a href="/-/citetrace/claim/(\d+)">', html) == ["1", "4"]
    assert f'<a href="/-/citetrace/document/1#ref-1">{SEED_TITLE}</a>, reference 1' in html


def test_work_page_offers_its_own_export(site) -> None:
    html = fetch(site, "/-/citetrace/work/7").text
    assert '<a href="/citetrace/works/7.bib">BibTeX</a>' in html


# The document page


def test_document_page_shows_the_front_matter(site) -> None:
    html = fetch(site, "/-/citetrace/document/1").text
    assert re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html) == [
        ("Author", "Luigi D Notarangelo, MD"),
        ("Section Editor", "E Richard Stiehm, MD"),
        ("Deputy Editor", "Elizabeth TePas, MD, MS"),
        ("Literature review current through", "2016-09"),
        ("Last updated", "2015-07-15"),
    ]


def test_document_page_links_every_claim_in_reading_order(site) -> None:
    html = fetch(site, "/-/citetrace/document/1").text
    assert re.findall(r'<a id="claim-(\d+)"', html) == [str(n) for n in range(1, 15)]


def test_document_page_marks_the_seven_uncited_statements(site) -> None:
    html = fetch(site, "/-/citetrace/document/1").text
    uncited = re.findall(r'<a id="claim-(\d+)" href="[^"]+" class="ct-uncited"', html)
    assert uncited == ["5", "6", "8", "11", "12", "13", "14"]


def test_document_page_markers_link_to_the_reference_list(site) -> None:
    html = fetch(site, "/-/citetrace/document/1").text
    assert ('<span class="ct-marker">[<a href="#ref-6">6</a>, <a href="#ref-7">7</a>, <a href="#ref-8">8</a>, '
            '<a href="#ref-9">9</a>]</span>') in html
    assert '<span class="ct-marker">[<a href="#ref-2">2</a>,<a href="#ref-3">3</a>]</span>' in html
    assert re.findall(r'<div id="ref-(\d+)"', html) == [str(n) for n in range(1, 71)]


def test_document_page_keeps_the_punctuation_between_claims(site) -> None:
    html = fetch(site, "/-/citetrace/document/1").text
    assert '</span>, <a id="claim-3" href="/-/citetrace/claim/3" class="ct-claim-cited">but may also' in html


def test_document_page_chart_counts_all_seventy_references(site) -> None:
    html = fetch(site, "/-/citetrace/document/1").text
    assert '<title id="ct-chart-title">70 references by publication year and study design</title>' in html
    legend = re.findall(r"</i>([^<:]+): (\d+)</span>", html)
    assert sum(int(count) for _label, count in legend) == 70


def test_document_page_chart_has_a_bar_per_year_from_oldest_to_newest(site, sql) -> None:
    html = fetch(site, "/-/citetrace/document/1").text
    (oldest, newest), = sql("select min(year), max(year) from works")
    segments = re.findall(r"<title>(\d+): (\d+) × [^<]+</title>", html)
    assert sum(int(count) for _year, count in segments) == 70 - sql("select count(*) from works where year is null")[0][0]
    assert (min(int(year) for year, _ in segments), max(int(year) for year, _ in segments)) == (oldest, newest)


# Canned queries


def test_claims_resting_only_on_case_reports_narrative_reviews_or_animal_studies(site, sql) -> None:
    rows = fetch(site, "/citetrace/claims_on_weak_designs.json?_shape=objects").json()["rows"]
    weak = {"case report or series", "narrative review", "animal or in-vitro study"}
    expected = []
    for (claim_id,) in sql("select id from claims where cited = 1 order by position"):
        designs = sql("select works.design from claim_citations left join citations on citations.id ="
                      " claim_citations.citation_id left join works on works.id = citations.work_id"
                      " where claim_id = ?", claim_id)
        if all(design in weak for (design,) in designs):
            expected.append(claim_id)
    assert [row["claim_id"] for row in rows] == expected == [1, 4]


def test_references_older_than_a_year(site, sql) -> None:
    rows = fetch(site, "/citetrace/references_older_than.json?_shape=objects&year=1995").json()["rows"]
    assert sorted(row["number"] for row in rows) == [number for (number,) in sql(
        "select number from citations join works on works.id = citations.work_id"
        " where coalesce(works.year, citations.cited_year) < 1995 order by number")]
    assert all(row["year"] < 1995 for row in rows)


def test_most_cited_work_is_reference_one_cited_by_two_claims(site) -> None:
    rows = fetch(site, "/citetrace/most_cited_works.json?_shape=objects").json()["rows"]
    assert (rows[0]["work_id"], rows[0]["claims"], rows[0]["documents"]) == (1, 2, 1)
    assert len(rows) == 10  # the references that claims cite: 1 to 10


def test_citations_disagreeing_with_pubmed(site, sql) -> None:
    rows = fetch(site, "/citetrace/citations_disagreeing_with_pubmed.json?_shape=objects").json()["rows"]
    assert [row["citation_id"] for row in rows] == [citation_id for (citation_id,) in sql(
        "select id from citations where has_discrepancy = 1 order by number")]


# Export renderers (current page) and the selection route (whole set)


def table_ids(site, path: str) -> list[int]:
    return [row["id"] for row in fetch(site, path).json()["rows"]]


def test_works_bib_is_the_writer_output_for_the_rows_in_table_order(site, seed_library) -> None:
    response = fetch(site, "/citetrace/works.bib")
    assert response.text == expected_bib(seed_library, table_ids(site, "/citetrace/works.json?_shape=objects"))
    assert response.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="works.bib"'


@pytest.mark.parametrize(("path", "name"), [
    ("/citetrace/works.bib?year=1993", "works-year-1993.bib"),
    ("/citetrace/works.ris?_search=CD40&_sort=year", "works-search-CD40.ris"),
    ("/citetrace/works/12.bib", "works-12.bib"),
    ("/-/citetrace/export.bib?selection=%2Fcitetrace%2Fworks%3Fmatch_status%3Dmatched", "works-match_status-matched.bib"),
    ("/-/citetrace/export.csljson?document=1", "hyperimmunoglobulin-m-syndromes.csljson"),
    ("/-/citetrace/export.ris?claim=9", "claim-9.ris"),
    ("/-/citetrace/export.bib", "citetrace.bib"),
])
def test_a_download_is_named_after_what_it_holds(site, path: str, name: str) -> None:
    assert fetch(site, path).headers["content-disposition"] == f'attachment; filename="{name}"'


def test_filtered_works_bib_has_only_the_filtered_works(site, seed_library, sql) -> None:
    text = fetch(site, "/citetrace/works.bib?year=1993").text
    assert text == expected_bib(seed_library, [i for (i,) in sql("select id from works where year = 1993 order by id")])


def test_claims_bib_exports_the_works_the_claims_cite(site, seed_library) -> None:
    assert fetch(site, "/citetrace/claims.bib?id=9").text == expected_bib(seed_library, [6, 7, 8, 9])


def test_citations_ris_has_one_record_per_row(site) -> None:
    text = fetch(site, "/citetrace/citations.ris?_size=5").text
    assert text.count("TY  - ") == 5


def test_works_csljson_is_a_json_list_of_the_rows(site) -> None:
    items = fetch(site, "/citetrace/works.csljson?_size=3").json()
    assert len(items) == 3


def test_canned_query_with_a_work_id_column_renders_bib(site) -> None:
    assert len(bib_keys(fetch(site, "/citetrace/most_cited_works.bib").text)) == 10


def test_view_of_claim_sources_renders_bib(site, seed_library) -> None:
    assert fetch(site, "/citetrace/claim_sources.bib?claim_id=2").text == expected_bib(seed_library, [2, 3])


def test_tables_without_works_offer_no_bib(site) -> None:
    assert ".bib" not in fetch(site, "/citetrace/documents").text
    assert fetch(site, "/citetrace/documents.bib").status_code == 404


def test_the_export_line_downloads_every_row_of_the_selection_not_only_this_page(site) -> None:
    html = fetch(site, "/citetrace/works?_size=10").text
    assert "<strong>Download the references</strong> of these 70 rows:" in html
    assert ('<a class="ct-selection" href="/-/citetrace/export.bib?selection=%2Fcitetrace%2Fworks%3F_size%3D10">'
            "BibTeX</a>") in html


def test_whole_selection_route_reads_every_page_in_key_order(site, seed_library) -> None:
    text = fetch(site, "/-/citetrace/export.bib?selection=%2Fcitetrace%2Fworks%3F_size%3D10").text
    assert text == expected_bib(seed_library, list(range(1, 71)))


def test_whole_selection_route_keeps_the_filters(site, seed_library, sql) -> None:
    text = fetch(site, "/-/citetrace/export.bib?selection=%2Fcitetrace%2Fworks%3Fyear__lt%3D1995").text
    assert text == expected_bib(seed_library, [i for (i,) in sql("select id from works where year < 1995 order by id")])


def test_whole_selection_of_a_canned_query(site, seed_library) -> None:
    text = fetch(site, "/-/citetrace/export.bib?selection=%2Fcitetrace%2Fmost_cited_works").text
    assert len(bib_keys(text)) == 10


def test_export_route_takes_export_bib_options(site, seed_library) -> None:
    assert fetch(site, "/-/citetrace/export.bib?document=1").text == expected_bib(seed_library, list(range(1, 71)))
    assert fetch(site, "/-/citetrace/export.bib?claim=9").text == expected_bib(seed_library, [6, 7, 8, 9])
    assert fetch(site, "/-/citetrace/export.bib?pmid=1554497").text == expected_bib(seed_library, [1])


@pytest.mark.parametrize("command, extension", [("export-bib", "bib"), ("export-csl", "csljson"), ("export-ris", "ris")])
@pytest.mark.parametrize("selection", [{"document": "1"}, {"claim": "9"}, {"pmid": "1554497"}, {}])
def test_cli_and_site_export_the_same_bytes(site, seed_library, command, extension, selection) -> None:
    options = [part for name, value in selection.items() for part in (f"--{name}", value)]
    cli = CliRunner().invoke(main, [command, "--db", str(seed_library), *options])
    query = "&".join(f"{name}={value}" for name, value in selection.items())
    response = fetch(site, f"/-/citetrace/export.{extension}?{query}")
    assert (cli.exit_code, response.status_code) == (0, 200)
    assert response.content == cli.stdout_bytes


@pytest.mark.parametrize(
    "query, status",
    [("document=99", 404), ("claim=x", 400), ("selection=http%3A%2F%2Fexample.org%2Fcitetrace%2Fworks", 400)],
)
def test_export_route_rejects_bad_selections(site, query: str, status: int) -> None:
    assert fetch(site, f"/-/citetrace/export.bib?{query}").status_code == status


# Safety


def test_served_mutable_so_changes_show_with_the_sql_time_limit(site) -> None:
    assert [db["is_mutable"] for db in fetch(site, "/-/databases.json").json()] == [True]
    assert fetch(site, "/-/settings.json").json()["sql_time_limit_ms"] == 1000


def test_serves_on_localhost_by_default() -> None:
    assert inspect.signature(serve_library).parameters["host"].default == "127.0.0.1"


async def posted_status(app, path: str, body: bytes, content_type: bytes) -> int:
    """The status a server answers a POST with: the app's, or 500 when the app raises (as uvicorn does; with rich
    installed, Datasette 0.65 raises inside its own 404 handler, see README)."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"localhost"), (b"content-type", content_type)],
             "client": ("127.0.0.1", 1), "server": ("localhost", 80)}
    try:
        await app(scope, receive, send)
    except Exception:
        return 500
    return next(message["status"] for message in sent if message["type"] == "http.response.start")


def test_no_write_endpoint_accepts_a_write(site, sql) -> None:
    row = json.dumps({"rows": [{"title": "x"}]}).encode()
    statuses = [asyncio.run(posted_status(site.app(), path, body, kind)) for path, body, kind in [
        ("/citetrace/works", row, b"application/json"),
        ("/citetrace/works/-/insert", row, b"application/json"),
        ("/citetrace", b"sql=delete+from+works", b"application/x-www-form-urlencoded"),
    ]]
    assert all(status >= 400 for status in statuses), statuses
    assert sql("select count(*) from works") == [(70,)]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A library whose every text field carries markup, as a hostile document or record could."""
    path = tmp_path_factory.mktemp("hostile") / "citetrace.db"
    raw = f"Evil A. {HOSTILE} J Bad 2001; 1:1."
    reference = Reference(number=1, raw=raw, authors=[Author(f"Evil{HOSTILE}", "A")], title=HOSTILE,
                          container_title=HOSTILE, year=2001, volume="1", page="1")
    sentence = f"{HOSTILE} is claimed [1]."
    claim = Claim(paragraph=0, sentence_index=0, position=0, sentence=sentence, text=f"{HOSTILE} is claimed",
                  marker="[1]", refs=[1])
    document = Document(path="hostile.txt", title=HOSTILE, contributors=[{"name": HOSTILE, "role": HOSTILE}])
    write_library(path, [IngestedDocument(document, [reference], [claim], [])], {}, {})
    return started(path)


@pytest.mark.parametrize("page", ["/", "/-/citetrace/document/1", "/-/citetrace/claim/1", "/-/citetrace/work/1",
                                  "/citetrace/works", "/citetrace/claims", "/citetrace/citations"])
def test_markup_from_documents_renders_as_text(hostile_site, page: str) -> None:
    html = fetch(hostile_site, page).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_home_page_has_a_search_box_over_statements_and_works(site) -> None:
    html = fetch(site, "/").text
    assert '<form class="ct-search-box" action="/-/citetrace/search" method="get" role="search">' in html
    assert '<input id="ct-q" type="search" name="q"' in html


def test_search_lists_the_matching_statements_and_works_best_first(site, sql) -> None:
    html = fetch(site, "/-/citetrace/search?q=CD40").text
    (works,) = sql("select count(*) from works_fts where works_fts match '\"CD40\"'")[0]
    assert "<h2>3 statements</h2>" in html and f"<h2>{works} works</h2>" in html
    assert '<a href="/-/citetrace/claim/10">and uracil N-glycosylase (UNG)</a>' in html
    assert f'<a href="/citetrace/works?_search=CD40">All {works} works</a>' in html


def test_search_reads_words_so_fts_syntax_is_plain_text(site) -> None:
    response = fetch(site, "/-/citetrace/search?q=%22CD40*%20(")
    assert response.status_code == 200 and "<h2>3 statements</h2>" in response.text


def test_search_shows_a_clause_in_its_sentence(site) -> None:
    html = fetch(site, "/-/citetrace/search?q=uracil").text
    assert ('<li><span class="ct-context">In contrast, there are only a few reported cases of CD40 [6-9] </span>'
            '<a href="/-/citetrace/claim/10">and uracil N-glycosylase (UNG)</a> <span class="ct-marker">[10]</span>'
            '<span class="ct-context"> deficiencies.</span>') in html
