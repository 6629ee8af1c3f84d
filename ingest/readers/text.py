"""Reading a review: front matter, body paragraphs (list items included) and the numbered reference lines.

`read_text_document` reads the file through `ingest.files`; `split_document` is a pure function over the text, so the
same rules serve files, tests and generated benchmark corpora.
"""
from __future__ import annotations

import re
from datetime import datetime
from importlib import resources
from pathlib import Path

from citetrace.citations.model import Document
from citetrace.citations.references import NUMBERED_LINE
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_text

_REFERENCES_HEADING = re.compile(r"^\s*(references|bibliography|literature cited)\s*:?\s*$", re.IGNORECASE)
_AFTER_REFERENCES = re.compile(r"^\s*(Topic \d+ Version|GRAPHICS|RELATED TOPICS|Disclosures?\b)", re.IGNORECASE)
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^official reprint from",
        r"^www\.\S+\s*©",
        r"^©\s*\d{4}",
        r"^subscribers log in",
        r"^to continue reading this article",
        r"is not intended nor recommended as a substitute for medical advice",
        r"terms of use\s*©",
        r"^literature review current through",
    )
]
_ROLE_LINE = re.compile(
    r"^(authors?|senior authors?|section editors?|deputy editors?|editors?|contributors?)$", re.IGNORECASE
)
_REVIEW_THROUGH = re.compile(r"Literature review current through:\s*([A-Za-z]{3,9}\.? \d{4})", re.IGNORECASE)
_LAST_UPDATED = re.compile(r"This topic last updated:\s*([A-Za-z]{3,9}\.? \d{1,2}, \d{4})", re.IGNORECASE)
_LIST_BULLET = re.compile(r"^\s*(?:[•\u2022\u25cf*\-–]|\(?[a-z0-9]\))\s+")
_DEGREES = re.compile(r",\s*((?:[A-Z][A-Za-z.]*(?:,\s*)?)+)$")


def bundled_seed() -> Path:
    """The seed review shipped inside the package (a user's machine has no ../shared)."""
    return Path(str(resources.files("citetrace.ingest") / "data" / "hyper-igm-syndromes.txt"))


def read_text_document(path: str | Path) -> Document:
    """Read and split one review file; `ingest.files` refuses what is not a readable UTF-8 text file."""
    text, digest = read_text(path)
    document = split_document(text, str(path))
    document.sha256 = digest
    return document


def _is_boilerplate(line: str) -> bool:
    return any(pattern.search(line) for pattern in _BOILERPLATE)


def find_reference_block(lines: list[str]) -> tuple[int, set[int]] | None:
    """Where the numbered reference list starts, and the indexes of list headings inside it to leave out.

    The list is the last run that starts at number 1, extended back over every numbered entry (with its
    wrapped lines) that precedes it, so a list ordered 3, 1, 2 or split into two lists each starting at 1
    ("References" ... "Further reading") keeps every numbered line as a reference. A references heading
    ends the extension. Without numbered lines, the list starts after a references heading.
    """
    one = next(
        (index for index in range(len(lines) - 1, -1, -1) if _line_number(lines[index]) == 1), None
    )
    if one is None:
        heading = next((index for index, line in enumerate(lines) if _REFERENCES_HEADING.match(line)), None)
        return None if heading is None else (heading + 1, set())
    start, headings, index = one, set(), one - 1
    while index >= 0:
        if not lines[index].strip():
            index -= 1
            continue
        entry = _entry_start(lines, index)
        if entry is not None:
            start, index = entry, entry - 1
            continue
        above = _previous_filled(lines, index)
        if (
            not _REFERENCES_HEADING.match(lines[index])
            and _is_list_heading(lines, index)
            and above is not None
            and above < index - 1
            and _entry_start(lines, above) is not None
        ):
            headings.add(index)
            index = above
            continue
        break
    return start, headings


def _line_number(line: str) -> int | None:
    """The number a reference line opens with, when text follows it."""
    match = NUMBERED_LINE.match(line)
    return int(match["bracketed"] or match["number"]) if match and match["text"] else None


def _entry_start(lines: list[str], index: int) -> int | None:
    """The numbered line whose entry holds line `index` (itself, or the numbered line its wrapped lines follow
    without a blank line); None when the line belongs to no numbered entry."""
    while index >= 0 and lines[index].strip():
        if _line_number(lines[index]) is not None:
            return index
        if _REFERENCES_HEADING.match(lines[index]) or _is_boilerplate(lines[index]):
            return None
        index -= 1
    return None


def _previous_filled(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)


def _is_list_heading(lines: list[str], index: int) -> bool:
    """A short line standing alone between blank lines, without a sentence's full stop: "Further reading"."""
    line = lines[index].strip()
    alone = (index == 0 or not lines[index - 1].strip()) and (index + 1 >= len(lines) or not lines[index + 1].strip())
    return alone and len(line) < 80 and not line.endswith((".", ",", ";")) and "[" not in line


def _parse_date(text: str, formats: tuple[str, ...], iso_length: int) -> str | None:
    cleaned = text.replace(".", "")
    for fmt in formats:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()[:iso_length]
        except ValueError:
            continue
    return None


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines, the paragraphs of plain text."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _paragraphs(block: list[str]) -> list[str]:
    """A block's paragraphs: bulleted lines are list items of their own, other lines are wrapped text."""
    paragraphs: list[list[str]] = []
    for line in block:
        if _LIST_BULLET.match(line) or not paragraphs:
            paragraphs.append([_LIST_BULLET.sub("", line)])
        else:
            paragraphs[-1].append(line)
    return [" ".join(lines) for lines in paragraphs]


def _is_front_matter_line(line: str) -> bool:
    """A name, a degree list or a role label: short and with no sentence-ending full stop."""
    return len(line) < 100 and not line.rstrip().endswith((".", ":", "?")) and "[" not in line


def _contributors(lines: list[str]) -> list[dict[str, str]]:
    """Name lines with the role label that precedes them; a name with no label is the author."""
    contributors: list[dict[str, str]] = []
    role = "Author"
    for line in lines:
        if _ROLE_LINE.match(line):
            role = line.strip()
            continue
        degrees = _DEGREES.search(line)
        name = line[: degrees.start()] if degrees else line
        contributors.append({"name": name.strip(), "degrees": degrees.group(1) if degrees else "", "role": role})
        role = "Author"
    return contributors


def number_unnumbered(reference_lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """An unnumbered (author-year) list with "N. " before each entry's first line, numbered in list order.

    Each line opens an entry, except a line that is indented (a hanging indent), starts with a lower-case
    letter or a digit, or follows a line ending in a hyphen or a comma: that line continues the entry.
    """
    numbered: list[tuple[int, str]] = []
    count = 0
    for line_number, text in reference_lines:
        stripped = text.strip()
        previous = numbered[-1][1] if numbered else ""
        if numbered and (text[:1].isspace() or not stripped[:1].isupper() or previous.endswith(("-", ","))):
            numbered.append((line_number, stripped))
        else:
            count += 1
            numbered.append((line_number, f"{count}. {stripped}"))
    return numbered


def split_document(text: str, path: str = "<text>") -> Document:
    """Split a review's text into front matter, body paragraphs and the reference lines.

    A list under a references heading whose lines carry no numbers is an author-year list: its entries are
    numbered in list order and the document's `reference_style` says so.
    """
    if not text.strip():
        raise InputError(path, "file is empty")
    lines = text.splitlines()
    block = find_reference_block(lines)
    if block is None:
        raise InputError(path, "no numbered reference list found (expected lines such as '1. Author A. Title...')")
    start, headings = block
    end = next((i for i in range(start, len(lines)) if _AFTER_REFERENCES.match(lines[i])), len(lines))
    reference_lines = [
        (number + 1, lines[number]) for number in range(start, end) if lines[number].strip() and number not in headings
    ]
    style = "numeric"
    if reference_lines and not any(_line_number(text) is not None for _, text in reference_lines):
        reference_lines, style = number_unnumbered(reference_lines), "author-year"
    head = lines[:start]
    whole_head = "\n".join(head)
    through = _REVIEW_THROUGH.search(whole_head)
    updated = _LAST_UPDATED.search(whole_head)
    blocks = _blocks([line for line in head if not _is_boilerplate(line) and not _REFERENCES_HEADING.match(line)])
    title = blocks[0][0] if blocks else Path(path).stem
    front: list[str] = blocks[0][1:] if blocks else []
    body_blocks = blocks[1:]
    while body_blocks and all(_is_front_matter_line(line) for line in body_blocks[0]) and len(front) < 12:
        front += body_blocks.pop(0)
    paragraphs = [paragraph for block in body_blocks for paragraph in _paragraphs(block)]
    return Document(
        path=path,
        title=title,
        contributors=_contributors(front),
        literature_review_through=_parse_date(through.group(1), ("%b %Y", "%B %Y"), 7) if through else None,
        last_updated=_parse_date(updated.group(1), ("%b %d, %Y", "%B %d, %Y"), 10) if updated else None,
        article_type="review" if through else None,
        paragraphs=paragraphs,
        reference_lines=reference_lines,
        reference_style=style,
    )
