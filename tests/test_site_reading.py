"""The site as a clinician reads it: readable default columns, undated works last, statuses explained, a way
forward for unmatched references, canned queries in words, flags as yes/no, a bibliography that looks like one.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from citetrace.citations.model import Author, Claim, Document, Reference
from citetrace.cli import main
from citetrace.db.library import IngestedDocument, write_library
from citetrace.citations.matching import MatchResult
from site_client import fetch, started


@pytest.fixture(scope="module")
def seed_site(seed_library: Path):
    return started(seed_library)


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory):
    """Four references: an ambiguous one with two candidates, an undated one, a dated one, a personal communication."""
    path = tmp_path_factory.mktemp("odd") / "citetrace.db"
    references = [
        Reference(number=1, raw="Ferrari S. CD40 gene mutations. PNAS 2001; 98:12614.", authors=[Author("Ferrari", "S")],
                  title="CD40 gene mutations", container_title="PNAS", year=2001, volume="98", page="12614"),
        Reference(number=2, raw="Smith J. An undated leaflet.", authors=[Author("Smith", "J")],
                  title="An undated leaflet"),
        Reference(number=3, raw="Jones K. Old trial. Lancet 1999; 1:1.", authors=[Author("Jones", "K")],
                  title="Old trial", container_title="Lancet", year=1999, volume="1", page="1"),
        Reference(number=4, raw="Notarangelo LD. Personal communication, 2016.", type="personal_communication",
                  authors=[Author("Notarangelo", "LD")], year=2016),
    ]
    claim = Claim(paragraph=0, sentence_index=0, position=0, sentence="It is known [1-3].", text="It is known",
                  marker="[1-3]", refs=[1, 2, 3])
    document = Document(path="odd.txt", title="Odd review")
    results = {"0:0": MatchResult(status="ambiguous", candidates=["11675497", "20702779"])}
    write_library(path, [IngestedDocument(document, references, [claim], [])], results, {})
    return started(path)


@pytest.fixture(scope="module")
def bibliography_site(seed_library: Path, tmp_path_factory):
    """The seed library with a user's BibTeX file imported beside it (document 2)."""
    folder = tmp_path_factory.mktemp("bibliography")
    path = folder / "citetrace.db"
    shutil.copy(seed_library, path)
    bib = folder / "mine.bib"
    bib.write_text(
        "@article{ferrari2001,\n  author = {Ferrari, S. and Giliani, S.},\n"
        "  title = {Mutations of {CD40} gene cause an autosomal recessive form of immunodeficiency with hyper {IgM}},\n"
        "  journal = {Proc Natl Acad Sci U S A}, year = 2001, volume = 98, pages = {12614--12619}\n}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["import-bib", str(bib), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return started(path)


def header_columns(html: str) -> list[str]:
    return re.findall(r'<th [^>]*data-column="([^"]+)"', html)


# Tables


def test_works_table_shows_the_readable_columns_in_reading_order(seed_site) -> None:
    assert header_columns(fetch(seed_site, "/citetrace/works").text) == [
        "id", "authors_display", "year", "title", "journal", "design", "match_status", "pmid", "doi",
        "has_retraction", "has_concern", "has_erratum",
    ]


def test_citations_table_leaves_the_csl_json_out_until_asked(seed_site) -> None:
    assert header_columns(fetch(seed_site, "/citetrace/citations").text) == [
        "id", "document_id", "number", "raw", "match_status", "work_id", "has_discrepancy",
    ]
    assert "csl" in header_columns(fetch(seed_site, "/citetrace/citations?_all_columns=1").text)


def test_a_column_choice_in_the_url_is_respected(seed_site) -> None:
    assert header_columns(fetch(seed_site, "/citetrace/works?_col=title&_col=abstract").text) == [
        "id", "title", "abstract",
    ]


def test_sorting_works_by_year_ascending_puts_undated_works_last(odd_site) -> None:
    html = fetch(odd_site, "/citetrace/works").text
    assert 'href="/citetrace/works?_sort=sort_year"' in html
    rows = fetch(odd_site, "/citetrace/works.json?_shape=objects&_sort=sort_year").json()["rows"]
    assert [row["year"] for row in rows] == [1999, 2001, 2016, None]


def test_citations_are_searchable(seed_site) -> None:
    rows = fetch(seed_site, "/citetrace/citations.json?_shape=objects&_search=Winkelstein").json()["rows"]
    assert [row["number"] for row in rows] == [5]


def test_flag_facets_and_cells_read_yes_and_no(seed_site) -> None:
    data = fetch(seed_site, "/citetrace/claims.json").json()
    assert {(item["value"], item["label"]) for item in data["facet_results"]["cited"]["results"]} == {
        (1, "yes"), (0, "no")
    }
    assert '<td class="col-cited type-int">no</td>' in fetch(seed_site, "/citetrace/claims?id=5").text


# Statuses


def test_every_status_badge_explains_itself(seed_site) -> None:
    html = fetch(seed_site, "/citetrace/citations?number=7").text
    assert ('<span class="ct-badge ct-status-pending" title="PubMed not asked yet: enrichment was off, the network '
            'was unreachable, or only the bundled snapshot was asked and it lacks this reference') in html


def test_the_document_page_has_a_legend_of_the_statuses(seed_site) -> None:
    html = fetch(seed_site, "/-/citetrace/document/1").text
    legend = html[html.index('<details class="ct-status-legend">'):]
    assert re.findall(r'<li><span class="ct-badge ct-status-(\w+)"', legend) == [
        "matched", "identified", "ambiguous", "not_found", "pending", "not_indexed"
    ]


def test_an_unmatched_reference_links_a_pubmed_search_built_from_its_fields(seed_site) -> None:
    html = fetch(seed_site, "/-/citetrace/document/1").text
    reference = html[html.index('<div id="ref-7"'):html.index('<div id="ref-8"')]
    assert ('<a class="ct-link ct-search" href="https://pubmed.ncbi.nlm.nih.gov/?term=Kutukculer%5Bau%5D+2003%5Bdp%5D+'
            'disseminated+cryptosporidium+infection+infant+hyper+igm+syndrome+caused">search PubMed</a>') in reference


def test_an_ambiguous_reference_lists_its_candidates(odd_site) -> None:
    html = fetch(odd_site, "/-/citetrace/claim/1").text
    assert ('candidates: <a class="ct-link" href="https://pubmed.ncbi.nlm.nih.gov/11675497/">PubMed 11675497</a>, '
            '<a class="ct-link" href="https://pubmed.ncbi.nlm.nih.gov/20702779/">PubMed 20702779</a>') in html


# Canned queries


def test_canned_queries_hide_their_sql_and_take_their_title(seed_site) -> None:
    html = fetch(seed_site, "/citetrace/references_older_than").text
    assert "<title>References older than a given year: citetrace</title>" in html
    assert 'id="sql-query"' not in html and 'id="sql-editor"' not in html


def test_a_question_is_a_form_without_datasette_sql_chrome(seed_site) -> None:
    html = fetch(seed_site, "/citetrace/references_older_than?year=1995").text
    assert '<form class="ct-question" action="/citetrace/references_older_than" method="get">' in html
    assert '<input id="qp-year" type="number" name="year" value="1995"' in html
    assert "Custom SQL query" not in html and 'value="Run SQL"' not in html and "canned-query-edit-sql" not in html
    assert re.search(r'<h3 class="ct-count">\d+ results?</h3>', html)


def test_a_question_about_a_document_picks_it_by_title(seed_site) -> None:
    html = fetch(seed_site, "/citetrace/silent_citations?document=1").text
    assert '<select id="qp-document" name="document">' in html
    assert '<option value="">All documents</option>' in html
    assert '<option value="1" selected>Hyperimmunoglobulin M syndromes</option>' in html


def test_references_older_than_without_a_year_means_ten_years_before_today(seed_site, seed_library) -> None:
    import datetime
    import sqlite3

    cutoff = datetime.date.today().year - 10
    rows = fetch(seed_site, "/citetrace/references_older_than.json?_shape=objects&year=").json()["rows"]
    (expected,) = sqlite3.connect(seed_library).execute(
        "select count(*) from citations join works on works.id = citations.work_id"
        " where coalesce(works.year, citations.cited_year) < ?", [cutoff]).fetchone()
    assert len(rows) == expected > 0


def test_source_designs_read_as_text(seed_site) -> None:
    rows = fetch(seed_site, "/citetrace/claims_on_weak_designs.json?_shape=objects").json()["rows"]
    assert [row["designs"] for row in rows] == ["narrative review", "narrative review"]


# Document, work and claim pages


def test_cited_by_belongs_to_its_reference(seed_site) -> None:
    html = fetch(seed_site, "/-/citetrace/document/1").text
    reference = html[html.index('<div id="ref-5"'):html.index('<div id="ref-6"')]
    body = reference[reference.index('<div class="ct-ref-body">'):]
    assert '<p class="ct-cited-by">Cited by <a href="/-/citetrace/claim/7">claim 7</a></p>\n  </div>\n</div>' in body


def test_an_unmatched_reference_is_not_repeated_as_cited(seed_site) -> None:
    html = fetch(seed_site, "/-/citetrace/document/1").text
    reference = html[html.index('<div id="ref-7"'):html.index('<div id="ref-8"')]
    assert "As cited" not in reference


def test_the_chart_counts_unmatched_references_as_type_unknown(seed_site, seed_library) -> None:
    import sqlite3

    (unmatched,) = sqlite3.connect(seed_library).execute(
        "select count(*) from citations join works on works.id = citations.work_id where works.source != 'pubmed'"
    ).fetchone()
    html = fetch(seed_site, "/-/citetrace/document/1").text
    assert f'<i class="ct-hatched"></i>Design unknown (no PubMed record read): {unmatched}</span>' in html


def test_a_personal_communication_is_named_for_its_author(odd_site) -> None:
    html = fetch(odd_site, "/-/citetrace/work/4").text
    assert '<h1 class="ct-work-title">Personal communication from Notarangelo LD</h1>' in html


def test_a_bibliography_page_reads_as_a_bibliography(bibliography_site) -> None:
    html = fetch(bibliography_site, "/-/citetrace/document/2").text
    assert "<h2>Text</h2>" not in html and "statements" not in html and "As cited" not in html
    assert '<span class="ct-authors">Ferrari S, Giliani S</span>. ' in html
    assert "1 entry, in the order of the file." in html


def test_the_home_page_calls_an_imported_file_a_bibliography(bibliography_site) -> None:
    html = fetch(bibliography_site, "/").text
    assert '<span class="ct-note">bibliography · 1 entry</span>' in html
    assert "literature through ?" not in html


def test_an_unmatched_reference_says_which_sources_were_asked(seed_site) -> None:
    html = fetch(seed_site, "/-/citetrace/document/1").text
    reference = html[html.index('<div id="ref-7"'):html.index('<div id="ref-8"')]
    assert '<span class="ct-asked">asked: snapshot only (offline)</span>' in reference
    assert '{{ status_badge' not in reference and "ct-status-pending" in reference


def test_every_page_says_what_pubmed_was_asked(seed_site) -> None:
    for page in ("/-/citetrace/document/1", "/-/citetrace/claim/9"):
        assert '<p class="ct-asked-line">PubMed asked: snapshot only (offline)</p>' in fetch(seed_site, page).text


def test_a_work_no_record_was_read_for_says_not_checked(seed_site) -> None:
    html = fetch(seed_site, "/-/citetrace/work/2").text
    assert ">not checked</span>" in html
    assert "No PubMed record read: retractions, errata and expressions of concern not checked" in html


def test_flags_of_a_work_no_record_was_read_for_read_not_checked_in_the_works_table(seed_site) -> None:
    html = fetch(seed_site, "/citetrace/works?id=2").text
    assert html.count('<span class="ct-unchecked-cell">not checked</span>') == 3
    assert '<td class="col-has_retraction type-int">no</td>' not in html
