"""Adding one review of about 100 references to a library of 1,000 reviews in place, against rebuilding it.

The corpus is bench/corpus.py's, with the pool of a 1,000-review corpus and a few reviews more: the first 1,000
are the documents a 1,000-review build reads, and the added review is the first of the others with 90-110
references (it cites the shared pool, so most of its works are already in the library, as in real use).
Every step runs as `citetrace ...` in a child process, as a user runs it, offline with the pool's PubMed XML
(`--pubmed snapshot --pubmed-xml pool.xml`, as the build benchmark does): the full build of the 1,000 reviews,
then `add` of the one review to a copy of that library, then `remove` of it again; then `add` once more with the
bundled snapshot only. References the library holds as PubMed records are matched without asking a source; the
few it does not hold are asked of the local source, whose index of the 45 MB pool.xml the build stored beside
the response cache (`--cache`), so `add` reads that index and the few records it fetches, not the whole file.
The first run over a new pool.xml pays the indexing (seconds): `add` with a cache folder that holds no index yet
is timed too, as the cold figure.

Usage: `python -m bench.bench_add` (about a minute: most of it the full build).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bench.bench_build import offline, run_citetrace
from bench.corpus import Corpus, generate, pool_size
from bench.report import OUT, Figure, save, table

LIBRARY_SIZE = 1000
EXTRA = 20
REFERENCES = range(90, 111)
ADD_BAR_S = 2.0


def corpus_with_extra() -> tuple[Corpus, Path, int]:
    """The 1,000-review corpus (same pool, same documents), and the extra review of about 100 references with
    its number of references."""
    from citetrace.ingest.build import ingest_documents

    full = generate(OUT / "corpus-add", LIBRARY_SIZE + EXTRA, size=pool_size(LIBRARY_SIZE))
    library = Corpus(full.documents[:LIBRARY_SIZE], full.pool_xml, full.pool, full.cited_works)
    counts = {path: len(ingest_documents(path)[0].references) for path in full.documents[LIBRARY_SIZE:]}
    added = next(path for path, count in counts.items() if count in REFERENCES)
    return library, added, counts[added]


def measure(built: Path | None = None, build_seconds: float | None = None) -> tuple[list[Figure], dict]:
    """`built`: the library of the same 1,000 reviews (bench_build's, with its build time), else built here."""
    corpus, added, references = corpus_with_extra()
    if built is None or build_seconds is None:
        build = offline(corpus)
        built, build_seconds = build.db, build.seconds
        print(f"build {LIBRARY_SIZE} reviews: {build_seconds:.1f} s  {build.summary}", flush=True)
    cache = OUT / f"cache-offline-{LIBRARY_SIZE}.sqlite"
    cold_folder = OUT / "add-cold-cache"
    shutil.rmtree(cold_folder, ignore_errors=True)
    cold_folder.mkdir(parents=True)
    shutil.copy(cache, cold_folder / cache.name)
    shutil.copy(built, cold_folder / "library.db")
    cold_seconds, _, cold_log = run_citetrace(
        ["add", str(added), "--db", str(cold_folder / "library.db"), "--pubmed", "snapshot", "--pubmed-xml",
         str(corpus.pool_xml), "--cache", str(cold_folder / cache.name)], "add (no stored index)")
    print(f"add it with no stored index of pool.xml (first run over that file): {cold_seconds:.2f} s", flush=True)
    grown = OUT / "library-add.db"
    shutil.copy(built, grown)
    add_seconds, add_mib, add_log = run_citetrace(
        ["add", str(added), "--db", str(grown), "--pubmed", "snapshot", "--pubmed-xml", str(corpus.pool_xml),
         "--cache", str(cache)], "add")
    add_summary = add_log.strip().splitlines()[-1]
    print(f"add 1 review of {references} references: {add_seconds:.2f} s, {add_mib:.0f} MiB  {add_summary}", flush=True)
    remove_seconds, _, remove_log = run_citetrace(["remove", str(LIBRARY_SIZE + 1), "--db", str(grown)], "remove")
    print(f"remove it again: {remove_seconds:.2f} s  {remove_log.strip()}", flush=True)
    bundled_seconds, _, bundled_log = run_citetrace(
        ["add", str(added), "--db", str(grown), "--pubmed", "snapshot", "--cache", str(cache)], "add (bundled snapshot)")
    bundled_summary = bundled_log.strip().splitlines()[-1]
    print(f"add it with the bundled snapshot only: {bundled_seconds:.2f} s  {bundled_summary}", flush=True)
    figures = [
        Figure(f"rebuild of {LIBRARY_SIZE} reviews offline (with pool.xml)", round(build_seconds, 1), "s"),
        Figure(f"add 1 review ({references} refs) to {LIBRARY_SIZE} reviews, with pool.xml", round(add_seconds, 2), "s",
               f"< {ADD_BAR_S:g} s", add_seconds < ADD_BAR_S),
        Figure("rebuild / add (with pool.xml)", round(build_seconds / add_seconds, 1), "x"),
        Figure("add 1 review, with pool.xml, no stored index yet (cold)", round(cold_seconds, 2), "s"),
        Figure(f"add 1 review ({references} refs), bundled snapshot only", round(bundled_seconds, 2), "s"),
        Figure("rebuild / add (bundled snapshot only)", round(build_seconds / bundled_seconds, 1), "x"),
        Figure("add 1 review: peak memory", round(add_mib), "MiB"),
        Figure(f"remove that review from {LIBRARY_SIZE + 1} reviews", round(remove_seconds, 2), "s"),
    ]
    details = {"added": str(added), "references": references, "add": add_summary, "remove": remove_log.strip(),
               "add_bundled": bundled_summary, "seconds": {"build": build_seconds, "add": add_seconds,
                                                           "remove": remove_seconds, "add_bundled": bundled_seconds,
                                                           "add_cold": cold_seconds}, "add_cold": cold_log.strip()}
    return figures, details


def main() -> int:
    figures, details = measure()
    save("add", figures, details)
    print(table(figures))
    return 0 if all(figure.passed is not False for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
