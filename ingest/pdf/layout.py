"""Page geometry of a PDF: glyphs -> lines -> columns -> reading order, running headers and footers removed.

Pure functions over `Glyph`s (one character with its box and baseline, top-down coordinates in points), so
the rules are tested on hand-made pages as well as on real files; `ingest.pdf.reader` does the reading.

Decisions:
- A glyph's size is the height of its loose box (ascent to descent), not the font size a PDF states: many
  producers draw every glyph at size 1 and scale with the text matrix.
- Glyphs join a segment in content order while they overlap it vertically (so a ligature drawn on a shifted
  top or a raised superscript stays in its line) and follow it closely; segments on one baseline are merged
  when they are near, and later within a column whatever their gap (a reference number set apart from its
  entry).
- Word gaps are measured, not read: a space is written where the gap exceeds a fraction of the glyph size
  (some PDFs have no space characters at all), or where the PDF has a real space.
- Columns are found per page from gutters: vertical strips that no narrow line crosses, with text on both
  sides. A line that crosses a gutter spans the columns (a title, a wide table or caption); the spanning
  lines cut the page into bands, and each band is read column by column.
- A line near the top or bottom edge whose text, digits removed, recurs near the edge of another page is a
  running header or footer; a lone page number there is too. Both are dropped, also inside a reference list.
- Rotated glyphs (a sidebar set vertically, a watermark) are dropped.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

SPACE_GAP = 0.15
"""A gap wider than this fraction of the glyph size is a word space."""
SEGMENT_GAP = 1.0
"""A gap wider than this many glyph sizes ends a segment (a column gutter is at least about that)."""
SUPERSCRIPT_SIZE = 0.85
"""A glyph smaller than this fraction of its line's size, and raised, is a superscript."""
SUPERSCRIPT_RISE = 0.15
MIN_COLUMN = 0.15
"""A column is at least this fraction of the page's text width: narrower strips are labels or table cells."""
EDGE_ZONE = 0.12
"""Running headers and footers sit within this fraction of the page height from its top or bottom."""
HYPHENS = "-\u00ad\u2010\u2011\ufffe\x02"
"""Hyphen, soft hyphen, Unicode hyphens, and the code points some fonts and pdfium give a line-end hyphen."""
_DIACRITICS = {"\u00a8": "\u0308", "\u00b4": "\u0301", "`": "\u0300", "\u02c6": "\u0302", "\u02dc": "\u0303",
               "\u00b8": "\u0327", "\u02c7": "\u030c", "\u02da": "\u030a", "\u00af": "\u0304", "\u02d9": "\u0307"}
"""Spacing accents that some PDFs draw as glyphs of their own over a letter, and the combining mark for each."""
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+(?:of|/)\s+\d{1,4})?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One drawn character: its text, loose box and baseline, in points from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    space_before: bool = False
    """The PDF itself has a space character just before this glyph."""
    size: float = field(init=False)
    """Height of the loose box; stored, as layout asks for it millions of times on a long review."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", self.bottom - self.top)


@dataclass
class Line:
    """A run of glyphs on one baseline within one column, sorted left to right."""

    glyphs: list[Glyph]
    page: int = 0
    column: tuple[float, float] | None = None
    """The left and right edges of the text of the column (or span) the line belongs to."""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    baseline: float = 0.0
    size: float = 0.0
    """The line's body size: the most common glyph size, superscripts aside."""
    spanning: bool = False
    superscripts: list[bool] = field(default_factory=list)
    _pieces: list[tuple[str, bool]] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute the box, body size, baseline and superscript flags after glyphs were added."""
        self._pieces = None
        glyphs = self.glyphs
        glyphs.sort(key=lambda g: g.x0)
        sizes = Counter(round(g.size, 1) for g in glyphs if g.text.strip())
        self.size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0] if sizes else glyphs[0].size
        body = [g for g in glyphs if g.size >= SUPERSCRIPT_SIZE * self.size] or glyphs
        self.baseline = median(g.baseline for g in body)
        self.x0 = min(g.x0 for g in glyphs)
        self.x1 = max(g.x1 for g in glyphs)
        self.top = min(g.top for g in body)
        self.bottom = max(g.bottom for g in body)
        self.superscripts = [
            g.size < SUPERSCRIPT_SIZE * self.size and g.baseline < self.baseline - SUPERSCRIPT_RISE * self.size
            for g in glyphs
        ]

    @property
    def text(self) -> str:
        """The line as plain text, superscripts written inline."""
        return "".join(text for text, _ in self.pieces())

    def pieces(self) -> list[tuple[str, bool]]:
        """The line as (text, is_superscript) runs; spaces are measured from gaps."""
        if self._pieces is None:
            self._pieces = self._runs()
        return self._pieces

    def _runs(self) -> list[tuple[str, bool]]:
        runs: list[tuple[str, bool]] = []
        previous: Glyph | None = None
        for glyph, superscript in zip(self.glyphs, self.superscripts, strict=True):
            space = previous is not None and (
                glyph.space_before or glyph.x0 - previous.x1 > SPACE_GAP * min(self.size, max(glyph.size, previous.size))
            )
            text = (" " if space else "") + glyph.text
            if runs and runs[-1][1] == superscript:
                runs[-1] = (runs[-1][0] + text, superscript)
            else:
                runs.append((text, superscript))
            previous = glyph
        return runs


def compose_accents(glyphs: list[Glyph]) -> list[Glyph]:
    """Glyphs in content order with each free-standing accent folded into its letter ("¨" + "o" -> "ö").

    An accent drawn just before a letter belongs to that letter, wherever the PDF placed it (TeX draws
    the accent first, sometimes at a broken position); one drawn just after the letter it overlaps belongs
    to that letter. An accent that makes no character with its letter ("m" + "¨") is dropped. The space
    after an accent drawn out of place is measured again, not taken from the PDF's spacing.
    """
    if not any(glyph.text in _DIACRITICS for glyph in glyphs):
        return glyphs
    out: list[Glyph] = []
    pending: Glyph | None = None
    for glyph in glyphs:
        if glyph.text in _DIACRITICS:
            previous = out[-1] if out else None
            overlaps = previous is not None and min(glyph.x1, previous.x1) > max(glyph.x0, previous.x0)
            accented = _accented(previous.text, glyph.text) if previous is not None and overlaps else None
            if previous is not None and accented:
                out[-1] = _with_text(previous, accented, previous.space_before)
            else:
                pending = glyph
            continue
        if pending is not None:
            accented = _accented(glyph.text, pending.text)
            if accented:
                glyph = _with_text(glyph, accented, False)
            pending = None
        out.append(glyph)
    return out


def _accented(letter: str, accent: str) -> str | None:
    """The letter with the accent as one precomposed character, or None when there is none ("m" + "¨")."""
    composed = unicodedata.normalize("NFC", letter + _DIACRITICS[accent])
    return composed if len(composed) == 1 else None


def _with_text(glyph: Glyph, text: str, space_before: bool) -> Glyph:
    return Glyph(text, glyph.x0, glyph.x1, glyph.top, glyph.bottom, glyph.baseline, space_before)


def clean_glyph_text(text: str) -> str:
    """A glyph's text with ligatures spelled out and control-code hyphens read as hyphens."""
    if text in ("\x02", "\ufffe"):
        return "-"
    return text.translate(_LIGATURES)


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    return min(a_bottom, b_bottom) - max(a_top, b_top)


def segments(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs in content order grouped into segments: near each other, overlapping vertically."""
    found: list[Line] = []
    current: list[Glyph] = []
    top = bottom = right = size = 0.0
    for glyph in glyphs:
        if current:
            gap = glyph.x0 - right
            same_line = _overlap(top, bottom, glyph.top, glyph.bottom) >= 0.4 * min(size, glyph.size)
            if same_line and -0.5 * size <= gap <= SEGMENT_GAP * max(size, glyph.size):
                current.append(glyph)
                right = max(right, glyph.x1)
                if glyph.size > size:
                    top, bottom, size = glyph.top, glyph.bottom, glyph.size
                continue
            found.append(Line(current))
        current = [glyph]
        top, bottom, right, size = glyph.top, glyph.bottom, glyph.x1, glyph.size
    if current:
        found.append(Line(current))
    return _merge_near(found)


def _same_baseline(a: Line, b: Line) -> bool:
    """Same baseline and type size: a heading in one column never joins body text in the next."""
    return abs(a.baseline - b.baseline) <= 0.3 * min(a.size, b.size) and abs(a.size - b.size) <= 0.15 * max(a.size, b.size)


def _merge_near(lines: list[Line], max_gap: float | None = SEGMENT_GAP) -> list[Line]:
    """Merge segments on one baseline whose gap is at most `max_gap` sizes (any gap when None)."""
    ordered = sorted(lines, key=lambda line: (round(line.baseline), line.x0))
    merged: list[Line] = []
    for line in ordered:
        candidates = [
            other for other in merged[-8:]
            if _same_baseline(other, line)
            and (max_gap is None or line.x0 - other.x1 <= max_gap * max(other.size, line.size))
            and line.x0 >= other.x1 - line.size
        ]
        if candidates:
            target = candidates[-1]
            target.glyphs.extend(line.glyphs)
            target.refresh()
        else:
            merged.append(line)
    return merged


def find_gutters(lines: list[Line], body_size: float) -> list[tuple[float, float]]:
    """Vertical strips that few narrow lines cross, between columns of text.

    Strips that no narrow line crosses are tried first, then strips crossed by at most one narrow line in
    twelve (a centred heading, a figure label); a strip is a gutter when the text
    between it and the previous gutter (or the page's left edge) spans at least `MIN_COLUMN` of the width,
    and so does the text after the last one. So the strip between reference numbers and their entries, or
    between table cells, is no gutter, and a short last page whose justified lines are broken into words by
    stretched spaces still has its columns.
    """
    if len(lines) < 6:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = right - left
    narrow = [line for line in lines if line.x1 - line.x0 < 0.6 * width]
    if len(narrow) < 6:
        return []
    covered = [0] * (int(width) + 2)
    for line in narrow:
        for x in range(int(line.x0 - left), int(line.x1 - left) + 1):
            covered[x] += 1
    for allowed in (0, max(1, len(narrow) // 12)):
        gutters = _accepted(_candidates(covered, allowed, body_size), covered, narrow, left, right)
        if gutters:
            return gutters
    return []


def _candidates(covered: list[int], allowed: int, body_size: float) -> list[tuple[int, int]]:
    """Interior strips at least 0.6 of the type wide that at most `allowed` lines cross."""
    candidates: list[tuple[int, int]] = []
    start: int | None = None
    for x, count in enumerate(covered + [allowed + 1]):
        if count <= allowed and start is None:
            start = x
        elif count > allowed and start is not None:
            if x - start >= 0.6 * body_size and 0 < start and x < len(covered):
                candidates.append((start, x))
            start = None
    return candidates


def _accepted(
    candidates: list[tuple[int, int]], covered: list[int], narrow: list[Line], left: float, right: float
) -> list[tuple[float, float]]:
    """The candidates that have a column's width of text between each and the one before, and after the last."""
    width = right - left
    gutters: list[tuple[float, float]] = []
    edge = left
    for start, end in candidates:
        gutter = _emptiest(covered, start, end, left, (left + start, left + end))
        if _is_column(narrow, edge, gutter[0], width):
            gutters.append(gutter)
            edge = gutter[1]
    if gutters and not _is_column(narrow, gutters[-1][1], right, width):
        gutters.pop()
    return gutters


def _is_column(lines: list[Line], start: float, end: float, width: float) -> bool:
    """Whether at least three lines lie between `start` and `end` and their text spans a column's width."""
    inside = [line for line in lines if line.x0 >= start - 1 and line.x1 <= end + 1]
    if len(inside) < 3:
        return False
    return max(line.x1 for line in inside) - min(line.x0 for line in inside) >= MIN_COLUMN * width


def _emptiest(covered: list[int], start: int, end: int, left: float, gutter: tuple[float, float]) -> tuple[float, float]:
    """The widest strip inside a gutter that no line crosses at all (reference labels may sit in a gutter
    found with some tolerance); the gutter itself when every part of it is crossed."""
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for x in range(start, end + 1):
        empty = x < end and covered[x] == 0
        if empty and run_start is None:
            run_start = x
        elif not empty and run_start is not None:
            if best is None or x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    return (left + best[0], left + best[1]) if best else gutter


def order_page(lines: list[Line], body_size: float, page: int) -> list[Line]:
    """A page's lines in reading order: bands between spanning lines, each band column by column."""
    gutters = find_gutters(lines, body_size)
    cuts = [(a + b) / 2 for a, b in gutters]
    columns: dict[int, list[Line]] = {}
    spanning: list[Line] = []
    for line in lines:
        line.page = page
        index = sum(1 for cut in cuts if line.x0 >= cut)
        if index < len(cuts) and line.x1 > cuts[index] and line.x1 - line.x0 > 0:
            spanning.append(line)
        else:
            columns.setdefault(index, []).append(line)
    placed: list[Line] = []
    for members in columns.values():
        merged = _merge_near(members, max_gap=None)
        edge = (min(line.x0 for line in merged), max(line.x1 for line in merged))
        for line in merged:
            line.column = edge
        placed += merged
    if spanning:
        spanning = _merge_near(spanning, max_gap=None)
        edge = (min(line.x0 for line in lines), max(line.x1 for line in lines))
        for line in spanning:
            line.column, line.spanning = edge, True
    bands = sorted(spanning, key=lambda line: line.top)
    ordered: list[Line] = []
    upper = float("-inf")
    for cut in bands + [None]:
        lower = cut.top if cut is not None else float("inf")
        band = [line for line in placed if upper <= line.top < lower]
        band.sort(key=lambda line: (line.column[0] if line.column else 0, line.top, line.x0))
        ordered += band
        if cut is not None:
            ordered.append(cut)
            upper = cut.top
    return ordered


def _edge_key(line: Line) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "", line.text)).strip().lower()


def remove_running_heads(
    pages: list[list[Line]], heights: list[float], removed: list[str] | None = None
) -> list[list[Line]]:
    """Drop running headers, footers and page numbers: edge segments that recur across pages or are numbers.
    The text of each recurring one is added to `removed` (once, in page order): the journal's name and
    volume are often printed there and nowhere else.

    Segments, not merged lines, are compared: a header's left and right parts stay apart on every page,
    whatever the columns below them. A segment that recurs must have words: "2019;4:1-9." ending a
    reference at the foot of two pages is no footer.
    """
    edges = [_edge_segments(lines, height) for lines, height in zip(pages, heights, strict=True)]
    counts = Counter(key for page in edges for key in {_edge_key(line) for line in page})
    repeated = {
        key for key, count in counts.items() if count >= 2 and len(pages) >= 2 and sum(c.isalpha() for c in key) >= 3
    }
    kept: list[list[Line]] = []
    for lines, page_edges in zip(pages, edges, strict=True):
        drop = {
            id(line) for line in page_edges
            if _edge_key(line) in repeated or _PAGE_NUMBER.match(line.text.strip())
        }
        kept.append([line for line in lines if id(line) not in drop])
        if removed is not None:
            removed += [line.text.strip() for line in page_edges
                        if _edge_key(line) in repeated and line.text.strip() not in removed]
    return kept


def _edge_segments(lines: list[Line], height: float) -> list[Line]:
    """Segments of the rows at the top and at the bottom of a page that are set apart from the text.

    Rows are walked inwards from each edge within `EDGE_ZONE`; they count up to the last one followed by a
    gap wider than the type, so a first body line (whose stretched spaces may leave a lone word such as
    "for" as a segment of its own) is never taken for a header.
    """
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda line: line.baseline):
        if rows and abs(rows[-1][0].baseline - line.baseline) <= 0.3 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    found: list[Line] = []
    for ordered, inside in (
        (rows, lambda row: max(line.bottom for line in row) < EDGE_ZONE * height),
        (rows[::-1], lambda row: min(line.top for line in row) > (1 - EDGE_ZONE) * height),
    ):
        block = 0
        for index, row in enumerate(ordered[:-1]):
            if not inside(row):
                break
            following = ordered[index + 1]
            gap = min(max(b.top - a.bottom, a.top - b.bottom) for a in row for b in following)
            if gap > 0.8 * max(line.size for line in row):
                block = index + 1
        found += [line for row in ordered[:block] for line in row]
    return found


def layout(pages: list[list[Glyph]], heights: list[float], running_heads: list[str] | None = None) -> list[Line]:
    """Every page's lines in reading order, without running heads (their texts added to `running_heads`),
    rotated text or empty glyphs."""
    segmented = remove_running_heads([segments(compose_accents(glyphs)) for glyphs in pages], heights, running_heads)
    sizes = [line.size for page in segmented for line in page]
    body_size = median(sizes) if sizes else 10.0
    return [line for number, lines in enumerate(segmented) for line in order_page(lines, body_size, number)]
