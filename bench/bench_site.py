"""Per-page latency of the Datasette site on the seed library: p50/p95 over repeated requests.

Usage: python bench/bench_site.py [--db citetrace.db] [--runs 50]
Without --db it builds the seed (`--pubmed snapshot`) into a temporary directory. Requests go through
Datasette's in-process client (the ASGI app without a socket), so the figures are the site's own work.
The bar: every page under 100 ms at the median; the exit status is 1 if one is not.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from citetrace.cli import main as cli
from citetrace.datasette_plugins.serve import make_datasette

PAGES = [
    "/",
    "/citetrace/works",
    "/citetrace/works?publication_types__arraycontains=Review",
    "/citetrace/works?_search=CD40",
    "/citetrace/citations",
    "/citetrace/claims",
    "/citetrace/authors",
    "/-/citetrace/claim/9",
    "/-/citetrace/work/1",
    "/-/citetrace/document/1",
    "/citetrace/claims_on_weak_designs",
    "/citetrace/references_older_than?year=1995",
    "/citetrace/most_cited_works",
    "/citetrace/citations_disagreeing_with_pubmed",
    "/citetrace/works.bib",
    "/-/citetrace/export.bib?document=1",
    "/-/citetrace/export.bib?selection=%2Fcitetrace%2Fworks%3F_size%3D10",
]
BAR_MS = 100.0


async def measure(db_path: Path, runs: int) -> list[tuple[str, float, float]]:
    site = make_datasette(db_path)
    await site.invoke_startup()
    results = []
    for path in PAGES:
        for _ in range(3):
            response = await site.client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            await site.client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results.append((path, statistics.median(timings), timings[max(0, round(0.95 * runs) - 1)]))
    return results


def seed_library(directory: Path) -> Path:
    path = directory / "citetrace.db"
    result = CliRunner().invoke(cli, ["build", "--db", str(path), "--pubmed", "snapshot"])
    if result.exit_code:
        raise SystemExit(result.output)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a built library (file name citetrace.db); default: build the seed")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        db_path = args.db or seed_library(Path(directory))
        results = asyncio.run(measure(db_path, args.runs))
    width = max(len(path) for path, _p50, _p95 in results)
    print(f"{'page'.ljust(width)}  {'p50 ms':>7}  {'p95 ms':>7}")
    for path, p50, p95 in results:
        print(f"{path.ljust(width)}  {p50:7.1f}  {p95:7.1f}{'  SLOW' if p50 >= BAR_MS else ''}")
    slow = [path for path, p50, _p95 in results if p50 >= BAR_MS]
    print(f"{len(results) - len(slow)}/{len(results)} pages under {BAR_MS:.0f} ms at the median")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
