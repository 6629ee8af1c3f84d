"""Regenerate ingest/data/pubmed-snapshot.xml from the compiled PubMed facts (../shared/pubmed/refs-*.json).

Usage: python scripts/build_snapshot.py [FACTS_DIR] [-o OUTPUT]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from citetrace.ingest.pubmed.local import bundled_snapshot  # noqa: E402
from scripts.snapshot_facts import load_facts, snapshot_xml  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts", nargs="?", type=Path, default=REPO.parent / "shared" / "pubmed",
                        help="directory holding refs-*.json (default: ../shared/pubmed)")
    parser.add_argument("-o", "--output", type=Path, default=bundled_snapshot(), help="XML file to write")
    args = parser.parse_args(argv)
    data = snapshot_xml(load_facts(args.facts))
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({data.count(b'<PubmedArticle>')} records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
