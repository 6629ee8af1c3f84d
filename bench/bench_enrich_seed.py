"""Live enrichment of the seed review against the loopback E-utilities stand-in: requests, seconds, memory.

The bar (issue 4): at most 4 HTTP requests for the 70 references (ECitMatch, the ORed ESearch, EFetch) and 0 on
a rebuild. For comparison, one request per reference and identifier (as identifier-by-identifier tools do)
costs about 140 requests, about 47 s at NCBI's 3 requests/s.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.eutils_standin import EutilsStandin
from citetrace.ingest.build import PubmedOptions, build_library
from citetrace.ingest.pubmed.local import bundled_snapshot


def timed_build(directory: Path, name: str, base_url: str) -> tuple[int, float, int]:
    """(requests, seconds, matched citations) of one live build with the cache in `directory`."""
    options = PubmedOptions(mode="live", eutils_url=base_url, email="bench@example.org",
                            cache_path=directory / "cache.sqlite")
    started = time.perf_counter()
    report = build_library([], directory / name, options, lambda message: None)
    return report.requests, time.perf_counter() - started, report.counts.statuses["matched"]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder, EutilsStandin.from_files([bundled_snapshot()]) as standin:
        directory = Path(folder)
        requests, seconds, matched = timed_build(directory, "first.db", standin.base_url)
        endpoints = [request.endpoint for request in standin.requests]
        again, again_seconds, _ = timed_build(directory, "second.db", standin.base_url)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"seed live enrichment: {requests} requests ({', '.join(endpoints)}), {seconds:.2f} s, "
          f"{matched} matched; bar <= 4 requests: {'PASS' if requests <= 4 else 'FAIL'}")
    print(f"seed rebuild: {again} requests, {again_seconds:.2f} s; bar 0: {'PASS' if again == 0 else 'FAIL'}")
    print(f"peak memory (whole process): {peak_mib:.0f} MiB")
    print("one request per reference and identifier instead: about 140 requests, about 47 s at 3 requests/s")
    return 0 if requests <= 4 and again == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
