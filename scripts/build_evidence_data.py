"""Build the evidence scorer's data from the sample material in /work/shared, by one command:

    python -m scripts.build_evidence_data [--shared ../shared]

1. `scripts/data/evidence/scifact-train.jsonl.gz`: a copy of SciFact's 809 training claims (the fields the
   scorer reads: id, claim, and per cited abstract doc_id, sentences, structured, rationale, label), gzipped
   without a timestamp, so the copy is the same bytes every time.
2. `citations/data/evidence-lexicon.json`: in how many sentences of a corpus of abstracts each term occurs
   (terms seen at least twice), the scorer's inverse document frequencies. The corpus: the SciFact abstracts,
   the abstracts of /work/shared/pubmed/medline-samples and of /work/shared/pubmed/metapub-records, each split
   into sentences as the scorer splits a cited text.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from citetrace.citations.cited_text import split_cited_text  # noqa: E402
from citetrace.citations.evidence_terms import LEXICON, terms  # noqa: E402
from scripts.evidence_data import SCIFACT, load_claims  # noqa: E402

KEPT_FIELDS = ("doc_id", "sentences", "structured", "rationale", "label")
MIN_FREQUENCY = 2


def copy_scifact(source: Path, target: Path) -> int:
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        cited = [{name: doc[name] for name in KEPT_FIELDS} for doc in row["cited"]]
        lines.append(json.dumps({"id": row["id"], "claim": row["claim"], "cited": cited}, ensure_ascii=False))
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    return len(lines)


def pubmed_abstracts(folder: Path) -> Iterator[str]:
    """Abstracts of PubMed XML files (plain or gzipped), labelled sections one per line."""
    for path in sorted(folder.glob("*.xml*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as handle:
            for _, element in ElementTree.iterparse(handle):
                if element.tag != "Abstract":
                    continue
                parts = []
                for section in element.iter("AbstractText"):
                    text = " ".join("".join(section.itertext()).split())
                    label = section.get("Label")
                    if text:
                        parts.append(f"{label}: {text}" if label else text)
                if parts:
                    yield "\n".join(parts)
                element.clear()


def build_lexicon(abstracts: list[str], target: Path) -> tuple[int, int]:
    frequencies: Counter[str] = Counter()
    sentences = 0
    for text in abstracts:
        for sentence in split_cited_text(text):
            frequencies.update(set(terms(text[sentence.start:sentence.end])))
            sentences += 1
    kept = {term: count for term, count in sorted(frequencies.items()) if count >= MIN_FREQUENCY}
    target.write_text(
        json.dumps({"sentences": sentences, "frequencies": kept}, separators=(",", ":"), sort_keys=True) + "\n",
        encoding="utf-8",
    )
    return sentences, len(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    count = copy_scifact(args.shared / "evidence" / "scifact-train.jsonl", SCIFACT)
    print(f"{SCIFACT.relative_to(REPO)}: {count} claims")
    seen: set[int] = set()
    abstracts = []
    for claim in load_claims():
        for cited in claim.cited:
            if cited.doc_id not in seen:
                seen.add(cited.doc_id)
                abstracts.append(cited.text)
    scifact_count = len(abstracts)
    for folder in ("medline-samples", "metapub-records"):
        abstracts.extend(pubmed_abstracts(args.shared / "pubmed" / folder))
    sentences, kept = build_lexicon(abstracts, LEXICON)
    print(f"{LEXICON.relative_to(REPO)}: {len(abstracts)} abstracts ({scifact_count} SciFact), "
          f"{sentences} sentences, {kept} terms")


if __name__ == "__main__":
    main()
