"""The one BibTeX writer (CLI and Datasette alike): `Work`s to a .bib that classic BibTeX and biber accept.

Entries are built and written with bibtexparser 2.x; values are encoded here (see `citations.latex_encoding`).
An entry type's fields required by the standard styles are checked first: a work lacking them is
written as `@misc`, which requires nothing, so BibTeX never warns "empty journal" and the like.
"""
from __future__ import annotations

import re

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware, MergeCoAuthors
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from citetrace.citations.keys import assign_keys
from citetrace.citations.latex_encoding import encode_text, encode_title
from citetrace.citations.model import Author, Work
from citetrace.citations.months import MONTHS, month_number
from citetrace.citations.names import given_name
from citetrace.citations.notes import note_parts
from citetrace.citations.page_ranges import expand_pages


def works_to_bibtex(works: list[Work], encoding: str = "latex") -> str:
    """A .bib with one entry per work, keys from `assign_keys`, values in `encoding` (latex|unicode)."""
    library = Library()
    for work, key in zip(works, assign_keys(works), strict=True):
        library.add(work_to_entry(work, key, encoding))
    bib_format = BibtexFormat()
    bib_format.indent = "  "
    bib_format.block_separator = "\n"
    unparse_stack = [
        MergeCoAuthors(allow_inplace_modification=True),
        AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=False, default_enclosing="{",
                               allow_inplace_modification=True),
    ]
    text = bibtexparser.write_string(library, unparse_stack=unparse_stack, bibtex_format=bib_format)
    return text


def work_to_entry(work: Work, key: str, encoding: str = "latex") -> Entry:
    """One bibtexparser entry; author and editor stay lists of encoded names until `MergeCoAuthors`."""
    entry_type = entry_type_of(work)
    journal = work.journal or work.journal_full

    def enc(text: str) -> str:
        return encode_text(text, encoding)

    values: dict[str, object] = {}
    if work.authors:
        values["author"] = [bibtex_name(a, encoding) for a in work.authors] + ([] if work.authors_complete else ["others"])
    if work.editors and not (entry_type == "book" and work.authors):
        values["editor"] = [bibtex_name(a, encoding) for a in work.editors]
    if work.title:
        values["title"] = encode_title(work.title, encoding)
    if not work.authors and not (work.editors and entry_type == "book"):
        values["key"] = enc(work.title or journal or key)
    if work.container_title and (entry_type == "incollection" or (entry_type == "misc" and work.type == "chapter")):
        values["booktitle"] = encode_title(work.container_title, encoding)
    if journal and entry_type == "article":
        values["journal"] = enc(journal)
    if work.type == "personal_communication":
        values["howpublished"] = "Personal communication"
    elif journal and entry_type == "misc":
        values["howpublished"] = enc(journal)
    if work.year:
        values["year"] = str(work.year)
    if work.month:
        values["month"] = bibtex_month(work.month) or enc(work.month)
    if work.volume:
        values["volume"] = enc(work.volume)
    if work.issue:
        values["number"] = enc(work.issue)
    if work.pages:
        values["pages"] = enc(expand_pages(work.pages)).replace("-", "--")
    if work.edition:
        values["edition"] = enc(_edition(work.edition))
    if work.publisher:
        values["publisher"] = enc(work.publisher)
    if work.publisher_place:
        values["address"] = enc(work.publisher_place)
    if work.doi:
        values["doi"] = bibtex_doi(work.doi, encoding)
    if work.pmid:
        values["pmid"] = enc(work.pmid)
    if work.pmcid:
        values["pmcid"] = enc(work.pmcid)
    note = "; ".join(note_parts(work))
    if note:
        values["note"] = enc(note)
    fields = []
    for name, value in values.items():
        field = Field(name, value)
        if name == "month" and value in MONTHS:
            field.enclosing = "no-enclosing"
        fields.append(field)
    return Entry(entry_type, key, fields)


def entry_type_of(work: Work) -> str:
    """@article, @book, @incollection when the standard styles' required fields are there, else @misc."""
    has_author = bool(work.authors)
    if work.type == "article-journal" and has_author and work.title and (work.journal or work.journal_full) and work.year:
        return "article"
    if work.type == "book" and (has_author or work.editors) and work.title and work.publisher and work.year:
        return "book"
    if work.type == "chapter" and has_author and work.title and work.container_title and work.publisher and work.year:
        return "incollection"
    return "misc"


def bibtex_name(author: Author, encoding: str = "latex") -> str:
    """"Family, Given" for BibTeX; a family name BibTeX would split (a group name, "and", a comma) is braced."""
    family = encode_text(author.family, encoding)
    given = given_name(author)
    if re.search(r",|\band\b", author.family, re.IGNORECASE) or (not given and " " in author.family.strip()):
        family = "{" + family + "}"
    return f"{family}, {encode_text(given, encoding)}" if given else family


def bibtex_doi(doi: str, encoding: str) -> str:
    """A DOI escaped for classic styles, which print it as text; verbatim for biblatex (`unicode`), which
    prints it with \\url-like verbatim code that would show every escaping backslash.

    Braces and backslashes, which no registered DOI contains, are escaped in both encodings.
    """
    if encoding == "unicode" and not re.search(r"[{}\\]", doi):
        return doi.strip()
    return encode_text(doi, encoding)


def bibtex_month(month: str) -> str | None:
    """The month macro (jan..dec) for "Feb", "February", "2" or "Feb-Mar"; None for other text (a season)."""
    number = month_number(month)
    return MONTHS[number - 1] if number else None


def _edition(edition: str) -> str:
    """"2" -> "2nd", as styles print "<edition> edition"."""
    if not edition.isdigit():
        return edition
    number = int(edition)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
