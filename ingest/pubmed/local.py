"""PubMed XML files (the bundled snapshot, a user's baseline `.xml.gz` files) as an offline `PubmedSource`.

The index is built on first use, not on construction, and holds only what matching needs, in arrays keyed by
record ordinal: PMID, file, year, journal names, author surnames, DOI, (volume, first page) and title words.
Full records are not kept: the index holds each record's byte offset and length, and `fetch` reads and parses
only the asked records with Bio.Entrez (`records.py`), so a 50,000-record pool costs index memory, not 50,000
parsed records. Indexing reads records with ElementTree (several times faster than Bio.Entrez, which is kept for
the records that are fetched). A PMID found twice keeps its last record, as PubMed update files supersede the
baseline. Given a folder (the response cache's), the index is kept there (`index_file.py`): a run over
unchanged files reads the index, not the files (2.6 s of CPU for a 45 MB pool).
"""
from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable
import xml.etree.ElementTree as ET
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path

import numpy as np

from citetrace.citations.matching import as_pmid
from citetrace.citations.model import Work
from citetrace.citations.normalize import (
    author_surname,
    first_page,
    journal_key,
    significant_words,
    surname_key,
    volume_key,
)
from citetrace.ingest.pubmed import index_file
from citetrace.ingest.pubmed.parsed_records import ParsedRecords
from citetrace.ingest.pubmed.protocol import CitationQuery, SearchQuery
from citetrace.ingest.pubmed.records import BATCH_SIZE, RawRecord, iter_raw_records, open_xml, parse_records, raw_record_at

SEARCH_SHARE = 0.6
"""A search hit must contain this share of the query's title words (the verifier judges the rest)."""
SEARCH_LIMIT = 20
"""Hits kept per query, best first, so one vague query cannot flood the single fetch."""
INDEX_FORMAT = 4
"""The layout of `_Index` as stored on disk: raise it whenever a field changes, so old files are rebuilt."""


def bundled_snapshot() -> Path:
    """PubMed XML for the seed's references, shipped inside the package (no abstracts)."""
    return Path(str(resources.files("citetrace.ingest") / "data" / "pubmed-snapshot.xml"))


@dataclass(frozen=True)
class _Fields:
    pmid: str | None
    title: str | None
    journals: frozenset[str]
    year: int
    volume: str
    first_page: str
    doi: str | None
    surnames: tuple[str, ...]


@dataclass
class _Index:
    file_starts: list[int] = field(default_factory=list)
    heads: list[tuple[str, str, bytes]] = field(default_factory=list)
    offsets: array = field(default_factory=lambda: array("Q"))
    lengths: array = field(default_factory=lambda: array("Q"))
    pmids: array = field(default_factory=lambda: array("Q"))
    years: array = field(default_factory=lambda: array("H"))
    journal_ids: array = field(default_factory=lambda: array("I"))
    journal_numbers: dict[frozenset[str], int] = field(default_factory=dict)
    journal_sets: list[frozenset[str]] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)
    by_pmid: dict[int, int] = field(default_factory=dict)
    by_doi: dict[str, int] = field(default_factory=dict)
    by_locator: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Records by volume and first page: tuples, not arrays, as nearly every locator has one record, and a dict
    of tuples of ints is left out of Python's garbage collection (an array is tracked: 144,000 of them were walked
    by every full collection of a build)."""
    by_word: dict[str, array] = field(default_factory=dict)
    by_author_year: dict[str, array] = field(default_factory=dict)
    """Records by each author's surname key and the year ("smith|2004"; year 0 when the record has none)."""
    authorless: array = field(default_factory=lambda: array("I"))

    def add(self, raw: RawRecord) -> None:
        ordinal = len(self.pmids)
        record = _fields(raw)
        pmid = int(record.pmid) if record.pmid else 0
        self.offsets.append(raw.offset)
        self.lengths.append(len(raw.xml))
        self.pmids.append(pmid)
        self.years.append(record.year)
        self.journal_ids.append(self._journal_number(record.journals))
        self.surnames.append("|" + "|".join(record.surnames) + "|")
        if not pmid:
            return
        self.by_pmid[pmid] = ordinal
        if record.doi:
            self.by_doi[record.doi.lower()] = ordinal
        if record.volume and record.first_page:
            locator = f"{record.volume}|{record.first_page}"
            self.by_locator[locator] = self.by_locator.get(locator, ()) + (ordinal,)
        for word in significant_words(record.title):
            self.by_word.setdefault(word, array("I")).append(ordinal)
        if self.surnames[ordinal] == "||":
            self.authorless.append(ordinal)
        for surname in dict.fromkeys(name for name in record.surnames if name):
            self.by_author_year.setdefault(f"{surname}|{record.year}", array("I")).append(ordinal)

    def _journal_number(self, names: frozenset[str]) -> int:
        """Journal-name sets are shared by all records of a journal, so each is stored once."""
        number = self.journal_numbers.get(names)
        if number is None:
            number = self.journal_numbers[names] = len(self.journal_sets)
            self.journal_sets.append(names)
        return number

    def current(self, ordinal: int) -> bool:
        """False for a record superseded by a later one with the same PMID."""
        pmid = self.pmids[ordinal]
        return bool(pmid) and self.by_pmid.get(pmid) == ordinal

    def journals(self, ordinal: int) -> frozenset[str]:
        return self.journal_sets[self.journal_ids[ordinal]]

    def first_author(self, ordinal: int) -> str:
        return self.surnames[ordinal].split("|")[1]


class LocalPubmedSource:
    """PubmedSource over PubMed XML files: the same match rules as E-utilities, answered from a local index.
    Not authoritative: a record missing from these files may still be in PubMed."""

    authoritative = False

    decides_unmatched = True

    def __init__(self, paths: Sequence[Path] | None = None, name: str = "local", index_folder: Path | None = None,
                 warn: Callable[[str], None] | None = None) -> None:
        """`index_folder`: where the index is kept across runs (the response cache's folder); None keeps it in
        memory only."""
        self.paths = [Path(p) for p in paths] if paths is not None else [bundled_snapshot()]
        self.name = name
        self.requests_made = 0
        self.requests_failed = 0
        self.index_folder = index_folder
        self.warn = warn or (lambda message: None)
        self._index: _Index | None = None
        self._parsed = ParsedRecords()

    @property
    def index(self) -> _Index:
        if self._index is None:
            folder = self.index_folder
            self._index = self._build_index() if folder is None else self._stored_index(folder)
        return self._index

    def _stored_index(self, folder: Path) -> _Index:
        """The index kept in `folder` when the files are unchanged since it was written, else a new one written
        there."""
        path = index_file.index_path(folder, self.paths)
        current = index_file.stamp(self.paths, INDEX_FORMAT)
        index = index_file.load(path, current, lambda stored: _Index(**stored), self.warn)
        if index is None:
            index = self._build_index()
            index_file.save(path, current, {f.name: getattr(index, f.name) for f in fields(index)}, self.warn)
        return index

    def _build_index(self) -> _Index:
        index = _Index()
        for path in self.paths:
            index.file_starts.append(len(index.pmids))
            head = ("", "", b"")
            with open_xml(path) as stream:
                for raw in iter_raw_records(stream):
                    head = (raw.root, raw.dtd, raw.declaration)
                    index.add(raw)
            index.heads.append(head)
        index.file_starts.append(len(index.pmids))
        return index

    def citation_match(self, queries: list[CitationQuery]) -> dict[str, list[str]]:
        """ECitMatch's rule: journal, volume and first page must agree; the year, then the author, break ties."""
        return {q.key: self.citation_pmids(q) for q in queries}

    def citation_pmids(self, query: CitationQuery) -> list[str]:
        return [str(self.index.pmids[o]) for o in self._citation_match(query)]

    def search_pmids(self, query: SearchQuery) -> list[str]:
        return [str(self.index.pmids[o]) for o in self._search(query)]

    def doi_pmid(self, doi: str) -> str | None:
        ordinal = self.index.by_doi.get(doi.lower())
        return str(self.index.pmids[ordinal]) if ordinal is not None else None

    def _citation_match(self, query: CitationQuery) -> list[int]:
        index = self.index
        journal = journal_key(query.journal)
        locator = f"{volume_key(query.volume)}|{first_page(query.first_page)}"
        if not (journal and query.volume and query.first_page):
            return []
        hits = [o for o in index.by_locator.get(locator, ()) if index.current(o) and journal in index.journals(o)]
        if len(hits) > 1 and query.year.isdigit():
            same_year = [o for o in hits if index.years[o] == int(query.year)]
            hits = same_year or hits
        if len(hits) > 1 and query.author:
            surname = surname_key(author_surname(query.author))
            hits = [o for o in hits if index.first_author(o) == surname] or hits
        return hits

    def search(self, queries: list[SearchQuery]) -> list[str]:
        """A DOI query's record; else records holding most of a query's title words, by the cited author (any
        position), within a year of the cited one. A record without authors or year is not excluded by them:
        the bundled facts lack some, and the verifier decides."""
        found: dict[str, None] = {}
        for query in queries:
            for ordinal in self._search(query):
                found.setdefault(str(self.index.pmids[ordinal]), None)
        return list(found)

    def _search(self, query: SearchQuery) -> list[int]:
        """The records holding at least `SEARCH_SHARE` of the query's words, most words first (then by the first
        query word they hold, then in file order), filtered by author and year, at most `SEARCH_LIMIT`.

        Such a record holds at least one of the query's rarest words (all but `need - 1` of them), and, when an
        author and a year are cited, that author (or no author at all) and a year within one (or none): only the
        smaller of those two sets of records is checked. Each query word is looked up for all of them at once
        by bisection in its sorted postings (numpy), so a common word shared by thousands of titles costs a
        vectorised pass over the candidates, not a Python step for each."""
        index = self.index
        if query.doi:
            ordinal = index.by_doi.get(query.doi.lower())
            return [ordinal] if ordinal is not None else []
        words = significant_words(" ".join(query.title_words))
        if not words:
            return []
        need = max(1, math.ceil(SEARCH_SHARE * len(words)))
        postings = [index.by_word.get(word, _NONE) for word in words]
        rarest = sorted(postings, key=len)[: len(words) - need + 1]
        surname = surname_key(author_surname(query.author)) if query.author else ""
        year = int(query.year) if query.year.isdigit() else 0
        by_author = [index.by_author_year.get(f"{surname}|{y}", _NONE) for y in (year - 1, year, year + 1, 0)] \
            if surname and year else []
        if by_author and sum(map(len, by_author)) + len(index.authorless) < sum(map(len, rarest)):
            candidates = _union(index.authorless, *by_author)
        else:
            candidates = _union(*rarest)
        held = np.array([_contains(posting, candidates) for posting in postings])
        keep = held.sum(axis=0) >= need
        if year:
            years = _as_numpy(index.years)[candidates].astype(np.int32)
            keep &= (years == 0) | (np.abs(years - year) <= 1)
        ranked = []
        for column in np.flatnonzero(keep).tolist():
            ordinal = int(candidates[column])
            if (surname and index.surnames[ordinal] != "||" and f"|{surname}|" not in index.surnames[ordinal]) \
                    or not index.current(ordinal):
                continue
            words_held = held[:, column]
            ranked.append((-int(words_held.sum()), int(words_held.argmax()), ordinal))
        return [ordinal for *_, ordinal in sorted(ranked)[:SEARCH_LIMIT]]

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        """Parse the asked records, read at their offsets in file order; Bio.Entrez holds a whole document's
        tree at once, so records are parsed `BATCH_SIZE` at a time to bound memory. A record is parsed once per
        run (`ParsedRecords`), so the next batch of a build does not parse its much-cited works again."""
        index = self.index
        wanted: dict[int, set[int]] = defaultdict(set)
        works = self._parsed.get(pmids)
        for pmid in pmids:
            ordinal = index.by_pmid.get(int(pmid)) if pmid not in works and as_pmid(pmid) else None
            if ordinal is not None:
                wanted[self._file_of(ordinal)].add(ordinal)
        for file_number, ordinals in sorted(wanted.items()):
            head = index.heads[file_number]
            with open_xml(self.paths[file_number]) as stream:
                chosen = [raw_record_at(stream, head, index.offsets[o], index.lengths[o]) for o in sorted(ordinals)]
            for first in range(0, len(chosen), BATCH_SIZE):
                parsed = [work for work in parse_records(chosen[first : first + BATCH_SIZE]) if work.pmid]
                works.update((work.pmid, work) for work in parsed if work.pmid)
                self._parsed.add(parsed)
        return {pmid: works[pmid] for pmid in pmids if pmid in works}

    def _file_of(self, ordinal: int) -> int:
        return bisect_right(self.index.file_starts, ordinal) - 1


_NONE = array("I")


def _as_numpy(values: array) -> np.ndarray:
    """A read-only numpy view of an index array (no copy)."""
    return np.frombuffer(values, dtype=f"u{values.itemsize}")


def _union(*postings: array) -> np.ndarray:
    """The sorted distinct ordinals of these postings."""
    return np.unique(np.concatenate([_as_numpy(posting) for posting in postings] or [_as_numpy(_NONE)]))


def _contains(posting: array, ordinals: np.ndarray) -> np.ndarray:
    """For each ordinal, whether the sorted `posting` holds it (postings are appended in record order)."""
    if not len(posting) or not len(ordinals):
        return np.zeros(len(ordinals), dtype=bool)
    values = _as_numpy(posting)
    at = np.minimum(np.searchsorted(values, ordinals), len(values) - 1)
    return values[at] == ordinals


def _fields(raw: RawRecord) -> _Fields:
    """The indexed fields of one record; Bio.Entrez reads the rare record ElementTree cannot (DTD entities)."""
    try:
        root = ET.fromstring(raw.xml)
    except ET.ParseError:
        return _fields_from_work(parse_records([raw])[0])
    article = root.find(".//Article")
    book = root.find(".//Book")
    base = article if article is not None else root
    year_text = _text(base.find(".//PubDate/Year")) or _text(base.find(".//PubDate/MedlineDate"))
    doi = next((_text(e) for e in root.iter("ELocationID") if e.get("EIdType") == "doi"), None) or next(
        (_text(e) for e in root.iter("ArticleId") if e.get("IdType") == "doi"), None)
    pages = _text(base.find(".//Pagination/MedlinePgn")) or _text(base.find(".//Pagination/StartPage"))
    authors = base.find("AuthorList") if article is not None else root.find(".//AuthorList")
    return _Fields(
        pmid=raw.pmid,
        title=_text(base.find("ArticleTitle")) or _text(book.find("BookTitle") if book is not None else None),
        journals=frozenset(journal_key(_text(e)) for e in (
            base.find("Journal/ISOAbbreviation"), base.find("Journal/Title"), root.find(".//MedlineTA"))
            if _text(e)),
        year=int(year_text[:4]) if year_text and year_text[:4].isdigit() else 0,
        volume=volume_key(_text(base.find("Journal/JournalIssue/Volume"))),
        first_page=first_page(pages),
        doi=doi,
        surnames=tuple(surname_key(_text(a.find("LastName")) or _text(a.find("CollectiveName")))
                       for a in (authors if authors is not None else ())),
    )


def _fields_from_work(work: Work) -> _Fields:
    return _Fields(
        pmid=work.pmid,
        title=work.title,
        journals=frozenset(journal_key(j) for j in (work.journal, work.journal_full) if j),
        year=work.year or 0,
        volume=volume_key(work.volume),
        first_page=first_page(work.pages),
        doi=work.doi,
        surnames=tuple(surname_key(a.family) for a in work.authors),
    )


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None
