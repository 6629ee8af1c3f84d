"""A work built from what a citation string says, for references PubMed does not (yet) give; and back, the
reference a work read from a .bib stands for, so an imported entry is stored as a build stores a parsed one."""
from __future__ import annotations

from dataclasses import replace

from citetrace.citations.model import Reference, Work

_SAME_NAMED = ("type", "title", "year", "month", "volume", "issue", "doi", "pmid", "pmcid", "url", "publisher",
               "publisher_place", "edition", "institution")
"""The fields a `Reference` and a `Work` both have under one name, copied as they are either way."""


def work_from_reference(reference: Reference) -> Work:
    """The cited fields as a `Work` (source `cited`), so exports cover the whole reference list."""
    note = "; ".join(reference.editorial_notes) or None
    return Work(
        authors=[replace(author) for author in reference.authors],
        authors_complete=not reference.et_al,
        journal=reference.container_title if reference.type == "article-journal" else None,
        pages=reference.page,
        editors=[replace(editor) for editor in reference.editors],
        container_title=reference.container_title if reference.type != "article-journal" else None,
        note=note,
        source="cited",
        **{name: getattr(reference, name) for name in _SAME_NAMED},
    )


def reference_from_work(
    work: Work, number: int, raw: str, line: int | None, key: str | None = None, origin: str = "string"
) -> Reference:
    """The entry `number` of a reference list that cites `work` as it is (the inverse of `work_from_reference`):
    a bibliography entry a manuscript cites (numbered later, by first citation), or an imported .bib entry."""
    return Reference(
        number=number,
        raw=raw,
        authors=[replace(author) for author in work.authors],
        et_al=not work.authors_complete,
        container_title=(work.journal if work.type == "article-journal" else None) or work.container_title or work.journal,
        day=work.day,
        page=work.pages,
        editors=[replace(editor) for editor in work.editors],
        line=line,
        key=key,
        origin=origin,
        **{name: getattr(work, name) for name in _SAME_NAMED},
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
