"""The one data model every parser, matcher, store and writer shares.

`Reference` is what a review *cites* (a parsed numbered entry); `Work` is what was *published* (a PubMed
record, or a work built from the cited fields when no record is known). Writers (BibTeX, CSL-JSON, RIS)
read only `Work`, as pybtex's output plugins read only its database model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

PAGE_RANGE_DASH = re.compile(r"[-\u2010-\u2013\u2212]")


@dataclass
class Author:
    """A person as a list names them: `given` holds initials as cited, or PubMed's fore name."""

    family: str
    given: str | None = None
    initials: str | None = None
    orcid: str | None = None
    affiliation: str | None = None
    collective: bool = False
    """A group author (PubMed CollectiveName) kept whole in `family`, never split into initials."""


@dataclass
class Reference:
    """One numbered entry of a review's reference list, as written.

    Field names follow CSL-JSON so that `citations.reference_csl.reference_to_csl` is a plain mapping; `flags`
    says what the parser was unsure of (for instance `unparsed`, `corrected`), so a doubtful entry is kept and
    marked, never dropped.
    """

    number: int
    raw: str
    type: str = "article-journal"
    authors: list[Author] = field(default_factory=list)
    et_al: bool = False
    title: str | None = None
    container_title: str | None = None
    """CSL's container-title as cited: the journal of an article, the book of a chapter (`Work` keeps the two
    apart, as `journal` and `container_title`)."""
    year: int | None = None
    month: str | None = None
    day: int | None = None
    volume: str | None = None
    issue: str | None = None
    supplement: str | None = None
    page: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    epub: str | None = None
    editors: list[Author] = field(default_factory=list)
    publisher: str | None = None
    publisher_place: str | None = None
    edition: str | None = None
    institution: str | None = None
    editorial_notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    line: int | None = None
    key: str | None = None
    """A manuscript's citation key (`smith2020`, `doi:10.1/x`); None for a numbered list entry."""
    origin: str = "string"
    """Where the fields come from: `string` (parsed from text), or a structured source (`jats`, `bibtex`,
    `csl`, `manubot`) whose PMID or DOI identifies the work without matching."""

    @property
    def first_page(self) -> str | None:
        """The first page of `page` ("373-84" -> "373"), which is what ECitMatch and the verifier compare."""
        if not self.page:
            return None
        return PAGE_RANGE_DASH.split(self.page)[0].strip() or None


@dataclass
class MeshHeading:
    descriptor: str
    ui: str | None = None
    major: bool = False
    qualifiers: list[str] = field(default_factory=list)
    major_qualifiers: list[str] = field(default_factory=list)


@dataclass
class Notice:
    """A PubMed comment/correction link: ErratumIn, RetractionIn, CommentIn, ..."""

    type: str
    ref_source: str | None = None
    pmid: str | None = None


@dataclass
class Work:
    """A published work; `source` is `pubmed` for a fetched record, `cited` for one built from a Reference."""

    type: str = "article-journal"
    title: str | None = None
    authors: list[Author] = field(default_factory=list)
    authors_complete: bool = True
    journal: str | None = None
    journal_full: str | None = None
    year: int | None = None
    month: str | None = None
    day: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    language: str | None = None
    abstract: str | None = None
    publication_types: list[str] = field(default_factory=list)
    mesh: list[MeshHeading] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    editors: list[Author] = field(default_factory=list)
    container_title: str | None = None
    """The container of a work that is not a journal article (the book of a chapter); a journal is `journal`.
    `Reference.container_title` holds either, as cited."""
    publisher: str | None = None
    publisher_place: str | None = None
    edition: str | None = None
    institution: str | None = None
    note: str | None = None
    source: str = "cited"
    checked_at: str | None = None
    """When PubMed itself gave this record (ISO 8601, UTC); None for a cited work or a local file's copy."""
    id: int | None = None


@dataclass
class Claim:
    """A cited clause (closed by a marker) or an uncited sentence, in reading order."""

    paragraph: int
    sentence_index: int
    position: int
    sentence: str
    text: str
    marker: str | None = None
    refs: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class TopicLink:
    """A cross-reference to another topic, such as (See "Immunoglobulin genetics"), which is not a citation."""

    paragraph: int
    title: str


DOCUMENT_FORMATS = {
    "text": "plain text",
    "jats": "PubMed Central JATS XML",
    "pdf": "PDF",
    "markdown": "Pandoc Markdown",
    "latex": "LaTeX",
    "bibtex": "BibTeX",
}
"""The `documents.format` values and how a page names them."""


@dataclass
class CitationGroup:
    """One citation at `start:end` of its text, as written (`text`), and the reference numbers it cites.

    Found in plain text and PDFs (a numeric marker, `citations.markers`; an author-year citation,
    `citations.author_year`, with `warnings` about what looked wrong), or read from a structured source (a JATS
    xref group, a pandoc citation, a LaTeX \\cite, with the `keys` it names), and placed in a sentence by the
    claim extractor: the same thing at every step.
    """

    start: int
    end: int
    text: str
    refs: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    narrative: bool = False
    """Written as part of the sentence (`@smith2020 showed`, `\\citet{smith2020}`): the clause runs on past it."""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Document:
    """A document split into front matter, body paragraphs and its references.

    Plain text and PDFs give raw `reference_lines` for the string parser and leave markers in the paragraphs;
    structured formats give `references` (fields from tags or a bibliography) and `citation_groups`, one list
    per paragraph, so nothing is parsed twice.
    """

    path: str
    title: str
    contributors: list[dict[str, str]] = field(default_factory=list)
    literature_review_through: str | None = None
    last_updated: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    reference_lines: list[tuple[int, str]] = field(default_factory=list)
    """(line number in the file, text) of each reference-list line, in file order."""
    format: str = "text"
    references: list[Reference] | None = None
    citation_groups: list[list[CitationGroup]] | None = None
    sections: list[str | None] = field(default_factory=list)
    """The section title each paragraph sits under (structured formats), kept as context."""
    journal: str | None = None
    published: str | None = None
    article_type: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)
    reference_style: str = "numeric"
    """`numeric` (the body cites numbers) or `author-year` (an unnumbered list, numbered here in list order,
    cited by surname and year)."""
