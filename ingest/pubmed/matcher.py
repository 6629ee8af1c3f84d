"""Match parsed citations to PubMed records through a list of sources, in the fewest requests each allows.

Every source is asked the same questions per citation: (1) a PMID written in the string is taken as is; (2) a
DOI written in it names its record; (3) a citation match (journal, volume, first page) for a citation with a
journal and a volume or page; (4) a title/author/year search for a citation the citation match did not pin to
one PMID; then the candidates are fetched and each is verified against its citation (`verify`). One verified
candidate is a match; several, or only unverified but plausible ones, make the citation `ambiguous` with its
candidates; no plausible candidate, the "no candidate" outcome (a book PubMed does not hold): `not_found` when
PubMed itself says so, `pending` from a local source (a snapshot that lacks a work says nothing of PubMed). A
PMID given with the citation whose record disagrees with both the cited title and year is not trusted:
`ambiguous`, its discrepancies shown.

How the questions are asked follows the source. An `IndexedSource` (the local PubMed XML, the library's own
records) answers each citation's own questions from its indexes: no batch, nothing to sort back, so the cost
grows with the citations, not with citations times hits. Over the network (E-utilities) the questions ride in
batches: one citation-match batch, one ORed search batch (DOIs in it too), one fetch of every candidate (200
IDs a request); the search hits are sorted back to their citations through an index of their title words and
first pages. What a source leaves unmatched goes to the next source, so `auto` is [local, live] (an add asks
the library's records first). A build's batches share the indexed sources' answers (`DecidedCitations`), so a
work cited alike by many reviews is asked once. A source that is unavailable leaves the rest `pending`, with a
warning; an offline cache with no stored answer (`NotCached`, in `snapshot` mode) leaves them as earlier sources
decided.
"""
from __future__ import annotations

import hashlib
import pickle
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from citetrace.citations.audit import audit_citation
from citetrace.citations.matching import (
    AMBIGUOUS,
    MATCHED,
    NOT_FOUND,
    OPEN,
    PENDING,
    MatchResult,
    as_pmid,
    reference_status,
    unanswered,
)
from citetrace.citations.model import Reference, Work
from citetrace.citations.names import initials
from citetrace.citations.normalize import first_page, significant_words, title_similarity, words
from citetrace.ingest.pubmed.protocol import (
    CitationQuery,
    IndexedSource,
    NotCached,
    PubmedSource,
    SearchQuery,
    SourceUnavailable,
)
from citetrace.ingest.pubmed.spill_file import SpillFile
from citetrace.ingest.pubmed.verify import DIFFER, TITLE_UNRELATED, compare_fields, verify_candidate

SEARCH_WORDS = 6
"""Title words per search query: the longest, as the rarest; more words make an ANDed query miss on one typo."""
_PLACE = frozenset({"number", "raw", "line", "key"})
"""Reference fields that say where an entry stands, not what it cites: matching never reads them."""


DECIDED_IN_MEMORY = 50_000
"""Distinct citations whose answers a build keeps in memory (the most recently decided); the older ones wait in a
temporary file. 12,000 generated reviews hold 201,000 distinct citations: when the older answers were dropped
instead, the build asked 325,000 questions."""


class DecidedCitations:
    """What each indexed source answered for each distinct citation, kept across a build's batches: a work that
    hundreds of reviews cite alike is asked once, not once a batch (on 4,000 generated reviews, 72,000 distinct
    citations against 225,000 asked batch by batch). An indexed source's answer depends only on the cited fields,
    so a kept answer is the one asking again would give. Every answer is kept for the whole build, the
    `in_memory` most recently decided pickled in memory and the others in a `SpillFile`, so memory stays
    bounded however many distinct citations a library holds."""

    def __init__(self, in_memory: int = DECIDED_IN_MEMORY) -> None:
        self.in_memory = in_memory
        self._recent: OrderedDict[bytes, bytes] = OrderedDict()
        """Pickled: bytes are left out of Python's garbage collection, 50,000 answers' objects would not be."""
        self._older: SpillFile[bytes] = SpillFile()
        self.written: set[str] = set()
        """PMIDs whose records the library being built already holds (its earlier batches wrote them): a kept
        answer naming one needs no fetch, and the batch's writer finds the work by its PMID."""

    def answers(self, source: str, citations: Iterable[str]) -> dict[str, MatchResult]:
        """The answers `source` gave before for those of these citations it was asked."""
        found: dict[str, MatchResult] = {}
        older: dict[bytes, str] = {}
        for citation in citations:
            key = _digest(source, citation)
            blob = self._recent.get(key)
            if blob is None:
                older[key] = citation
            else:
                found[citation] = pickle.loads(blob)
        for key, blob in self._older.get(list(older)).items():
            found[older[key]] = pickle.loads(blob)
        return found

    def keep(self, source: str, answers: dict[str, MatchResult]) -> None:
        """Keep `source`'s answers to these newly asked citations, the oldest in memory moving to the file."""
        for citation, answer in answers.items():
            self._recent[_digest(source, citation)] = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        older = max(0, len(self._recent) - self.in_memory)
        self._older.put(self._recent.popitem(last=False) for _ in range(older))


def _digest(source: str, citation: str) -> bytes:
    return hashlib.blake2b(f"{source}\n{citation}".encode(), digest_size=16).digest()


@dataclass
class Enrichment:
    """Per citation key its match; the matched PubMed records by PMID; warnings for the user."""

    results: dict[str, MatchResult]
    works: dict[str, Work]
    warnings: list[str] = field(default_factory=list)


def match_references(refs: dict[str, Reference], sources: Sequence[PubmedSource | IndexedSource],
                     decided: DecidedCitations | None = None) -> Enrichment:
    """Run the pipeline over each source in turn, giving each only what the ones before left open; `decided`
    keeps the indexed sources' answers for the next call (a build's next batch)."""
    results = {key: MatchResult(status=reference_status(ref)) for key, ref in refs.items()}
    works: dict[str, Work] = {}
    warnings: list[str] = []
    for source in sources:
        open_refs = {key: ref for key, ref in refs.items() if results[key].status in OPEN}
        if not open_refs:
            break
        try:
            found, fetched = _match_with(source, open_refs, decided)
        except NotCached:
            break
        except SourceUnavailable as error:
            left = [key for key in open_refs if results[key].status != AMBIGUOUS]
            for key in left:
                results[key].status = PENDING
            warnings.append(f"PubMed source {source.name} unavailable ({error}); "
                            f"{len(left)} citations not asked")
            break
        for key, result in found.items():
            if result.status != MATCHED and not getattr(source, "decides_unmatched", True):
                continue
            if result.status == NOT_FOUND and results[key].candidates:
                result = MatchResult(status=AMBIGUOUS, candidates=results[key].candidates)
            elif result.status == AMBIGUOUS:
                result.candidates = list(dict.fromkeys(results[key].candidates + result.candidates))
            result.status = unanswered(result.status, source.authoritative)
            results[key] = result
            if result.status == MATCHED and result.pmid and result.pmid in fetched:
                works[result.pmid] = fetched[result.pmid]
    return Enrichment(results=results, works=works, warnings=warnings)


def _match_with(
    source: PubmedSource | IndexedSource, refs: dict[str, Reference], decided: DecidedCitations | None = None
) -> tuple[dict[str, MatchResult], dict[str, Work]]:
    """One source's answer for every open citation; raises SourceUnavailable before deciding anything.

    A work cited by many documents of a library is cited alike each time, and the answer depends only on the
    cited fields, so each distinct citation is asked and decided once and its answer copied to the others; an
    indexed source's answers are also kept in `decided`, for the distinct citations of later batches.
    """
    alike: dict[str, list[str]] = {}
    for key, ref in refs.items():
        alike.setdefault(repr([value for name, value in vars(ref).items() if name not in _PLACE]), []).append(key)
    kept = decided if isinstance(source, IndexedSource) else None
    answered = kept.answers(source.name, alike) if kept is not None else {}
    found: dict[str, MatchResult] = {}
    asked: dict[str, str] = {}
    for citation, keys in alike.items():
        if citation in answered:
            found[keys[0]] = answered[citation]
        else:
            asked[keys[0]] = citation
    new, fetched = _match_distinct(source, {key: refs[key] for key in asked})
    found.update(new)
    if kept is not None:
        kept.keep(source.name, {citation: new[key] for key, citation in asked.items()})
        matched = {result.pmid for result in found.values() if result.status == MATCHED and result.pmid}
        unread = matched - fetched.keys() - kept.written
        if unread:
            fetched.update(source.fetch(sorted(unread, key=_pmid_order)))
    for first, *others in alike.values():
        for key in others:
            found[key] = _copy(found[first])
    return found, fetched


def _copy(result: MatchResult) -> MatchResult:
    """An independent copy (the pipeline updates results in place), cheaper than `copy.deepcopy`."""
    return MatchResult(status=result.status, pmid=result.pmid, method=result.method,
                       candidates=list(result.candidates),
                       discrepancies={name: dict(values) for name, values in result.discrepancies.items()})


def _match_distinct(
    source: PubmedSource | IndexedSource, refs: dict[str, Reference]
) -> tuple[dict[str, MatchResult], dict[str, Work]]:
    if isinstance(source, IndexedSource):
        return _match_each(source, refs)
    return _match_batched(source, refs)


def _match_each(source: IndexedSource, refs: dict[str, Reference]) -> tuple[dict[str, MatchResult], dict[str, Work]]:
    """Each citation's own questions to an indexed source, its candidates fetched together and verified."""
    asked: dict[str, dict[str, str]] = {}
    for key, ref in refs.items():
        asked[key] = _questions(source, key, ref)
    wanted = {pmid for candidates in asked.values() for pmid in candidates}
    fetched = source.fetch(sorted(wanted, key=_pmid_order)) if wanted else {}
    found: dict[str, MatchResult] = {}
    for key, ref in refs.items():
        candidates = asked[key]
        if len(candidates) == 1 and next(iter(candidates.values())) in ("pmid", "doi"):
            pmid, method = next(iter(candidates.items()))
            found[key] = _given(ref, fetched.get(pmid), f"{source.name}:{method}")
        else:
            present = {p: m for p, m in candidates.items() if p in fetched}
            found[key] = _decide(ref, {p: fetched[p] for p in present}, present, source.name)
    return found, fetched


def _questions(source: IndexedSource, key: str, ref: Reference) -> dict[str, str]:
    """One citation's candidates from an indexed source, each with how it was found: the PMID or DOI the
    string gives (taken as is), else the citation match, then the search when that did not pin one record."""
    if ref.pmid:
        return {ref.pmid: "pmid"}
    if ref.doi:
        pmid = source.doi_pmid(ref.doi)
        if pmid:
            return {pmid: "doi"}
    candidates: dict[str, str] = {}
    if ref.container_title and (ref.volume or ref.first_page):
        candidates = dict.fromkeys(source.citation_pmids(citation_query(key, ref)), "citmatch")
    if len(candidates) != 1 and significant_words(ref.title):
        for pmid in source.search_pmids(search_query(key, ref)):
            candidates.setdefault(pmid, "search")
    return candidates


def _match_batched(
    source: PubmedSource, refs: dict[str, Reference]
) -> tuple[dict[str, MatchResult], dict[str, Work]]:
    """The network's way: each question in one batch for every citation, search hits sorted back by verification."""
    direct = {key: ref.pmid for key, ref in refs.items() if ref.pmid}
    rest = {key: ref for key, ref in refs.items() if key not in direct}
    cited = [key for key, ref in rest.items() if ref.container_title and (ref.volume or ref.first_page)]
    matched = source.citation_match([citation_query(key, rest[key]) for key in cited]) if cited else {}
    searched = [key for key, ref in rest.items() if len(matched.get(key, [])) != 1 and significant_words(ref.title)]
    queries = [SearchQuery(key=key, doi=ref.doi) for key, ref in rest.items() if ref.doi]
    queries += [search_query(key, rest[key]) for key in searched]
    hits = source.search(queries) if queries else []
    wanted = {*direct.values(), *(p for pmids in matched.values() for p in pmids), *hits}
    fetched = source.fetch(sorted(wanted, key=_pmid_order)) if wanted else {}
    hit_works = _SearchHits([fetched[p] for p in dict.fromkeys(hits) if p in fetched])
    searched_keys = set(searched)
    found: dict[str, MatchResult] = {}
    for key, ref in refs.items():
        if key in direct:
            found[key] = _given(ref, fetched.get(direct[key]), f"{source.name}:pmid")
            continue
        by_doi = hit_works.by_doi.get(ref.doi.lower()) if ref.doi else None
        if by_doi:
            found[key] = _accepted(ref, by_doi, f"{source.name}:doi")
            continue
        candidates = {p: "citmatch" for p in matched.get(key, []) if p in fetched}
        if key in searched_keys:
            candidates.update({w.pmid: "search" for w in hit_works.related(ref) if w.pmid and w.pmid not in candidates})
        found[key] = _decide(ref, {p: fetched[p] for p in candidates}, candidates, source.name)
    return found, fetched


class _SearchHits:
    """The works an ORed search hit, indexed so that sorting them back to citations costs look-ups, not a
    comparison of every citation with every hit (which grows with the square of the library)."""

    def __init__(self, works: list[Work]) -> None:
        self.works = works
        self.by_doi: dict[str, Work] = {}
        self.by_word: dict[str, list[int]] = defaultdict(list)
        self.by_page: dict[str, list[int]] = defaultdict(list)
        self.by_any_word: dict[str, list[int]] = defaultdict(list)
        self.title_words = [words(work.title) for work in works]
        self.distinct_words = [len(set(title)) for title in self.title_words]
        for position, work in enumerate(works):
            if work.doi:
                self.by_doi.setdefault(work.doi.lower(), work)
            for word in significant_words(work.title):
                self.by_word[word].append(position)
            for word in set(self.title_words[position]):
                self.by_any_word[word].append(position)
            self.by_page[first_page(work.pages)].append(position)

    def related(self, ref: Reference) -> list[Work]:
        """The hits sharing a significant title word or the first page with the citation, in hit order, less
        those whose title is too far from the cited one to be verified or kept as plausible (an upper bound of
        `title_similarity` below TITLE_UNRELATED): what this leaves out changes no decision."""
        positions: set[int] = set()
        for word in significant_words(ref.title):
            positions.update(self.by_word.get(word, ()))
        if ref.page:
            positions.update(self.by_page.get(first_page(ref.page), ()))
        cited = words(ref.title)
        cited_distinct = set(cited)
        shared: Counter[int] = Counter()
        for word in cited_distinct:
            shared.update(self.by_any_word.get(word, ()))
        return [self.works[p] for p in sorted(positions) if not (ref.title and self.works[p].title)
                or self._may_be_similar(cited, len(cited_distinct), p, shared[p])]

    def _may_be_similar(self, cited: list[str], cited_distinct: int, position: int, shared: int) -> bool:
        """False only when `title_similarity` is surely below TITLE_UNRELATED: it is the larger of the word-set
        Jaccard index and a SequenceMatcher ratio, which never exceeds 2 * shared words / total words."""
        other = self.title_words[position]
        if not cited or not other:
            return False
        other_distinct = self.distinct_words[position]
        jaccard = shared / (cited_distinct + other_distinct - shared)
        if cited_distinct != len(cited) or other_distinct != len(other):
            shared = sum((Counter(cited) & Counter(other)).values())
        return max(jaccard, 2.0 * shared / (len(cited) + len(other))) >= TITLE_UNRELATED


def _decide(ref: Reference, works: dict[str, Work], methods: dict[str, str], source_name: str) -> MatchResult:
    """Accept the one verified candidate; otherwise keep the plausible candidates for a person to judge.

    A citation-match hit stays a candidate (it was proposed for this very citation); a search hit only when its
    title is close enough to be a plausible reading of the cited one.
    """
    verdicts = {pmid: verify_candidate(ref, work) for pmid, work in works.items()}
    ranked = sorted(works, key=lambda p: (-verdicts[p][1], _pmid_order(p)))
    verified = [p for p in ranked if verdicts[p][0]]
    if len(verified) == 1:
        return _accepted(ref, works[verified[0]], f"{source_name}:{methods[verified[0]]}")
    if verified:
        return MatchResult(status=AMBIGUOUS, candidates=verified)
    plausible = [p for p in ranked
                 if methods[p] == "citmatch" or title_similarity(ref.title, works[p].title) >= TITLE_UNRELATED]
    return MatchResult(status=AMBIGUOUS, candidates=plausible) if plausible else MatchResult(status=NOT_FOUND)


def _given(ref: Reference, work: Work | None, method: str) -> MatchResult:
    """The record of the PMID (or DOI) the citation gives is its match, unless it disagrees with both the cited
    title and year: then a wrong identifier is more likely than a wrong citation, and a person judges."""
    if work is not None and work.pmid:
        fields, _ = compare_fields(ref, work)
        if fields["title"] == DIFFER and fields["year"] == DIFFER:
            return MatchResult(status=AMBIGUOUS, method=method, candidates=[work.pmid],
                               discrepancies=audit_citation(ref, work))
    return _accepted(ref, work, method)


def _accepted(ref: Reference, work: Work | None, method: str) -> MatchResult:
    if work is None or not work.pmid:
        return MatchResult(status=NOT_FOUND)
    return MatchResult(status=MATCHED, pmid=work.pmid, method=method, candidates=[work.pmid],
                       discrepancies=audit_citation(ref, work))


def citation_query(key: str, ref: Reference) -> CitationQuery:
    """The ECitMatch line for a citation: journal as cited, year, volume, first page, first author."""
    return CitationQuery(key=key, journal=ref.container_title or "", year=str(ref.year or ""),
                         volume=ref.volume or "", first_page=ref.first_page or "", author=author_term(ref))


def search_query(key: str, ref: Reference) -> SearchQuery:
    """The field-tagged search for a citation: its longest title words, first author, year and journal."""
    words = significant_words(ref.title)
    longest = set(sorted(words, key=len, reverse=True)[:SEARCH_WORDS])
    return SearchQuery(key=key, title_words=tuple(w for w in words if w in longest), author=author_term(ref),
                       year=str(ref.year or ""), journal=ref.container_title or "")


def author_term(ref: Reference) -> str:
    """The first author as PubMed's [au] field writes it: surname and initials ("Korthäuer U")."""
    if not ref.authors:
        return ""
    first = ref.authors[0]
    return f"{first.family} {initials(first)}".strip()


def _pmid_order(pmid: str) -> tuple[int, str]:
    return (int(pmid) if as_pmid(pmid) else 0, pmid)
