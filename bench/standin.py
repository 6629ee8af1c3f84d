"""The E-utilities stand-in with indexed look-ups, so that serving a 12,000-record pool is not the bottleneck.

tests/eutils_standin.py answers each ECitMatch line and each ESearch term atom by scanning every record,
which is right for test fixtures of a few dozen records and quadratic for a benchmark library. This subclass
gives the same answers (the same predicates decide; indexes only narrow which records are tried).
"""
from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the stand-in lives with the tests
from eutils_standin import (  # noqa: E402
    EutilsStandin,
    Record,
    _author_matches,
    _field_matches,
    _Term,
    load_records,
    normalize,
)


class _Indexes:
    def __init__(self, records: dict[str, Record]) -> None:
        self.by_locator: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.by_word: dict[str, set[str]] = defaultdict(set)
        self.by_surname: dict[str, set[str]] = defaultdict(set)
        self.by_year: dict[str, set[str]] = defaultdict(set)
        self.by_journal: dict[str, set[str]] = defaultdict(set)
        self.by_doi: dict[str, set[str]] = defaultdict(set)
        for pmid, record in records.items():
            self.by_locator[(record.volume, record.first_page)].append(pmid)
            for word in record.title_words:
                self.by_word[word].add(pmid)
            for name, _ in record.authors:
                self.by_surname[name].add(pmid)
            self.by_year[record.year].add(pmid)
            for journal in record.journals:
                self.by_journal[journal].add(pmid)
            self.by_doi[record.doi].add(pmid)
        self.journals = set(self.by_journal)


class _IndexedTerm(_Term):
    """`_Term` whose atoms are looked up in indexes, then checked with the stand-in's own `_field_matches`."""

    def __init__(self, term: str, records: dict[str, Record], indexes: _Indexes) -> None:
        super().__init__(term, records)
        self.indexes = indexes

    def _operand(self) -> set[str]:
        token = self.tokens[self.position] if self.position < len(self.tokens) else None
        if token is None or token[0] != "atom":
            return super()._operand()
        self.position += 1
        value, tag = token[1], token[2]
        candidates = self._candidates(value, tag)
        return {pmid for pmid in candidates if _field_matches(self.records[pmid], value, tag)}

    def _candidates(self, value: str, tag: str) -> Iterable[str]:
        index = self.indexes
        if tag == "ti":
            words = normalize(value).split()
            if not words:
                return self.records
            return set.intersection(*(index.by_word.get(word, set()) for word in words))
        if tag == "au":
            words = normalize(value).split()
            return set().union(*(index.by_surname.get(" ".join(words[:k]), set()) for k in range(1, len(words) + 1)))
        if tag == "dp":
            return index.by_year.get(value[:4], set())
        if tag == "ta":
            return index.by_journal.get(normalize(value), set())
        if tag == "doi":
            return index.by_doi.get(value.lower(), set())
        if tag in ("pmid", "uid"):
            return [value] if value in self.records else []
        return []


class IndexedStandin(EutilsStandin):
    """Same requests log, formats and faults as `EutilsStandin`; indexed answers."""

    def __init__(self, records: dict[str, Record]) -> None:
        super().__init__(records)
        self.indexes = _Indexes(records)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> IndexedStandin:
        return cls(load_records(paths))

    def _ecitmatch(self, bdata: str) -> str:
        lines = []
        for line in bdata.replace("\n", "\r").split("\r"):
            if not line.strip():
                continue
            journal, year, volume, page, author, key = (line.split("|") + [""] * 6)[:6]
            if journal and normalize(journal) not in self.indexes.journals:
                result = "NOT_FOUND;INVALID_JOURNAL"
            else:
                hits = sorted(
                    pmid
                    for pmid in self._citation_candidates(journal, volume, page)
                    if (record := self.records[pmid])
                    and (not journal or normalize(journal) in record.journals)
                    and (not year or record.year == year)
                    and (not volume or record.volume == volume)
                    and (not page or record.first_page == page)
                    and (not author or _author_matches(record, author, first_only=True))
                )
                result = "NOT_FOUND" if not hits else hits[0] if len(hits) == 1 else "AMBIGUOUS " + ",".join(hits)
            lines.append("|".join([journal, year, volume, page, author, key, result]))
        return "".join(line + "\n" for line in lines)

    def _citation_candidates(self, journal: str, volume: str, page: str) -> Iterable[str]:
        if volume and page:
            return self.indexes.by_locator.get((volume, page), [])
        if journal:
            return self.indexes.by_journal.get(normalize(journal), set())
        return self.records

    def _evaluate(self, term: str) -> set[str]:
        """The same term evaluation, over the indexes."""
        return _IndexedTerm(term, self.records, self.indexes).evaluate()
