"""The library at work: Datasette page latencies, BibTeX export of the whole library, `trace` query time.

Pages are requested through Datasette's own ASGI client (`make_datasette(db).client`), so the figures are the
server's work (SQL, facets, templates) without a network in between. Each page is asked a few times to warm
SQLite's page cache and Datasette's counts, then `SAMPLES` times; p50 and p95 are nearest-rank. The export
and `trace` run as the CLI commands a user types, in child processes.

Usage: `python -m bench.bench_library DB [DB ...]` (libraries built by bench.bench_build, smallest first).
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.report import OUT, Figure, growth_exponent, percentile, save, table

SAMPLES = 40
WARMUP = 3
WORKS_P95_BAR_MS = 300.0
SEARCH_P95_BAR_MS = 100.0
EXPORT_BAR_S = 10.0
CLAIM_PAGE_P95_BAR_MS = 100.0
"""Issue 19: the claim page, with each citation's evidence sentences, verdict and trail, answers within this."""
SEARCH_WORDS = ["transplantation", "deficiency", "cryptosporidiosis", "bronchiectasis", "neutrophil", "screening",
                "interferon", "lymphoproliferation", "sarcoidosis", "vaccine"]
TRACE_QUERY = "stem cell transplantation"


def _pages(db_path: Path, database: str, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Page name -> a function giving the next path to ask (claim ids and search words vary per request)."""
    with sqlite3.connect(db_path) as conn:
        claims = conn.execute("select max(id) from claims where cited = 1").fetchone()[0]
        works = conn.execute("select max(id) from works").fetchone()[0]
        documents = conn.execute("select max(id) from documents").fetchone()[0]
    return {
        "works table with facets": lambda: f"/{database}/works",
        "works full-text search": lambda: f"/{database}/works?_search={rng.choice(SEARCH_WORDS)}",
        "claims full-text search": lambda: f"/{database}/claims?_search={rng.choice(SEARCH_WORDS)}",
        "citations table with facets": lambda: f"/{database}/citations",
        "citations full-text search": lambda: f"/{database}/citations?_search={rng.choice(SEARCH_WORDS)}",
        "document page": lambda: f"/-/citetrace/document/{rng.randint(1, documents)}",
        "claim page": lambda: f"/-/citetrace/claim/{rng.randint(1, claims)}",
        "work page": lambda: f"/-/citetrace/work/{rng.randint(1, works)}",
    }


async def _latencies(db_path: Path, samples: int = SAMPLES) -> dict[str, list[float]]:
    from citetrace.datasette_plugins.serve import make_datasette

    datasette = make_datasette(db_path)
    await datasette.invoke_startup()
    database = datasette.get_database().name
    rng = random.Random(7)
    found: dict[str, list[float]] = {}
    for name, next_path in _pages(db_path, database, rng).items():
        taken = []
        for attempt in range(WARMUP + samples):
            path = next_path()
            started = time.perf_counter()
            response = await datasette.client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{path}: HTTP {response.status_code}: {response.text[:300]}")
            if attempt >= WARMUP:
                taken.append(elapsed)
        found[name] = taken
    return found


def _timed_command(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "citetrace", *arguments], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def _trace_query_ms(db_path: Path) -> float:
    """The `trace` query itself (full-text match and sources), without the interpreter start-up."""
    import sqlite_utils

    from citetrace.db.queries import trace_claims

    db = sqlite_utils.Database(db_path)
    trace_claims(db, TRACE_QUERY)
    samples = []
    for _ in range(10):
        started = time.perf_counter()
        trace_claims(db, TRACE_QUERY)
        samples.append((time.perf_counter() - started) * 1000)
    db.close()
    return percentile(samples, 0.5)


def measure_library(db_path: Path) -> dict[str, float]:
    """Every figure of one library: page p50/p95 in ms, export and trace command seconds, trace query ms."""
    figures: dict[str, float] = {}
    for name, samples in asyncio.run(_latencies(db_path)).items():
        figures[f"{name} p50"] = percentile(samples, 0.5)
        figures[f"{name} p95"] = percentile(samples, 0.95)
    bib = OUT / f"{db_path.stem}.bib"
    figures["export-bib whole library"] = _timed_command(["export-bib", "--db", str(db_path), "-o", str(bib)])
    figures["bibtex entries"] = sum(1 for line in bib.read_text(encoding="utf-8").splitlines() if line.startswith("@"))
    figures["trace command"] = _timed_command(["trace", TRACE_QUERY, "--db", str(db_path)])
    figures["trace query"] = _trace_query_ms(db_path)
    with sqlite3.connect(db_path) as conn:
        figures["documents"] = conn.execute("select count(*) from documents").fetchone()[0]
        figures["works"] = conn.execute("select count(*) from works").fetchone()[0]
    return figures


def measure(db_paths: list[Path]) -> tuple[list[Figure], dict]:
    results = {}
    for path in db_paths:
        results[path] = measure_library(path)
        print(f"library {path.name}: " + ", ".join(f"{k} {v:.3g}" for k, v in results[path].items()), flush=True)
    largest = results[db_paths[-1]]
    docs = int(largest["documents"])
    figures = [
        Figure(f"works table with facets p50 ({docs} docs)", round(largest["works table with facets p50"], 1), "ms"),
        Figure(f"works table with facets p95 ({docs} docs)", round(largest["works table with facets p95"], 1), "ms",
               f"< {WORKS_P95_BAR_MS:g} ms", largest["works table with facets p95"] < WORKS_P95_BAR_MS),
    ]
    for search in ("works full-text search", "claims full-text search"):
        figures.append(Figure(f"{search} p50 ({docs} docs)", round(largest[f"{search} p50"], 1), "ms"))
        figures.append(Figure(f"{search} p95 ({docs} docs)", round(largest[f"{search} p95"], 1), "ms",
                              f"< {SEARCH_P95_BAR_MS:g} ms", largest[f"{search} p95"] < SEARCH_P95_BAR_MS))
    figures.append(Figure(f"claim page p50 ({docs} docs)", round(largest["claim page p50"], 1), "ms"))
    figures.append(Figure(f"claim page p95 ({docs} docs)", round(largest["claim page p95"], 1), "ms",
                          f"< {CLAIM_PAGE_P95_BAR_MS:g} ms", largest["claim page p95"] < CLAIM_PAGE_P95_BAR_MS))
    figures.append(Figure(f"work page p50 / p95 ({docs} docs)",
                          f"{largest['work page p50']:.1f} / {largest['work page p95']:.1f}", "ms"))
    figures.append(Figure(f"export-bib of whole library ({int(largest['bibtex entries'])} entries)",
                          round(largest["export-bib whole library"], 2), "s", f"< {EXPORT_BAR_S:g} s",
                          largest["export-bib whole library"] < EXPORT_BAR_S))
    figures.append(Figure(f"trace command ({docs} docs)", round(largest["trace command"], 2), "s"))
    figures.append(Figure(f"trace query ({docs} docs)", round(largest["trace query"], 1), "ms"))
    if len(db_paths) >= 2:
        sizes = [int(results[p]["documents"]) for p in db_paths]
        for key in ("works table with facets p95", "works full-text search p95", "claim page p95",
                    "export-bib whole library", "trace query"):
            values = [results[p][key] for p in db_paths]
            slope = growth_exponent([sizes[0], sizes[-1]], [values[0], values[-1]])
            figures.append(Figure(f"{key} growth {sizes[0]}->{sizes[-1]} docs",
                                  f"{values[0]:.3g} -> {values[-1]:.3g} (slope {slope:.2f})"))
    return figures, {str(path): values for path, values in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("databases", type=Path, nargs="+")
    args = parser.parse_args()
    figures, details = measure(args.databases)
    save("library", figures, details)
    print(table(figures))


if __name__ == "__main__":
    main()
