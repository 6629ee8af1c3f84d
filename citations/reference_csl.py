"""Map a parsed `Reference` to a CSL-JSON item (the format Zotero, Pandoc and citeproc read).

Standard CSL variables where one exists; custom keys only for what CSL lacks: `et-al`, `raw`, `flags`,
`supplement`, `institution`. Keys whose value is empty are left out, as CSL processors expect.
"""
from __future__ import annotations

import re
from typing import Any

from citetrace.citations.model import Author, Reference
from citetrace.citations.months import SEASONS, month_number

DATE = re.compile(r"^(?P<year>\d{4})(?:\s+(?P<month>[A-Za-z]+)(?:\s+(?P<day>\d{1,2}))?)?")


def reference_to_csl(ref: Reference) -> dict[str, Any]:
    """One CSL-JSON item; `id` is "ref-N", or "ref-N-line-L" for an entry flagged `duplicate-number`."""
    item: dict[str, Any] = {
        "id": _item_id(ref),
        "citation-number": ref.number,
        "type": ref.type,
        "author": [_name(author) for author in ref.authors],
        "editor": [_name(editor) for editor in ref.editors],
        "et-al": ref.et_al,
        "title": ref.title,
        "container-title": ref.container_title,
        "issued": _date(ref.year, ref.month, ref.day),
        "available-date": _epub_date(ref.epub),
        "volume": ref.volume,
        "issue": ref.issue,
        "supplement": ref.supplement,
        "page": ref.page,
        "edition": ref.edition,
        "publisher": ref.publisher,
        "publisher-place": ref.publisher_place,
        "institution": ref.institution,
        "DOI": ref.doi,
        "PMID": ref.pmid,
        "PMCID": ref.pmcid,
        "URL": ref.url,
        "status": "in press" if "in-press" in ref.flags else None,
        "note": "; ".join(ref.editorial_notes),
        "flags": list(ref.flags),
        "raw": ref.raw,
    }
    return {key: value for key, value in item.items() if not _is_empty(value)}


def _item_id(ref: Reference) -> str:
    """A manuscript's citation key; else "ref-N", a repeated number's later entry told apart by its line
    (ids must be unique in a CSL array)."""
    if ref.key:
        return ref.key
    if "duplicate-number" not in ref.flags:
        return f"ref-{ref.number}"
    return f"ref-{ref.number}-line-{ref.line}" if ref.line is not None else f"ref-{ref.number}-duplicate"


def _is_empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == []


def _name(author: Author) -> dict[str, str]:
    """A person as {"family", "given"}; a group author as CSL's {"literal"}."""
    if author.collective:
        return {"literal": author.family}
    return {"family": author.family, "given": author.given} if author.given else {"family": author.family}


def _date(year: int | None, month: str | None, day: int | None) -> dict[str, Any] | None:
    """CSL date-parts from the cited year, month ("Mar", "Nov-Dec": first month) and day; seasons as `season`."""
    if year is None:
        return None
    parts: list[int] = [year]
    number = month_number(month)
    if number:
        parts.append(number)
        if day is not None:
            parts.append(day)
    date: dict[str, Any] = {"date-parts": [parts]}
    if month and month.lower() in SEASONS:
        date["season"] = SEASONS[month.lower()]
    return date


def _epub_date(epub: str | None) -> dict[str, Any] | None:
    """The "Epub 2010 Jan 5" date as a CSL date."""
    match = DATE.match(epub or "")
    if not match:
        return None
    return _date(int(match["year"]), match["month"], int(match["day"]) if match["day"] else None)
