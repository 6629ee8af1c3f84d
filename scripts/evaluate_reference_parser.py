"""Per-field accuracy of the reference parser on the held-out strings: the rules alone, the shipped model (and an
earlier model, to compare).

    python scripts/evaluate_reference_parser.py [--data build/reference-data/test.jsonl] [--markdown]
    python scripts/evaluate_reference_parser.py --before build/previous.model    # an earlier model beside it
    python scripts/evaluate_reference_parser.py --phenomena [--show]              # the hand-written strings

Groups: the reference lists of the sample PDFs (real strings as the PDF reader extracts them, scored against
their hand-written truth: first author, title start, year, volume, first page), each never-trained CSL style
(records never trained on either), the never-trained JATS articles, the trained styles and journal layouts on
records never trained on; books, chapters, proceedings papers, preprints, web pages, theses and reports (made by
templates) are scored in groups of their own and per kind. The gold value of a field is read
from the string's labelled spans alone, never through the parser's reader, so both sides are "the field as
written" and a fault of the reader cannot hide in the gold. A field counts as right when it equals the gold value after case folding and ignoring spacing, surrounding punctuation and dash
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
from citetrace.citations import reference_labeller  # noqa: E402
from citetrace.citations.reference_labeller import MODEL  # noqa: E402
from citetrace.citations.references import parse_reference  # noqa: E402
from citetrace.ingest.build import document_references  # noqa: E402
from citetrace.ingest.readers.formats import read_documents  # noqa: E402

FIELDS = ("authors", "title", "journal", "year", "volume", "first page")
PDFS = REPO / "tests" / "data" / "pdf"
PHENOMENA = REPO / "scripts" / "data" / "reference-phenomena.jsonl"
"""52 hand-written strings (made up) of the layouts the biomedical styles lack, each with its fields: full given
names, all-caps names, quoted titles and MLA tails, humanities, books, chapters, proceedings, reports, theses,
preprints, compact physics and chemistry strings, PDF spacing damage."""
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


def use_model(path: Path | None) -> bool:
    """Point the labeller at the model file `path` (None: the rules alone); whether the model is used."""
    if path is not None:
        reference_labeller.MODEL = path
        reference_labeller.shipped_tagger.cache_clear()
    return path is not None


def evaluate(data: Path, parsers: dict[str, Path | None]) -> dict[str, dict[str, dict[str, list[int]]]]:
    """{group: {parser: {field: [right, total]}}}, with "type" counted too; one pass per parser."""
    scores: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    examples = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    for parser, path in parsers.items():
        use = use_model(path)
        for example in examples:
            gold = gold_fields(example)
            groups = [example["group"], group_of(example["group"])]
            if example["group"].startswith("style:"):
                groups.append("all never-trained styles")
            if example["type"] not in ("article-journal", "personal_communication"):
                # books, chapters, web pages, theses and reports are made from article records by templates:
                # scored on their own, so that they neither flatter nor hide the articles' figures
                groups = [f"{group_of(example['group'])}: other types" if not example["group"].startswith("style:")
                          else "never-trained styles: other types", f"kind: {example['type']}"]
            ref = parse_reference(example["text"], 1, model=use)
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


def evaluate_pdfs(scores: dict, parsers: dict[str, Path | None]) -> None:
    """The reference lists of the sample PDFs, read by the PDF reader, against their hand-written truth: first
    author, year, title start, volume and first page where the entry has them (as bench/bench_pdf.py scores)."""
    group = "held-out PDF reference lists (real strings, first author, title start)"
    for truth_path in sorted(PDFS.glob("*.truth.json")):
        truth = load_truth(truth_path)
        [document] = read_documents(PDFS / truth["file"], "auto")
        found = {ref.number: ref for ref in document_references(document)[0]}
        for parser, path in parsers.items():
            use = use_model(path)
            for expected in truth["references"]:
                ref = found.get(expected["number"])
                parsed = parse_reference(ref.raw, ref.number, model=use) if ref else None
                for field, column in PDF_FIELDS.items():
                    if expected.get(field) is None:
                        continue
                    score = scores[group][parser][column]
                    score[0] += bool(parsed) and field_right(parsed, field, expected[field])
                    score[1] += 1


def written_fields(gold: dict) -> dict[str, str]:
    """A hand-written string's fields as the scores compare them."""
    return {"authors": "|".join(normal(family) for family in gold["authors"]),
            **{name: normal(first_page(gold[name]) if name == "first page" else gold[name]) for name in FIELDS[1:]}}


def evaluate_phenomena(path: Path, parsers: dict[str, Path | None]) -> dict:
    """The hand-written strings, scored per phenomenon and per type (journal, book, chapter, other), old and new."""
    scores: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0])))
    kinds = {"article-journal": "journal", "book": "book", "chapter": "chapter"}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            gold = json.loads(line)
            expected = written_fields(gold)
            groups = [f"phenomenon: {gold['phenomenon']}", f"type: {kinds.get(gold['type'], 'other')}",
                      "hand-written strings, all"]
            for parser, model in parsers.items():
                ref = parse_reference(gold["text"], 1, model=use_model(model))
                found = reference_fields(ref)
                for group in groups:
                    for name in FIELDS:
                        score = scores[group][parser][name]
                        score[0] += found[name] == expected[name]
                        score[1] += 1
                    score = scores[group][parser]["type"]
                    score[0] += ref.type == gold["type"]
                    score[1] += 1
    return scores


def show_misses(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        found = reference_fields(parse_reference(gold["text"], 1))
        expected = written_fields(gold)
        wrong = {name: found[name] for name in FIELDS if found[name] != expected[name]}
        if wrong:
            print(f"\n{gold['text']}\n  " + "; ".join(f"{k}: {v!r} (gold {expected[k]!r})" for k, v in wrong.items()))


def table(scores: dict, markdown: bool) -> str:
    columns = [*FIELDS, "all six", "type"]
    lines = []
    if markdown:
        lines.append("| group | n | parser | " + " | ".join(columns) + " |")
        lines.append("| --- | --- | --- | " + " | ".join("---" for _ in columns) + " |")
    for group in sorted(scores, key=lambda g: (g.startswith("style:"), g)):
        for parser in scores[group]:
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
    parser.add_argument("--before", type=Path, help="an earlier model file, scored beside the committed one")
    parser.add_argument("--phenomena", action="store_true",
                        help=f"score the hand-written strings ({PHENOMENA.relative_to(REPO)}) instead")
    parser.add_argument("--show", action="store_true", help="with --phenomena: print each string the new parser misses")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table (for the README)")
    args = parser.parse_args()
    parsers = {"rules": None, **({"before": args.before} if args.before else {}), "model": MODEL}
    if args.phenomena:
        print(table(evaluate_phenomena(PHENOMENA, parsers), args.markdown))
        if args.show:
            show_misses(PHENOMENA)
        return
    scores = evaluate(args.data, parsers)
    evaluate_pdfs(scores, parsers)
    print(table(scores, args.markdown))


if __name__ == "__main__":
    main()
