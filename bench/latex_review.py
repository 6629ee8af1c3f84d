"""Review articles written as LaTeX and set by pdflatex, with the truth of what they cite (tests and bench).

One, two or three columns, running headers and page numbers (fancyhdr), a title with affiliation superscripts, hyphenation
at line ends (narrow columns of long words), a reference list long enough to cross columns and a page, and
either superscript numeric citations (natbib `super`) or author-year citations (natbib `authoryear`).
Traps that are not citations are set too: exponents (I², 10⁵), "[updated 2008]" and "[M + H]+"; a figure
caption spans both columns and cites; rotated text sits in the margin.
"""
from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

SURNAMES = [
    "Abbott", "Baker", "Carter", "Dalton", "Ellis", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Keller",
    "Larsen", "Moreau", "Nakamura", "Olsen", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga",
    "Weber", "Xu", "Young", "Zimmermann", "Almeida", "Bianchi", "Costa", "Dubois", "Eriksen", "Fontaine",
    "Gallo", "Horvat", "Ivanova", "Jovanovic", "Kowalski", "Lindqvist", "Marino", "Novak",
]
WORDS = (
    "immunodeficiency hyperimmunoglobulin agammaglobulinaemia lymphoproliferation recombination "
    "transplantation immunoglobulin haematopoietic characterisation susceptibility opportunistic "
    "neutropenia autoimmunity pathogenesis heterozygous"
).split()
SHORT = "the of in and with was for patients treatment outcome children disease cohort risk".split()
CAPTION = "Outcomes across the cohorts of the included studies, as reported earlier"
"""A figure caption spanning both columns; its citation (reference 5 of the list as written) is a claim too."""
SIDEBAR = "Downloaded from the generated archive"
"""Text set rotated in the margin, which is not part of the article."""
JOURNALS = ["J Clin Immunol", "Blood", "N Engl J Med", "Pediatrics", "Clin Exp Immunol"]


@dataclass
class Generated:
    """A generated article: its LaTeX source, its reference strings in list order, and what its body cites."""

    source: str
    references: list[str]
    cited: list[list[int]] = field(default_factory=list)
    """The reference numbers of each citation in reading order (numbers are positions in the list)."""
    caption_refs: list[int] = field(default_factory=list)
    """What the spanning figure caption cites; not in `cited`, as a float lands where LaTeX puts it."""
    truth: list[dict] = field(default_factory=list)
    """Each reference's fields in the form of tests/data/pdf/*.truth.json (author, year, title, volume, page)."""


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS if rng.random() < 0.45 else SHORT) for _ in range(words)]
    return " ".join(chosen).capitalize()


def _references(rng: random.Random, count: int) -> list[tuple[str, str, int, str]]:
    """(key, label authors, year, entry text) in NLM style; one to three authors, two sharing author and year."""
    entries = []
    for index in range(count):
        surname = SURNAMES[index % len(SURNAMES)]
        year = 1985 + (index * 7) % 38
        authors = [f"{surname} {rng.choice('ABCDEFGH')}{rng.choice('JKLMN')}"]
        for extra in range(index % 3):
            authors.append(f"{SURNAMES[(index + 7 * (extra + 1)) % len(SURNAMES)]} {rng.choice('PRST')}")
        entries.append((f"ref{index + 1}", authors, year, _sentence(rng, 9)))
    entries[1] = (entries[1][0], [entries[0][1][0]], entries[0][2], entries[1][3])
    out = []
    for index, (key, authors, year, title) in enumerate(entries):
        journal = JOURNALS[index % len(JOURNALS)]
        volume, page = 10 + index, 100 + 13 * index
        out.append((key, authors, year, f"{', '.join(authors)}. {title}. {journal}. {{year}};{volume}:{page}-{page + 9}."))
    return out


def _fields(number: int, text: str) -> dict:
    """The truth fields of one generated NLM-style entry, read back from the text this module wrote."""
    names, title, _journal, tail = text.split(". ", 3)
    year, volume_pages = tail.split(";")
    volume, pages = volume_pages.split(":")
    return {"number": number, "author": names.split()[0], "year": int(year[:4]),
            "title": " ".join(title.split()[:4]), "volume": volume, "page": pages.split("-")[0]}


def _natbib_label(authors: list[str], year: str) -> str:
    surnames = [author.split()[0] for author in authors]
    if len(surnames) == 1:
        short = surnames[0]
    elif len(surnames) == 2:
        short = f"{surnames[0]} and {surnames[1]}"
    else:
        short = f"{surnames[0]} et~al."
    return f"{short}({year})"


def generate(
    style: str, reference_count: int = 40, paragraphs: int = 14, seed: int = 1, columns: int = 2
) -> Generated:
    """A review in one, two or three columns citing in `style`: "super" (superscript numbers), "brackets"
    ("[1-3]", the list labelled "[1]") or "authoryear"."""
    rng = random.Random(seed)
    raw = _references(rng, reference_count)
    if style == "authoryear":
        raw.sort(key=lambda item: (item[1][0], item[2]))
    years = [str(year) for _, _, year, _ in raw]
    if style == "authoryear":
        years[0], years[1] = years[0] + "a", years[1] + "b"
    keys = [key for key, _, _, _ in raw]
    references = [text.replace("{year}", year) for (_, _, _, text), year in zip(raw, years, strict=True)]
    generated = Generated("", references, truth=[_fields(n, text) for n, text in enumerate(references, 1)])
    body: list[str] = []
    for number in range(paragraphs):
        if number % 4 == 0:
            body.append(f"\\section{{{_sentence(rng, 2)}}}")
        sentences = []
        for _ in range(6):
            sentence = _sentence(rng, rng.randint(10, 18))
            if rng.random() < 0.6:
                chosen = sorted(rng.sample(range(reference_count), rng.choice([1, 1, 2, 3])))
                if style != "authoryear" and rng.random() < 0.3:
                    start = rng.randrange(reference_count - 3)
                    chosen = [start, start + 1, start + 2]
                generated.cited.append([index + 1 for index in chosen])
                cite = ",".join(keys[index] for index in chosen)
                if style == "super":
                    sentence += f"\\cite{{{cite}}}"
                elif style == "brackets":
                    sentence += f" \\cite{{{cite}}}"
                elif rng.random() < 0.3 and len(chosen) == 1:
                    sentence = f"As \\citet{{{cite}}} showed, " + sentence[0].lower() + sentence[1:]
                else:
                    sentence += f" \\citep{{{cite}}}"
            sentences.append(sentence + ".")
        if number == 2:
            sentences.append("Heterogeneity was moderate (I$^2$ = 45\\%) with 10$^{5}$ cells per well.")
            sentences.append("The adduct [M + H]+ was seen, as in the registry [updated 2008].")
        body.append(" ".join(sentences))
        if number == 3:
            generated.caption_refs = [keys.index("ref5") + 1]
            cite = {"super": "\\cite{ref5}", "brackets": " \\cite{ref5}"}.get(style, " \\citep{ref5}")
            float_ = "figure" if columns == 1 else "figure*"
            body.append(
                f"\\begin{{{float_}}}[t]\\centering\\fbox{{\\parbox{{0.9\\textwidth}}{{\\centering A figure}}}}"
                f"\\caption{{{CAPTION}{cite}.}}\\end{{{float_}}}"
            )
    if style in ("super", "brackets"):
        items = [f"\\bibitem{{{key}}} {text}" for key, text in zip(keys, references, strict=True)]
        natbib = {
            "super": "\\usepackage[super,sort&compress]{natbib}",
            "brackets": "\\usepackage[numbers,square,sort&compress]{natbib}",
        }[style]
    else:
        items = [
            f"\\bibitem[{_natbib_label(authors, year)}]{{{key}}} {text}"
            for (key, authors, _, _), year, text in zip(raw, years, references, strict=True)
        ]
        natbib = "\\usepackage[authoryear,round]{natbib}"
    opening, closing = ("\\begin{multicols}{3}", "\\end{multicols}") if columns == 3 else ("", "")
    generated.source = "\n".join([
        "\\documentclass[twocolumn,10pt]{article}" if columns == 2 else "\\documentclass[10pt]{article}",
        "\\usepackage{multicol}",
        "\\usepackage[margin=2cm]{geometry}",
        natbib,
        "\\usepackage{fancyhdr,graphicx}",
        "\\pagestyle{fancy}\\fancyhf{}",
        "\\fancyhead[L]{Journal of Generated Reviews 2024; 12:1--20}\\fancyhead[R]{Review}",
        "\\fancyfoot[C]{\\thepage}\\fancyfoot[R]{\\rotatebox{90}{\\tiny " + SIDEBAR + "}}",
        "\\title{Hyperimmunoglobulin syndromes in children: a generated review}",
        "\\author{Ann Author$^{1}$, Ben Writer$^{2}$ and Cal Reader$^{1,2}$\\\\",
        "\\small $^{1}$Department of Immunology, Test University\\\\",
        "\\small $^{2}$Department of Paediatrics, Test Hospital}",
        "\\date{}",
        "\\begin{document}",
        "\\maketitle",
        "\\thispagestyle{fancy}",
        opening,
        *body,
        "\\begin{thebibliography}{99}",
        *items,
        "\\end{thebibliography}",
        closing,
        "\\end{document}",
    ])
    return generated


def compile_pdf(generated: Generated, workdir: Path, name: str = "review") -> Path:
    """Set the article with pdflatex (twice, so citations resolve); a failed run raises with its log's tail."""
    (workdir / f"{name}.tex").write_text(generated.source, encoding="utf-8")
    for _ in range(2):
        result = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
            cwd=workdir, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise RuntimeError(f"pdflatex failed on {name}.tex: {result.stdout[-2000:]}")
    return workdir / f"{name}.pdf"
