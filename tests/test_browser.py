"""End to end in headless Chromium: `citetrace serve` on the seed, home page -> document -> claim -> its
references, then the works table -> a facet -> the .bib download of the filtered rows; and a review added while
the site runs -> on the home page without a restart -> its document, a claim, its BibTeX -> removed again.
And what the first screen (1280 x 800) shows on a library of three documents: rows on every table, within its
width; the data source in one line; the home page's search box; the titled questions as forms.

Skips (with the reason) where Chromium or Playwright is missing, except under CI=true, where it fails.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from citetrace.datasette_plugins.serve import running_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return "Chromium is not installed (apt-get install chromium; make system-tools does it as root)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(seed_library: Path):
    with running_site(seed_library) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


def test_home_page_leads_from_the_review_to_a_claim_and_its_references(page, site) -> None:
    page.goto(site)
    page.get_by_role("link", name="Hyperimmunoglobulin M syndromes").click()
    assert page.url == f"{site}/-/citetrace/document/1"
    page.click("#claim-9")
    assert page.url == f"{site}/-/citetrace/claim/9"
    assert page.locator("h2").first.inner_text() == "4 cited references"
    assert page.locator(".ct-num").all_inner_texts() == ["6.", "7.", "8.", "9."]
    assert page.locator(".ct-ref").nth(0).locator("a", has_text="PubMed 11675497").get_attribute("href") == (
        "https://pubmed.ncbi.nlm.nih.gov/11675497/"
    )


def test_a_facet_filters_works_and_the_bib_download_has_those_works(page, site, seed_library) -> None:
    (matched,) = sqlite3.connect(seed_library).execute("select count(*) from works where match_status = 'matched'").fetchone()
    page.goto(f"{site}/citetrace/works")
    page.locator('[data-column="match_status"] a', has_text="matched").click()
    assert page.url.endswith("/citetrace/works?match_status=matched")
    assert page.locator("h3").first.inner_text() == f"{matched} rows where match_status = \"matched\" sorted by year descending"
    with page.expect_download() as download:
        page.locator(".ct-export-panel a", has_text="BibTeX").first.click()
    assert download.value.suggested_filename == "works-match_status-matched.bib"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{", text, flags=re.M)) == matched


def test_a_review_added_while_serving_appears_without_a_restart_and_goes_when_removed(
    browser, seed_library: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from citetrace.cli import main

    library = tmp_path / "citetrace.db"
    shutil.copy(seed_library, library)
    other = Path(__file__).parent / "data" / "other-review.txt"
    title = "Transient hypogammaglobulinemia of infancy"
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    with running_site(library) as site:
        page.goto(site)
        assert page.get_by_role("link", name=title).count() == 0
        added = CliRunner().invoke(main, ["add", str(other), "--db", str(library), "--pubmed", "off"])
        assert added.exit_code == 0, added.output
        page.reload()
        page.get_by_role("link", name=title).click()
        assert page.url == f"{site}/-/citetrace/document/2"
        assert page.locator("h1").inner_text() == title
        page.click("#claim-21")
        assert page.url == f"{site}/-/citetrace/claim/21"
        assert page.locator("h2").first.inner_text() == "2 cited references"
        with page.expect_download() as download:
            page.locator(".ct-exports a", has_text="BibTeX").click()
        bibtex = Path(download.value.path()).read_text(encoding="utf-8")
        assert re.findall(r"^@\w+\{(\w+),", bibtex, flags=re.M) == ["karlsson2012transient", "karlsson2014sex"]
        removed = CliRunner().invoke(main, ["remove", "2", "--db", str(library)])
        assert removed.exit_code == 0, removed.output
        page.goto(site)
        assert page.get_by_role("link", name=title).count() == 0
        assert page.goto(f"{site}/-/citetrace/document/2").status == 404
    context.close()


# What the first screen shows (1280 x 800, as a clinician opens the site), on a library of several documents.

FIRST_SCREEN = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def several(seed_library: Path, tmp_path_factory) -> Path:
    """The seed, a second plain-text review and a JATS article: a library whose source line could run long."""
    from click.testing import CliRunner

    from citetrace.cli import main

    library = tmp_path_factory.mktemp("several") / "citetrace.db"
    shutil.copy(seed_library, library)
    data = Path(__file__).parent / "data"
    added = CliRunner().invoke(main, ["add", str(data / "other-review.txt"), str(data / "jats" / "ehp-116-1694.nxml"),
                                      "--db", str(library), "--pubmed", "off"])
    assert added.exit_code == 0, added.output
    return library


@pytest.fixture(scope="module")
def several_site(several: Path):
    with running_site(several) as url:
        yield url


@pytest.fixture
def screen(browser):
    context = browser.new_context(viewport=FIRST_SCREEN, accept_downloads=True)
    yield context.new_page()
    context.close()


def test_every_table_and_view_shows_rows_on_the_first_screen_within_its_width(screen, several_site, several) -> None:
    tables = [row[0] for row in sqlite3.connect(several).execute(
        "select name from sqlite_master where type in ('table', 'view') and name not like '%fts%'"
        " and name not like 'sqlite_%'"
        " and name not in ('highest_ids') order by name")]
    assert {"works", "citations", "claims", "documents", "authors"} <= set(tables)
    for table in tables:
        screen.goto(f"{several_site}/citetrace/{table}")
        first_row = screen.locator("table.rows-and-columns tbody tr").first
        if not first_row.count():
            continue  # an empty table (no evidence without abstracts) has no row to show
        assert first_row.bounding_box()["y"] < FIRST_SCREEN["height"], table
        wrapper = screen.locator(".table-wrapper").first
        assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth"), f"{table} is wider than the screen"


def test_a_search_keeps_the_doi_column_inside_the_screen(screen, several_site) -> None:
    screen.goto(f"{several_site}/citetrace/works?_search=CD40")
    doi = screen.locator('th[data-column="doi"]')
    box = doi.bounding_box()
    assert doi.inner_text().startswith("DOI") and box["x"] + box["width"] <= FIRST_SCREEN["width"]


def test_headings_and_facets_read_as_words(screen, several_site) -> None:
    screen.goto(f"{several_site}/citetrace/works")
    assert screen.locator('th[data-column="authors_display"]').inner_text().strip() == "Authors"
    assert screen.locator('th[data-column="match_status"]').inner_text().strip() == "Match status"
    facet = screen.locator('.ct-facets [data-column="match_status"]')
    assert facet.locator("strong").inner_text().startswith("Match status")
    assert "not indexed" in facet.locator("li a").all_inner_texts()
    style = facet.locator("li").first.evaluate("li => [getComputedStyle(li).wordBreak, getComputedStyle(li).overflowWrap]")
    assert style == ["normal", "normal"]  # a label wraps between words only ...
    aside = screen.locator(".ct-facets")
    assert aside.evaluate("a => a.scrollWidth <= a.clientWidth")  # ... and its column is wide enough for each word


def test_the_data_source_is_one_short_line_on_the_home_page(screen, several_site) -> None:
    screen.goto(several_site)
    source = screen.locator("p", has_text="Data source:").first
    line = source.evaluate("p => parseFloat(getComputedStyle(p).lineHeight)")
    assert source.bounding_box()["height"] < 2 * line
    assert source.inner_text().endswith("Data source: 3 documents")


def test_the_home_page_searches_statements_and_works(screen, several_site) -> None:
    screen.goto(several_site)
    box = screen.get_by_label("Search statements and works")
    assert box.bounding_box()["y"] < FIRST_SCREEN["height"]
    box.fill("CD40")
    box.press("Enter")
    assert screen.url == f"{several_site}/-/citetrace/search?q=CD40"
    assert screen.locator("h2").first.inner_text() == "3 statements"
    screen.get_by_role("link", name="and uracil N-glycosylase (UNG)").click()
    assert screen.url == f"{several_site}/-/citetrace/claim/10"


def test_a_question_is_a_form_that_picks_the_document_by_title(screen, several_site) -> None:
    screen.goto(several_site)
    screen.get_by_role("link", name="References older than a given year").click()
    assert "Custom SQL query" not in screen.content() and screen.get_by_role("button", name="Run SQL").count() == 0
    screen.get_by_label("Year").fill("1995")
    screen.get_by_role("button", name="Show").click()
    assert screen.url.endswith("/citetrace/references_older_than?year=1995")
    assert re.fullmatch(r"\d+ results?", screen.locator("h3.ct-count").inner_text())
    screen.goto(f"{several_site}/citetrace/silent_citations")
    screen.get_by_label("Document").select_option(label="Transient hypogammaglobulinemia of infancy")
    screen.get_by_role("button", name="Show").click()
    assert screen.url.endswith("/citetrace/silent_citations?document=2")
