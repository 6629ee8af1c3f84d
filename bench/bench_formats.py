"""Building a library from one structured document: a 100-reference JATS article, and a 100 KB Markdown
manuscript with a 1,000-entry .bib. The bar (issue 13): each builds in under 2 s (the build as `citetrace
build --pubmed snapshot` runs it, in a fresh process; the whole process, Python start-up included, is printed
beside it).

The documents are generated here (deterministic, no network): references with PMIDs and DOIs, paragraphs
citing them in groups, ranges and repeats, as real articles and manuscripts do.
"""
from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path


BAR_SECONDS = 2.0
WORDS = ("immunodeficiency syndrome patients cohort mutation ligand expression deficiency infection "
         "treatment outcome trial children adults receptor signalling antibody class switch recombination "
         "analysis clinical features survival transplantation").split()


def sentence(rng: random.Random, length: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize()


def jats_article(references: int, rng: random.Random) -> str:
    """A PMC-style article citing each of `references` references, with xref groups and ranges."""
    refs = "".join(
        f'<ref id="B{n}"><label>{n}</label><element-citation publication-type="journal"><person-group '
        f'person-group-type="author"><name><surname>Author{n}</surname><given-names>AB</given-names></name>'
        f"<name><surname>Second{n}</surname><given-names>C</given-names></name></person-group><article-title>"
        f"{sentence(rng, 10)}</article-title><source>J Immunol</source><year>{1990 + n % 30}</year><volume>{n}"
        f'</volume><fpage>{100 + n}</fpage><lpage>{110 + n}</lpage><pub-id pub-id-type="pmid">{20000000 + n}'
        f'</pub-id><pub-id pub-id-type="doi">10.1000/bench.{n}</pub-id></element-citation></ref>'
        for n in range(1, references + 1)
    )
    paragraphs = []
    for start in range(1, references + 1, 4):
        end = min(start + 3, references)
        paragraphs.append(
            f"<p>{sentence(rng)} [<xref ref-type=\"bibr\" rid=\"B{start}\">{start}</xref>]. {sentence(rng)} "
            f"[<xref ref-type=\"bibr\" rid=\"B{start}\">{start}</xref>-<xref ref-type=\"bibr\" rid=\"B{end}\">{end}"
            f"</xref>]. {sentence(rng)}.</p>"
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and '
        'Interchange DTD v1.0 20120330//EN" "JATS-archivearticle1.dtd">\n<article article-type="review-article">'
        "<front><article-meta><title-group><article-title>Benchmark review</article-title></title-group>"
        f"</article-meta></front><body><sec><title>Background</title>{''.join(paragraphs)}</sec></body>"
        f"<back><ref-list>{refs}</ref-list></back></article>"
    )


def bibtex(entries: int, rng: random.Random) -> str:
    lines = []
    for n in range(1, entries + 1):
        identifier = f"  pmid = {{{30000000 + n}}},\n" if n % 3 else f"  doi = {{10.1000/bib.{n}}},\n"
        lines.append(
            f"@article{{key{n},\n  author = {{Author{n}, Alice and Second{n}, Bob and Third, C.}},\n"
            f"  title = {{{sentence(rng, 9)}}},\n  journal = {{J Immunol}},\n  year = {1990 + n % 30},\n"
            f"  volume = {n % 200 + 1},\n  pages = {{{n}--{n + 9}}},\n{identifier}}}\n"
        )
    return "\n".join(lines)


def markdown(kilobytes: int, entries: int, rng: random.Random) -> str:
    parts = ["---\ntitle: Benchmark manuscript\nbibliography: refs.bib\n---\n\n# Introduction\n"]
    size = 0
    while size < kilobytes * 1024:
        keys = [f"@key{rng.randint(1, entries)}" for _ in range(rng.randint(1, 3))]
        paragraph = f"{sentence(rng)} [{'; '.join(keys)}]. {sentence(rng)}, as @key{rng.randint(1, entries)} showed.\n\n"
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts)


COLD_BUILD = """
import sys, time
from pathlib import Path
from citetrace.ingest.build import PubmedOptions, build_library
document, folder = Path(sys.argv[1]), Path(sys.argv[2])
options = PubmedOptions(mode="snapshot", cache_path=folder / "cache.sqlite")
started = time.perf_counter()
report = build_library([document], folder / f"{document.stem}.db", options, lambda message: None)
print(time.perf_counter() - started, report.counts.citations)
"""
"""A build in a fresh process, timed from after the imports, as `citetrace build` runs it: the readers, the
bundled snapshot and every lazy table are loaded cold."""


def timed_build(document: Path, folder: Path) -> tuple[float, float, int]:
    """(seconds of the build, seconds of the whole process with Python's start-up, citations) for one document."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", COLD_BUILD, str(document), str(folder)],
                            check=True, capture_output=True, text=True)
    whole = time.perf_counter() - started
    seconds, citations = result.stdout.split()
    return float(seconds), whole, int(citations)


def main() -> int:
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        article = folder / "article.nxml"
        article.write_text(jats_article(100, rng), encoding="utf-8")
        (folder / "refs.bib").write_text(bibtex(1000, rng), encoding="utf-8")
        manuscript = folder / "paper.md"
        manuscript.write_text(markdown(100, 1000, rng), encoding="utf-8")
        figures = [
            (f"JATS article, 100 references ({article.stat().st_size // 1024} KB)", timed_build(article, folder)),
            (f"Markdown manuscript ({manuscript.stat().st_size // 1024} KB), 1,000-entry .bib",
             timed_build(manuscript, folder)),
        ]
    missed = 0
    for label, (seconds, command, citations) in figures:
        passed = seconds < BAR_SECONDS
        missed += not passed
        print(f"build {label}: {citations} citations, {seconds:.2f} s (whole process {command:.2f} s); "
              f"bar < {BAR_SECONDS:.0f} s: {'PASS' if passed else 'FAIL'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
