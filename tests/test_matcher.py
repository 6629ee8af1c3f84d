"""The matching pipeline: by content, verified, batched (one call per kind of question, whatever the number of
citations), source after source."""
from __future__ import annotations

from pathlib import Path

import pytest

from citetrace.citations.matching import MatchResult
from citetrace.citations.model import Author, Reference, Work
from citetrace.citations.references import parse_reference, parse_reference_list
from citetrace.ingest.readers.text import bundled_seed, read_text_document
from citetrace.ingest.pubmed.local import LocalPubmedSource, bundled_snapshot
from citetrace.ingest.pubmed.matcher import DecidedCitations, match_references
from citetrace.ingest.pubmed.protocol import CitationQuery, SearchQuery, SourceUnavailable
from scripts.snapshot_facts import load_facts, snapshot_xml

DATA = Path(__file__).parent / "data"
DISTRACTORS = DATA / "medline16n0902.xml.gz"  # 604 real MEDLINE citations, none cited by the seed
FACTS = {f["ref"]: f for f in load_facts(DATA / "pubmed-facts")}
COMPLETE = {n: f["pmid"] for n, f in FACTS.items()
            if all(f[k] for k in ("pmid", "title", "pub_year", "volume", "pages"))}


@pytest.fixture(scope="module")
def seed_refs() -> dict[str, Reference]:
    references, _ = parse_reference_list(read_text_document(bundled_seed()).reference_lines)
    return {f"seed-{ref.number}": ref for ref in references}


@pytest.fixture(scope="module")
def offline(seed_refs):
    return match_references(seed_refs, [LocalPubmedSource([bundled_snapshot(), DISTRACTORS], name="snapshot")])


def test_every_citation_with_a_complete_fact_record_gets_its_pmid_by_content(offline) -> None:
    assert len(COMPLETE) == 19
    got = {int(key.split("-")[1]): r.pmid for key, r in offline.results.items() if r.status == "matched"}
    assert {n: got.get(n) for n in COMPLETE} == COMPLETE
    assert all(offline.results[f"seed-{n}"].method == "snapshot:citmatch" for n in COMPLETE)


def test_a_record_without_volume_and_pages_is_found_by_the_title_search(offline) -> None:
    assert offline.results["seed-6"] == MatchResult(status="matched", pmid="11675497", method="snapshot:search",
                                                    candidates=["11675497"], discrepancies={})


def test_no_seed_citation_is_matched_to_a_distractor(offline) -> None:
    snapshot_pmids = {f["pmid"] for f in FACTS.values() if f["pmid"]}
    matched = {r.pmid for r in offline.results.values() if r.status == "matched"}
    assert matched <= snapshot_pmids
    assert set(offline.works) == matched
    assert offline.works["8094231"].title == "CD40 ligand mutations in x-linked immunodeficiency with hyper-IgM"


def test_personal_communication_is_not_indexed_and_what_local_files_lack_stays_pending(offline) -> None:
    statuses = {key: r.status for key, r in offline.results.items()}
    assert statuses["seed-69"] == "not_indexed"
    assert statuses["seed-2"] == "pending"
    assert set(statuses.values()) <= {"matched", "pending", "ambiguous", "not_indexed"}
    assert offline.warnings == []


class FakeSource:
    """An in-memory PubmedSource that counts calls per method, standing in for one E-utilities request each."""

    authoritative = True

    def __init__(self, works: list[Work], citmatch: dict[str, list[str]] | None = None,
                 hits: list[str] | None = None, name: str = "fake", fail: bool = False) -> None:
        self.works = {w.pmid: w for w in works}
        self.citmatch = citmatch or {}
        self.hits = hits or []
        self.name = name
        self.fail = fail
        self.calls: dict[str, int] = {}
        self.asked: dict[str, list] = {}

    def _count(self, method: str, argument: list) -> None:
        self.calls[method] = self.calls.get(method, 0) + 1
        self.asked[method] = argument
        if self.fail:
            raise SourceUnavailable("connection refused")

    def citation_match(self, queries: list[CitationQuery]) -> dict[str, list[str]]:
        self._count("citation_match", queries)
        return {q.key: self.citmatch.get(q.key, []) for q in queries}

    def search(self, queries: list[SearchQuery]) -> list[str]:
        self._count("search", queries)
        dois = {q.doi.lower() for q in queries if q.doi}
        return self.hits + [p for p, w in self.works.items() if w.doi and w.doi.lower() in dois]

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        self._count("fetch", pmids)
        return {p: self.works[p] for p in pmids if p in self.works}


def article(pmid: str, title: str, family: str, year: int, volume: str, pages: str, **extra) -> Work:
    return Work(pmid=pmid, title=title, authors=[Author(family)], year=year, volume=volume, pages=pages,
                source="pubmed", **extra)


DISANTO = article("8094231", "CD40 ligand mutations in x-linked immunodeficiency with hyper-IgM", "DiSanto", 1993,
                  "361", "541-3", journal="Nature", doi="10.1038/361541a0")


def test_seventy_citations_cost_one_request_per_step(seed_refs) -> None:
    source = FakeSource([DISANTO], citmatch={"seed-19": ["8094231"]})
    result = match_references(seed_refs, [source])
    assert source.calls == {"citation_match": 1, "search": 1, "fetch": 1}
    assert result.results["seed-19"].pmid == "8094231"
    assert len(source.asked["citation_match"]) == 69  # all but the personal communication
    assert "seed-69" not in {q.key for q in source.asked["citation_match"]}
    assert len(source.asked["search"]) == 68  # and not the one the citation match pinned
    assert "seed-19" not in {q.key for q in source.asked["search"]}


def test_dois_and_pmids_written_in_strings_ride_in_the_same_batches() -> None:
    refs = {
        "a": Reference(number=1, raw="", title="CD40 ligand mutations", doi="10.1038/361541A0"),
        "b": Reference(number=2, raw="", title="Another paper", pmid="7678782"),
    }
    cell = article("7678782", "The CD40 ligand, gp39, is defective", "Aruffo", 1993, "72", "291-300")
    source = FakeSource([DISANTO, cell])
    result = match_references(refs, [source])
    assert source.calls == {"search": 1, "fetch": 1}
    assert source.asked["search"][0] == SearchQuery(key="a", doi="10.1038/361541A0")
    assert (result.results["a"].status, result.results["a"].pmid, result.results["a"].method) == (
        "matched", "8094231", "fake:doi")
    assert (result.results["b"].pmid, result.results["b"].method) == ("7678782", "fake:pmid")


def test_wrong_journal_citation_match_is_rejected_and_kept_as_a_candidate() -> None:
    ref = Reference(number=16, raw="", authors=[Author("Korthäuer", "U", "U")], container_title="Nat Genet",
                    title="Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with "
                          "hyper-IgM", year=1993, volume="361", page="539")
    wrong = article("1000", "Hepatic lipase activity in obese adolescents", "Smith", 1993, "361", "539-45")
    result = match_references({"k": ref}, [FakeSource([wrong], citmatch={"k": ["1000"]})])
    assert result.results["k"] == MatchResult(status="ambiguous", candidates=["1000"])
    assert result.works == {}


def test_two_verified_records_make_the_citation_ambiguous(tmp_path: Path) -> None:
    twin = {"title": "CD40 ligand mutations in x-linked immunodeficiency with hyper-IgM", "journal_iso": "Nature",
            "pub_year": 1993, "volume": "361", "pages": "541-3",
            "authors": [{"last": "DiSanto", "fore": None, "initials": "JP"}]}
    pool = tmp_path / "twins.xml"
    pool.write_bytes(snapshot_xml([{**twin, "pmid": "8094231"}, {**twin, "pmid": "9999999"}]))
    ref = Reference(number=19, raw="", authors=[Author("DiSanto", "JP", "JP")], title=twin["title"],
                    container_title="Nature", year=1993, volume="361", page="541")
    result = match_references({"k": ref}, [LocalPubmedSource([pool])])
    assert result.results["k"] == MatchResult(status="ambiguous", candidates=["8094231", "9999999"])


def test_personal_communication_is_never_sent() -> None:
    ref = Reference(number=69, raw="Notarangelo L, Harvard Medical School, 2012, personal communication.",
                    type="personal_communication", authors=[Author("Notarangelo", "L", "L")], year=2012)
    source = FakeSource([])
    result = match_references({"k": ref}, [source])
    assert result.results["k"] == MatchResult(status="not_indexed")
    assert source.calls == {}


def test_matched_citation_carries_its_discrepancies() -> None:
    ref = Reference(number=19, raw="", authors=[Author("DiSanto", "JP", "JP")], container_title="Nature",
                    title="CD40 ligand mutations in X-linked immunodeficiency with hyper-IgM", year=1994,
                    volume="361", page="541")
    result = match_references({"k": ref}, [FakeSource([DISANTO], citmatch={"k": ["8094231"]})])
    assert result.results["k"].discrepancies == {"year": {"cited": 1994, "pubmed": 1993}}


def test_a_given_pmid_whose_record_disagrees_with_title_and_year_is_ambiguous_not_trusted() -> None:
    ref = Reference(number=3, raw="", authors=[Author("Smith", "J", "J")], title="Outcomes of hip replacement in the "
                    "elderly", year=2015, pmid="8094231", origin="jats")
    result = match_references({"k": ref}, [FakeSource([DISANTO])]).results["k"]
    assert (result.status, result.candidates, sorted(result.discrepancies)) == (
        "ambiguous", ["8094231"], ["author", "title", "year"])


def test_a_given_pmid_whose_record_agrees_is_matched() -> None:
    ref = Reference(number=3, raw="", title="CD40 ligand mutations in X-linked immunodeficiency with hyper-IgM",
                    year=1993, pmid="8094231", origin="jats")
    result = match_references({"k": ref}, [FakeSource([DISANTO])]).results["k"]
    assert (result.status, result.pmid, result.method) == ("matched", "8094231", "fake:pmid")


def test_a_local_source_lacking_a_reference_leaves_it_pending_and_pubmed_itself_makes_it_not_found(seed_refs) -> None:
    local = match_references({"seed-2": seed_refs["seed-2"]}, [LocalPubmedSource(name="snapshot")])
    live = match_references({"seed-2": seed_refs["seed-2"]}, [FakeSource([])])
    assert (local.results["seed-2"].status, live.results["seed-2"].status) == ("pending", "not_found")


def test_what_one_source_leaves_goes_to_the_next_and_an_unavailable_one_leaves_it_pending(seed_refs) -> None:
    local = LocalPubmedSource(name="snapshot")
    live = FakeSource([], name="live", fail=True)
    result = match_references(seed_refs, [local, live])
    assert result.results["seed-19"].status == "matched"
    assert result.results["seed-69"].status == "not_indexed"
    assert result.results["seed-2"].status == "pending"
    assert {q.key for q in live.asked["citation_match"]} == {
        key for key, r in result.results.items() if r.status == "pending" and seed_refs[key].container_title}
    assert "seed-19" not in {q.key for q in live.asked["citation_match"]}
    assert result.warnings == [f"PubMed source live unavailable (connection refused); "
                               f"{sum(r.status == 'pending' for r in result.results.values())} citations not asked"]


def test_next_source_resolves_what_the_first_did_not(seed_refs) -> None:
    kracker = article("19875456", "Immunoglobulin class switch recombination deficiencies", "Kracker", 2010,
                      "135", "193-203", journal="Clin Immunol")
    live = FakeSource([kracker], citmatch={"seed-2": ["19875456"]}, name="live")
    result = match_references(seed_refs, [LocalPubmedSource(name="snapshot"), live])
    assert (result.results["seed-2"].status, result.results["seed-2"].method) == ("matched", "live:citmatch")
    assert result.results["seed-19"].method == "snapshot:citmatch"
    assert live.calls == {"citation_match": 1, "search": 1, "fetch": 1}


def test_a_citation_with_only_authors_year_and_title_is_found_by_the_title_search() -> None:
    ref = parse_reference(
        "Imai K, Slupphaug G, Lee WI, et al (2003) Human uracil-DNA glycosylase deficiency associated with "
        "profoundly impaired immunoglobulin class-switch recombination", 10)
    assert (ref.container_title, ref.volume, ref.page) == (None, None, None)
    found = match_references({"x": ref}, [LocalPubmedSource([bundled_snapshot(), DISTRACTORS], name="snapshot")])
    assert (found.results["x"].status, found.results["x"].pmid, found.results["x"].method) == (
        "matched", "12958596", "snapshot:search")


THREE_COHORTS = [
    {"pmid": str(9_100_000 + n), "title": "X-linked hyper-IgM syndrome: clinical and immunologic features",
     "journal_iso": "Medicine (Baltimore)", "pub_year": 2000 + n, "volume": str(80 + n), "pages": f"{100 + n}-10",
     "authors": [{"last": family, "fore": None, "initials": "A"}]}
    for n, family in enumerate(("Winkelstein", "Levy", "Lee"))
]


def cohort_citation(fact: dict) -> Reference:
    return Reference(number=1, raw="", authors=[Author(fact["authors"][0]["last"], "A", "A")], title=fact["title"],
                     year=fact["pub_year"])


def test_a_local_source_answers_each_citation_from_its_own_lookups(tmp_path: Path) -> None:
    pool = tmp_path / "cohorts.xml"
    pool.write_bytes(snapshot_xml(THREE_COHORTS))
    misspelt = Reference(number=2, raw="", authors=[Author("Winkelsten", "A", "A")], title=THREE_COHORTS[0]["title"],
                         year=2000)
    together = match_references({"misspelt": misspelt, **{f["pmid"]: cohort_citation(f) for f in THREE_COHORTS}},
                                [LocalPubmedSource([pool])])
    alone = match_references({"misspelt": misspelt}, [LocalPubmedSource([pool])])
    assert {key: r.pmid for key, r in together.results.items() if r.status == "matched"} == {
        f["pmid"]: f["pmid"] for f in THREE_COHORTS}
    assert together.results["misspelt"] == alone.results["misspelt"] == MatchResult(status="pending")


def test_a_book_pubmed_cannot_hold_ends_with_no_candidate_pending_until_pubmed_is_asked(tmp_path: Path) -> None:
    pool = tmp_path / "cohorts.xml"
    pool.write_bytes(snapshot_xml(THREE_COHORTS))
    book = parse_reference("Notarangelo LD. X-linked hyper-IgM syndrome: clinical and immunologic features, 2nd ed, "
                           "Oxford University Press, New York 2001.", 4)
    assert book.type == "book"
    found = match_references({"book": book, **{f["pmid"]: cohort_citation(f) for f in THREE_COHORTS}},
                             [LocalPubmedSource([pool])])
    assert found.results["book"] == MatchResult(status="pending", candidates=[])


class CountingSource(LocalPubmedSource):
    """The bundled snapshot, counting the citation matches and searches it is asked, and the records fetched."""

    def __init__(self) -> None:
        super().__init__([bundled_snapshot()], name="snapshot")
        self.asked = 0
        self.fetched = 0

    def fetch(self, pmids: list[str]) -> dict[str, Work]:
        self.fetched += len(pmids)
        return super().fetch(pmids)

    def citation_pmids(self, query: CitationQuery) -> list[str]:
        self.asked += 1
        return super().citation_pmids(query)

    def search_pmids(self, query: SearchQuery) -> list[str]:
        self.asked += 1
        return super().search_pmids(query)


def test_a_citation_decided_in_an_earlier_batch_is_answered_again_without_asking(seed_refs) -> None:
    source, decided = CountingSource(), DecidedCitations()
    first = match_references(seed_refs, [source], decided)
    asked = source.asked
    again = match_references({f"next-{key}": ref for key, ref in seed_refs.items()}, [source], decided)
    assert asked > 0 and source.asked == asked
    assert again.results == {f"next-{key}": result for key, result in first.results.items()}
    assert again.works.keys() == first.works.keys()


def test_a_kept_answer_naming_a_record_the_library_already_holds_fetches_nothing(seed_refs) -> None:
    source, decided = CountingSource(), DecidedCitations()
    first = match_references(seed_refs, [source], decided)
    decided.written.update(first.works)
    fetched = source.fetched
    again = match_references({f"next-{key}": ref for key, ref in seed_refs.items()}, [source], decided)
    assert fetched > 0 and source.fetched == fetched
    assert again.works == {}
    assert again.results == {f"next-{key}": result for key, result in first.results.items()}


def test_answers_beyond_those_kept_in_memory_are_read_back_from_the_file_not_asked_again(seed_refs) -> None:
    source, decided = CountingSource(), DecidedCitations(in_memory=1)
    three = {key: seed_refs[key] for key in ("seed-1", "seed-6", "seed-8")}
    first = match_references(three, [source], decided)
    asked = source.asked
    again = match_references({f"again-{key}": ref for key, ref in three.items()}, [source], decided)
    assert source.asked == asked
    assert again.results == {f"again-{key}": result for key, result in first.results.items()}
