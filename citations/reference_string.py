"""A structured reference written out as a reference list prints it (NLM/Vancouver): what `citations.raw`
holds for an entry that came as tags, not as text (a JATS `<element-citation>`, or a `<mixed-citation>` that
prints no punctuation between its tags), so the stored string reads as the article's list does."""
from __future__ import annotations

from citetrace.citations.model import Author, Reference

MAX_NAMES = 6
"""Vancouver lists six authors, then "et al"."""


def reference_string(ref: Reference) -> str:
    """"Avery SV. Microbial cell individuality .... Nat Rev Microbiol. 2006;4:577-587. doi:10.1038/nrmicro1460.
    PMID: 16845428." for an article; a chapter names its book ("In: Eds, editors. Book."), a book its publisher."""
    parts: list[str] = []
    if names := _names(ref.authors, ref.et_al):
        parts.append(names)
    if ref.title:
        parts.append(ref.title)
    if ref.type == "chapter" and ref.container_title:
        editors = f"{_names(ref.editors, False)}, editors. " if ref.editors else ""
        parts.append(f"In: {editors}{ref.container_title}")
    elif ref.container_title:
        parts.append(ref.container_title)
    if ref.edition:
        parts.append(f"{ref.edition} ed")
    if ref.publisher or ref.publisher_place:
        parts.append(": ".join(part for part in (ref.publisher_place, ref.publisher) if part))
    if dated := _date_and_place(ref):
        parts.append(dated)
    if ref.doi:
        parts.append(f"doi:{ref.doi}")
    if ref.pmid:
        parts.append(f"PMID: {ref.pmid}")
    text = ""
    for part in (part.strip().rstrip(".").strip() for part in parts):
        if part:
            text += (" " if text.endswith(("?", "!")) else ". " if text else "") + part
    return text if not text or text.endswith(("?", "!")) else f"{text}."


def _names(people: list[Author], et_al: bool) -> str:
    names = [_name(person) for person in people[:MAX_NAMES]]
    if names and (et_al or len(people) > MAX_NAMES):
        names.append("et al")
    return ", ".join(names)


def _name(person: Author) -> str:
    if person.collective:
        return person.family
    initials = person.initials or "".join(part[0] for part in (person.given or "").replace("-", " ").split() if part)
    return f"{person.family} {initials}".strip()


def _date_and_place(ref: Reference) -> str:
    """"2006;4(2):577-587": year, volume, issue and pages, as far as they are known."""
    text = str(ref.year or "")
    if ref.volume:
        text += f";{ref.volume}"
    if ref.issue:
        text += f"({ref.issue})"
    if ref.page:
        text += f":{ref.page}"
    return text.lstrip(";")
