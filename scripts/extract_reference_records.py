"""Extract the bibliographic fields of PubMed records into the compact JSON the training-data generator reads.

Run once to (re)make `scripts/data/reference-records.json` from PubMed XML files (MEDLINE baseline samples,
EFetch records), so that generating the training data needs nothing outside the repository:

    python scripts/extract_reference_records.py tests/data/medline16n0902.xml.gz ... -o scripts/data/reference-records.json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from citetrace.citations.model import Work  # noqa: E402
from citetrace.ingest.pubmed.records import read_works  # noqa: E402


def record_fields(work: Work) -> dict:
    """The fields a reference string can show, with given names as PubMed has them."""
    return {
        key: value
        for key, value in {
            "pmid": work.pmid,
            "type": work.type,
            "authors": [
                {"family": a.family, "given": a.given, "initials": a.initials, "collective": a.collective}
                for a in work.authors
            ],
            "authors_complete": work.authors_complete,
            "title": work.title,
            "journal": work.journal,
            "journal_full": work.journal_full,
            "year": work.year,
            "month": work.month,
            "day": work.day,
            "volume": work.volume,
            "issue": work.issue,
            "pages": work.pages,
            "doi": work.doi,
            "pmcid": work.pmcid,
            "publisher": work.publisher,
            "publisher_place": work.publisher_place,
            "container_title": work.container_title,
        }.items()
        if value not in (None, [], "")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", nargs="+", type=Path, help="PubMed XML files (.xml or .xml.gz)")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    records: dict[str, dict] = {}
    for path in args.xml:
        for work in read_works(path):
            if work.title and work.pmid and work.pmid not in records:
                records[work.pmid] = record_fields(work)
    ordered = [records[pmid] for pmid in sorted(records, key=int)]
    args.output.write_text(json.dumps(ordered, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(ordered)} records")


if __name__ == "__main__":
    main()
