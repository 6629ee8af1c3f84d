"""The benchmark corpus is only worth measuring if it reads like real input: every reference parses, every
marker becomes a claim, and the pool's PubMed XML is what the records parser and the local source expect."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import generate
from citetrace.ingest.build import ingest_documents
from citetrace.ingest.pubmed.local import LocalPubmedSource
from citetrace.ingest.pubmed.records import read_works


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return generate(tmp_path_factory.mktemp("corpus"), 3, size=300)


def test_generation_is_deterministic(corpus, tmp_path: Path) -> None:
    again = generate(tmp_path, 3, size=300)
    assert [p.read_text(encoding="utf-8") for p in again.documents] == [
        p.read_text(encoding="utf-8") for p in corpus.documents
    ]
    assert again.pool_xml.read_bytes() == corpus.pool_xml.read_bytes()


def test_every_reference_parses_and_every_marker_makes_claims(corpus) -> None:
    for path in corpus.documents:
        ingested = ingest_documents(path)[0]
        assert 40 <= len(ingested.references) <= 151
        assert ingested.warnings == []
        assert [ref.number for ref in ingested.references] == list(range(1, len(ingested.references) + 1))
        unparsed = [ref.raw for ref in ingested.references if "unparsed" in ref.flags]
        assert unparsed == []
        cited = {number for claim in ingested.claims for number in claim.refs}
        assert cited == set(range(1, len(ingested.references) + 1))
        assert any(claim.marker and "-" in claim.marker for claim in ingested.claims)


def test_reference_strings_cover_the_parser_variants(corpus) -> None:
    references = [ref for path in corpus.documents for ref in ingest_documents(path)[0].references]
    types = {ref.type for ref in references}
    assert {"article-journal", "book"} <= types
    assert any(ref.et_al for ref in references)
    assert any(ref.issue for ref in references) and any(not ref.issue and ref.volume for ref in references)
    assert any(ref.doi for ref in references)
    assert any(not ref.raw.isascii() for ref in references)


def test_pool_xml_parses_into_works_the_local_source_matches(corpus) -> None:
    works = list(read_works(corpus.pool_xml))
    indexed = [w for w in corpus.pool if w.indexed]
    assert len(works) == len(indexed)
    by_pmid = {w.pmid: w for w in works}
    first = indexed[0]
    work = by_pmid[first.pmid]
    assert (work.title, work.journal, work.year, work.volume) == (
        first.title, first.journal[0], first.year, first.volume,
    )
    assert work.authors[0].family == first.authors[0].family and work.mesh and work.publication_types
    source = LocalPubmedSource([corpus.pool_xml])
    assert set(source.fetch([first.pmid])) == {first.pmid}
