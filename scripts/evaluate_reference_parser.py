"""Per-field accuracy of the reference parser on the held-out strings, old (rules only) against new.

    python scripts/evaluate_reference_parser.py [--data build/reference-data/test.jsonl] [--markdown]

Groups: each never-trained CSL style (records never trained on either), the never-trained JATS articles, the
trained styles and journal layouts on records never trained on; books, chapters, web pages, theses and reports
(made from article records by templates) are scored in groups of their own. The gold value of a field is read from the string's own
labels by the same reader the parser uses, so both sides are "the field as written". A field counts as right
when it equals the gold value after case folding and ignoring spacing, surrounding punctuation and dash
variants; the authors are right when every family name, in order, is; an absent field must be found absent.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from citations.model import Reference  # noqa: E402
from citations.reference_labeller import read_fields  # noqa: E402
from citations.references import parse_reference  # noqa: E402
from scripts.train_reference_model import token_labels  # noqa: E402

FIELDS = ("authors", "title", "journal", "year", "volume", "first page")
DASHES = re.compile(r"[\u2010-\u2015\u2212]")
NOISE = re.compile(r"[\s.,;:()\[\]\"'\u201c\u201d\u2018\u2019]+")


def normal(value: object) -> str:
    text = unicodedata.normalize("NFC", str(value or "")).casefold()
    return NOISE.sub(" ", DASHES.sub("-", text)).strip()


def first_page(page: str | None) -> str | None:
    return re.split(r"\s*[-\u2010-\u2015\u2212,]\s*", page.strip())[0] if page else None


def reference_fields(ref: Reference) -> dict[str, str]:
    return {
        "authors": "|".join(normal(a.family) for a in ref.authors),
        "title": normal(ref.title),
        "journal": normal(ref.container_title),
        "year": normal(ref.year),
        "volume": normal(ref.volume),
        "first page": normal(first_page(ref.page)),
    }


def gold_fields(example: dict) -> dict[str, str]:
    tokens, labels = token_labels(example)
    fields = read_fields(example["text"], tokens, labels)
    return {
        "authors": "|".join(normal(a.family) for a in fields.authors),
        "title": normal(fields.title),
        "journal": normal(fields.container_title),
        "year": normal(fields.year),
        "volume": normal(fields.volume),
        "first page": normal(first_page(fields.page)),
    }


def group_of(name: str) -> str:
    if name.startswith("jats:"):
        return "held-out JATS articles (real strings)"
    return name


def evaluate(data: Path) -> dict[str, dict[str, dict[str, list[int]]]]:
    """{group: {parser: {field: [right, total]}}}, with "type" counted for the new parser too."""
    scores: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    with open(data, encoding="utf-8") as handle:
        for line in handle:
            example = json.loads(line)
            gold = gold_fields(example)
            groups = [example["group"], group_of(example["group"])]
            if example["group"].startswith("style:"):
                groups.append("all never-trained styles")
            if example["type"] not in ("article-journal", "personal_communication"):
                # books, chapters, web pages, theses and reports are made from article records by templates:
                # scored on their own, so that they neither flatter nor hide the articles' figures
                groups = [f"{group_of(example['group'])}: other types" if not example["group"].startswith("style:")
                          else "never-trained styles: other types"]
            for parser, use_model in (("old", False), ("new", True)):
                ref = parse_reference(example["text"], 1, model=use_model)
                found = reference_fields(ref)
                for group in dict.fromkeys(groups):
                    for name in FIELDS:
                        score = scores[group][parser][name]
                        score[0] += found[name] == gold[name]
                        score[1] += 1
                    score = scores[group][parser]["type"]
                    score[0] += ref.type == example["type"]
                    score[1] += 1
    return scores


def table(scores: dict, markdown: bool) -> str:
    columns = [*FIELDS, "all six", "type"]
    lines = []
    if markdown:
        lines.append("| group | n | parser | " + " | ".join(columns) + " |")
        lines.append("| --- | --- | --- | " + " | ".join("---" for _ in columns) + " |")
    for group in sorted(scores, key=lambda g: (g.startswith("style:"), g)):
        for parser in ("old", "new"):
            counts = scores[group][parser]
            values = [counts[name][0] / counts[name][1] for name in FIELDS]
            total = counts[FIELDS[0]][1]
            row = [*(f"{v:.3f}" for v in values), f"{sum(values) / len(values):.3f}",
                   f"{counts['type'][0] / counts['type'][1]:.3f}"]
            if markdown:
                lines.append(f"| {group} | {total} | {parser} | " + " | ".join(row) + " |")
            else:
                lines.append(f"{group[:40]:40} {total:5} {parser:3} " + " ".join(f"{v:>6}" for v in row))
    if not markdown:
        lines.insert(0, f"{'group':40} {'n':>5} {'':3} " + " ".join(f"{c[:6]:>6}" for c in columns))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "build" / "reference-data" / "test.jsonl")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table (for the README)")
    args = parser.parse_args()
    print(table(evaluate(args.data), args.markdown))


if __name__ == "__main__":
    main()
