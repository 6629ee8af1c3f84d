"""Build time and peak memory at 10, 100 and 1,000 documents, offline and live against the E-utilities stand-in;
4,000 and 12,000 (an UpToDate-sized library) when asked for.

Each build runs as `citetrace build` in a child process, as a user runs it; its peak resident memory is the
child's own ru_maxrss (os.wait4), so the benchmark's memory (the stand-in's pool) is not counted. The live
build asks the loopback stand-in through the client's 3 requests/s limiter with a fresh response cache; the
stand-in's log says what was asked, in which batches, and how fast. Each size prints its time, peak memory,
database size and the growth exponent from the smallest size; `--pages` times the site's pages on each library
(p95 of 11 after a warm-up), `--add` adds one more review citing the same pool to the largest library.

`--refresh` refreshes the largest live against the stand-in and counts the requests.

Usage: `python -m bench.bench_build [--sizes 10 100 1000 | --sizes 1000,4000,12000] [--no-live] [--pages] [--add]
[--refresh]`.
"""
from __future__ import annotations

import argparse
import math
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import Corpus, generate, pool_size
from bench.report import OUT, Figure, growth_exponent, save, table
from citetrace.ingest.pubmed.eutils import CITMATCH_BATCH

SIZES = (10, 100, 1000)
TIME_BAR_S = 60.0
MEMORY_BAR_MIB = 1024.0
LARGE_MEMORY_BAR_MIB = 1536.0
"""Issue 24: an UpToDate-sized library (12,000 reviews) builds in under 1.5 GiB..."""
LARGE_TIME_RATIO = 14.0
"""...and in at most 14 times the 1,000-review time on the same machine (about linear)."""
PAGE_BAR_MS = 300.0
PAGE_SAMPLES = 11
ADD_BAR_S = 2.0
RATE_BAR = 3
FETCH_PER_WORKS = 200
LIVE_BUDGET_S = 600.0
"""A live build expected to take longer than this at 3 requests/s is run at 100 documents instead."""


@dataclass
class BuildRun:
    documents: int
    seconds: float
    peak_mib: float
    summary: str
    db: Path

    @property
    def db_mib(self) -> float:
        return self.db.stat().st_size / 2**20


def corpus_for(documents: int, extra: int = 0) -> Corpus:
    """The corpus of `documents` reviews under bench/out (regenerated each time; it is deterministic); with
    `extra` reviews more, citing the same pool, left out of `documents` (for an add after the build)."""
    full = generate(OUT / f"corpus-{documents}", documents + extra, size=pool_size(documents))
    return Corpus(full.documents[:documents], full.pool_xml, full.pool, full.cited_works)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NCBI_API_KEY", "CITETRACE_EUTILS_URL")}
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"
    env["XDG_CACHE_HOME"] = str(OUT / "xdg-cache")
    env.setdefault("NCBI_EMAIL", "citetrace-bench@example.org")
    return env


def run_citetrace(args: list[str], what: str) -> tuple[float, float, str]:
    """`citetrace ARGS` in a child process, as a user runs it: wall time, the child's peak RSS (MiB), its stderr."""
    command = [sys.executable, "-m", "citetrace", *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_environment())
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{what} failed: {stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, stderr


def run_build(corpus: Corpus, db: Path, extra: list[str]) -> BuildRun:
    """`citetrace build` of the corpus in a child process: wall time, the child's peak RSS, its summary line."""
    db.unlink(missing_ok=True)
    seconds, peak_mib, stderr = run_citetrace(
        ["build", *map(str, corpus.documents), "--db", str(db), *extra], f"build of {len(corpus.documents)} documents"
    )
    summary = next((line for line in reversed(stderr.splitlines()) if line.startswith(str(db))), stderr[-300:])
    return BuildRun(len(corpus.documents), seconds, peak_mib, summary, db)


def offline(corpus: Corpus) -> BuildRun:
    size = len(corpus.documents)
    cache = OUT / f"cache-offline-{size}.sqlite"
    cache.unlink(missing_ok=True)
    for stored_index in OUT.glob("pubmed-index-*.pickle"):  # a build from cold indexes pool.xml itself
        stored_index.unlink()
    return run_build(corpus, OUT / f"library-{size}.db",
                     ["--pubmed", "snapshot", "--pubmed-xml", str(corpus.pool_xml), "--cache", str(cache)])


def expected_requests(distinct_works: int, document_batches: int = 1) -> int:
    """The issue's bound: two requests per 200 distinct works, plus one ECitMatch per document batch (the
    reviews whose citations fill one ECitMatch request of `CITMATCH_BATCH` lines)."""
    return 2 * math.ceil(distinct_works / FETCH_PER_WORKS) + document_batches


def max_per_second(times: list[float]) -> int:
    """The most request arrivals in any window of one second."""
    most, first = 0, 0
    for last, arrival in enumerate(times):
        while arrival - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def _batch_size(request) -> int:
    if request.endpoint == "ecitmatch.cgi":
        return sum(1 for line in request.params.get("bdata", "").replace("\n", "\r").split("\r") if line.strip())
    if request.endpoint == "esearch.fcgi":
        return request.params.get("term", "").count(") OR (") + 1
    return len([pmid for pmid in request.params.get("id", "").split(",") if pmid])


def live(corpus: Corpus) -> tuple[BuildRun, dict]:
    """A live build against the indexed stand-in serving the pool, with a fresh cache; the stand-in's log."""
    from bench.eutils_standin import IndexedStandin

    size = len(corpus.documents)
    cache = OUT / f"cache-live-{size}.sqlite"
    cache.unlink(missing_ok=True)
    standin = IndexedStandin.from_files([corpus.pool_xml])
    with standin:
        run = run_build(corpus, OUT / f"library-live-{size}.db",
                        ["--pubmed", "live", "--eutils-url", standin.base_url, "--cache", str(cache)])
        requests = list(standin.requests)
    endpoints: dict[str, list[int]] = {}
    for request in requests:
        endpoints.setdefault(request.endpoint, []).append(_batch_size(request))
    times = [request.time for request in requests]
    log = {
        "requests": len(requests),
        "by_endpoint": {name: len(batches) for name, batches in endpoints.items()},
        "batches": endpoints,
        "max_per_second": max_per_second(times),
        "span_s": round(times[-1] - times[0], 2) if times else 0.0,
        "distinct_works": corpus.cited_works,
        "document_batches": math.ceil(sum(endpoints.get("ecitmatch.cgi", [])) / CITMATCH_BATCH),
    }
    log["expected_at_most"] = expected_requests(corpus.cited_works, log["document_batches"])
    return run, log


def live_size(corpora: dict[int, Corpus]) -> int:
    """The largest size whose live build fits the budget at 3 requests/s (the bound times the client's spacing)."""
    for size in sorted(corpora, reverse=True):
        if expected_requests(corpora[size].cited_works) * 1.1 / RATE_BAR <= LIVE_BUDGET_S:
            return size
    return min(corpora)


def measure(sizes: list[int], with_live: bool = True, pages: bool = False, add: bool = False,
            refresh: bool = False) -> tuple[list[Figure], dict]:
    figures: list[Figure] = []
    details: dict = {"offline": {}, "live": {}, "load_before": os.getloadavg()}
    runs: list[BuildRun] = []
    corpora: dict[int, Corpus] = {}
    for size in sizes:
        corpus = corpora[size] = corpus_for(size, extra=1 if add and size == max(sizes) else 0)
        load = os.getloadavg()[0]
        run = offline(corpus)
        runs.append(run)
        details["offline"][size] = {"seconds": round(run.seconds, 2), "peak_mib": round(run.peak_mib, 1),
                                    "db_mib": round(run.db_mib, 1), "summary": run.summary,
                                    "distinct_works": corpus.cited_works, "load_before": load}
        slope = f", growth exponent from {runs[0].documents}: " \
            f"{growth_exponent([runs[0].documents, size], [runs[0].seconds, run.seconds]):.2f}" if len(runs) > 1 else ""
        print(f"offline {size:>5} documents: {run.seconds:6.1f} s, {run.peak_mib:7.1f} MiB peak, "
              f"{run.db_mib:7.1f} MiB database{slope} (load {load:.1f})  {run.summary}", flush=True)
        largest = size == max(sizes)
        large = size > 1000
        time_bar = TIME_BAR_S if not large else None
        figures.append(Figure(f"build {size} docs offline: time", round(run.seconds, 1), "s",
                              f"< {TIME_BAR_S:g} s" if largest and time_bar else "",
                              run.seconds < TIME_BAR_S if largest and time_bar else None))
        memory_bar = LARGE_MEMORY_BAR_MIB if large else MEMORY_BAR_MIB
        figures.append(Figure(f"build {size} docs offline: peak memory", round(run.peak_mib), "MiB",
                              f"< {memory_bar:g} MiB" if largest else "", run.peak_mib < memory_bar if largest else None))
        figures.append(Figure(f"build {size} docs offline: database size", round(run.db_mib), "MiB"))
    by_size = {run.documents: run for run in runs}
    if 1000 in by_size and max(by_size) > 1000:
        big = by_size[max(by_size)]
        ratio = big.seconds / by_size[1000].seconds
        figures.append(Figure(f"build time {big.documents} / 1000 docs", round(ratio, 1), "x",
                              f"<= {LARGE_TIME_RATIO:g}x", ratio <= LARGE_TIME_RATIO))
    if len(runs) >= 2:
        tail = runs[-2:]
        time_growth = growth_exponent([r.documents for r in tail], [r.seconds for r in tail])
        memory_growth = growth_exponent([r.documents for r in tail], [r.peak_mib for r in tail])
        label = f"{tail[0].documents}->{tail[1].documents} docs"
        figures.append(Figure(f"build time growth {label} (log-log slope)", round(time_growth, 2), "",
                              "<= 1.1 (linear)", time_growth <= 1.1))
        figures.append(Figure(f"build memory growth {label} (log-log slope)", round(memory_growth, 2), "",
                              "<= 1.1 (linear)", memory_growth <= 1.1))
    if pages:
        for run in runs:
            if run.documents >= 1000:
                figures += page_figures(run, details)
    if add:
        figures += add_figures(corpora[max(sizes)], runs[-1], details)
    if refresh:
        figures += refresh_figures(corpora[max(sizes)], runs[-1], details)
    if with_live:
        size = live_size(corpora)
        run, log = live(corpora[size])
        details["live"][size] = {"seconds": round(run.seconds, 2), "peak_mib": round(run.peak_mib, 1),
                                 "summary": run.summary, **log}
        print(f"live    {size:>5} documents: {run.seconds:6.1f} s, {log['requests']} requests "
              f"{log['by_endpoint']}, max {log['max_per_second']}/s  {run.summary}", flush=True)
        figures.append(Figure(f"live build {size} docs: time", round(run.seconds, 1), "s"))
        figures.append(Figure(
            f"live build {size} docs: requests ({log['distinct_works']} distinct works)", log["requests"], "",
            f"<= {log['expected_at_most']} (2/200 works + {log['document_batches']} ECitMatch batches)",
            log["requests"] <= log["expected_at_most"]))
        figures.append(Figure(f"live build {size} docs: max requests in any 1 s", log["max_per_second"], "/s",
                              f"<= {RATE_BAR}/s", log["max_per_second"] <= RATE_BAR))
    details["load_after"] = os.getloadavg()
    return figures, details


def page_figures(run: BuildRun, details: dict) -> list[Figure]:
    """The p95 of `PAGE_SAMPLES` requests of each page of the site on the library of `run`."""
    import asyncio

    from bench.bench_library import _latencies
    from bench.report import percentile

    latencies = asyncio.run(_latencies(run.db, samples=PAGE_SAMPLES))
    p95s = {name: percentile(samples, 0.95) for name, samples in latencies.items()}
    details["offline"][run.documents]["page_p95_ms"] = {name: round(value, 1) for name, value in p95s.items()}
    print(f"pages of {run.documents} docs, p95 of {PAGE_SAMPLES}: "
          + ", ".join(f"{name} {value:.0f} ms" for name, value in p95s.items()), flush=True)
    return [Figure(f"{name} p95 ({run.documents} docs)", round(value, 1), "ms", f"< {PAGE_BAR_MS:g} ms",
                   value < PAGE_BAR_MS) for name, value in p95s.items()]


def add_figures(corpus: Corpus, run: BuildRun, details: dict) -> list[Figure]:
    """`add` of one more review (citing the same pool) to a copy of the library `run` built, offline with the
    pool and the index the build stored."""
    import shutil

    built = set(corpus.documents)
    added = next(path for path in sorted(corpus.documents[0].parent.glob("*.txt")) if path not in built)
    grown = OUT / f"library-{run.documents}-add.db"
    shutil.copy(run.db, grown)
    cache = OUT / f"cache-offline-{run.documents}.sqlite"
    seconds, peak_mib, log = run_citetrace(
        ["add", str(added), "--db", str(grown), "--pubmed", "snapshot", "--pubmed-xml", str(corpus.pool_xml),
         "--cache", str(cache)], "add")
    summary = log.strip().splitlines()[-1]
    details["add"] = {"seconds": round(seconds, 2), "peak_mib": round(peak_mib, 1), "summary": summary}
    print(f"add 1 review to {run.documents} docs: {seconds:.2f} s, {peak_mib:.0f} MiB  {summary}", flush=True)
    return [Figure(f"add 1 review to {run.documents} docs", round(seconds, 2), "s", f"< {ADD_BAR_S:g} s",
                   seconds < ADD_BAR_S)]


def refresh_figures(corpus: Corpus, run: BuildRun, details: dict) -> list[Figure]:
    """`citetrace refresh` of a copy of the library `run` built offline, against the indexed stand-in serving the
    pool with a fresh cache: every matched work re-read in EFetch batches of 200, the pending citations asked."""
    import shutil

    from bench.eutils_standin import IndexedStandin

    refreshed = OUT / f"library-{run.documents}-refresh.db"
    shutil.copy(run.db, refreshed)
    cache = OUT / f"cache-refresh-{run.documents}.sqlite"
    cache.unlink(missing_ok=True)
    with sqlite3.connect(refreshed) as conn:
        matched = conn.execute("select count(*) from works where source = 'pubmed' and pmid is not null").fetchone()[0]
    with IndexedStandin.from_files([corpus.pool_xml]) as standin:
        seconds, _, _ = run_citetrace(["refresh", "--db", str(refreshed), "--pubmed", "live", "--eutils-url",
                                       standin.base_url, "--cache", str(cache)], "refresh")
        requests = list(standin.requests)
    by_endpoint: dict[str, list[int]] = {}
    for request in requests:
        by_endpoint.setdefault(request.endpoint, []).append(_batch_size(request))
    fetched = by_endpoint.get("efetch.fcgi", [])
    details["refresh"] = {"seconds": round(seconds, 1), "requests": len(requests), "matched_works": matched,
                          "by_endpoint": {name: len(sizes) for name, sizes in by_endpoint.items()},
                          "largest_efetch": max(fetched, default=0)}
    print(f"refresh of {run.documents} docs ({matched} matched works): {len(requests)} requests "
          f"{details['refresh']['by_endpoint']}, largest EFetch {max(fetched, default=0)} IDs, {seconds:.1f} s",
          flush=True)
    return [Figure(f"refresh {run.documents} docs: requests ({matched} matched works)", len(requests), "",
                   f"EFetch <= {FETCH_PER_WORKS} IDs each", max(fetched, default=0) <= FETCH_PER_WORKS)]


def sizes_given(values: list[str]) -> list[int]:
    """`--sizes 10 100 1000` or `--sizes 1000,4000,12000`."""
    return sorted({int(part) for value in values for part in value.split(",") if part.strip()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=[str(size) for size in SIZES],
                        help="10 100 1000 (default), or 1000,4000,12000 for an UpToDate-sized library")
    parser.add_argument("--no-live", action="store_true")
    parser.add_argument("--pages", action="store_true", help="time the site's pages on each library of 1,000+")
    parser.add_argument("--add", action="store_true", help="add one more review to the largest library")
    parser.add_argument("--refresh", action="store_true",
                        help="refresh the largest library live against the stand-in (3 requests/s: minutes)")
    args = parser.parse_args()
    figures, details = measure(sizes_given(args.sizes), not args.no_live, args.pages, args.add, args.refresh)
    save("build", figures, details)
    print(table(figures))


if __name__ == "__main__":
    main()
