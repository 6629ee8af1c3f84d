"""Reading a Pandoc Markdown manuscript: YAML front matter, paragraphs, and pandoc's citation syntax.

Citations: `[@key]`, `[@a; @b, p. 33]`, `[see @a]`, `[-@key]`, `@key` in running text (with an optional
`[p. 33]` locator after it) and `@{key with odd characters}`. pandoc-crossref references (`@fig:`, `@tbl:`,
`@sec:`, `@eq:`, `@lst:`) are not citations. Headings (only when they cite), list items, block quotes and
table rows are text; fenced or indented code (in a list item too), `<pre>` blocks, inline code and HTML
comments are not. Keys are numbered in
order of first citation, and only cited entries of the bibliography become references.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from citetrace.citations.bibliography import csl_items, load_yaml
from citetrace.citations.model import CitationGroup, Document, Reference
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_text
from citetrace.ingest.readers.manuscript import (
    Bibliographies,
    combined_digest,
    inside_folder,
    load_bibliographies,
    number_citations,
)

MAX_FRONT_MATTER_CHARS = 1_000_000
"""A title, authors and a few hundred inline references; YAML is read at about a megabyte a second, so a larger
front matter is refused rather than read for many seconds."""
CROSSREF_PREFIXES = ("fig:", "tbl:", "sec:", "eq:", "lst:")
_KEY = r"(?:\{[^{}\s]+\}|[\w](?:[\w]|[:.#$%&\-+?<>~/](?=[\w])|[:/](?=/))*)"
_IN_BRACKETS_KEY = re.compile(rf"(?:(?<=^)|(?<=[\s\[;]))-?@(?P<key>{_KEY})")
_TOKEN = re.compile(
    r"(?P<code>\ue000\ue001*)"
    r"|(?P<link>!?\[(?P<label>[^\[\]]*+)\]\((?P<target>[^()\s]*+(?:\([^()]*+\))?[^()]*+)\))"
    r"|(?P<autolink><(?:https?|ftp|mailto):[^>\s]++>)"
    r"|(?P<group>\[(?P<body>[^\[\]@]*+@[^\[\]]*+)\](?!\())"
    rf"|(?P<narrative>(?<![\w@\\])@(?P<nkey>{_KEY})(?:\s?\[(?P<locator>[^\[\]@]*)\](?!\())?)"
)
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)")
"""Emphasis delimiters (`*`, `**`, `_` at a word's edge), dropped one by one: pairing them up costs time that
grows with the square of a hostile line's length."""
_SPAN = re.compile(r"\[([^\[\]@]*)\]\{[^{}\n]*\}")
_ATTRIBUTES = re.compile(r"\{[#.][^{}\n]*\}")
"""pandoc attributes (`{#fig:survival}`, `{.underline}`) after an image, a span or a heading: not text."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!@$|~<>])")
_HEADING = re.compile(r"^(#{1,6})\s++(.*)$")
"""An ATX heading; its closing `#`s and attributes are cut off by `_heading_text`, not by the pattern, which
would try every split of a line of spaces (n^4)."""
_HEADING_ATTRIBUTES = re.compile(r"\{[^{}]*+\}$")
_TICKS = re.compile(r"`+")
_CODE_MASK, _CODE_FILL = "\ue000", "\ue001"
"""A code span is masked by these private-use characters (`_masked_code_spans`) before the inline tokens are
read, so its content is neither a citation nor a link, and the spans are found in one pass."""
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[*+-]|\d+[.)]|\(?[a-zA-Z#][.)])\s+")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_PRE = re.compile(r"^\s{0,3}<pre[\s>]", re.IGNORECASE)
"""A raw HTML block of code (`<pre>` up to `</pre>`): verbatim, like a fenced block."""
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*+\|?\s*+$")
"""A pipe table's rule (`|---|:--:|`); possessive, as a line of spaces would otherwise be tried every way."""
_RULE_CHARACTERS = frozenset("-=+: ")
"""What a simple or grid table's rule line (`------ ----`, `+---+===+`) is made of."""
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]^][^\]]*\]:\s+\S+")
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*(?:\n(?:[ \t]{2,}|\t).*)*)", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass
class Citation:
    """A citation as written in Markdown: its keys in order, at `start:end` of its paragraph."""

    start: int
    end: int
    text: str
    keys: list[str] = field(default_factory=list)
    narrative: bool = False


@dataclass
class MarkdownText:
    """A manuscript's text before its keys are numbered: front matter, paragraphs and their citations."""

    title: str | None
    authors: list[str]
    bibliographies: list[tuple[str, int]]
    """Each bibliography the front matter names, with the line that names it."""
    inline_references: dict[str, Reference]
    paragraphs: list[str]
    sections: list[str | None]
    citations: list[list[Citation]]
    article_type: str | None = None
    """What the front matter says the manuscript is (`article-type:` or `type:`, as JATS names it), else None."""


def parse_markdown(text: str, path: str) -> MarkdownText:
    """Split a Pandoc Markdown manuscript into front matter, paragraphs and citations."""
    metadata, body = _front_matter(text, path)
    paragraphs: list[str] = []
    sections: list[str | None] = []
    citations: list[list[Citation]] = []
    section: str | None = None
    for kind, block in _blocks(_inline_footnotes(_without_comments(body))):
        plain, found = inline_text(block)
        if kind == "heading":
            section = plain
            if not found:
                continue
        if plain:
            paragraphs.append(plain)
            sections.append(section)
            citations.append(found)
    bibliography = metadata.get("bibliography")
    named = [bibliography] if isinstance(bibliography, str) else bibliography if isinstance(bibliography, list) else []
    inline, _failures = csl_items(metadata.get("references") or [], "a list of CSL items")
    return MarkdownText(
        title=_plain_string(metadata.get("title")),
        authors=_authors(metadata.get("author") or metadata.get("authors")),
        bibliographies=[(str(name), _line_naming(text, str(name))) for name in named if name],
        inline_references=inline,
        paragraphs=paragraphs,
        sections=sections,
        citations=citations,
        article_type=_plain_string(metadata.get("article-type") or metadata.get("type")),
    )


def manuscript_document(
    parsed: MarkdownText, bibliographies: Bibliographies, path: str, fallback_title: str
) -> Document:
    """The Document of a parsed manuscript: its cited keys numbered in order of first citation."""
    keys = [key for paragraph in parsed.citations for citation in paragraph for key in citation.keys]
    references, numbers, warnings = number_citations(
        keys, {**bibliographies.entries, **parsed.inline_references}, path, bibliographies.problems
    )
    groups = [
        [CitationGroup(c.start, c.end, c.text, [numbers[k] for k in dict.fromkeys(c.keys)], list(c.keys), c.narrative)
         for c in paragraph]
        for paragraph in parsed.citations
    ]
    return Document(
        path=path,
        title=parsed.title or fallback_title,
        contributors=[{"name": name, "degrees": "", "role": "Author"} for name in parsed.authors],
        paragraphs=parsed.paragraphs,
        format="markdown",
        article_type=parsed.article_type,
        references=references,
        citation_groups=groups,
        sections=parsed.sections,
        warnings=warnings,
    )


def _inline_footnotes(body: str) -> str:
    """Footnote definitions (`[^1]: text`) moved to where they are referenced, as inline notes (`^[text]`), so
    their citations come in reading order, as pandoc places them."""
    notes = {m.group("label"): " ".join(m.group("text").split()) for m in _FOOTNOTE_DEFINITION.finditer(body)}
    if not notes:
        return body
    body = _FOOTNOTE_DEFINITION.sub("", body)
    return re.sub(r"\[\^([^\]\s]+)\]", lambda m: f"^[{notes[m.group(1)]}]" if m.group(1) in notes else m.group(), body)


def _without_comments(body: str) -> str:
    """`body` with each HTML comment (`<!--` to the next `-->`) replaced by its line breaks, so later line numbers
    stay right; an unclosed comment is text. One pass: 25,000 unclosed `<!--` are not each searched to the end."""
    pieces: list[str] = []
    cursor = 0
    while (start := body.find("<!--", cursor)) >= 0:
        end = body.find("-->", start + 4)
        if end < 0:
            break
        pieces += [body[cursor:start], "\n" * body.count("\n", start, end)]
        cursor = end + 3
    pieces.append(body[cursor:])
    return "".join(pieces)


def _front_matter(text: str, path: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    if len(match.group("yaml")) > MAX_FRONT_MATTER_CHARS:
        raise InputError(path, f"front matter is {len(match.group('yaml')) / 1e6:.1f} MB; at most "
                         f"{MAX_FRONT_MATTER_CHARS // 10**6} MB is read (name a bibliography file instead)", 1)
    try:
        metadata = next(iter(load_yaml(match.group("yaml"))), None)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(path, f"front matter is not valid YAML: {getattr(error, 'problem', None) or error}",
                         mark.line + 2 if mark else 1) from None
    body = text[match.end():]
    return (metadata if isinstance(metadata, dict) else {}), body


def _line_naming(text: str, name: str) -> int:
    position = text.find(name)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _plain_string(value: object) -> str | None:
    if isinstance(value, str):
        return " ".join(inline_text(value)[0].split()) or None
    return None


def _authors(value: object) -> list[str]:
    """Pandoc's `author:` as a string, a list of strings, or a list of mappings with `name`."""
    if isinstance(value, str):
        return [value]
    names = []
    for author in value if isinstance(value, list) else []:
        if isinstance(author, str):
            names.append(author)
        elif isinstance(author, dict) and isinstance(author.get("name"), str):
            names.append(author["name"])
        elif isinstance(author, dict) and len(author) == 1 and isinstance(next(iter(author)), str):
            names.append(next(iter(author)))
    return names


def _blocks(body: str) -> list[tuple[str, str]]:
    """(kind, text) of each text block: headings, paragraphs, list items, quotes and table rows; no code."""
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    fence: str | None = None
    previous_blank = True
    in_list = False

    def close() -> None:
        if current:
            blocks.append(("paragraph", " ".join(line.strip() for line in current)))
            current.clear()

    for line in body.splitlines():
        if fence:
            if fence == "</pre>" and fence in line.lower() or _closes_fence(line, fence):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening or _PRE.match(line):
            close()
            fence = opening.group(1) if opening else "</pre>"
            if not opening and "</pre>" in line.lower():
                fence = None
            continue
        if not line.strip():
            close()
            previous_blank = True
            continue
        code_indent = ("        ", "\t    ", "\t\t") if in_list else ("    ", "\t")
        if previous_blank and line.startswith(code_indent) or _LINK_DEFINITION.match(line):
            continue
        line = _QUOTE.sub("", line)
        heading = _HEADING.match(line)
        if heading:
            close()
            blocks.append(("heading", _heading_text(heading.group(2))))
        elif _LIST_ITEM.match(line):
            close()
            current.append(_LIST_ITEM.sub("", line))
            in_list = True
        elif _TABLE_RULE.match(line) or _is_rule_line(line):
            close()
        elif line.lstrip().startswith("|"):
            close()
            blocks.append(("paragraph", " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))))
        else:
            in_list = in_list and line.startswith((" ", "\t"))
            current.append(line)
        previous_blank = False
    close()
    return blocks


def _heading_text(written: str) -> str:
    """A heading's text without its closing `#`s and its attributes (`## Methods ## {#sec:methods}`)."""
    text = written.rstrip()
    attributes = _HEADING_ATTRIBUTES.search(text) if text.endswith("}") else None
    if attributes:
        text = text[: attributes.start()].rstrip()
    return text.rstrip("#").rstrip()


def _is_rule_line(line: str) -> bool:
    """A simple or grid table's rule: six or more of `-=+: ` and nothing else but white space around them."""
    core = line.strip()
    return bool(core) and set(core) <= _RULE_CHARACTERS and len(line.strip("\t\n\r\f\v")) >= 6


def _masked_code_spans(block: str) -> str:
    """`block` with each code span (a run of backticks up to the next run of exactly as many, CommonMark)
    replaced by `_CODE_MASK` and `_CODE_FILL`s of the same length; an unclosed run stays as it is."""
    if "`" not in block:
        return block
    runs = [(match.start(), match.end()) for match in _TICKS.finditer(block)]
    closer: list[int | None] = [None] * len(runs)
    last_of_length: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        closer[index] = last_of_length.get(length)
        last_of_length[length] = index
    pieces: list[str] = []
    cursor = index = 0
    while index < len(runs):
        close = closer[index]
        if close is None:
            index += 1
            continue
        start, end = runs[index][0], runs[close][1]
        pieces += [block[cursor:start], _CODE_MASK + _CODE_FILL * (end - start - 1)]
        cursor, index = end, close + 1
    pieces.append(block[cursor:])
    return "".join(pieces)


def _closes_fence(line: str, fence: str) -> bool:
    """A closing fence: the opening's character, at least as many of them, nothing after (CommonMark)."""
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def inline_text(block: str) -> tuple[str, list[Citation]]:
    """A block's plain text (links as their text, emphasis and code marks dropped) and its citations."""
    pieces: list[str] = []
    citations: list[Citation] = []
    length = 0
    cursor = 0

    def add(text: str) -> None:
        nonlocal length
        pieces.append(text)
        length += len(text)

    for match in _TOKEN.finditer(_masked_code_spans(block)):
        add(_plain(block[cursor : match.start()]))
        cursor = match.end()
        written = block[match.start() : match.end()]
        if match.group("code"):
            add(written.strip("`").strip())
        elif match.group("link"):
            label, inner = inline_text(block[match.start("label") : match.end("label")])
            citations += [Citation(length + c.start, length + c.end, c.text, c.keys, c.narrative) for c in inner]
            add(label)
        elif match.group("autolink"):
            add(written[1:-1])
        else:
            keys = _keys(match)
            if not keys:
                add(_plain(written))
                continue
            citations.append(Citation(length, length + len(written), written, keys, bool(match.group("narrative"))))
            add(written)
    add(_plain(block[cursor:]))
    text = "".join(pieces)
    stripped = text.strip()
    shift = len(text) - len(text.lstrip())
    for citation in citations:
        citation.start -= shift
        citation.end -= shift
    return stripped, citations


def _keys(match: re.Match[str]) -> list[str]:
    """The citation keys of a bracketed group or a narrative citation, without crossref labels."""
    if match.group("narrative"):
        keys = [match.group("nkey")]
    else:
        keys = [m.group("key") for m in _IN_BRACKETS_KEY.finditer(match.group("body"))]
    keys = [key[1:-1] if key.startswith("{") else key for key in keys]
    return [key for key in keys if not key.startswith(CROSSREF_PREFIXES)]


def _plain(text: str) -> str:
    """Markdown inline marks dropped from a stretch of text with no link, code or citation in it."""
    return _ESCAPE.sub(r"\1", _EMPHASIS.sub("", _ATTRIBUTES.sub("", _SPAN.sub(r"\1", text))))


def looks_like_markdown(head: str) -> bool:
    """YAML front matter, an ATX heading or a pandoc citation near the start of the file."""
    return bool(_FRONT_MATTER.match(head) or re.search(r"^#{1,6}\s+\S", head, re.MULTILINE)
                or re.search(r"\[-?@\w", head))


def read_markdown(path: Path, bibliographies: list[Path]) -> Document:
    """Read a Markdown manuscript and the bibliographies it names (relative to it) or that are given."""
    text, digest = read_text(path, "a Markdown manuscript")
    name = str(path)
    parsed = parse_markdown(text, name)
    named = [(inside_folder(path.parent, file, (name, line), "bibliography"), (name, line))
             for file, line in parsed.bibliographies]
    loaded = load_bibliographies(named + [(Path(b), None) for b in bibliographies])
    document = manuscript_document(parsed, loaded, name, path.stem)
    document.sha256 = combined_digest([digest, *loaded.digests])
    return document
