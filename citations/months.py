"""The one month table: English three-letter abbreviations, and the month a cited or stored value names."""
from __future__ import annotations

import re

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""Lower case, as BibTeX's month macros are written."""
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
"""CSL's season numbers, for issues dated by season ("Winter 2001")."""
DATE_WORDS = frozenset({*MONTHS, "sept", *MONTH_NAMES, *SEASONS})
"""Every word a cited date may use for its month or season."""


def month_number(text: str | None) -> int | None:
    """1-12 for "Feb", "February", "2", "02" or "Feb-Mar" (the first month); None for a season or other text."""
    first = re.split(r"[-/\s]", (text or "").strip())[0].lower()
    if first.isdigit():
        return int(first) if 1 <= int(first) <= 12 else None
    return MONTHS.index(first[:3]) + 1 if len(first) >= 3 and first[:3] in MONTHS else None


def month_abbreviation(number: int) -> str:
    """PubMed's display form of a month: 2 -> "Feb"."""
    return MONTHS[number - 1].capitalize()


def display_month(value: str | None) -> str | None:
    """One month as PubMed displays it, from BibTeX ("feb", "February", "2") or PubMed XML ("05", "May"): "Feb",
    "May"; a range ("May-Jun"), a season or other text as written."""
    value = (value or "").strip()
    if not value:
        return None
    number = month_number(value) if re.fullmatch(r"[^\W\d_]+\.?|\d{1,2}", value) else None
    return month_abbreviation(number) if number else value
