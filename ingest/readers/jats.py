"""Reading a PubMed Central JATS article (`.nxml`, or a `<pmc-articleset>` as EFetch from db=pmc returns it).

The structure is in the tags, so nothing is guessed: front matter from `<article-meta>`, paragraphs from the
body (list items, figure and table captions included, section titles kept as context), every
`<xref ref-type="bibr">` a citation, and each `<ref>` read from its tags. Only a `<mixed-citation>` with no
field tags goes through the reference-string parser.

Decisions:
- Adjacent xrefs separated only by a comma, semicolon or dash are one citation group, written with the
  brackets or parentheses that enclose them ("[1]-[5]", "(Hites 2004; Law et al. 2003)"); a dash between two
  xrefs is a range and cites every reference numbered between them.
- References are numbered by their `<label>` when every label is a distinct number, else in list order.
- A group right after "et al." is part of its sentence ("Reisine et al. [2] developed ..."): its claim is the
  clause around it, not the words before it.
- Xrefs inside a table body are linked to the table's caption: the caption is the claim they support.
- An xref with no text (the publisher prints the number) is written as the number it cites.
- `citations.raw` is the citation as printed: a `<mixed-citation>`'s text and punctuation, or, for a
  citation that prints nothing between its tags, its fields written out as a Vancouver reference.
- A `<ref>` of several citations keeps them all (the further ones numbered after the list); a
  `<sub-article>`'s text and references follow the article's, its references numbered after the article's.
- The parser is hardened (defusedxml): an entity declaration (an XML bomb) or an external entity is refused,
  no DTD is loaded and nothing is fetched.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from citetrace.citations.claims import quote
from citetrace.citations.matching import as_doi, as_pmid
from citetrace.citations.model import Author, CitationGroup, Document, Reference
from citetrace.citations.names import written_initials
from citetrace.citations.reference_string import reference_string
from citetrace.citations.references import parse_reference
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_text

_BETWEEN_IN_GROUP = re.compile(r"^\s*([,;\u2013\u2014\u2012\u2010\u2011-])?\s*$")
_RANGE_DASH = re.compile(r"[\u2013\u2014\u2012\u2010\u2011-]")
_OPENERS = {"[": "]", "(": ")"}
_AFTER_AUTHORS = re.compile(r"\bet al\.?\s*$")
_AFTER_AUTHORS_REACH = 40
"""How far before a citation `_AFTER_AUTHORS` looks: searched from the paragraph's start, 20,000 citations in
one paragraph cost seconds each."""
"""A group right after "et al." names its authors in the sentence ("Reisine et al. [2] developed ..."): narrative."""
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^\D{0,2}(\d{1,4})\D{0,2}$")
_BLOCKS = frozenset({"list", "table-wrap", "fig", "disp-quote", "boxed-text", "table-wrap-group", "fig-group",
                     "def-list", "disp-formula", "supplementary-material", "table"})
"""Elements inside a `<p>` that are paragraphs of their own, not part of its sentence."""
_SKIPPED = frozenset({"ref-list", "fn-group", "glossary", "notes"})
_CITATIONS = ("element-citation", "mixed-citation", "citation", "nlm-citation")
_FIELD_TAGS = frozenset({"person-group", "name", "string-name", "collab", "article-title", "source",
                         "chapter-title"})
"""Tags that say who wrote what where; a citation with none of them (at most a year or a pub-id tagged) is
read from its text."""
PUBLICATION_TYPES = {
    "journal": "article-journal",
    "book": "book",
    "confproc": "paper-conference",
    "conf-proc": "paper-conference",
    "thesis": "thesis",
    "report": "report",
    "patent": "patent",
    "web": "webpage",
    "webpage": "webpage",
    "software": "software",
    "data": "dataset",
    "dataset": "dataset",
}
MAX_DEPTH = 200
"""Real articles nest a few dozen elements deep; the reader walks the tree recursively, so deeper is refused."""
MAX_RANGE = 50
"""An xref range wider than this is read as two citations, not as every reference between them."""


@dataclass
class _Piece:
    """A paragraph being assembled: its text so far and the bibr xrefs in it (offset, end, rids)."""

    text: list[str] = field(default_factory=list)
    length: int = 0
    xrefs: list[tuple[int, int, list[str]]] = field(default_factory=list)

    def add(self, text: str | None) -> None:
        if text:
            self.text.append(text)
            self.length += len(text)


def read_jats(path: Path) -> list[Document]:
    """Read a JATS file: one Document per article, each with the file's SHA-256."""
    text, digest = read_text(path, "a JATS article")
    documents = parse_jats(text, str(path))
    for document in documents:
        document.sha256 = digest
    return documents


def parse_jats(text: str, path: str) -> list[Document]:
    """One Document per `<article>` of a JATS file (a `<pmc-articleset>` may hold several)."""
    root = _parse_xml(text, path)
    if _deeper_than(root, MAX_DEPTH):
        raise InputError(path, f"elements nested more than {MAX_DEPTH} deep (a JATS article nests a few dozen)")
    articles = [root] if _tag(root) == "article" else [e for e in root.iter() if _tag(e) == "article"]
    if not articles:
        raise InputError(path, f"<{_tag(root)}> is not a JATS <article> or <pmc-articleset>", 1)
    return [_article(article, path) for article in articles]


def looks_like_jats(head: str) -> bool:
    """Whether the start of a file is a JATS article or a PMC article set."""
    return bool(re.search(r"<(article|pmc-articleset)[\s>]", head)) and (
        "JATS" in head or "NLM" in head or "<pmc-articleset" in head or "article-type=" in head
        or "<front>" in head or "dtd-version" in head
    )


def _deeper_than(root: ET.Element, limit: int) -> bool:
    """Whether elements nest more than `limit` deep, found without recursion (the tree may be hostile)."""
    stack = [(root, 1)]
    while stack:
        element, level = stack.pop()
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in element)
    return False


def _parse_xml(text: str, path: str) -> ET.Element:
    try:
        return fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise InputError(path, f"refused: {type(error).__name__} (entity declarations and external "
                               "references are not read)", _entity_line(text)) from None
    except ET.ParseError as error:
        line, _column = error.position
        raise InputError(path, f"malformed XML: {str(error).split(':')[0]}", line) from None


def _entity_line(text: str) -> int | None:
    """The line of the first DOCTYPE entity declaration, where defusedxml gives no position."""
    marker = re.search(r"<!ENTITY", text)
    return text.count("\n", 0, marker.start()) + 1 if marker else None


def _tag(element: ET.Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _tag(child) == name]


def _first(element: ET.Element | None, *path: str) -> ET.Element | None:
    """The first descendant reached through the tags of `path` (each a child of the previous)."""
    current = element
    for name in path:
        if current is None:
            return None
        current = next((child for child in current if _tag(child) == name), None)
    return current


def _find(element: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in element.iter() if _tag(e) == name), None)


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    text = _SPACE.sub(" ", "".join(element.itertext())).strip()
    return text or None


def _article(article: ET.Element, path: str) -> Document:
    meta = _find(article, "article-meta")
    journal_meta = _find(article, "journal-meta")
    if meta is None:
        raise InputError(path, "JATS article without <article-meta>")
    ids = {(e.get("pub-id-type") or ""): _text(e) for e in _children(meta, "article-id")}
    pmcid = ids.get("pmc") or ids.get("pmcid")
    parts = [article, *_sub_articles(article)]
    references = _references(parts)
    numbers: dict[str, list[int]] = {}
    for ref_id, ref in references:
        numbers.setdefault(ref_id, []).append(ref.number)
    _write_empty_xrefs(article, numbers)
    paragraphs: list[str] = []
    sections: list[str | None] = []
    groups: list[list[CitationGroup]] = []
    warnings: list[str] = []
    for part in parts:
        title = None if part is article else _text(_first(part, "front-stub", "title-group", "article-title"))
        roots = [e for e in part if _tag(e) in ("body", "floats-group")]
        back = _first(part, "back")
        if back is not None:
            roots += [e for e in back if _tag(e) == "app-group"]
        for root in roots:
            for section, piece in _paragraphs(root, title):
                text, found = _assemble(piece, numbers, warnings, path)
                if text:
                    paragraphs.append(text)
                    sections.append(section)
                    groups.append(found)
    journal = _text(_find(journal_meta, "journal-title")) if journal_meta is not None else None
    return Document(
        path=path,
        title=_text(_first(meta, "title-group", "article-title")) or path,
        contributors=_contributors(meta),
        paragraphs=paragraphs,
        format="jats",
        references=[ref for _ref_id, ref in references],
        citation_groups=groups,
        sections=sections,
        journal=journal,
        published=_published(meta),
        article_type=article.get("article-type"),
        doi=as_doi(ids.get("doi")),
        pmid=as_pmid(ids.get("pmid")),
        pmcid=(pmcid if pmcid.upper().startswith("PMC") else f"PMC{pmcid}") if pmcid else None,
        warnings=list(dict.fromkeys(warnings)),
    )


def _contributors(meta: ET.Element) -> list[dict[str, str]]:
    people = []
    for group in _children(meta, "contrib-group"):
        for contrib in _children(group, "contrib"):
            role = (contrib.get("contrib-type") or "author").capitalize()
            name = _first(contrib, "name")
            if name is not None:
                given, family = _text(_first(name, "given-names")), _text(_first(name, "surname"))
                display = " ".join(part for part in (given, family) if part)
            else:
                display = _text(_first(contrib, "collab")) or ""
            degrees = _text(_first(contrib, "degrees")) or ""
            if display:
                people.append({"name": display, "degrees": degrees, "role": role})
    return people


def _published(meta: ET.Element) -> str | None:
    """The electronic (else print, else collection) publication date as ISO year[-month[-day]]."""
    dates = {(d.get("pub-type") or d.get("date-type") or ""): d for d in _children(meta, "pub-date")}
    for kind in ("epub", "pub", "ppub", "collection", ""):
        date = dates.get(kind)
        if date is None:
            continue
        parts = [_text(_first(date, name)) for name in ("year", "month", "day")]
        year = parts[0]
        if not year or not year.isdigit():
            continue
        iso = year
        for part in parts[1:]:
            if not part or not part.isdigit():
                break
            iso += f"-{int(part):02d}"
        return iso
    return None


def _paragraphs(element: ET.Element, section: str | None) -> list[tuple[str | None, _Piece]]:
    """(section title, paragraph) for every paragraph under `element`, in reading order."""
    found: list[tuple[str | None, _Piece]] = []
    for child in element:
        tag = _tag(child)
        if tag in _SKIPPED:
            continue
        if tag == "sec":
            found += _paragraphs(child, _text(_first(child, "title")) or section)
        elif tag == "p":
            piece = _Piece()
            nested = _inline(child, piece)
            found.append((section, piece))
            for block in nested:
                found += _paragraphs_of_block(block, section)
        elif tag in _BLOCKS or tag in ("list-item", "caption", "table-wrap-foot", "app", "def-item", "def"):
            found += _paragraphs_of_block(child, section)
        elif tag not in ("title", "label"):
            found += _paragraphs(child, section)
    return found


def _paragraphs_of_block(block: ET.Element, section: str | None) -> list[tuple[str | None, _Piece]]:
    """A list, figure, table, quote or box: captions are paragraphs, and a table's xrefs join its caption."""
    tag = _tag(block)
    if tag in ("table-wrap", "fig"):
        caption = _Piece()
        label = _text(_first(block, "label"))
        caption_element = _first(block, "caption")
        if label:
            caption.add(label + " ")
        nested: list[ET.Element] = []
        if caption_element is not None:
            for part in caption_element:
                if _tag(part) in ("title", "p"):
                    nested += _inline(part, caption)
                    caption.add(" ")
        for table in [e for e in block if _tag(e) in ("table", "alternatives")]:
            _table_xrefs(table, caption)
        found = [(section, caption)]
        for element in nested:
            found += _paragraphs_of_block(element, section)
        for foot in _children(block, "table-wrap-foot"):
            found += _paragraphs(foot, section)
        return found
    if tag == "table":
        piece = _Piece()
        _table_xrefs(block, piece)
        return [(section, piece)]
    return _paragraphs(block, section)


def _table_xrefs(table: ET.Element, caption: _Piece) -> None:
    """Append each bibr xref of a table body to its caption, as written, so the caption's sentence cites it."""
    for cell in table.iter():
        if _tag(cell) not in ("td", "th"):
            continue
        cell_piece = _Piece()
        _inline(cell, cell_piece)
        for start, end, rids in cell_piece.xrefs:
            written = "".join(cell_piece.text)[start:end]
            caption.add(" ")
            caption.xrefs.append((caption.length, caption.length + len(written), rids))
            caption.add(written)


def _inline(element: ET.Element, piece: _Piece) -> list[ET.Element]:
    """Add the running text of `element` to `piece`, noting bibr xrefs; return nested block elements."""
    blocks: list[ET.Element] = []
    piece.add(element.text)
    for child in element:
        tag = _tag(child)
        if tag in _BLOCKS:
            blocks.append(child)
        elif tag == "xref" and child.get("ref-type") == "bibr":
            written = _SPACE.sub(" ", "".join(child.itertext()))
            start = piece.length
            piece.add(written)
            piece.xrefs.append((start, piece.length, (child.get("rid") or "").split()))
        elif tag == "fn":
            blocks.append(child)
        else:
            blocks += _inline(child, piece)
        piece.add(child.tail)
    return blocks


def _assemble(
    piece: _Piece, numbers: dict[str, list[int]], warnings: list[str], path: str
) -> tuple[str, list[CitationGroup]]:
    """The paragraph's text with white space collapsed, and its xrefs joined into citation groups."""
    raw = "".join(piece.text)
    text, offsets = _collapse(raw)
    runs: list[list[tuple[int, int, list[str]]]] = []
    for xref in piece.xrefs:
        if runs and _BETWEEN_IN_GROUP.match(raw[runs[-1][-1][1] : xref[0]]):
            runs[-1].append(xref)
        else:
            runs.append([xref])
    groups = []
    for run in runs:
        start, end = offsets[run[0][0]], offsets[run[-1][1]]
        start, end = _enclosed(text, start, end)
        refs = _run_refs(run, raw, numbers, warnings, path, text[start:end])
        keys = [rid for _s, _e, rids in run for rid in rids if rid in numbers]
        narrative = bool(_AFTER_AUTHORS.search(text[max(0, start - _AFTER_AUTHORS_REACH) : start]))
        groups.append(CitationGroup(start, end, text[start:end], refs, keys, narrative))
    leading = len(text) - len(text.lstrip())
    stripped = text.strip()
    for group in groups:
        group.start -= leading
        group.end -= leading
    return stripped, groups


def _collapse(raw: str) -> tuple[str, list[int]]:
    """`raw` with runs of white space made one space, and the new offset of every old offset (and its end)."""
    out: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for char in raw:
        offsets.append(len(out))
        if char.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
    offsets.append(len(out))
    return "".join(out), offsets


def _enclosed(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a group to the brackets or parentheses written right around it."""
    before, after = start, end
    while before > 0 and text[before - 1] == " ":
        before -= 1
    while after < len(text) and text[after] == " ":
        after += 1
    if before > 0 and after < len(text) and _OPENERS.get(text[before - 1]) == text[after]:
        return before - 1, after + 1
    return start, end


def _run_refs(
    run: list[tuple[int, int, list[str]]], raw: str, numbers: dict[str, list[int]], warnings: list[str], path: str,
    written: str,
) -> list[int]:
    """The reference numbers a group cites, in written order; a dash between two xrefs cites those between.
    A `<ref>` of several citations cites them all (its further ones numbered after the list)."""
    refs: list[int] = []
    previous: int | None = None
    unknown: set[str] = set()
    for index, (start, _end, rids) in enumerate(run):
        known, further = [], []
        for rid in rids:
            if rid in numbers:
                known.append(numbers[rid][0])
                further += numbers[rid][1:]
            elif rid not in unknown:
                unknown.add(rid)
                warnings.append(f'{path}: citation of "{rid}", which is not in the reference list: "{quote(written)}"')
        between = raw[run[index - 1][1] : start] if index else ""
        if known and previous is not None and _RANGE_DASH.search(between) and 0 < known[0] - previous <= MAX_RANGE:
            refs += range(previous + 1, known[0])
        refs += known + further
        previous = known[-1] if known else previous
    return list(dict.fromkeys(refs))


def _sub_articles(article: ET.Element) -> list[ET.Element]:
    """The `<sub-article>`s and `<response>`s published with an article (a decision letter, a reply, a
    translation), each with its own text and reference list, in document order."""
    return [e for e in article.iter() if e is not article and _tag(e) in ("sub-article", "response")]


def _references(parts: list[ET.Element]) -> list[tuple[str, Reference]]:
    """(id, Reference) of every citation of the reference lists of the article and its sub-articles.

    The article's `<ref>`s are numbered by label or order; a sub-article's continue after them (its labels
    restart). A `<ref>` holding several citations is one id: its first citation takes the ref's number, the
    others are numbered after every list, so none is lost and a citation of the ref cites them all."""
    found: list[tuple[str, Reference]] = []
    further: list[tuple[str, ET.Element]] = []
    for part in parts:
        back = _first(part, "back")
        lists = [e for e in back.iter() if _tag(e) == "ref-list"] if back is not None else []
        refs = [ref for ref_list in lists for ref in _children(ref_list, "ref")]
        labels = [_label_number(_text(_first(ref, "label"))) for ref in refs]
        use_labels = part is parts[0] and all(labels) and len(set(labels)) == len(labels)
        offset = max((ref.number for _ref_id, ref in found), default=0)
        for position, ref in enumerate(refs, start=1):
            number = labels[position - 1] if use_labels else offset + position
            ref_id = ref.get("id") or f"ref-{offset + position}"
            citations = _citations(ref)
            found.append((ref_id, _reference(ref, citations[0] if citations else None, number or position)))
            further += [(ref_id, citation) for citation in citations[1:]]
    last = max((ref.number for _ref_id, ref in found), default=0)
    for position, (ref_id, citation) in enumerate(further, start=last + 1):
        found.append((ref_id, _reference(citation, citation, position)))
    return found


def _citations(ref: ET.Element) -> list[ET.Element]:
    """The citations of a `<ref>`, one per `<citation-alternatives>` (the printed `mixed-citation` first)."""
    found: list[ET.Element] = []
    for child in ref:
        if _tag(child) in _CITATIONS:
            found.append(child)
        elif _tag(child) == "citation-alternatives":
            alternatives = [e for e in child if _tag(e) in _CITATIONS]
            alternatives.sort(key=lambda e: _tag(e) != "mixed-citation")
            found += alternatives[:1]
    if not found:
        found = [e for e in ref.iter() if _tag(e) in _CITATIONS][:1]
    return found


def _write_empty_xrefs(article: ET.Element, numbers: dict[str, list[int]]) -> None:
    """An `<xref ref-type="bibr"/>` with no text (the publisher's renderer prints the number) gets the numbers
    of what it cites, bracketed unless the text around it already brackets it, so its marker is not empty."""
    parents = {child: parent for parent in article.iter() for child in parent}
    for xref in [e for e in article.iter() if _tag(e) == "xref" and e.get("ref-type") == "bibr"]:
        if "".join(xref.itertext()).strip():
            continue
        cited = [str(numbers[rid][0]) if rid in numbers else rid for rid in (xref.get("rid") or "").split()]
        written = ",".join(cited) or "?"
        parent = parents.get(xref)
        before = ""
        if parent is not None:
            siblings = list(parent)
            index = siblings.index(xref)
            before = (siblings[index - 1].tail if index else parent.text) or ""
        xref.text = written if before.rstrip().endswith(("[", "(", ",", ";", "\u2013", "-")) else f"[{written}]"


def _label_number(label: str | None) -> int | None:
    match = _NUMBER.match(label or "")
    return int(match.group(1)) if match else None


def _reference(ref: ET.Element, citation: ET.Element | None, number: int) -> Reference:
    """A Reference from a citation's tags; a `<mixed-citation>` that tags no author, title or source from its
    text (through the string parser), keeping the identifiers it tags. `raw` is the citation as printed: the
    text of a `<mixed-citation>`, or the tags written out as a reference (`reference_string`) when the citation
    prints nothing between them (an `<element-citation>`, or a mixed one without punctuation)."""
    if citation is None:
        return parse_reference(_text(ref) or "", number)
    raw = _SPACE.sub(" ", _printed(citation)).strip()
    ids = {(e.get("pub-id-type") or "").lower(): _text(e) for e in citation.iter() if _tag(e) == "pub-id"}
    for link in (e for e in citation.iter() if _tag(e) == "ext-link" and e.get("ext-link-type") == "doi"):
        ids.setdefault("doi", _text(link))
    pmcid = ids.get("pmcid") or ids.get("pmc")
    pmcid = (pmcid if pmcid.upper().startswith("PMC") else f"PMC{pmcid}") if pmcid else None
    if not any(_tag(e) in _FIELD_TAGS for e in citation.iter()):
        parsed = parse_reference(_text_outside(citation, "pub-id"), number)
        parsed.raw = raw
        parsed.pmid, parsed.doi = as_pmid(ids.get("pmid")) or parsed.pmid, as_doi(ids.get("doi")) or parsed.doi
        parsed.pmcid = pmcid or parsed.pmcid
        parsed.origin = "jats"
        return parsed
    kind = citation.get("publication-type") or citation.get("citation-type") or "journal"
    title = _text(_first(citation, "article-title"))
    source = _text(_first(citation, "source"))
    chapter = _text(_first(citation, "chapter-title"))
    csl_type = PUBLICATION_TYPES.get(kind, "document")
    if csl_type == "book" and (chapter or title):
        csl_type, title, container = "chapter", chapter or title, source
    elif csl_type == "book":
        title, container = source, None
    else:
        container = source
    authors, et_al = _people(citation, "author")
    editors, _ = _people(citation, "editor")
    year = re.search(r"\d{4}", _text(_first(citation, "year")) or "")
    first, last = _text(_first(citation, "fpage")), _text(_first(citation, "lpage"))
    page = f"{first}-{last}" if first and last and last != first else first
    reference = Reference(
        number=number,
        raw=raw,
        type=csl_type,
        authors=authors,
        et_al=et_al,
        title=title,
        container_title=container,
        year=int(year.group()) if year else None,
        volume=_text(_first(citation, "volume")),
        issue=_text(_first(citation, "issue")),
        page=page or _text(_first(citation, "elocation-id")),
        doi=as_doi(ids.get("doi")),
        pmid=as_pmid(ids.get("pmid")),
        pmcid=pmcid,
        editors=editors,
        publisher=_text(_first(citation, "publisher-name")),
        publisher_place=_text(_first(citation, "publisher-loc")),
        edition=_text(_first(citation, "edition")),
        origin="jats",
    )
    if not _prints_between_tags(citation):
        reference.raw = reference_string(reference) or raw
    return reference


def _printed(element: ET.Element) -> str:
    """The text of an element as printed, a space between two tags with nothing between them (a surname and
    its initials, a title and the journal), which a renderer would separate."""
    out = element.text or ""
    previous_tail: str | None = None
    for child in element:
        if previous_tail == "" and out and not out[-1].isspace():
            out += " "
        out += _printed(child) + (child.tail or "")
        previous_tail = child.tail or ""
    return out


def _prints_between_tags(citation: ET.Element) -> bool:
    """Whether a citation prints text of its own between its tags (the punctuation of a `<mixed-citation>`)."""
    return any((text or "").strip() for text in [citation.text, *(child.tail for child in citation)])


def _text_outside(element: ET.Element, skipped: str) -> str:
    """The text of `element` without that of its `skipped` descendants (a citation's tagged identifiers)."""
    parts = [element.text or ""]
    for child in element:
        if _tag(child) != skipped:
            parts.append(_text_outside(child, skipped))
        parts.append(child.tail or "")
    return _SPACE.sub(" ", "".join(parts)).strip()


def _people(citation: ET.Element, role: str) -> tuple[list[Author], bool]:
    """The authors (or editors) of a citation, and whether the list was cut with `<etal/>`."""
    groups = [g for g in citation.iter() if _tag(g) == "person-group"]
    chosen = [g for g in groups if (g.get("person-group-type") or "author") == role]
    holders = chosen if groups else ([citation] if role == "author" else [])
    people: list[Author] = []
    et_al = False
    for holder in holders:
        for element in holder:
            tag = _tag(element)
            if tag in ("name", "string-name"):
                family = _text(_first(element, "surname"))
                given = _text(_first(element, "given-names"))
                if family:
                    people.append(Author(family=family, given=given, initials=written_initials(given)))
                elif _text(element):
                    people.append(Author(family=_text(element) or "", collective=True))
            elif tag == "collab" and _text(element):
                people.append(Author(family=_text(element) or "", collective=True))
            elif tag == "etal":
                et_al = True
    return people, et_al
