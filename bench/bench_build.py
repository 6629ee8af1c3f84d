"""Build time and peak memory at 10, 100 and 1,000 documents, offline and live against the E-utilities stand-in.

Each build runs as `citetrace build` in a child process, as a user runs it; its peak resident memory is the
child's own ru_maxrss (os.wait4), so the benchmark's memory (the stand-in's pool) is not counted. The live
build asks the loopback stand-in through the client's 3 requests/s limiter with a fresh response cache; the
stand-in's log says what was asked, in which batches, and how fast.

Usage: `python -m bench.bench_build [--sizes 10 100 1000] [--no-live]`.
"""
from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import Corpus, generate
from bench.report import OUT, Figure, growth_exponent, save, table
from citetrace.ingest.pubmed.eutils import CITMATCH_BATCH

SIZES = (10, 100, 1000)
TIME_BAR_S = 60.0
MEMORY_BAR_MIB = 1024.0
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


def corpus_for(documents: int) -> Corpus:
    """The corpus of `documents` reviews under bench/out (regenerated each time; it is deterministic)."""
    return generate(OUT / f"corpus-{documents}", documents)


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


def measure(sizes: list[int], with_live: bool = True) -> tuple[list[Figure], dict]:
    figures: list[Figure] = []
    details: dict = {"offline": {}, "live": {}}
    runs: list[BuildRun] = []
    corpora: dict[int, Corpus] = {}
    for size in sizes:
        corpus = corpora[size] = corpus_for(size)
        run = offline(corpus)
        runs.append(run)
        details["offline"][size] = {"seconds": round(run.seconds, 2), "peak_mib": round(run.peak_mib, 1),
                                    "summary": run.summary, "distinct_works": corpus.cited_works}
        print(f"offline {size:>5} documents: {run.seconds:6.1f} s, {run.peak_mib:7.1f} MiB  {run.summary}", flush=True)
        largest = size == max(sizes)
        figures.append(Figure(f"build {size} docs offline: time", round(run.seconds, 1), "s",
                              f"< {TIME_BAR_S:g} s" if largest else "", run.seconds < TIME_BAR_S if largest else None))
        figures.append(Figure(f"build {size} docs offline: peak memory", round(run.peak_mib), "MiB",
                              f"< {MEMORY_BAR_MIB:g} MiB" if largest else "",
                              run.peak_mib < MEMORY_BAR_MIB if largest else None))
    if len(runs) >= 2:
        tail = runs[-2:]
        time_growth = growth_exponent([r.documents for r in tail], [r.seconds for r in tail])
        memory_growth = growth_exponent([r.documents for r in tail], [r.peak_mib for r in tail])
        label = f"{tail[0].documents}->{tail[1].documents} docs"
        figures.append(Figure(f"build time growth {label} (log-log slope)", round(time_growth, 2), "",
                              "<= 1.1 (linear)", time_growth <= 1.1))
        figures.append(Figure(f"build memory growth {label} (log-log slope)", round(memory_growth, 2), "",
                              "<= 1.1 (linear)", memory_growth <= 1.1))
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
    return figures, details


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--no-live", action="store_true")
    args = parser.parse_args()
    figures, details = measure(sorted(args.sizes), not args.no_live)
    save("build", figures, details)
    print(table(figures))


if __name__ == "__main__":
    main()
