"""Every benchmark end to end, with one command: `python -m bench.run_all` (or `make bench`).

First the seed's own benchmarks (live enrichment requests against the stand-in; the site's pages; the reference
parser's throughput and worst case; hostile documents up to 1 MB), then generates the corpora (10, 100 and 1,000 reviews), builds each offline
and the largest that fits the time budget live against the loopback E-utilities stand-in, measures the site, the
export and `trace` on each library, adds one review of about 100 references to the 1,000-review library in
place (against the rebuild), times the evidence's share of the 1,000-review build, and prints every figure next
to its bar. Outputs (corpora, libraries, JSON, the
table) go to bench/out/, which git ignores. Exit status 1 when a figure misses its bar.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

from bench import bench_add, bench_build, bench_evidence_cost, bench_library
from bench.report import OUT, save, table


SEED_BENCHMARKS = (
    "bench.bench_enrich_seed", "bench.bench_site", "bench.bench_parser", "bench.bench_formats", "bench.bench_pdf",
    "bench.bench_hostile", "bench.bench_offline",
)


def run_seed_benchmarks() -> list[str]:
    """Run the seed's benchmarks, printing their figures; the names of those that missed a bar."""
    missed = []
    for module in SEED_BENCHMARKS:
        print(f"== {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module]).returncode != 0:
            missed.append(module)
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(bench_build.SIZES),
                        help="library sizes in documents (default: 10 100 1000)")
    parser.add_argument("--no-live", action="store_true", help="skip the live build against the stand-in")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    started = time.perf_counter()
    seed_missed = run_seed_benchmarks()
    build_figures, build_details = bench_build.measure(sizes, not args.no_live)
    save("build", build_figures, build_details)
    libraries = [OUT / f"library-{size}.db" for size in sizes]
    library_figures, library_details = bench_library.measure(libraries)
    save("library", library_figures, library_details)
    add_figures: list = []
    if bench_add.LIBRARY_SIZE in sizes:
        built = build_details["offline"][bench_add.LIBRARY_SIZE]
        add_figures, add_details = bench_add.measure(OUT / f"library-{bench_add.LIBRARY_SIZE}.db", built["seconds"])
        save("add", add_figures, add_details)
    evidence_figures: list = []
    if bench_evidence_cost.LIBRARY_SIZE in sizes:
        evidence_figures, evidence_details = bench_evidence_cost.measure(
            OUT / f"library-{bench_evidence_cost.LIBRARY_SIZE}.db")
        save("evidence-cost", evidence_figures, evidence_details)
    figures = build_figures + library_figures + add_figures + evidence_figures
    save("summary", figures, {"sizes": sizes, "seconds": round(time.perf_counter() - started, 1)})
    report = table(figures)
    (OUT / "summary.txt").write_text(report + "\n", encoding="utf-8")
    print()
    print(report)
    missed = seed_missed + [figure.name for figure in figures if figure.passed is False]
    print(f"\n{len(missed)} figure(s) missed their bar" + (": " + "; ".join(missed) if missed else "")
          + f" ({time.perf_counter() - started:.0f} s)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
