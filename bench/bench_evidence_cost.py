"""What the evidence costs a build: every (claim, citation) pair of the 1,000-review library assessed again.

The library is bench_build's offline build of the 1,000-review corpus, whose pool records carry structured
abstracts (bench/corpus.py: some say what the reviews' claims say, others not). The build computes evidence
inside its one transaction; here the same step (`db.evidence.assess_documents`, the build's hook, called once for
all the documents) runs again on a copy whose evidence is cleared, in this process, on one core, so the figure is
the evidence's share of the build: wall and CPU seconds, pairs per second, and the verdicts it gave.

Usage: `python -m bench.bench_evidence_cost [LIBRARY.db]` (default: builds the 1,000-review library first).
"""
from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import sqlite_utils

from bench.bench_build import corpus_for, offline
from bench.report import OUT, Figure, save, table

LIBRARY_SIZE = 1000
EVIDENCE_BAR_S = 60.0


def assess_again(library: Path) -> dict:
    """Clear the evidence of a copy of `library` and compute it again as a build does; time it."""
    from citetrace.db.evidence import assess_documents

    OUT.mkdir(parents=True, exist_ok=True)
    copy = OUT / "evidence-cost.db"
    shutil.copy(library, copy)
    db = sqlite_utils.Database(copy)
    with db.conn:
        db.execute("update claim_citations set evidence = null, evidence_score = null")
        db.execute("delete from evidence")
    documents = [row[0] for row in db.execute("select id from documents")]
    wall, cpu = time.perf_counter(), time.process_time()
    with db.conn:
        pairs = assess_documents(db, documents)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    verdicts = dict(db.execute("select evidence, count(*) from claim_citations where evidence is not null group by 1")
                    .fetchall())
    sentences = db.execute("select count(*) from evidence").fetchone()[0]
    with_abstract = db.execute("select count(*) from works where abstract is not null").fetchone()[0]
    db.close()
    copy.unlink()
    return {"pairs": pairs, "wall_s": wall, "cpu_s": cpu, "verdicts": verdicts, "sentences": sentences,
            "works_with_abstract": with_abstract}


def measure(library: Path | None = None) -> tuple[list[Figure], dict]:
    if library is None:
        build = offline(corpus_for(LIBRARY_SIZE))
        print(f"build {LIBRARY_SIZE} reviews: {build.seconds:.1f} s  {build.summary}", flush=True)
        library = build.db
    found = assess_again(library)
    verdicts = ", ".join(f"{verdict} {count:,}" for verdict, count in sorted(found["verdicts"].items()))
    figures = [
        Figure(f"evidence of {found['pairs']:,} claim-citation pairs ({found['works_with_abstract']:,} works with "
               "abstracts)", round(found["wall_s"], 1), "s wall", f"< {EVIDENCE_BAR_S:g} s",
               found["wall_s"] < EVIDENCE_BAR_S),
        Figure("evidence CPU time, one core", round(found["cpu_s"], 1), "s"),
        Figure("evidence pairs per second", round(found["pairs"] / found["wall_s"]) if found["wall_s"] else 0),
        Figure("evidence verdicts", verdicts),
        Figure("evidence sentences kept", found["sentences"]),
    ]
    return figures, {"library": str(library), **found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path, nargs="?")
    args = parser.parse_args()
    figures, details = measure(args.library)
    save("evidence-cost", figures, details)
    print(table(figures))


if __name__ == "__main__":
    main()
