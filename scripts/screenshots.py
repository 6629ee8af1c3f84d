"""Screenshots of the claim page and the document page (down to its chart) for the README, in headless Chromium.

Usage: python scripts/screenshots.py [--db citetrace.db] [--claim 9] [--out docs]
Builds nothing: point it at a built library (`make build`).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from datasette_plugins.serve import running_site

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("citetrace.db"))
    parser.add_argument("--claim", type=int, default=9, help="claim to show (the seed's claim 9 cites [6-9])")
    parser.add_argument("--document", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with running_site(args.db) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900}, device_scale_factor=1)
        page.goto(f"{url}/-/citetrace/claim/{args.claim}")
        page.screenshot(path=str(args.out / "claim-page.png"), full_page=True)
        page.goto(f"{url}/-/citetrace/document/{args.document}")
        chart = page.locator("figure.ct-figure").bounding_box()
        height = chart["y"] + chart["height"] + 24
        page.screenshot(path=str(args.out / "document-page.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1100, "height": height})
        print(args.out / "claim-page.png", args.out / "document-page.png")
        browser.close()


if __name__ == "__main__":
    main()
