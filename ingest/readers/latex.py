"""Reading a LaTeX manuscript: its `\\input`/`\\include` files, paragraphs as plain text, and its citations.

Citations are natbib's and biblatex's commands (`\\cite`, `\\citep`, `\\citet`, `\\citealp`, `\\citealt`,
`\\parencite`, `\\textcite`, `\\autocite`, `\\supercite`, `\\footcite`, capitalised and starred forms) with their
optional arguments (`\\cite[p.~3]{k}`, `\\citep[see][]{a,b}`), and biblatex's multicite commands (`\\cites`,
`\\parencites`, ...: `\\cites[p.~3]{a}{b,c}`), written in the text as they stand in the source.
The bibliography is what `\\bibliography{a,b}` or `\\addbibresource{x.bib}` names, or a `thebibliography`
list whose `\\bibitem`s go through the reference-string parser.

Decisions:
- `\\input` (also TeX's brace-less `\\input file`) and `\\include` are followed relative to the main file's
  folder (as LaTeX does) and never outside it; a file that includes itself, directly or not, is refused with the line that closes the loop.
- Comments and `\\iffalse ... \\fi` are dropped before anything else is read.
- Text becomes plain text through pylatexenc (`citations.latex_encoding.decode`); each citation stands as a placeholder
  while it is decoded, so its place in the plain text is exact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from citetrace.citations.latex_encoding import decode
from citetrace.citations.model import CitationGroup, Document, Reference
from citetrace.citations.references import parse_reference
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_text
from citetrace.ingest.readers.manuscript import combined_digest, inside_folder, load_bibliographies, number_citations

CITE_COMMANDS = ("cite", "citep", "citet", "citealp", "citealt", "parencite", "textcite", "autocite",
                 "supercite", "footcite", "Cite", "Citep", "Citet", "Citealp", "Citealt", "Parencite", "Textcite",
                 "Autocite")
TEXTUAL_COMMANDS = frozenset({"citet", "Citet", "textcite", "Textcite", "textcites", "Textcites"})
"""Commands that write the authors into the sentence ("Smith et al. (2020) showed"): narrative citations."""
_CITE = re.compile(
    rf"\\(?P<command>{'|'.join(sorted(CITE_COMMANDS, key=len, reverse=True))})\*?(?![A-Za-z])"
    r"(?:\s*\[[^\[\]]*\]){0,2}\s*\{(?P<keys>[^{}]*)\}"
)
MULTI_CITE_COMMANDS = ("cites", "parencites", "textcites", "autocites", "footcites", "supercites", "smartcites",
                       "Cites", "Parencites", "Textcites", "Autocites", "Smartcites")
"""biblatex's multicite commands: `\\cites(pre)(post)[p.~3]{a}[see][]{b,c}`, one citation of every key."""
_MULTI_CITE = re.compile(
    rf"\\(?P<command>{'|'.join(sorted(MULTI_CITE_COMMANDS, key=len, reverse=True))})(?![A-Za-z])"
    r"(?:\([^()]*\)){0,2}(?P<groups>(?:\s*(?:\[[^\[\]]*\]\s*){0,2}\{[^{}]*\})+)"
)
_GROUP_KEYS = re.compile(r"\{([^{}]*)\}")
_INPUT = re.compile(
    r"\\(?:input|include)(?![A-Za-z])\s*\{(?P<name>[^{}]+)\}"
    r"|\\input[ \t]+(?P<bare>[^\s{}\\%]+)"
)
"""`\\input{file}`, `\\include{file}`, and TeX's own `\\input file` (the name ends at a space)."""
_COMMENT = re.compile(r"(?<!\\)%.*")
_IF_TOKEN = re.compile(r"\\(?P<if>if[a-zA-Z@]*)(?![a-zA-Z@])|\\fi(?![a-zA-Z@])")
_SECTION = re.compile(r"\\(?:part|chapter|section|subsection|subsubsection|paragraph)\*?\s*(?:\[[^\]]*\])?\s*\{")
_BIBLIOGRAPHY = re.compile(r"\\(?P<command>bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{(?P<names>[^{}]+)\}")
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[[^\]]*\])?\s*\{(?P<key>[^{}]+)\}")
_THEBIBLIOGRAPHY = re.compile(r"\\begin\{thebibliography\}.*?\\end\{thebibliography\}", re.DOTALL)
_DROPPED_ENVIRONMENTS = re.compile(
    r"\\begin\{(?P<env>equation|align|gather|multline|eqnarray|verbatim|lstlisting|minted|tikzpicture|comment)"
    r"\*?\}.*?\\end\{(?P=env)\*?\}",
    re.DOTALL,
)
_ITEM = re.compile(r"\\item(?![A-Za-z])(?:\s*\[[^\]]*\])?")
_STRUCTURE = re.compile(
    r"\\(?:begin|end)\{(?:itemize|enumerate|description|abstract|quote|quotation|center|figure|table|"
    r"document)\*?\}(?:\[[^\]]*\])?|\\(?:maketitle|tableofcontents|printbibliography|newpage|clearpage|noindent)"
    r"(?![A-Za-z])|\\(?:label|bibliographystyle|bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{[^{}]*\}"
)
_PLACEHOLDER = re.compile(r"CTCITE(\d+)X")
DECODE_PIECE_CHARS = 10_000
"""pylatexenc gathers a run of characters by string concatenation, which is quadratic in the run's length (44 s
for a 500 KB paragraph of citations); a paragraph longer than this is decoded a piece at a time."""
_SAFE_CUT = re.compile(r"\s|CTCITE\d+X")
_OPEN_COMMAND = re.compile(r"\\[A-Za-z@]*$")
"""A control sequence that a cut at the end of the search would split."""
_SPACES = re.compile(r"\s+")
MAX_INCLUDE_DEPTH = 20
MAX_EXPANDED_BYTES = 2 * 2**20
"""A thesis with every chapter input is about a megabyte of LaTeX; 100 `\\input{b}` of 100 `\\input{c}` of 50 KB
(53 KB on disk) would be 500 MB, so the text spliced together is refused past this size, not only past a depth."""
MAX_BRACE_DEPTH = 100
"""Groups and environments nest a handful deep in a manuscript; pylatexenc parses them recursively, so deeper is
refused."""
_BRACE = re.compile(r"(?<!\\)(?:(?P<open>\{)|\})")
_ENVIRONMENT = re.compile(r"\\(?:(?P<open>begin)|end)\s*\{")


@dataclass
class _Source:
    """The manuscript's text with its inputs spliced in, and the digest of every file read."""

    text: str
    digests: list[str] = field(default_factory=list)
    size: int = 0
    """Characters read so far, every file counted each time it is input."""


def looks_like_latex(head: str) -> bool:
    """A document class, a document environment or a sectioning or citing command near the start."""
    return bool(re.search(r"\\(documentclass|begin\{document\}|section\*?\{|chapter\{|input\{|cite[pt]?\{)", head))


def read_latex(path: Path, bibliographies: list[Path]) -> Document:
    """Read a LaTeX manuscript, its inputs and the bibliographies it names (or that are given)."""
    root = path.resolve().parent
    source = _Source("")
    source.text = _expand(path, root, [], source)
    body, preamble = _split_preamble(source.text)
    named = []
    for match in _BIBLIOGRAPHY.finditer(source.text):
        for name in match.group("names").split(","):
            name = name.strip()
            file = name if match.group("command") == "addbibresource" or name.endswith(".bib") else f"{name}.bib"
            named_at = (str(path), _line_in(path, match.group()))
            named.append((inside_folder(root, file, named_at, "bibliography"), named_at))
    loaded = load_bibliographies(named + [(Path(b), None) for b in bibliographies])
    bibitems = _bibitems(body)
    paragraphs, sections, citations = parse_latex_body(_THEBIBLIOGRAPHY.sub("", body))
    keys = [key for paragraph in citations for group in paragraph for key in group.keys]
    references, numbers, warnings = number_citations(keys, {**bibitems, **loaded.entries}, str(path), loaded.problems)
    for paragraph in citations:
        for group in paragraph:
            group.refs = [numbers[key] for key in dict.fromkeys(group.keys)]
    return Document(
        path=str(path),
        title=_macro_argument(preamble + body, "title") or path.stem,
        contributors=[{"name": name, "degrees": "", "role": "Author"} for name in _authors(preamble + body)],
        paragraphs=paragraphs,
        format="latex",
        article_type=_macro_argument(preamble, "articletype") or _macro_argument(preamble, "Type"),
        references=references,
        citation_groups=citations,
        sections=sections,
        sha256=combined_digest(source.digests + loaded.digests),
        warnings=warnings,
    )


def _expand(path: Path, root: Path, stack: list[Path], source: _Source) -> str:
    """The text of `path` without comments or `\\iffalse` blocks, with every `\\input`/`\\include` spliced in."""
    text, digest = read_text(path, "a LaTeX manuscript")
    source.digests.append(digest)
    source.size += len(text)
    text = strip_comments(text)
    for what, pattern in (("braces", _BRACE), ("environments", _ENVIRONMENT)):
        too_deep = _depth_exceeded(text, pattern, MAX_BRACE_DEPTH)
        if too_deep is not None:
            raise InputError(str(path), f"{what} nested more than {MAX_BRACE_DEPTH} deep", text.count("\n", 0, too_deep) + 1)
    resolved = path.resolve()
    stack = [*stack, resolved]
    pieces = []
    cursor = 0
    for match in _INPUT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        name = (match.group("name") or match.group("bare")).strip()
        written = name if Path(name).suffix else f"{name}.tex"
        target = inside_folder(root, written, (str(path), line), "\\input").resolve()
        if target in stack:
            raise InputError(str(path), f"\\input {name} includes itself (a loop through {target.name})", line)
        if not target.is_file():
            raise InputError(str(path), f"\\input {name}: no such file {target}", line)
        if len(stack) > MAX_INCLUDE_DEPTH:
            raise InputError(str(path), f"\\input nested more than {MAX_INCLUDE_DEPTH} deep", line)
        if source.size + target.stat().st_size > MAX_EXPANDED_BYTES:
            raise InputError(str(path), f"the manuscript with its \\input files is past "
                             f"{MAX_EXPANDED_BYTES // 2**20} MB; not read further", line)
        pieces += [text[cursor : match.start()], _expand(target, root, stack, source)]
        cursor = match.end()
    pieces.append(text[cursor:])
    return "".join(pieces)


def _depth_exceeded(text: str, pattern: re.Pattern[str], limit: int) -> int | None:
    """The position where the openings `pattern` finds (its group `open`) first nest more than `limit` deep
    among its closings, or None."""
    depth = 0
    for match in pattern.finditer(text):
        depth += 1 if match.group("open") else -1
        if depth > limit:
            return match.start()
    return None


def strip_comments(text: str) -> str:
    """`text` without `%` comments and `\\iffalse ... \\fi` blocks (nested conditionals counted); lines kept."""
    text = _COMMENT.sub("", text)
    out: list[str] = []
    cursor = 0
    skipping_from: int | None = None
    depth = 0
    for match in _IF_TOKEN.finditer(text):
        if skipping_from is None:
            if match.group("if") == "iffalse":
                out.append(text[cursor : match.start()])
                skipping_from, depth = match.start(), 1
        elif match.group("if"):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                out.append("\n" * text.count("\n", skipping_from, match.end()))
                cursor, skipping_from = match.end(), None
    out.append(text[cursor:] if skipping_from is None else "\n" * text.count("\n", skipping_from))
    return "".join(out)


def _split_preamble(text: str) -> tuple[str, str]:
    """(body, preamble): what `\\begin{document}` ... `\\end{document}` holds, or all of it."""
    begin = text.find("\\begin{document}")
    if begin < 0:
        return text, ""
    end = text.find("\\end{document}", begin)
    return text[begin : end if end >= 0 else len(text)], text[:begin]


def parse_latex_body(body: str) -> tuple[list[str], list[str | None], list[list[CitationGroup]]]:
    """Paragraphs as plain text, their section titles, and their citation groups (keys known, not yet numbered)."""
    body = _DROPPED_ENVIRONMENTS.sub("", body)
    paragraphs: list[str] = []
    sections: list[str | None] = []
    citations: list[list[CitationGroup]] = []
    section: str | None = None
    for block in _blocks(body):
        if block.startswith("\x00section"):
            section = _plain(block[len("\x00section"):])
            continue
        text, found = _decode_with_citations(block)
        if text:
            paragraphs.append(text)
            sections.append(section)
            citations.append(found)
    return paragraphs, sections, citations


def _blocks(body: str) -> list[str]:
    """Paragraphs (blank-line separated), list items, and section titles marked with a NUL prefix. A title whose
    brace is never closed ends with its line (TeX would stop at the paragraph), and a sectioning command inside a
    title is part of it: one pass over the braces, however many titles are left open."""
    marked = _ITEM.sub("\n\n", _STRUCTURE.sub("\n\n", body))
    pairs = _brace_pairs(marked)
    blocks: list[str] = []
    cursor = 0
    for match in _SECTION.finditer(marked):
        if match.start() < cursor:
            continue
        close = pairs.get(match.end() - 1)
        if close is None:
            line_end = marked.find("\n", match.end())
            close = len(marked) if line_end < 0 else line_end
        blocks += re.split(r"\n\s*\n", marked[cursor : match.start()])
        blocks.append("\x00section" + marked[match.end() : close])
        cursor = close + 1
    blocks += re.split(r"\n\s*\n", marked[cursor:])
    return [block.strip() for block in blocks if block.strip()]


def _brace_pairs(text: str) -> dict[int, int]:
    """The position of each unescaped opening brace's closing brace (unclosed ones left out)."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    for match in _BRACE.finditer(text):
        if match.group("open"):
            opened.append(match.start())
        elif opened:
            pairs[opened.pop()] = match.start()
    return pairs


def _closing_brace(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "{" and text[index - 1] != "\\":
            depth += 1
        elif text[index] == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    return len(text)


def _decode_with_citations(block: str) -> tuple[str, list[CitationGroup]]:
    """A block's plain text with each citation command written as in the source, and where each stands."""
    written: list[tuple[str, list[str], bool]] = []

    def hold(match: re.Match[str]) -> str:
        braced = _GROUP_KEYS.findall(match.group("groups")) if "groups" in match.groupdict() else [match.group("keys")]
        keys = [key.strip() for keys in braced for key in keys.split(",") if key.strip()]
        written.append((_SPACES.sub(" ", match.group()), keys, match.group("command") in TEXTUAL_COMMANDS))
        return f"CTCITE{len(written) - 1}X"

    plain = _plain(_CITE.sub(hold, _MULTI_CITE.sub(hold, block)))
    text: list[str] = []
    found: list[CitationGroup] = []
    length = cursor = 0
    for match in _PLACEHOLDER.finditer(plain):
        before = plain[cursor : match.start()]
        citation, keys, narrative = written[int(match.group(1))]
        text += [before, citation]
        start = length + len(before)
        found.append(CitationGroup(start, start + len(citation), citation, keys=keys, narrative=narrative))
        length += len(before) + len(citation)
        cursor = match.end()
    text.append(plain[cursor:])
    return "".join(text), [group for group in found if group.keys]


def _plain(latex: str) -> str:
    """LaTeX as plain text on one line (pylatexenc), non-breaking spaces as spaces."""
    text = "".join(decode(piece) for piece in _pieces(latex))
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def _pieces(latex: str, size: int = DECODE_PIECE_CHARS) -> list[str]:
    """`latex` cut into pieces of about `size` characters, each after white space or a citation placeholder
    (or, with none near, before a control sequence), so pylatexenc never decodes one long run at once."""
    pieces: list[str] = []
    start = 0
    while len(latex) - start > size:
        cut = start + size
        safe = _SAFE_CUT.search(latex, cut, cut + 1_000)
        if safe:
            cut = safe.end()
        else:
            command = _OPEN_COMMAND.search(latex, max(start, cut - 100), cut)
            cut = command.start() if command and command.start() > start else cut
        pieces.append(latex[start:cut])
        start = cut
    pieces.append(latex[start:])
    return pieces


def _bibitems(body: str) -> dict[str, Reference]:
    """The entries of a `thebibliography` list by key, read by the reference-string parser."""
    entries: dict[str, Reference] = {}
    for environment in _THEBIBLIOGRAPHY.finditer(body):
        items = list(_BIBITEM.finditer(environment.group()))
        for index, item in enumerate(items):
            end = items[index + 1].start() if index + 1 < len(items) else environment.group().rfind("\\end")
            raw = _plain(environment.group()[item.end() : end])
            reference = parse_reference(raw, index + 1)
            reference.key = item.group("key").strip()
            entries[reference.key] = reference
    return entries


def _macro_argument(text: str, name: str) -> str | None:
    match = re.search(rf"\\{name}\s*(?:\[[^\]]*\])?\s*\{{", text)
    if not match:
        return None
    return _plain(text[match.end() : _closing_brace(text, match.end() - 1)]) or None


def _authors(text: str) -> list[str]:
    match = re.search(r"\\author\s*(?:\[[^\]]*\])?\s*\{", text)
    if not match:
        return []
    value = text[match.end() : _closing_brace(text, match.end() - 1)]
    value = re.sub(r"\\(?:thanks|footnote|inst|affil)\s*\{[^{}]*\}", "", value)
    return [name for name in (_plain(part) for part in re.split(r"\\and(?![A-Za-z])|\\\\", value)) if name]


def _line_in(path: Path, command: str) -> int:
    """The line of `command` in the main file, or 1 when it came from an included file."""
    text, _digest = read_text(path, "a LaTeX manuscript")
    position = text.find(command)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1
