"""A work built from what a citation string says, for references PubMed does not (yet) give; and back, the
reference a work read from a .bib stands for, so an imported entry is stored as a build stores a parsed one."""
from __future__ import annotations

from dataclasses import replace

from citations.model import Reference, Work


def work_from_reference(reference: Reference) -> Work:
    """The cited fields as a `Work` (source `cited`), so exports cover the whole reference list."""
    note = "; ".join(reference.editorial_notes) or None
    return Work(
        type=reference.type,
        title=reference.title,
        authors=[replace(author) for author in reference.authors],
        authors_complete=not reference.et_al,
        journal=reference.container_title if reference.type == "article-journal" else None,
        year=reference.year,
        month=reference.month,
        volume=reference.volume,
        issue=reference.issue,
        pages=reference.page,
        doi=reference.doi,
        pmid=reference.pmid,
        pmcid=reference.pmcid,
        url=reference.url,
        editors=[replace(editor) for editor in reference.editors],
        container_title=reference.container_title if reference.type != "article-journal" else None,
        publisher=reference.publisher,
        publisher_place=reference.publisher_place,
        edition=reference.edition,
        institution=reference.institution,
        note=note,
        source="cited",
    )


def reference_from_work(
    work: Work, number: int, raw: str, line: int | None, key: str | None = None, origin: str = "string"
) -> Reference:
    """The entry `number` of a reference list that cites `work` as it is (the inverse of `work_from_reference`):
    a bibliography entry a manuscript cites (numbered later, by first citation), or an imported .bib entry."""
    return Reference(
        number=number,
        raw=raw,
        type=work.type,
        authors=[replace(author) for author in work.authors],
        et_al=not work.authors_complete,
        title=work.title,
        container_title=(work.journal if work.type == "article-journal" else None) or work.container_title or work.journal,
        year=work.year,
        month=work.month,
        day=work.day,
        volume=work.volume,
        issue=work.issue,
        page=work.pages,
        doi=work.doi,
        pmid=work.pmid,
        pmcid=work.pmcid,
        url=work.url,
        editors=[replace(editor) for editor in work.editors],
        publisher=work.publisher,
        publisher_place=work.publisher_place,
        edition=work.edition,
        institution=work.institution,
        line=line,
        key=key,
        origin=origin,
    )


_FILLABLE = ("title", "journal", "year", "month", "volume", "issue", "pages", "doi")


def fill_from_reference(work: Work, reference: Reference) -> Work:
    """A PubMed record with the fields it lacks taken from the citation that matched it.

    A record can come without authors or a journal (the bundled snapshot's facts have gaps); the cited
    fields are better than nothing, and cited authors keep their et-al cut as `authors_complete`.
    """
    cited = work_from_reference(reference)
    updates: dict = {name: getattr(cited, name) for name in _FILLABLE if not getattr(work, name) and getattr(cited, name)}
    if not work.authors and cited.authors:
        updates["authors"] = cited.authors
        updates["authors_complete"] = cited.authors_complete
    return replace(work, **updates) if updates else work
