"""Hostile documents up to 1 MB: each `citetrace build` in a child process, its wall and CPU seconds and peak memory.

The bars (issues 11 and 22): every build under 5 s CPU and 300 MiB, or refused in one line. The documents are
issue 11's quadratic plain-text inputs scaled to about a megabyte (bench/hostile_documents.py WORST_CASES),
issue 22's inputs in the other formats (bench/hostile_formats.py FORMAT_WORST_CASES), `--random` plain-text
documents of the property test's fragments and `--random` cases of each other format (Markdown, LaTeX, JATS,
BibTeX, CSL-JSON, CSL-YAML, Manubot), seeded so a run can be repeated. Peak memory is the child's own ru_maxrss (os.wait4). The time bar is
judged on the child's CPU seconds (user + system): on the shared 2-core machine wall time mostly measures waiting
for a core, so it is printed beside it, not judged.

Usage: `python -m bench.bench_hostile [--random 20] [--seed 11]` (20 random cases of each of the 8 formats).
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.hostile_documents import WORST_CASES, document, random_recipe, worst_case_document
from bench.hostile_formats import FORMAT_WORST_CASES, FORMATS, Case, random_format_case
from bench.report import Figure, save, table

TIME_BAR_S = 5.0
MEMORY_BAR_MIB = 300.0


def timed_build(case: Case, folder: Path) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MiB, exit status) of `citetrace build` of a case written into `folder`, in a child."""
    for name, text in case.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "citetrace", "build", case.target, "--db", "lib.db", "--pubmed", "off",
               *case.options]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def cases(count: int, seed: int) -> dict[str, Case]:
    """The worst cases, then `count` random plain-text documents and `count` random cases of each other format,
    each made near a megabyte by one large repeat."""
    rng = random.Random(seed)
    found = {name: Case({"doc.txt": worst_case_document(body)}, "doc.txt") for name, body in WORST_CASES.items()}
    found.update(FORMAT_WORST_CASES)
    for number in range(count):
        body = random_recipe(rng, rng.randint(4, 12))
        body.append((rng.randrange(1000), 100_000))
        found[f"random text {number + 1} (seed {seed})"] = Case(
            {"doc.txt": document(body, random_recipe(rng, rng.randint(0, 5)))}, "doc.txt")
    for form in FORMATS:
        for number in range(count):
            found[f"random {form} {number + 1} (seed {seed})"] = random_format_case(rng, form)
    return found


def measure(count: int, seed: int) -> tuple[list[Figure], dict]:
    figures: list[Figure] = []
    details: dict[str, dict] = {}
    for name, case in cases(count, seed).items():
        with tempfile.TemporaryDirectory() as folder:
            seconds, cpu, peak, status = timed_build(case, Path(folder))
        size = case.size()
        details[name] = {"bytes": size, "seconds": seconds, "cpu_seconds": cpu, "peak_mib": peak, "exit": status}
        figures.append(Figure(f"{name}: {size / 1e6:.2f} MB, exit {status}, wall {seconds:.1f} s", round(cpu, 2),
                              "s CPU", f"< {TIME_BAR_S:g} s", cpu < TIME_BAR_S and status in (0, 1)))
        figures.append(Figure(f"{name}: peak memory", round(peak), "MiB", f"< {MEMORY_BAR_MIB:g} MiB",
                              peak < MEMORY_BAR_MIB))
    return figures, details


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=20,
                        help="random documents of each format besides the worst cases")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    figures, details = measure(args.random, args.seed)
    save("hostile", figures, details)
    print(table(figures))
    missed = [figure.name for figure in figures if figure.passed is False]
    slowest = max(details, key=lambda name: details[name]["cpu_seconds"])
    largest = max(details, key=lambda name: details[name]["peak_mib"])
    print(f"\nslowest build: {slowest}, CPU {details[slowest]['cpu_seconds']:.2f} s (wall "
          f"{details[slowest]['seconds']:.2f} s); largest peak: {largest}, {details[largest]['peak_mib']:.0f} MiB; "
          f"{len(details)} builds, {len(missed)} figure(s) missed their bar")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
