"""The article in a PDF's lines: title and authors, body paragraphs with their markers, the reference list.

Pure functions over `ingest.pdf.layout.Line`s in reading order; the result is the same `Document` the text
reader makes, so claims, matching, the database, the site and the exports need nothing PDF-specific.

Decisions:
- Markers are written in the bracket form the claim extractor reads: a superscript group of numbers
  ("1-3", "1,4,5", or "1 4 5" whose commas the text layer lost, split by the gaps between the digits; any
  other glyph between two digits is a dash extracted wrongly) becomes "[1-3]"; where the document cites in
  parentheses and never in brackets, "(1, 2)" becomes "[1,2]". A superscript is not a marker when it
  follows a single letter or a number (an exponent: I², χ², 10⁵), sits on a line of names (an affiliation
  number), opens a line or runs straight into a word (an affiliation or footnote label), or cites a number
  the reference list does not have.
- The reference list starts after its heading ("References", "Bibliography", "Literature cited", ...), or
  failing that at the last line labelled 1 that is followed by 2. It ends at a heading, at a change of
  type size, or at a gap much wider than the list's line spacing. A second list further on (supplementary
  material, an appendix) is not the article's and is dropped.
- Entries start at their label ("1.", "[1]", "1" alone, a superscript number) when it is the next number;
  an unlabelled list is split by hanging indent. Entries are rejoined across columns and pages.
- The publisher's apparatus (notices, addresses, declarations; `ingest.pdf.apparatus`) is left out of the
  paragraphs block by block, blocks being grouped as paragraphs are; an article-type label is not the title.
- A line-end hyphen before a lower-case letter is removed unless the document's own words show a compound
  (`_keeps_hyphen`); before a capital or a digit it stays, without a space.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from citetrace.citations.matching import WRITTEN_DOI, written_doi
from citetrace.citations.model import Document
from citetrace.ingest.pdf.apparatus import (
    INSTITUTION, article_type, is_affiliation, is_body_heading, is_notice, opens_abstract, opens_back_matter,
)
from citetrace.ingest.pdf.layout import HYPHENS, Line

_REFERENCES_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references?(?:\s+list)?|bibliography|literature\s+cited|works\s+cited|cited\s+literature)\s*:?\s*$",
    re.IGNORECASE,
)
_END_OF_REFERENCES = re.compile(
    r"^\s*(?:\d+\.?\s*)?(appendix|supplementary|supporting\s+information|additional\s+files?|figure\s+legends|"
    r"tables?|figures?|abbreviations|acknowledge?ments?|authors?['’]?\s+contributions|competing\s+interests|"
    r"funding|conflicts?\s+of\s+interest)\b",
    re.IGNORECASE,
)
_SUPPLEMENT = re.compile(r"^\s*(?:\d+\.?\s*)?(appendix|supplementary|supporting\s+information|online\s+resource)\b", re.IGNORECASE)
# Wider than text's `references.NUMBERED_LINE`: a PDF's label may have lost its full stop or space ("1 Author",
# "1.Author"); superscript labels are read from the layout (`_label`).
_LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|(\d{1,4})\.(?!\d)|(\d{1,4})(?=\s+[A-Z\u00c0-\u024f]))\s*")
_SUPERSCRIPT_GROUP = re.compile(r"^\d+(?:[^\d]{1,2}\d+)*$")
_SEPARATOR = re.compile(r"[^\d]+")
_PARENTHESISED = re.compile(r"\((\s*\d{1,4}(?:\s*[,\u2013\u2014\-]\s*\d{1,4})*\s*)\)")
_BRACKETED = re.compile(r"\[\s*\d{1,4}(?:\s*[,\u2013\u2014\-]\s*\d{1,4})*\s*\]")
_NOT_BEFORE_PARENTHESIS = re.compile(
    r"\b(?:table|tables|fig|figs|figure|figures|eq|equation|step|phase|group|grade|type|class|stage|appendix|file|n|p)\.?\s*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_COPYRIGHT_YEAR = re.compile(r"(?:\u00a9|\(c\)|Copyright)\s*(?:\u00a9\s*)?((?:19|20)\d{2})\b", re.IGNORECASE)
_BROKEN_WORD = re.compile(r"([^\W\d_]+)[" + HYPHENS + r"]$")
_WORD_START = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
_DASH = "\u2013"
GAP_FACTOR = 2.2
"""A vertical gap this many times the list's usual line spacing ends the reference list."""


@dataclass
class Entry:
    number: int
    lines: list[Line]


def build_document(
    path: str, lines: list[Line], metadata: dict[str, str], running_heads: list[str] | None = None
) -> Document:
    """The document model of a PDF whose lines are in reading order (the running heads the layout removed
    tell the journal where nothing else does)."""
    vocabulary = _vocabulary(lines)
    title_lines, author_lines = _front(lines)
    kind, title_lines = _article_type(lines, title_lines)
    heading, start, end = _reference_region(lines)
    entries = _entries(lines[start:end]) if start is not None else []
    reference_count = max((entry.number for entry in entries), default=0)
    skip = {id(line) for line in title_lines + author_lines + _front_matter(lines, title_lines + author_lines)}
    body_end = heading if heading is not None else len(lines)
    body = [line for line in lines[:body_end] if id(line) not in skip]
    after = [line for line in lines[end:] if id(line) not in skip] if start is not None else []
    after = _before_next_list(after)
    text_lines = _without_apparatus(body) + _without_apparatus(after)
    texts = [_render(line, reference_count) for line in text_lines]
    paragraphs = _paragraphs(text_lines, texts, vocabulary)
    if not _BRACKETED.search(" ".join(paragraphs)):
        paragraphs = [_parenthesised_to_brackets(p, reference_count) for p in paragraphs]
    paragraphs, sections = statements(paragraphs)
    first_line = len(body) + 2
    reference_lines = [
        (first_line + index, f"{entry.number}. {_entry_text(entry, vocabulary)}")
        for index, entry in enumerate(entries)
    ]
    title = " ".join(line.text.strip() for line in title_lines) or metadata.get("Title") or Path(path).stem
    first_page = " ".join(line.text for line in lines if line.page == 0)
    journal, published, doi = _article_metadata(first_page, metadata, running_heads or [])
    return Document(
        path=path,
        title=title,
        contributors=[{"name": name, "degrees": "", "role": "Author"} for name in _names(author_lines)],
        paragraphs=paragraphs,
        reference_lines=reference_lines,
        format="pdf",
        sections=sections,
        journal=journal,
        published=published,
        doi=doi,
        article_type=kind,
        reference_style="author-year" if start is not None and lines[start : start + 1] and _label(lines[start]) is None else "numeric",
    )


def statements(paragraphs: list[str]) -> tuple[list[str], list[str | None]]:
    """The paragraphs that are prose, each with the heading it stands under; headings, table cells, flow-chart
    boxes and equations are not statements.

    A paragraph with a citation marker or ending a sentence is prose. One that runs on (no sentence end, the
    next prose opening in lower case) is joined to it, over the table cells a float set between them. Otherwise
    a section number ("1.", "2.3"), a structured abstract's label ("Objectives.") or a few words without a
    sentence end ("Introduction", "Patient flow and care") is a heading, and a line of numbers and symbols
    ("Health conditions told 88.7 11.3 97", "S ¼ cosð Þ ¼ ð2Þ") or a few words in a box ("Referred cases
    (36%)") is left out.
    """
    kept: list[str] = []
    sections: list[str | None] = []
    section: str | None = None
    pending_number: str | None = None
    carried = ""
    for index, paragraph in enumerate(paragraphs):
        own = paragraph.strip()
        if _SECTION_NUMBER.match(own):
            pending_number = own
            continue
        kind = _kind(own, continuing=bool(carried))
        if kind == "box":
            continue
        if kind == "heading" or not carried and len(_INLINE_LABEL.split(own)) > 1:
            if carried:
                kept.append(carried)
                sections.append(section)
                carried = ""
            if kind == "heading":
                section = f"{pending_number} {own.rstrip('.:')}" if pending_number else own.rstrip(".:")
            else:
                section = _labelled_parts(own, section, kept, sections)
                if kept and not _ENDS_SENTENCE.search(kept[-1]) and _continues_after(paragraphs, index):
                    carried = kept.pop()
                    sections.pop()
            pending_number = None
            continue
        pending_number = None
        text = f"{carried} {own}" if carried else own
        carried = ""
        if not _ENDS_SENTENCE.search(text) and _continues_after(paragraphs, index):
            carried = text
            continue
        kept.append(text)
        sections.append(section)
    if carried:
        kept.append(carried)
        sections.append(section)
    return kept, sections


def _kind(text: str, continuing: bool) -> str:
    """"prose", "heading" or "box" (a table cell, a flow-chart box, an equation)."""
    if _is_prose(text) or continuing and text[:1].islower():
        return "prose"
    if _is_section_heading(text):
        return "heading"
    return "box"


def _labelled_parts(text: str, section: str | None, kept: list[str], sections: list[str | None]) -> str | None:
    """A paragraph of a structured abstract cut at its labels, each part under its label; the last label."""
    parts = _INLINE_LABEL.split(text)
    if parts[0].strip():
        kept.append(parts[0].strip())
        sections.append(section)
    for label, part in zip(parts[1::2], parts[2::2], strict=True):
        section = label
        if part.strip():
            kept.append(part.strip())
            sections.append(section)
    return section


def _continues_after(paragraphs: list[str], index: int) -> bool:
    """Whether the next paragraph that is not a box opens in lower case: the same sentence, cut by the layout
    or by a table set inside it."""
    for following in paragraphs[index + 1 :]:
        text = following.strip()
        if _kind(text, continuing=False) != "box" or text[:1].islower():
            return text[:1].islower()
    return False


_INLINE_LABEL = re.compile(
    r"(?:^|(?<=[.?!] ))(Objectives?|Aims?|Purpose|Background|Methods?|Design|Setting|Participants|Interventions?|"
    r"Results?|Findings|Conclusions?|Interpretation|Context)[.:] +(?=[A-Z])"
)
"""A structured abstract's label run into its text ("Objectives. Patient experiences ...")."""
_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+")
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)$")
_ENDS_SENTENCE = re.compile(r"[.?!:;][\"”’)\]]*$")
_ABSTRACT_LABEL = re.compile(
    r"^(?:abstract|background|objectives?|aims?|purpose|introduction|methods?|materials and methods|design|setting|"
    r"participants|interventions?|measurements|results?|findings|conclusions?|discussion|interpretation|context)\.?:?$",
    re.IGNORECASE,
)
HEADING_WORDS = 10
"""A heading is a few words; more without a sentence end is a line of a table or a figure."""


def _word_share(words: list[str]) -> float:
    return sum(1 for word in words if _WORD_START.match(word.lstrip("(\"“‘"))) / max(len(words), 1)


def _is_prose(text: str) -> bool:
    """A sentence (it ends as one, and is more than a label), a long run of words the layout cut before its
    end, or anything that cites."""
    if _BRACKETED.search(text):
        return True
    if _ABSTRACT_LABEL.match(text):
        return False
    words = text.split()
    if _ENDS_SENTENCE.search(text):
        return len(words) >= 2 and _word_share(words) >= 0.4
    return len(words) > HEADING_WORDS and _word_share(words) >= 0.7


def _is_section_heading(text: str) -> bool:
    """A few words, all words, opening with a capital (after a section number): a section heading, not a box
    or a table row."""
    if _ABSTRACT_LABEL.match(text):
        return True
    words = _NUMBERED.sub("", text).split()
    return 0 < len(words) <= HEADING_WORDS and _word_share(words) == 1 and words[0][:1].isupper() and not text.isupper()


_CITED_AS = re.compile(
    r"^(?:.*?\bet al\.?\s+)?(?P<journal>[A-Z][^\d]{3,100}?)\s+(?P<year>(?:19|20)\d{2})\s*[,;]\s*\d+\s*[:(]"
)
"""A running head that cites the article: "Agyeman-Duah et al. BMC Health Services Research 2014, 14:1"."""


def _article_metadata(
    first_page: str, metadata: dict[str, str], running_heads: list[str]
) -> tuple[str | None, str | None, str | None]:
    """(journal, year, DOI) of the article: the DOI printed on its first page or in the PDF's information;
    the journal from the information's subject when it names one ("Journal of X, 2016, doi:..."), else from
    a running head that cites the article ("BMC Health Services Research 2014, 14:1"); the year from the
    subject, else that running head, else the first page's copyright line."""
    subject = metadata.get("Subject", "")
    doi = next((found for text in (first_page, subject, metadata.get("Keywords", ""))
                for found in WRITTEN_DOI.finditer(text) if found["doi"]), None)  # labelled: "doi:", doi.org
    journal = subject.split(",")[0].strip() if subject and len(subject) < 200 and not subject.endswith(".") else None
    cited_as = next((match for head in running_heads if (match := _CITED_AS.match(head))), None)
    if not journal and cited_as:
        journal = cited_as.group("journal").strip(" .,;")
    year = _YEAR.search(subject) or _COPYRIGHT_YEAR.search(first_page)
    found_year = year.group(1) if year else cited_as.group("year") if cited_as else None
    found_doi = written_doi(doi) if doi else None
    return journal or None, found_year, found_doi


def _vocabulary(lines: list[Line]) -> Counter[str]:
    """Lower-case words of the document as written inside lines, hyphenated compounds included.

    A line's first word and a last word broken by a hyphen are left out: they may be halves of a word.
    """
    words: Counter[str] = Counter()
    for line in lines:
        text = line.text.rstrip()
        found = _WORD.findall(text)
        if text[-1:] in HYPHENS and found:
            found.pop()
        words.update(word.lower() for word in found[1:])
    return words


def _front(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The title (the largest type in the top half of the first page) and the author line(s) below it."""
    first = [line for line in lines if line.page == 0]
    if not first:
        return [], []
    height = max(line.bottom for line in first)
    candidates = [line for line in first if line.top < height / 2 and sum(c.isalpha() for c in line.text) >= 3]
    if not candidates:
        return [], []
    largest = max(line.size for line in candidates)
    body_size = median(line.size for line in lines)
    if largest < 1.15 * body_size:
        return [], []
    index = next(i for i, line in enumerate(first) if line in candidates and line.size >= largest - 0.5)
    title = [first[index]]
    while index + 1 < len(first) and abs(first[index + 1].size - largest) <= 0.5:
        index += 1
        title.append(first[index])
    authors: list[Line] = []
    for line in first[index + 1 : index + 3]:
        if _is_name_line(line):
            authors.append(line)
        else:
            break
    return title, authors


def _article_type(lines: list[Line], title: list[Line]) -> tuple[str | None, list[Line]]:
    """(article type, title lines): the type from a label printed above the title ("Research Article",
    "R E S E A R C H  A R T I C L E"), or set in title type as the title's first line, which then leaves the title."""
    if len(title) > 1 and (kind := article_type(title[0].text)):
        return kind, title[1:]
    above = _first_page_until(lines, title[0]) if title else []
    return next((kind for line in above if (kind := article_type(line.text))), None), title


def _first_page_until(lines: list[Line], stop: Line) -> list[Line]:
    first = [line for line in lines if line.page == 0]
    index = next(i for i, line in enumerate(first) if line is stop)
    return first[:index]


def _front_matter(lines: list[Line], heading: list[Line]) -> list[Line]:
    """First-page lines that are apparatus by their place: above the title (banner, journal, volume, article
    type), and between the title and authors and a labelled abstract (affiliations, correspondence, dates,
    licence). Without a labelled abstract only the lines above the title are taken by place."""
    if not heading:
        return []
    above = _first_page_until(lines, heading[0])
    first = [line for line in lines if line.page == 0]
    after = max(i for i, line in enumerate(first) if any(line is own for own in heading)) + 1
    opening = next((i for i in range(after, len(first)) if opens_abstract(first[i].text)), after)
    return above + first[after:opening]


def _without_apparatus(lines: list[Line]) -> list[Line]:
    """The lines that are the article's text: blocks opening with a notice, first-page address blocks and
    declarations sections (up to a heading of the article's own) are left out."""
    kept: list[Line] = []
    declarations = False
    dropped: Line | None = None
    for block in _blocks(lines):
        opening = block[0].text
        if opens_back_matter(opening):
            declarations = True
        elif declarations and is_body_heading(opening):
            declarations = False
        text = " ".join(line.text for line in block)
        address = block[0].page == 0 and len(block) <= 4 and "," in text and is_affiliation(text)
        if declarations or address or is_notice(opening) or dropped is not None and _runs_on(dropped, block[0]):
            dropped = block[-1]
        else:
            kept.extend(block)
            dropped = None
    return kept


def _runs_on(previous: Line, line: Line) -> bool:
    """Whether `line` goes on from `previous` in one set block: the next line down in the same type, with no
    paragraph gap (an address's last line, a keyword list's second line)."""
    size = max(previous.size, line.size)
    return (
        previous.page == line.page and abs(previous.size - line.size) <= 0.1 * size
        and 0 < line.top - previous.top and line.top - previous.bottom <= 0.9 * size
    )


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines grouped where a paragraph would start."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks and not _starts_paragraph(blocks[-1][-1], line):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _plain(line: Line) -> str:
    return "".join(text for text, superscript in line.pieces() if not superscript)


def _is_name_line(line: Line) -> bool:
    """A list of personal names: capitalised words, separated by commas or "and", no full sentence.

    A line that opens with a superscript label or names an institution is an affiliation, not names.
    """
    pieces = line.pieces()
    if pieces and pieces[0][1] or INSTITUTION.search(line.text):
        return False
    text = _plain(line).strip()
    words = [word for word in re.findall(r"[^\W\d_][\w.'’-]*", text) if word.lower() not in ("and", "de", "van", "von")]
    if not words or text.endswith(".") or len(text) > 400:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised >= 0.8 * len(words) and (len(words) <= 4 or bool(_NAME_SEPARATOR.search(text)))


_HEADING_AFTER_NAME = re.compile(r"\s+(?:Abstract|Summary|Background|Introduction|Keywords)\s*:?$")
"""The abstract's heading set on the baseline of the last author line ("Florian Neuhann Abstract")."""


def _names(lines: list[Line]) -> list[str]:
    names = _NAME_SEPARATOR.split(" ".join(_plain(line).strip() for line in lines))
    names = [_HEADING_AFTER_NAME.sub("", name.strip(" *")) for name in names]
    return [name for name in names if name.strip(" *")]


def _is_heading(line: Line) -> bool:
    text = line.text.strip()
    return len(text) < 60 and not text.endswith((".", ",", ";"))


def _reference_region(lines: list[Line]) -> tuple[int | None, int | None, int]:
    """(heading index, first line, end) of the article's reference list; start None when there is none."""
    for index, line in enumerate(lines):
        if _REFERENCES_HEADING.match(line.text) and _is_heading(line):
            start = index + 1
            return index, start, _list_end(lines, start)
    for index in range(len(lines) - 1, -1, -1):
        number = _label(lines[index])
        if number == 1 and any(_label(line) == 2 for line in lines[index + 1 : index + 40]):
            return index, index, _list_end(lines, index)
    return None, None, len(lines)


def _list_end(lines: list[Line], start: int) -> int:
    """Where the reference list stops: a heading, another type size, or a wide gap not followed by the next
    entry's number (a column balanced by stretching its spacing widens the gaps between entries)."""
    members = lines[start : start + 12]
    if not members:
        return start
    size = median(line.size for line in members)
    pitches = [
        b.top - a.top for a, b in pairwise(members)
        if a.page == b.page and a.column == b.column and 0 < b.top - a.top < 3 * size
    ]
    pitch = median(pitches) if pitches else 1.3 * size
    last_number = 0
    for index in range(start, len(lines)):
        line = lines[index]
        previous = lines[index - 1] if index > start else None
        if _END_OF_REFERENCES.match(line.text) and _is_heading(line) or _REFERENCES_HEADING.match(line.text):
            return index
        if abs(line.size - size) > 0.08 * size and sum(c.isalpha() for c in line.text) > 3:
            return index
        next_entry = _label(line) == last_number + 1
        if next_entry:
            last_number += 1
        elif (
            previous is not None and previous.page == line.page and previous.column == line.column
            and line.top - previous.top > GAP_FACTOR * pitch
        ):
            return index
    return len(lines)


def _before_next_list(lines: list[Line]) -> list[Line]:
    """Lines after the article's list, up to a supplementary section's own reference list."""
    for index, line in enumerate(lines):
        if _SUPPLEMENT.match(line.text) and _is_heading(line) or _REFERENCES_HEADING.match(line.text):
            return lines[:index]
    return lines


def _label(line: Line) -> int | None:
    """The entry number a reference line opens with: "1.", "[1]", "1 Author", or a superscript number."""
    pieces = line.pieces()
    if pieces and pieces[0][1] and pieces[0][0].strip().isdigit():
        return int(pieces[0][0])
    match = _LABEL.match(line.text)
    if not match:
        return None
    return int(next(group for group in match.groups() if group))


def _entries(lines: list[Line]) -> list[Entry]:
    """The list's lines grouped into numbered entries (labels in sequence), else by hanging indent."""
    if lines and _label(lines[0]) is None:
        return _unlabelled_entries(lines)
    entries: list[Entry] = []
    for line in lines:
        number = _label(line)
        expected = entries[-1].number + 1 if entries else None
        if number is not None and (expected is None or number == expected):
            entries.append(Entry(number, [line]))
        elif entries:
            entries[-1].lines.append(line)
    return entries


def _unlabelled_entries(lines: list[Line]) -> list[Entry]:
    """An unnumbered list split into entries, numbered in list order.

    An entry opens at a line flush with its column's left edge when the other lines hang indented; with no
    hanging indent, at a line after a gap wider than the list's line spacing; failing both, at each line
    that follows a line ending in a full stop.
    """
    def offset(line: Line) -> float:
        return line.x0 - (line.column[0] if line.column else 0.0)

    size = median(line.size for line in lines)
    hanging = sum(1 for line in lines if offset(line) > 0.5 * size)
    opens: list[bool] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        if previous is None:
            opens.append(True)
        elif 0 < hanging < len(lines):
            opens.append(offset(line) <= 0.5 * size)
        elif previous.page == line.page and previous.column == line.column and line.top > previous.top:
            opens.append(line.top - previous.bottom > 0.6 * size)
        else:
            opens.append(previous.text.rstrip().endswith("."))
    entries: list[Entry] = []
    for line, opening in zip(lines, opens, strict=True):
        if opening:
            entries.append(Entry(len(entries) + 1, [line]))
        else:
            entries[-1].lines.append(line)
    return entries


def _entry_text(entry: Entry, vocabulary: Counter[str]) -> str:
    """An entry's lines as one string, without the label its first line opens with."""
    texts = [_render(line, None) for line in entry.lines]
    texts[0] = _LABEL.sub("", texts[0], count=1)
    return _join(texts, vocabulary)


def _render(line: Line, reference_count: int | None) -> str:
    """A line's text with superscript citation groups written as bracket markers.

    With `reference_count` None the line is a reference entry: its superscript label is kept as the number.
    """
    pieces = line.pieces()
    out: list[str] = []
    name_line = reference_count is not None and _is_name_line(line)
    for index, (text, superscript) in enumerate(pieces):
        if not superscript:
            out.append(text)
            continue
        if reference_count is None:
            out.append(text.strip() + ". " if index == 0 and text.strip().isdigit() else text)
            continue
        before = "".join(out)
        after = pieces[index + 1][0] if index + 1 < len(pieces) else ""
        label = index == 0 or after[:1].isalpha()
        marker = _superscript_marker(text, before, reference_count, name_line or label)
        if marker is not None:
            out.append(marker)
        elif not name_line and not label:
            out.append(text.translate(_SUPERSCRIPT_DIGITS))
        elif before and not before[-1].isspace() and after[:1].isalnum():
            out.append(" ")
    return "".join(out)


def _superscript_marker(text: str, before: str, reference_count: int, label: bool) -> str | None:
    """The bracket marker a superscript group stands for, or None when it is not a citation."""
    body = text.strip()
    if label or not _SUPERSCRIPT_GROUP.match(body):
        return None
    words = before.split()
    if not words:
        return None
    word = words[-1]
    letters = re.sub(r"[^\w]", "", word)
    if len(letters) <= 1 and word[-1:] not in ".,;:)]" or letters.isdigit() or word[-1].isdigit():
        return None
    parts: list[str] = []
    for item in re.findall(r"\d+|[^\d]+", body):
        if item.isdigit():
            parts.append(item)
        elif "," in item or ";" in item or item.isspace():
            parts.append(",")
        else:
            parts.append("-")
    marker = "".join(parts)
    numbers = [int(n) for n in re.findall(r"\d+", marker)]
    if not numbers or max(numbers) > reference_count or min(numbers) < 1:
        return None
    spacing = " " if text[:1].isspace() else ""
    return f"{spacing}[{marker}]"


def _parenthesised_to_brackets(paragraph: str, reference_count: int) -> str:
    """Parenthesised citation groups "(1, 2)" as "[1,2]", in a document that never uses brackets."""
    def replace(match: re.Match[str]) -> str:
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        prefix = paragraph[: match.start()]
        if not prefix.strip() or prefix.rstrip()[-1:] in ".:" and not prefix.endswith(" "):
            return match.group()
        if _NOT_BEFORE_PARENTHESIS.search(prefix) or max(numbers) > reference_count or min(numbers) < 1:
            return match.group()
        if len(numbers) == 1 and 1800 <= numbers[0] <= 2100:
            return match.group()
        return "[" + re.sub(r"\s+", "", match.group(1)) + "]"

    return _PARENTHESISED.sub(replace, paragraph)


def _join(texts: list[str], vocabulary: Counter[str]) -> str:
    """Lines joined into running text, undoing line-end hyphenation where the hyphen is not the word's."""
    parts: list[str] = []
    for text in texts:
        text = text.strip()
        if not text:
            continue
        previous = parts[-1] if parts else ""
        if not previous:
            parts.append(text)
        elif previous[-1] in HYPHENS and len(previous) > 1 and previous[-2].isalpha():
            head = _BROKEN_WORD.search(previous)
            tail = _WORD_START.match(text)
            if head and tail and text[0].islower():
                chained = previous[: head.start()].endswith("-")
                keep = chained or _keeps_hyphen(head.group(1).lower(), tail.group().lower(), vocabulary)
                parts[-1] = previous[:-1] + ("-" if keep else "")
            else:
                parts[-1] = previous[:-1] + "-"
            parts.append(text)
        elif previous[-1] in "\u2013\u2014/" or (previous[-1] in HYPHENS and text[:1].isdigit()):
            parts.append(text)
        else:
            parts.append(" " + text)
    return "".join(parts)


def _keeps_hyphen(left: str, right: str, vocabulary: Counter[str]) -> bool:
    """Whether "left-" + "right" at a line break is a hyphenated compound rather than a word split in two.

    The document's own words decide: the compound written with its hyphen elsewhere keeps it; the joined
    word written elsewhere drops it; two parts that are both words of three letters or more ("brain",
    "controlled") keep it; anything else ("expec-tations") was split by the typesetter.
    """
    if vocabulary[f"{left}-{right}"]:
        return True
    if vocabulary[left + right]:
        return False
    return len(left) >= 3 and len(right) >= 3 and vocabulary[left] > 0 and vocabulary[right] > 0


def _paragraphs(lines: list[Line], texts: list[str], vocabulary: Counter[str]) -> list[str]:
    """Lines grouped into paragraphs by indent, short last lines, vertical gaps and type size.

    A float spanning the columns (a figure caption) is a paragraph of its own, and the paragraph it cut
    in two goes on after it.
    """
    groups: list[list[str]] = []
    previous: Line | None = None
    current = 0
    interrupted: tuple[Line, int] | None = None
    """The last column line and its paragraph: text resumes there after a float that spans the columns."""
    for line, text in zip(lines, texts, strict=True):
        if not text.strip():
            continue
        if previous is None:
            groups.append([text])
        elif previous.spanning and not line.spanning and interrupted and not _starts_paragraph(interrupted[0], line):
            current = interrupted[1]
            groups[current].append(text)
        elif _starts_paragraph(previous, line):
            groups.append([text])
            current = len(groups) - 1
        else:
            groups[current].append(text)
        if not line.spanning:
            interrupted = (line, current)
        previous = line
    return [_join(group, vocabulary) for group in groups]


def _starts_paragraph(previous: Line, line: Line) -> bool:
    """Whether `line` opens a paragraph after `previous`: a new size, a short finished line, an indent, a gap.

    A short line ends a paragraph when it ends a sentence, or when it is a few words (a heading) followed by
    a capital; so ragged-right text and an indented quotation keep their lines together. Text never runs
    between a line spanning the columns (a caption, a title) and a column.
    """
    size = max(previous.size, line.size)
    if abs(previous.size - line.size) > 0.1 * size or previous.spanning != line.spanning:
        return True
    left, right = line.column or (line.x0, line.x1)
    previous_right = previous.column[1] if previous.column else previous.x1
    previous_text = previous.text.strip()
    if previous.x1 < previous_right - 2.0 * size and (
        previous_text[-1:] in ".:?!\"”)" or len(previous_text.split()) <= 8 and line.text.lstrip()[:1].isupper()
    ):
        return True
    if left + 0.6 * size < line.x0 < left + 0.25 * (right - left) and line.x0 > previous.x0 + 0.5 * size:
        return True
    if previous.page == line.page and previous.column == line.column and line.top > previous.top:
        return line.top - previous.bottom > 0.9 * size
    return False
