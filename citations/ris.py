"""Works to RIS (EndNote, Mendeley, Zotero): one record per work, tags as EndNote and Zotero write them.

TY is JOUR, BOOK, CHAP or PCOMM (GEN otherwise); AU/A2 one person per line "Family, Given"; T2 the journal
(full name when known) or the book of a chapter, J2 the journal abbreviation; SP/EP the expanded page
range; AN the PMID and C2 the PMCID, as PubMed's own EndNote export puts them; ID the citation key;
N1 the note (errata, retractions). A record ends with "ER  - ".
"""
from __future__ import annotations

from citetrace.citations.model import Author, Work
from citetrace.citations.months import month_number
from citetrace.citations.names import given_name
from citetrace.citations.notes import note_parts
from citetrace.citations.page_ranges import page_range

RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "personal_communication": "PCOMM"}


def works_to_ris(works: list[Work], keys: list[str]) -> str:
    """The RIS text for `works`, records separated by a blank line, CRLF-free and UTF-8."""
    return "\n".join(_record(work, key) for work, key in zip(works, keys, strict=True))


def _record(work: Work, key: str) -> str:
    lines: list[tuple[str, str | None]] = [("TY", RIS_TYPES.get(work.type, "GEN")), ("ID", key)]
    lines += [("AU", _name(a)) for a in work.authors]
    lines += [("A2", _name(a)) for a in work.editors]
    lines.append(("TI", work.title))
    if work.type == "chapter":
        lines.append(("T2", work.container_title))
    else:
        lines.append(("T2", work.journal_full or work.journal))
        lines.append(("J2", work.journal))
    lines.append(("PY", str(work.year) if work.year else None))
    lines.append(("DA", _date(work)))
    lines += [("VL", work.volume), ("IS", work.issue)]
    if work.pages:
        first, last = page_range(work.pages)
        lines += [("SP", first), ("EP", last)]
    lines += [("ET", work.edition), ("PB", work.publisher), ("CY", work.publisher_place), ("DO", work.doi),
              ("AN", work.pmid), ("C2", work.pmcid)]
    lines += [("N1", part) for part in note_parts(work)]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value is not None and (value or tag == "ER"))


def _name(author: Author) -> str:
    given = given_name(author)
    return f"{author.family}, {given}" if given else author.family


def _date(work: Work) -> str | None:
    """RIS date "YYYY/MM/DD/" with empty parts for unknowns; None without a year."""
    if not work.year:
        return None
    number = month_number(work.month)
    month = f"{number:02d}" if number else ""
    day = f"{work.day:02d}" if month and work.day else ""
    return f"{work.year}/{month}/{day}/"
