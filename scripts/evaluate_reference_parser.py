"""Per-field accuracy of the reference parser on the held-out strings, old (rules only) against new.

    python scripts/evaluate_reference_parser.py [--data build/reference-data/test.jsonl] [--markdown]

Groups: the reference lists of the sample PDFs (real strings as the PDF reader extracts them, scored against
their hand-written truth: first author, title start, year, volume, first page), each never-trained CSL style (records never trained on either), the never-trained JATS articles, the
trained styles and journal layouts on records never trained on; books, chapters, web pages, theses and reports
(made from article records by templates) are scored in groups of their own. The gold value of a field is read
from the string's labelled spans alone, never through the parser's reader, so both sides are "the field as
written" and a fault of the reader cannot hide in the gold. A field counts as right
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

from bench.pdf_truth import field_right, load_truth  # noqa: E402
from citetrace.citations.model import Reference  # noqa: E402
from citetrace.citations.references import parse_reference  # noqa: E402
from citetrace.ingest.build import document_references  # noqa: E402
from citetrace.ingest.readers.formats import read_documents  # noqa: E402

FIELDS = ("authors", "title", "journal", "year", "volume", "first page")
PDFS = REPO / "tests" / "data" / "pdf"
PDF_FIELDS = {"author": "authors", "title": "title", "year": "year", "volume": "volume", "page": "first page"}
"""Truth field (tests/data/pdf/*.truth.json: first author, title start, ...) -> the column it is shown in."""
DASHES = re.compile(r"[\u2010-\u2015\u2212]")
GOLD_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d\d(?!\d)")
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
    """The fields as the generator labelled them, read from the labelled spans alone (never through the parser's
    own reader): each family-name span is one author, the first title, journal, volume and page span is the field,
    the first four-digit number in a date span is the year."""
    text = example["text"]
    spans: dict[str, list[str]] = defaultdict(list)
    for start, end, name in example["spans"]:
        spans[name].append(text[start:end])
    year = next((m.group() for value in spans["DATE"] if (m := GOLD_YEAR.search(value))), None)
    first = {name: spans[name][0] if spans[name] else None for name in ("TI", "CT", "VO", "PG")}
    return {
        "authors": "|".join(normal(family) for family in spans["AF"]),
        "title": normal(first["TI"]),
        "journal": normal(first["CT"]),
        "year": normal(year),
        "volume": normal(first["VO"]),
        "first page": normal(first_page(first["PG"])),
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


def evaluate_pdfs(scores: dict) -> None:
    """The reference lists of the sample PDFs, read by the PDF reader, against their hand-written truth: first
    author, year, title start, volume and first page where the entry has them (as bench/bench_pdf.py scores)."""
    group = "held-out PDF reference lists (real strings, first author, title start)"
    for truth_path in sorted(PDFS.glob("*.truth.json")):
        truth = load_truth(truth_path)
        [document] = read_documents(PDFS / truth["file"], "auto")
        found = {ref.number: ref for ref in document_references(document)[0]}
        for expected in truth["references"]:
            ref = found.get(expected["number"])
            for parser, use_model in (("old", False), ("new", True)):
                parsed = parse_reference(ref.raw, ref.number, model=use_model) if ref else None
                for field, column in PDF_FIELDS.items():
                    if expected.get(field) is None:
                        continue
                    score = scores[group][parser][column]
                    score[0] += bool(parsed) and field_right(parsed, field, expected[field])
                    score[1] += 1


def table(scores: dict, markdown: bool) -> str:
    columns = [*FIELDS, "all six", "type"]
    lines = []
    if markdown:
        lines.append("| group | n | parser | " + " | ".join(columns) + " |")
        lines.append("| --- | --- | --- | " + " | ".join("---" for _ in columns) + " |")
    for group in sorted(scores, key=lambda g: (g.startswith("style:"), g)):
        for parser in ("old", "new"):
            counts = scores[group][parser]
            values = [counts[name][0] / counts[name][1] if counts[name][1] else None for name in FIELDS]
            scored = [v for v in values if v is not None]
            total = max(counts[name][1] for name in FIELDS)
            row = [*("-" if v is None else f"{v:.3f}" for v in values), f"{sum(scored) / len(scored):.3f}",
                   f"{counts['type'][0] / counts['type'][1]:.3f}" if counts["type"][1] else "-"]
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
    scores = evaluate(args.data)
    evaluate_pdfs(scores)
    print(table(scores, args.markdown))


if __name__ == "__main__":
    main()
