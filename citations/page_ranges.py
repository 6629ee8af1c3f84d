"""Page ranges as PubMed abbreviates them ("539-41") expanded to full ranges ("539-541")."""
from __future__ import annotations

import re

_RANGE = re.compile(r"^\s*([A-Za-z]*)(\d+)\s*[-\u2013\u2014]+\s*([A-Za-z]*)(\d+)\s*$")


def expand_pages(pages: str) -> str:
    """Expand every abbreviated range of a page list, ranges joined by a hyphen.

    "539-41" -> "539-541", "S12-5" -> "S12-S15", "123-5, 130" -> "123-125, 130". A range whose end cannot be
    an abbreviation of a later page ("1169-7" would give 1167) and anything else (roman numerals,
    e-locators) is kept as written, with only its dash normalised.
    """
    return ", ".join(_expand_range(part) for part in pages.split(","))


def page_range(pages: str) -> tuple[str, str | None]:
    """First and last page of the first range of `pages`, expanded; last is None for a single page."""
    first_part = expand_pages(pages).split(",")[0].strip()
    first, _, last = first_part.partition("-")
    return first, (last or None)


def _expand_range(part: str) -> str:
    match = _RANGE.match(part)
    if not match:
        return re.sub(r"\s*[-\u2013\u2014]+\s*", "-", part.strip())
    prefix, start, end_prefix, end = match.groups()
    if len(end) < len(start):
        full_end = start[: len(start) - len(end)] + end
        if int(full_end) >= int(start):
            end = full_end
    return f"{prefix}{start}-{end_prefix or prefix}{end}"
