"""An offline `citetrace add` in the default mode (`auto`): how long the user waits when E-utilities cannot be
reached, and whether the summary counts the failed requests apart.

Offline is simulated two ways, both without the internet: a host name that never resolves (`eutils.invalid`, a
reserved top-level domain: what a machine without DNS sees) and a port on 127.0.0.1 nobody listens on (a refused
connection). Each run adds the second bundled test review (11 references) to a copy of the seed library built
with the snapshot, as `citetrace ...` in a child process, with an empty response cache, so every reference the
library lacks goes to E-utilities. The bar is the issue's: under 3 s of wall time, one warning.

Usage: `python -m bench.bench_offline` (a few seconds).
"""
from __future__ import annotations

import shutil
import socket
from pathlib import Path

from bench.bench_build import run_citetrace
from bench.report import OUT, Figure, save, table

REVIEW = Path(__file__).resolve().parent.parent / "tests" / "data" / "other-review.txt"
BAR_S = 3.0


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/entrez/eutils/"


def main() -> None:
    folder = OUT / "offline"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    seed = folder / "seed.db"
    run_citetrace(["build", "--db", str(seed), "--pubmed", "snapshot", "--cache", str(folder / "seed-cache.sqlite")],
                  "the seed build")
    figures, details = [], {}
    for name, url in (("unresolvable host", "http://eutils.invalid/entrez/eutils/"),
                      ("refused connection", closed_port_url())):
        library = folder / f"{name.replace(' ', '-')}.db"
        shutil.copy(seed, library)
        cache = folder / f"{name.replace(' ', '-')}-cache.sqlite"
        seconds, rss, stderr = run_citetrace(
            ["add", str(REVIEW), "--db", str(library), "--eutils-url", url, "--cache", str(cache)], f"add ({name})")
        warnings = [line for line in stderr.splitlines() if line.startswith("warning:")]
        summary = stderr.strip().splitlines()[-1]
        figures.append(Figure(f"offline add, {name}: wall time", seconds, "s", f"< {BAR_S:g} s", seconds < BAR_S))
        figures.append(Figure(f"offline add, {name}: warnings", len(warnings), "", "1", len(warnings) == 1))
        details[name] = {"seconds": seconds, "peak_rss_mib": rss, "warnings": warnings, "summary": summary}
        print(f"{name}: {summary}")
    print(table(figures))
    print(f"saved {save('bench_offline', figures, details)}")


if __name__ == "__main__":
    main()
