"""End to end in headless Chromium: `citetrace serve` on the seed, home page -> document -> claim -> its
references, then the works table -> a facet -> the .bib download of the filtered rows; and a review added while
the site runs -> on the home page without a restart -> its document, a claim, its BibTeX -> removed again.

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
