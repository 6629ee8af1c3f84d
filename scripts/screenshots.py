"""Screenshots of the site for the README, in headless Chromium at 1280 x 800 (a laptop's first screen): the home
page, the works and citations tables and a titled question as they open, the document page (down to its chart)
and a claim page.

Usage: python scripts/screenshots.py [--db citetrace.db] [--claim 9] [--document 1] [--out docs]
                                    [--evidence-db demo.db --evidence-claim 223]
Builds nothing: point it at a built library (`make build`, then `citetrace add tests/data/other-review.txt`
for a home page of two reviews). The offline seed has no abstracts, so the evidence of a claim
(docs/claim-evidence.png, its first "show more" open) is shot on a library whose records carry them: the demo
corpus of the README (`python -m bench.corpus demo 20`, built with `--pubmed-xml demo/pool.xml`).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from citetrace.datasette_plugins.serve import running_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WIDTH, HEIGHT = 1280, 800


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("citetrace.db"))
    parser.add_argument("--claim", type=int, default=9, help="claim to show (the seed's claim 9 cites [6-9])")
    parser.add_argument("--document", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--evidence-db", type=Path, help="a library with abstracts, for docs/claim-evidence.png")
    parser.add_argument("--evidence-claim", type=int, default=223)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    database = args.db.stem
    shots = {  # name -> (path, the element the shot runs down to; None: the first screen)
        "home-page.png": ("/", None),
        "works-table.png": (f"/{database}/works", None),
        "citations-table.png": (f"/{database}/citations", None),
        "question-form.png": (f"/{database}/references_older_than?year=1995", None),
        "document-page.png": (f"/-/citetrace/document/{args.document}", "figure.ct-figure"),
        "claim-page.png": (f"/-/citetrace/claim/{args.claim}", None),
    }
    with running_site(args.db) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
        for name, (path, down_to) in shots.items():
            page.goto(url + path)
            if down_to:
                box = page.locator(down_to).bounding_box()
                clip = {"x": 0, "y": 0, "width": WIDTH, "height": box["y"] + box["height"] + 24}
                page.screenshot(path=str(args.out / name), full_page=True, clip=clip)
            else:
                page.screenshot(path=str(args.out / name))
            print(args.out / name)
        browser.close()
    if args.evidence_db:
        with running_site(args.evidence_db) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
            page.goto(f"{url}/-/citetrace/claim/{args.evidence_claim}")
            page.click("details.ct-evidence-more summary")
            page.screenshot(path=str(args.out / "claim-evidence.png"))
            print(args.out / "claim-evidence.png")
            browser.close()


if __name__ == "__main__":
    main()
