"""PubMed XML (EFetch answers, baseline and update files, the bundled snapshot) into `Work` records via Bio.Entrez.

Two facts about Bio.Entrez shape this module. It resolves a document's DOCTYPE against the DTDs it ships
(Bio/Entrez/DTDs, plus a user cache) and downloads any other one from NLM, so a file naming an unshipped DTD
(the 2016 `nlmmedlinecitationset_160101`, next year's `pubmed_260101`) would make parsing touch the network or
fail offline. And `Entrez.parse` refuses a PubmedArticleSet (it is not a list), so `Entrez.read` would hold a
whole 30,000-record baseline file in memory. Hence: files are cut into top-level records by a byte scan, and
batches of records are re-wrapped in a document whose DOCTYPE names a shipped DTD of the same family (the
file's own when shipped, else the newest), parsed with `validate=False` so elements newer than that DTD are
skipped rather than fatal.
"""
from __future__ import annotations

import gzip
import html
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any, BinaryIO

from Bio.Entrez.Parser import DataHandler

from citetrace.citations.matching import as_pmid
from citetrace.citations.model import Author, MeshHeading, Notice, Work
from citetrace.citations.months import MONTHS, display_month

BATCH_SIZE = 500
_BLOCK = 1 << 20


@dataclass(frozen=True)
class _Family:
    record_tags: tuple[str, ...]
    dtd_prefix: str
    dtd_base_url: str


_FAMILIES = {
    "PubmedArticleSet": _Family(("PubmedArticle", "PubmedBookArticle"), "pubmed_",
                                "https://dtd.nlm.nih.gov/ncbi/pubmed/out/"),
    "MedlineCitationSet": _Family(("MedlineCitation",), "nlmmedlinecitationset_",
                                  "https://www.nlm.nih.gov/databases/dtd/"),
}
_DEFAULT_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'
_PROLOG_RE = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\w.:-]*)[\s>]",
                        re.DOTALL)
_DECLARATION_RE = re.compile(rb"\s*(<\?xml[^>]*\?>)")
_DTD_RE = re.compile(rb"<!DOCTYPE[^>]*?[\"']([^\"']*?([\w.-]+\.dtd))[\"']")
_PMID_RE = re.compile(rb"<PMID[^>]*>\s*(\d+)\s*</PMID>")
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


class PubmedXmlError(ValueError):
    """The input is not PubMed XML, or a record in it is cut off."""


@dataclass(frozen=True)
class RawRecord:
    """One top-level record (PubmedArticle, PubmedBookArticle, MedlineCitation) as bytes from its file."""

    root: str
    tag: str
    dtd: str
    declaration: bytes
    xml: bytes
    offset: int = 0
    """Where the record starts in its (decompressed) byte stream, so it can be read again without a rescan."""

    @property
    def pmid(self) -> str | None:
        """The record's own PMID: the first PMID element (later ones are comment/correction links)."""
        match = _PMID_RE.search(self.xml)
        return match.group(1).decode() if match else None


def open_xml(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a PubMed XML file, gzip-compressed (baseline `.xml.gz`) or not, as a byte stream."""
    with open(path, "rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if compressed else open(path, "rb")  # type: ignore[return-value]


def read_works(source: str | os.PathLike[str] | BinaryIO, batch_size: int = BATCH_SIZE) -> Iterator[Work]:
    """Every record of a PubMed XML file or byte stream as a `Work`, in file order, in bounded memory."""
    if isinstance(source, (str, os.PathLike)):
        with open_xml(source) as stream:
            yield from read_works(stream, batch_size)
        return
    batch: list[RawRecord] = []
    for record in iter_raw_records(source):
        batch.append(record)
        if len(batch) >= batch_size:
            yield from parse_records(batch)
            batch = []
    yield from parse_records(batch)


def parse_xml(data: bytes) -> list[Work]:
    """All records of one PubMed XML document held in memory (an EFetch answer)."""
    return list(read_works(io.BytesIO(data)))


def iter_raw_records(stream: BinaryIO) -> Iterator[RawRecord]:
    """Cut a PubMed XML byte stream into its top-level records without parsing them."""
    buffer = b""
    while not (root_match := _PROLOG_RE.match(buffer)):
        data = stream.read(_BLOCK)
        if not data:
            raise PubmedXmlError("no XML element found")
        buffer += data
    root = root_match.group(1).decode()
    family = _FAMILIES.get(root)
    if family is None:
        raise PubmedXmlError(f"not PubMed XML: root element <{root}>")
    head = buffer[: root_match.start(1)]
    declaration = _DECLARATION_RE.match(head)
    dtd = _DTD_RE.search(head)
    dtd_name = shipped_dtd(dtd.group(2).decode() if dtd else None, family.dtd_prefix)
    start_re = re.compile(rb"<(" + b"|".join(t.encode() for t in family.record_tags) + rb")[\s>]")
    pos = root_match.end()
    base = 0
    while True:
        start = start_re.search(buffer, pos)
        if start:
            end_tag = b"</" + start.group(1) + b">"
            end = buffer.find(end_tag, start.end())
            if end >= 0:
                end += len(end_tag)
                yield RawRecord(root, start.group(1).decode(), dtd_name,
                                declaration.group(1) if declaration else _DEFAULT_DECLARATION,
                                buffer[start.start():end], base + start.start())
                pos = end
                continue
        data = stream.read(_BLOCK)
        if not data:
            if start:
                raise PubmedXmlError(f"truncated <{start.group(1).decode()}> record at the end of the input")
            if not buffer.rstrip().endswith(f"</{root}>".encode()):
                raise PubmedXmlError(f"truncated input: no </{root}> at the end")
            return
        keep = start.start() if start else max(pos, len(buffer) - 1024)
        base += keep
        buffer = buffer[keep:] + data
        pos = 0


def raw_record_at(stream: BinaryIO, head: tuple[str, str, bytes], offset: int, length: int) -> RawRecord:
    """The record of `length` bytes at `offset` of a stream that `iter_raw_records` cut before; `head` is the
    file's (root, DTD, declaration), as any of its records carries them."""
    root, dtd, declaration = head
    stream.seek(offset)
    xml = stream.read(length)
    tag = re.match(rb"<([A-Za-z]+)", xml)
    if len(xml) != length or tag is None or tag.group(1).decode() not in _FAMILIES[root].record_tags:
        raise PubmedXmlError(f"no record at byte {offset}: the file changed since it was indexed")
    return RawRecord(root, tag.group(1).decode(), dtd, declaration, xml, offset)


@cache
def _shipped_dtds() -> frozenset[str]:
    directories = [DataHandler.global_dtd_dir, DataHandler.local_dtd_dir]
    return frozenset(name for d in directories if d and os.path.isdir(d) for name in os.listdir(d))


def shipped_dtd(requested: str | None, prefix: str) -> str:
    """The DTD Bio.Entrez can read without the network: `requested` when shipped, else the newest of its family."""
    shipped = _shipped_dtds()
    if requested in shipped:
        return requested
    family = sorted(n for n in shipped if n.startswith(prefix) and n.endswith(".dtd"))
    if not family:
        raise PubmedXmlError(f"Biopython ships no {prefix}*.dtd")
    return family[-1]


def parse_records(records: Sequence[RawRecord]) -> list[Work]:
    """Parse raw records with Bio.Entrez against shipped DTDs, in their order."""
    works: list[Work] = []
    for (root, tag, dtd, declaration), group in groupby(records, lambda r: (r.root, r.tag, r.dtd, r.declaration)):
        works.extend(_parse_group(root, tag, dtd, declaration, [r.xml for r in group]))
    return works


def _parse_group(root: str, tag: str, dtd: str, declaration: bytes, chunks: Iterable[bytes]) -> list[Work]:
    url = _FAMILIES[root].dtd_base_url + dtd
    document = b"".join([declaration, f'\n<!DOCTYPE {root} SYSTEM "{url}">\n<{root}>\n'.encode(),
                         b"\n".join(chunks), f"\n</{root}>\n".encode()])
    parsed = _entrez_read(document)
    if tag == "PubmedArticle":
        return [_article_work(a["MedlineCitation"], a.get("PubmedData", {})) for a in parsed.get(tag, [])]
    if tag == "PubmedBookArticle":
        return [_book_work(a["BookDocument"], a.get("PubmedBookData", {})) for a in parsed.get(tag, [])]
    return [_article_work(citation, {}) for citation in parsed.get(tag, [])]


def _entrez_read(document: bytes) -> Any:
    """`Entrez.read(validate=False, escape=True)`, leaving no garbage cycle behind: Bio.Entrez's handler and its
    expat parser refer to each other, and the handler holds the whole parse tree, so after every call the tree
    waited for Python's garbage collector (35,000 objects for 200 records, walked again and again in a build)."""
    handler = DataHandler(validate=False, escape=True, ignore_errors=False)
    try:
        return handler.read(io.BytesIO(document))
    finally:
        vars(handler).clear()


def _text(value: Any) -> str | None:
    """Plain text from an escaped Bio.Entrez string: inline markup (<i>, <sub>) dropped, whitespace collapsed."""
    if value is None:
        return None
    text = _SPACE_RE.sub(" ", html.unescape(_TAG_RE.sub("", str(value)))).strip()
    return text or None


def _title(value: Any) -> str | None:
    """An article title without the period MEDLINE appends (a "?" or "!" is the author's and stays)."""
    text = _text(value)
    return text[:-1].rstrip() if text and text.endswith(".") and not text.endswith("..") else text


def _article_work(citation: Any, pubmed_data: Any) -> Work:
    article = citation.get("Article", {})
    journal = article.get("Journal", {})
    issue = journal.get("JournalIssue", {})
    year, month, day = _pub_date(issue.get("PubDate", {}))
    author_list = article.get("AuthorList")
    ids = _article_ids(pubmed_data.get("ArticleIdList", []))
    medline_ta = citation.get("MedlineJournalInfo", {}).get("MedlineTA")
    return Work(
        type="article-journal",
        title=_title(article.get("ArticleTitle")) or _title(article.get("VernacularTitle")),
        authors=[_author(a) for a in author_list or []],
        authors_complete=_complete(author_list),
        journal=_text(journal.get("ISOAbbreviation")) or _text(medline_ta),
        journal_full=_text(journal.get("Title")),
        year=year,
        month=month,
        day=day,
        volume=_text(issue.get("Volume")),
        issue=_text(issue.get("Issue")),
        pages=_pages(article.get("Pagination", {})),
        doi=_doi(article.get("ELocationID", [])) or ids.get("doi"),
        pmid=as_pmid(_text(citation.get("PMID"))),
        pmcid=ids.get("pmc"),
        language=_first(article.get("Language")),
        abstract=_abstract(article.get("Abstract")),
        publication_types=[t for t in map(_text, article.get("PublicationTypeList", [])) if t],
        mesh=[_mesh(h) for h in citation.get("MeshHeadingList", [])],
        keywords=[k for group in citation.get("KeywordList", []) for k in map(_text, group) if k],
        notices=[_notice(c) for c in citation.get("CommentsCorrectionsList", [])],
        source="pubmed",
    )


def _book_work(document: Any, book_data: Any) -> Work:
    """A PubmedBookArticle (NCBI Bookshelf: GeneReviews, StatPearls): a chapter when it has its own title."""
    book = document.get("Book", {})
    year, month, day = _pub_date(book.get("PubDate", {}))
    chapter = _title(document.get("ArticleTitle"))
    lists = [*document.get("AuthorList", []), *book.get("AuthorList", [])]
    authors = next((a for a in lists if a.attributes.get("Type", "authors") == "authors"), None)
    editors = next((a for a in lists if a.attributes.get("Type") == "editors"), None)
    publisher = book.get("Publisher", {})
    ids = _article_ids([*document.get("ArticleIdList", []), *book_data.get("ArticleIdList", [])])
    return Work(
        type="chapter" if chapter else "book",
        title=chapter or _title(book.get("BookTitle")),
        container_title=_title(book.get("BookTitle")) if chapter else None,
        authors=[_author(a) for a in authors or []],
        authors_complete=_complete(authors),
        editors=[_author(a) for a in editors or []],
        publisher=_text(publisher.get("PublisherName")),
        publisher_place=_text(publisher.get("PublisherLocation")),
        edition=_text(book.get("Edition")),
        year=year,
        month=month,
        day=day,
        doi=ids.get("doi"),
        pmid=_text(document.get("PMID")),
        pmcid=ids.get("pmc"),
        language=_first(document.get("Language")),
        abstract=_abstract(document.get("Abstract")),
        publication_types=[t for t in map(_text, document.get("PublicationType", [])) if t],
        keywords=[k for group in document.get("KeywordList", []) for k in map(_text, group) if k],
        source="pubmed",
    )


def _pub_date(date: Any) -> tuple[int | None, str | None, int | None]:
    """Year, month and day of a PubDate; a MedlineDate ("1998 Dec-1999 Jan") gives its first year and month."""
    medline_date = _text(date.get("MedlineDate"))
    if medline_date:
        year = re.search(r"\d{4}", medline_date)
        month = re.search(r"\b(" + "|".join(month.capitalize() for month in MONTHS) + r")", medline_date)
        return (int(year.group()) if year else None), (month.group() if month else None), None
    year_text = _text(date.get("Year"))
    day_text = _text(date.get("Day"))
    return (int(year_text) if year_text and year_text.isdigit() else None,
            display_month(_text(date.get("Month")) or _text(date.get("Season"))),
            int(day_text) if day_text and day_text.isdigit() else None)



def _pages(pagination: Any) -> str | None:
    pages = _text(pagination.get("MedlinePgn"))
    if pages:
        return pages
    start, end = _text(pagination.get("StartPage")), _text(pagination.get("EndPage"))
    return f"{start}-{end}" if start and end else start


def _doi(locations: Any) -> str | None:
    for location in locations:
        if location.attributes.get("EIdType") == "doi" and location.attributes.get("ValidYN", "Y") == "Y":
            return _text(location)
    return None


def _article_ids(ids: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for identifier in ids:
        text = _text(identifier)
        if text:
            found.setdefault(identifier.attributes.get("IdType", ""), text)
    return found


def _first(values: Any) -> str | None:
    return _text(values[0]) if values else None


def _complete(author_list: Any) -> bool:
    return author_list is not None and author_list.attributes.get("CompleteYN", "Y") == "Y"


def _author(author: Any) -> Author:
    orcid = next((_text(i) for i in author.get("Identifier", []) if i.attributes.get("Source") == "ORCID"), None)
    orcid = re.sub(r"^https?://orcid\.org/", "", orcid) if orcid else None
    affiliations = author.get("AffiliationInfo", [])
    affiliation = _text(affiliations[0].get("Affiliation")) if affiliations else _text(author.get("Affiliation"))
    collective = _text(author.get("CollectiveName"))
    if collective:
        return Author(family=collective, collective=True, orcid=orcid, affiliation=affiliation)
    return Author(
        family=_text(author.get("LastName")) or "",
        given=_text(author.get("ForeName")),
        initials=_text(author.get("Initials")),
        orcid=orcid,
        affiliation=affiliation,
    )


def _abstract(abstract: Any) -> str | None:
    """Abstract sections joined one per line, each after its label ("BACKGROUND: ...")."""
    if not abstract:
        return None
    parts = []
    for section in abstract.get("AbstractText", []):
        text = _text(section)
        label = section.attributes.get("Label") if hasattr(section, "attributes") else None
        if text:
            parts.append(f"{label}: {text}" if label else text)
    return "\n".join(parts) or None


def _mesh(heading: Any) -> MeshHeading:
    descriptor = heading["DescriptorName"]
    qualifiers = heading.get("QualifierName", [])
    return MeshHeading(
        descriptor=_text(descriptor) or "",
        ui=descriptor.attributes.get("UI"),
        major=descriptor.attributes.get("MajorTopicYN") == "Y",
        qualifiers=[_text(q) or "" for q in qualifiers],
        major_qualifiers=[_text(q) or "" for q in qualifiers if q.attributes.get("MajorTopicYN") == "Y"],
    )


def _notice(link: Any) -> Notice:
    return Notice(type=link.attributes.get("RefType", ""), ref_source=_text(link.get("RefSource")),
                  pmid=_text(link.get("PMID")))
