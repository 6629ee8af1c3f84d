"""`citetrace refresh` of the seed against the E-utilities stand-in: what it finds and how many requests it costs.

The seed is built offline (`--pubmed snapshot`: 20 matched, 49 pending). The stand-in then serves the snapshot's
records with three notices PubMed would link after publication (a retraction of reference 6, an erratum of
reference 5, an expression of concern for reference 9), and `citetrace refresh` runs twice in a child process, as
a user runs it: the first asks PubMed about the 49 pending references and re-reads the 20 records (bar: at most
4 requests), the second must report "no changes". Prints each run's output and the figures.

Usage: `python -m bench.bench_refresh` (a few seconds).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_build import _environment
from bench.eutils_standin import EutilsStandin
from bench.report import OUT, Figure, save, table
from citetrace.ingest.pubmed.local import bundled_snapshot

DISTRACTORS = Path(__file__).resolve().parent.parent / "tests" / "data" / "medline16n0902.xml.gz"
MAX_REQUESTS = 4


def citetrace(*args: str) -> tuple[float, str, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "citetrace", *args], capture_output=True, text=True,
                          env=_environment(), check=True)
    return time.perf_counter() - started, done.stdout, done.stderr


def main() -> None:
    folder = OUT / "refresh"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    library, cache = folder / "citetrace.db", folder / "cache.sqlite"
    citetrace("build", "--db", str(library), "--pubmed", "snapshot", "--cache", str(cache))
    figures, details = [], {}
    with EutilsStandin.from_files([bundled_snapshot(), DISTRACTORS]) as standin:
        standin.add_notice("11675497", "RetractionIn", "39000001",
                           "Proc Natl Acad Sci U S A. 2026 Jan 6;123(1):e2600001.", "Retracted Publication")
        standin.add_notice("14663287", "ErratumIn", "39000002", "Medicine (Baltimore). 2026 Jan;105(2):e40002.")
        standin.add_notice("20702779", "ExpressionOfConcernIn", "39000003", "Blood. 2026 Feb 5;147(6):700.")
        for run in ("first", "second"):
            asked = len(standin.requests)
            seconds, stdout, stderr = citetrace("refresh", "--db", str(library), "--eutils-url", standin.base_url,
                                                "--cache", str(cache))
            requests = len(standin.requests) - asked
            print(f"$ citetrace refresh --db citetrace.db   # {run} run\n{stdout}{stderr}")
            details[run] = {"seconds": seconds, "requests": requests, "stdout": stdout, "stderr": stderr}
            figures.append(Figure(f"{run} refresh: requests", requests, "", f"<= {MAX_REQUESTS}",
                                  requests <= MAX_REQUESTS))
            figures.append(Figure(f"{run} refresh: wall time", seconds, "s"))
        figures.append(Figure("second refresh says no changes", str(details["second"]["stdout"] == "no changes\n"),
                              "", "True", details["second"]["stdout"] == "no changes\n"))
    print(table(figures))
    print(f"saved {save('bench_refresh', figures, details)}")


if __name__ == "__main__":
    main()
