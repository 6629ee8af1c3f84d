"""Hostile documents in every format citetrace reads besides plain text: Markdown, LaTeX, JATS, BibTeX and
CSL-JSON/CSL-YAML bibliographies, and Manubot folders, made of repeated fragments as `hostile_documents` makes
plain text. The property test (tests/test_random_documents.py) draws their recipes; bench/bench_hostile.py times
seeded random ones and the issue-22 worst cases (`FORMAT_WORST_CASES`).

A `Case` is the files to write into an empty folder, what to build there and the options to build it with; every
case is at most `MAX_BYTES` on disk, so what it costs is the readers' doing, not the input's size.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

import yaml

from bench.hostile_documents import MAX_BYTES, REPEATS, Recipe

MARKDOWN = (
    "# a", "#", " ", "`", "``", "```\n", "[", "]", "(", ")", "@", "@k1 ", "[@k1]", "[@k1; @k2, p. 3]", "[-@k2]",
    "<!--", "-->", "](", "[a](", "|", "| --- |", "---", ":", "\n", "\n\n", "> ", "- ", "1. ", "*", "_", "{#sec:x}",
    "^[note [@k1]]", "[^1]", "[^1]: note\n", "\\", "word ", "Claim [@k1]. ", "@{odd key}", "<pre>", "</pre>",
    "    code\n", "=+-", "\u00b2", "\x1b]52;c;aGk=\x07", "\ufeff", "\t", "x" * 80,
)
LATEX = (
    "\\begin{x}", "\\end{x}", "{", "}", "\\cite{k1}", "\\citep[p.~3]{k1,k2}", "\\textcite{k2}", "\\input{part}",
    "\\section{", "\\section{S}", "%", "\\iffalse ", "\\fi ", "\\\\", "$", "$x^2$", "\\item ", "\n\n", "word ",
    "\\bibitem{k1} Smith J. A title. J 2001;1:1. ", "\\begin{thebibliography}{9}", "\\end{thebibliography}", "~",
    "\\emph{", "\\textbf{x}", "\\'e", "\\write18{x}", "\\def\\x{\\x}", "\\begin{equation}", "\\end{equation}",
    "\\title{", "\\author{A \\and B}", "\\footnote{x}", "&", "#", "^", "\\verb|x|", "x" * 80,
)
JATS = (
    '<xref ref-type="bibr" rid="r1">1</xref>', '<xref ref-type="bibr" rid="r2">2</xref>',
    '<xref ref-type="bibr" rid="nope">9</xref>', '<xref ref-type="bibr" rid="r1 r2 r3">1-3</xref>', ",", "\u2013",
    "[", "]", "(", ")", "word ", "word word ", "et al. ", "Smith et al. ", "<italic>x</italic>", "<sup>1</sup>",
    "&amp;", "&#x1b;", "</p><p>", "</p><sec><title>T</title><p>", "</p></sec><p>", ". ", "x" * 80,
    '<ext-link ext-link-type="uri" xlink:href="javascript:alert(1)">x</ext-link>', "\u00b9\u00b2",
)
BIBTEX = (
    '@string{s0 = "xxxxxxxxxx"}\n', "@string{s1 = s0 # s0}\n", "@string{s2 = s1 # s1}\n", "@string{s0 = s2 # s2}\n",
    "@article{k1, title = {", "@article{k2, title = s2, author = {A and B}}\n", "}", "{", '"', "#", ",\n", " s0 # ",
    "author = {Smith, J and Poe, E}, ", "year = 2001, ", "crossref = {k2}, ", "@comment{", "\\'e", "\\write18{x}",
    "pmid = {\u00b2\u00b3}, ", "doi = {javascript:alert(1)}, ", "title = {T}, title = {U}, ", "}\n", "x" * 80,
)
CSL_FIELDS: tuple[tuple[str, object], ...] = (
    ("title", "=HYPERLINK(x) "), ("title", 5), ("author", [{"family": 5}]),
    ("author", [{"family": "Smith", "non-dropping-particle": 7, "given": 3}]), ("author", [{"literal": ["x"]}]),
    ("PMID", "\u00b2\u00b3"), ("PMID", '12345"><script>'), ("PMID", "14663287"), ("DOI", "javascript:alert(1)"),
    ("DOI", "10.1097/x OR 1=1"), ("DOI", "10.1000/x"), ("issued", {"date-parts": [["x"]]}), ("issued", {"raw": 5}),
    ("container-title", "\x1b]52;c;aGk=\x07"), ("type", None), ("editor", "x"), ("page", "1-100000"),
)
CSL_NESTING = "["
"""A recipe part whose field index is past `CSL_FIELDS` nests the whole list in this many brackets."""
FORMATS = ("markdown", "latex", "jats", "bibtex", "csl-json", "csl-yaml", "manubot")


@dataclass
class Case:
    """Files to write (relative path -> text), the path to build, and the options of `citetrace build`."""

    files: dict[str, str]
    target: str
    options: list[str] = field(default_factory=list)

    def size(self) -> int:
        return sum(len(text.encode("utf-8")) for text in self.files.values())


def expand(fragments: tuple[str, ...], recipe: Recipe, budget: int) -> str:
    """The text of a recipe over `fragments`, cut at `budget` bytes of UTF-8."""
    parts: list[str] = []
    size = 0
    for index, repeat in recipe:
        fragment = fragments[index % len(fragments)]
        length = len(fragment.encode("utf-8"))
        count = min(repeat, max(0, (budget - size) // length))
        parts.append(fragment * count)
        size += length * count
    return "".join(parts)


def csl_items(recipe: Recipe, budget: int) -> tuple[list[dict], int]:
    """CSL items cited as k1, k2, ...: each recipe part sets a field of a new item, its value repeated; a part
    past the fields nests the list. Returns the items and the nesting depth."""
    items: list[dict] = []
    nesting = 0
    size = 0
    for index, repeat in recipe:
        slot = index % (len(CSL_FIELDS) + 1)
        if slot == len(CSL_FIELDS):
            nesting += min(repeat, 100_000)
            continue
        name, value = CSL_FIELDS[slot]
        room = max(1, (budget - size) // max(1, len(json.dumps(value))))
        count = min(repeat, room)
        if isinstance(value, str):
            value = value * count
        elif isinstance(value, list):
            value = value * count
        items.append({"id": f"k{len(items) + 1}", "title": "A title", name: value})
        size += len(json.dumps(items[-1]))
    return items, nesting


def citing_markdown(keys: int) -> str:
    return "---\ntitle: Citing\n---\n\n" + " ".join(f"Claim {n} [@k{n}]." for n in range(1, keys + 2)) + "\n"


def format_case(form: str, body: Recipe, extra: Recipe) -> Case:
    """A hostile case of format `form` from two recipes (the body's, and a second file's)."""
    half = MAX_BYTES // 2 - 1_000
    if form == "markdown":
        text = f"---\ntitle: {json.dumps(expand(MARKDOWN, extra, 2_000))}\n---\n\n{expand(MARKDOWN, body, half)}\n"
        return Case({"paper.md": text + "\nClaim [@k1].\n"}, "paper.md", ["--format", "markdown"])
    if form == "latex":
        main = ("\\documentclass{article}\n\\title{Hostile}\n\\begin{document}\n" + expand(LATEX, body, half)
                + "\n\\bibliography{refs}\n\\end{document}\n")
        refs = "@article{k1, title = {A title}, author = {Smith, J}, year = 2001}\n"
        return Case({"main.tex": main, "part.tex": expand(LATEX, extra, half), "refs.bib": refs}, "main.tex")
    if form == "jats":
        refs = "".join(f'<ref id="r{n}"><mixed-citation>Smith J. Title {n}. J Test 2000; 1:{n}.</mixed-citation></ref>'
                       for n in range(1, 4))
        text = ('<?xml version="1.0"?>\n<article><front><article-meta><title-group><article-title>Hostile'
                f"</article-title></title-group></article-meta></front><body><p>{expand(JATS, body, half)}</p>"
                f"<p>{expand(JATS, extra, half)}</p></body><back><ref-list>{refs}</ref-list></back></article>\n")
        return Case({"review.nxml": text}, "review.nxml")
    if form == "bibtex":
        bib = expand(BIBTEX, body, half) + "\n" + expand(BIBTEX, extra, half)
        return Case({"paper.md": citing_markdown(3), "refs.bib": bib}, "paper.md", ["--bib", "refs.bib"])
    if form in ("csl-json", "csl-yaml"):
        items, nesting = csl_items(body + extra, half)
        if form == "csl-json":
            text = "[" * nesting + json.dumps(items) + "]" * nesting
            name = "refs.json"
        else:
            text = "[" * nesting + yaml.safe_dump(items, allow_unicode=True)
            name = "refs.yaml"
        return Case({"paper.md": citing_markdown(len(items)), name: text}, "paper.md", ["--bib", name])
    if form == "manubot":
        metadata = f"title: {json.dumps(expand(MARKDOWN, extra, 200))}\nauthors: 5\n"
        return Case({"content/01.main.md": expand(MARKDOWN, body, half - 10_000) + "\n\nClaim [@pmid:14663287].\n",
                     "content/02.more.md": expand(MARKDOWN, extra, half - 10_000) + "\n",
                     "content/metadata.yaml": metadata,
                     "content/manual-references.json": json.dumps(csl_items(extra, 10_000)[0])},
                    "content")
    raise ValueError(f"no such format {form!r}")


def random_format_case(rng: random.Random, form: str) -> Case:
    """A seeded random case of `form`, made near a megabyte by one large repeat."""
    body = [(rng.randrange(100), rng.choice(REPEATS)) for _ in range(rng.randint(4, 12))]
    body.append((rng.randrange(100), 100_000))
    extra = [(rng.randrange(100), rng.choice(REPEATS)) for _ in range(rng.randint(0, 5))]
    return format_case(form, body, extra)


def _latex_fan_out() -> Case:
    main = "\\documentclass{article}\n\\begin{document}\n" + "\\input{b2}\n" * 100 + "\\end{document}\n"
    return Case({"main.tex": main, "b2.tex": "\\input{c2}\n" * 100,
                 "c2.tex": ("Some text of the chapter. " * 40 + "\n\n") * 48}, "main.tex")


def _jats(body: str) -> Case:
    return Case({"review.nxml": format_case("jats", [], []).files["review.nxml"].replace("<p></p>", f"<p>{body}</p>", 1)},
                "review.nxml")


def _markdown(body: str) -> Case:
    return Case({"paper.md": f"# Title\n\nText.\n{body}\n\nClaim [@k1].\n"}, "paper.md", ["--format", "markdown"])


def _doubling_bib(levels: int) -> Case:
    strings = ['@string{s0 = "xxxxxxxxxx"}'] + [f"@string{{s{n} = s{n - 1} # s{n - 1}}}" for n in range(1, levels + 1)]
    bib = "\n".join(strings) + f"\n@article{{k1, title = s{levels}, author = {{Smith, J}}, year = 2001}}\n"
    return Case({"paper.md": citing_markdown(1), "refs.bib": bib}, "paper.md", ["--bib", "refs.bib"])


FORMAT_WORST_CASES = {
    "BibTeX @string doubled 40 times": _doubling_bib(40),
    "LaTeX \\input fan-out (100 x 100 x 50 KB)": _latex_fan_out(),
    "LaTeX 330 nested environments": Case({"main.tex": "\\documentclass{article}\n\\begin{document}\n"
                                           + "\\begin{x}" * 330 + "t" + "\\end{x}" * 330 + "\n\\end{document}\n"},
                                          "main.tex"),
    "Markdown heading of 1 MB of spaces": _markdown("# a" + " " * 1_000_000 + "x"),
    "Markdown 500,000 backticks": _markdown("a " + "`" * 500_000 + " b ``"),
    "Markdown table rule of 1 MB of spaces": _markdown(" " * 1_000_000 + "x"),
    "Markdown [ and 1 MB of @": _markdown("[" + "@" * 1_000_000),
    "Markdown 250,000 unclosed <!--": _markdown("<!--" * 250_000),
    "Markdown link target of 1 MB": _markdown("[a](" + "x" * 1_000_000),
    "Markdown front matter of 1 MB": Case({"paper.md": "---\ntitle: T\nreferences:\n" + "".join(
        f"- id: k{n}\n  title: A title of item {n}\n" for n in range(23_000)) + "---\n\nClaim [@k1].\n"}, "paper.md"),
    "JATS 20,000 xrefs to an unknown rid": _jats("Claim [" + ",".join(
        '<xref ref-type="bibr" rid="nope">9</xref>' for _ in range(20_000)) + "]."),
    "JATS 20,000 'word word <xref>' in a paragraph": _jats(
        'word word <xref ref-type="bibr" rid="r1">1</xref> ' * 20_000),
    "CSL-JSON nested 100,000 deep": Case({"paper.md": citing_markdown(1), "refs.json": "[" * 100_000},
                                         "paper.md", ["--bib", "refs.json"]),
    "CSL-YAML nested 50,000 deep": Case({"paper.md": citing_markdown(1), "refs.yaml": "[" * 50_000},
                                        "paper.md", ["--bib", "refs.yaml"]),
}
"""The issue-22 inputs, scaled to about a megabyte where they were smaller."""
