"""Reading PDFs: per file, references found, field accuracy, marker recall and precision, seconds; and the
speed bars, a 10-page article under 3 s and a 40-page review under 10 s on one core.

Files: the three real samples with their hand-made truth (tests/data/pdf/), and, where pdflatex is
installed, four generated reviews (bench/latex_review.py: superscript and author-year citations in two
columns, bracketed in one, superscript in three) and a generated 40-page review. Without pdflatex the 40-page figure is taken on the samples joined into one
40-page file. Run: `python -m bench.bench_pdf` (also part of `python -m bench.run_all`).
"""
from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

from bench.latex_review import compile_pdf, generate
from bench.pdf_truth import Score, cpu_seconds, load_truth, score
from bench.report import OUT, Figure, save, table
from citetrace.ingest.build import parse_document
from citetrace.ingest.readers.formats import read_documents

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "pdf"
TEN_PAGES = DATA / "bmc-health-serv-res-2014-agyeman-duah.pdf"
FIELD_BAR, RECALL_BAR = 0.95, 0.97


def _seconds(path: Path, runs: int = 3) -> tuple[float, float]:
    """Median CPU and wall seconds of reading and parsing `path` (read, layout, references, claims).

    The bars are for one core: the reader runs one process at a time (PDFium in a child, then layout in the
    parent), so its CPU time, the child's included, is what one idle core takes; wall time is printed beside
    it, as it grows with whatever else the machine runs.
    """
    cpu, wall = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), cpu_seconds()
        (document,) = read_documents(path)
        parse_document(document)
        cpu.append(cpu_seconds() - started_cpu)
        wall.append(time.perf_counter() - started)
    return statistics.median(cpu), statistics.median(wall)


def _forty_pages(workdir: Path) -> Path:
    """A 40-page review: generated with pdflatex where it is installed, else the samples joined."""
    if shutil.which("pdflatex"):
        return compile_pdf(generate("super", reference_count=300, paragraphs=190, seed=3), workdir, "forty")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    samples = sorted(DATA.glob("*.pdf"))
    while len(writer.pages) < 40:
        for sample in samples:
            for page in PdfReader(sample).pages:
                if len(writer.pages) < 40:
                    writer.add_page(page)
    path = workdir / "forty.pdf"
    writer.write(path)
    return path


def _figures(label: str, result: Score) -> list[Figure]:
    return [
        Figure(f"{label}: references found", f"{result.references}/{result.expected_references}", "",
               "all, numbered 1..n", result.references == result.expected_references and result.contiguous),
        Figure(f"{label}: field accuracy", round(result.field_accuracy, 3), "", f">= {FIELD_BAR}",
               result.field_accuracy >= FIELD_BAR),
        Figure(f"{label}: marker recall", round(result.marker_recall, 3), "", f">= {RECALL_BAR}",
               result.marker_recall >= RECALL_BAR),
        Figure(f"{label}: marker precision", round(result.marker_precision, 3), "", "1.0 (none invented)",
               result.marker_precision == 1.0),
        Figure(f"{label}: seconds", round(result.seconds, 2), "s"),
    ]


def measure() -> tuple[list[Figure], dict]:
    workdir = OUT / "pdf"
    workdir.mkdir(parents=True, exist_ok=True)
    figures: list[Figure] = []
    details: dict = {}
    for truth_path in sorted(DATA.glob("*.truth.json")):
        truth = load_truth(truth_path)
        result = score(DATA / truth["file"], truth)
        figures += _figures(truth["file"], result)
        details[truth["file"]] = result.wrong
    if shutil.which("pdflatex"):
        for style, columns in (("super", 2), ("authoryear", 2), ("brackets", 1), ("super", 3)):
            generated = generate(style, columns=columns)
            path = compile_pdf(generated, workdir, f"generated-{style}-{columns}col")
            truth = {"references": generated.truth, "cited": sorted({n for group in generated.cited for n in group})}
            result = score(path, truth)
            figures += _figures(path.name, result)
            details[path.name] = result.wrong
    ten, ten_wall = _seconds(TEN_PAGES)
    forty_path = _forty_pages(workdir)
    forty, forty_wall = _seconds(forty_path)
    figures += [
        Figure("10-page article (BMC sample): read and parse, CPU", round(ten, 2), "s", "< 3 s", ten < 3),
        Figure("10-page article: wall time on this machine", round(ten_wall, 2), "s"),
        Figure(f"40-page review ({forty_path.name}): read and parse, CPU", round(forty, 2), "s", "< 10 s", forty < 10),
        Figure("40-page review: wall time on this machine", round(forty_wall, 2), "s"),
    ]
    return figures, details


def main() -> int:
    figures, details = measure()
    save("pdf", figures, details)
    print(table(figures))
    missed = [figure.name for figure in figures if figure.passed is False]
    print(f"\n{len(missed)} PDF figure(s) missed their bar" + (": " + "; ".join(missed) if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
