"""Works to CSL-JSON items (for Zotero, Pandoc, citeproc), valid against the CSL data schema.

The schema forbids properties it does not name, so what CSL has no variable for goes into `custom`
(`et-al`: the author list is known to be cut; `source`). Pages are expanded ("539-41" -> "539-541") and
a style's page-range format decides how to print them.
"""
from __future__ import annotations

from citetrace.citations.model import Author, Work
from citetrace.citations.months import month_number
from citetrace.citations.names import given_name
from citetrace.citations.notes import note_parts
from citetrace.citations.page_ranges import expand_pages

CSL_TYPES = frozenset(
    "article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection "
    "dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview "
    "legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent "
    "performance periodical personal_communication post post-weblog regulation report review review-book "
    "software song speech standard thesis treaty webpage".split()
)


def works_to_csl(works: list[Work], keys: list[str]) -> list[dict]:
    """One CSL-JSON item per work, `id` being its citation key."""
    return [work_to_csl(work, key) for work, key in zip(works, keys, strict=True)]


def work_to_csl(work: Work, key: str) -> dict:
    item: dict = {"id": key, "type": work.type if work.type in CSL_TYPES else "document"}
    if work.title:
        item["title"] = work.title
    if work.authors:
        item["author"] = [csl_name(a) for a in work.authors]
    if work.editors:
        item["editor"] = [csl_name(a) for a in work.editors]
    container = work.container_title if work.type == "chapter" else (work.journal_full or work.journal)
    if container:
        item["container-title"] = container
    if work.journal and work.type != "chapter":
        item["container-title-short"] = work.journal
        item["journalAbbreviation"] = work.journal
    issued = _date_parts(work)
    if issued:
        item["issued"] = {"date-parts": [issued]}
    for variable, value in (("volume", work.volume), ("issue", work.issue), ("DOI", work.doi), ("PMID", work.pmid),
                            ("PMCID", work.pmcid), ("publisher", work.publisher),
                            ("publisher-place", work.publisher_place), ("edition", work.edition)):
        if value:
            item[variable] = value
    if work.pages:
        item["page"] = expand_pages(work.pages)
    if work.type == "personal_communication":
        item["genre"] = "Personal communication"
    note = "; ".join(note_parts(work))
    if note:
        item["note"] = note
    custom: dict = {"source": work.source}
    if not work.authors_complete:
        custom["et-al"] = True
    item["custom"] = custom
    return item


def csl_name(author: Author) -> dict:
    """{"family", "given"} with the given name as `given_name` exports it ("L. D." for initials)."""
    name = {"family": author.family}
    given = given_name(author)
    if given:
        name["given"] = given
    return name


def _date_parts(work: Work) -> list[int]:
    if not work.year:
        return []
    parts = [work.year]
    month = month_number(work.month)
    if month:
        parts.append(month)
        if work.day:
            parts.append(work.day)
    return parts
