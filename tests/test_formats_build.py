"""Building libraries from every document format: formats, identifiers, citations linked to claims, bad input."""
from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from citetrace.datasette_plugins.serve import make_datasette
from commands import run

DATA = Path(__file__).parent / "data"
JATS = DATA / "jats" / "1471-2180-11-174.nxml"


def build(tmp_path: Path, *args: str) -> sqlite_utils.Database:
    target = tmp_path / "library.db"
    result = run("build", *args, "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 0, result.output
    return sqlite_utils.Database(target)


def rows(db: sqlite_utils.Database, sql: str) -> list[tuple]:
    return [tuple(row.values()) for row in db.query(sql)]


def test_a_jats_article_builds_with_its_identifiers_as_identified_not_matched(tmp_path: Path) -> None:
    db = build(tmp_path, str(JATS))
    assert rows(db, "select format, article_pmid, article_pmcid, article_doi, journal, published, sha256 from documents") == [
        ("jats", "21810267", "PMC3166277", "10.1186/1471-2180-11-174", "BMC Microbiology", "2011-08-02",
         hashlib.sha256(JATS.read_bytes()).hexdigest())
    ]
    assert rows(db, "select match_status, match_method, count(*) from citations group by 1, 2 order by 3 desc") == [
        ("identified", "jats:pmid", 56), ("identified", "jats:doi", 4), ("pending", None, 4)
    ]
    assert rows(db, "select count(*) from works where pmid is not null") == [(56,)]


def test_every_xref_of_a_jats_article_is_a_link_to_its_citation(tmp_path: Path) -> None:
    db = build(tmp_path, str(JATS))
    assert rows(db, "select count(distinct citation_id), sum(broken) from claim_citations") == [(64, 0)]
    assert rows(db, "select marker, text, section from claims where marker = '[1-9]'") == [
        ("[1-9]", "Some phenotypic variation arises from randomness in cellular processes despite identical "
                  "environments and genotypes", "Background")
    ]


def test_a_folder_of_articles_is_one_document_each(tmp_path: Path) -> None:
    db = build(tmp_path, str(DATA / "jats"))
    assert rows(db, "select count(*), group_concat(distinct format) from documents") == [(5, "jats")]
    assert rows(db, "select count(*) from citations") == [(244,)]


def test_content_decides_the_format_whatever_the_suffix(tmp_path: Path) -> None:
    disguised = tmp_path / "article.txt"
    shutil.copy(JATS, disguised)
    db = build(tmp_path, str(disguised))
    assert rows(db, "select format from documents") == [("jats",)]


def test_format_option_overrides_detection(tmp_path: Path) -> None:
    result = run("parse-refs", str(JATS), "--format", "text")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {JATS}:")


def test_parse_refs_of_a_jats_article_gives_tagged_fields() -> None:
    items = json.loads(run("parse-refs", str(JATS)).stdout)
    assert len(items) == 64
    assert {k: items[0][k] for k in ("id", "citation-number", "title", "container-title", "PMID", "DOI")} == {
        "id": "ref-1", "citation-number": 1,
        "title": "Microbial cell individuality and the underlying sources of heterogeneity",
        "container-title": "Nat Rev Microbiol", "PMID": "16845428", "DOI": "10.1038/nrmicro1460",
    }


def test_claims_of_a_jats_article_carry_the_marker_as_written() -> None:
    claims = json.loads(run("claims", str(DATA / "jats" / "pone.0000217.nxml")).stdout)
    first = next(claim for claim in claims if claim["marker"])
    assert (first["marker"], first["refs"]) == ("[1]\u2013[5]", [1, 2, 3, 4, 5])


@pytest.mark.parametrize("content, problem", [
    ('<?xml version="1.0"?>\n<article>\n<body><p>x</body>\n</article>', ":3: malformed XML: mismatched tag"),
    ('<?xml version="1.0"?>\n<!DOCTYPE article [\n<!ENTITY a "aaaa">\n]>\n<article>&a;</article>',
     ":3: refused: EntitiesForbidden"),
])
def test_bad_xml_is_one_line_and_leaves_the_library_untouched(tmp_path: Path, content: str, problem: str) -> None:
    target = tmp_path / "library.db"
    assert run("build", str(JATS), "--db", str(target), "--pubmed", "off").exit_code == 0
    before = target.read_bytes()
    bad = tmp_path / "bad.nxml"
    bad.write_text(content)
    result = run("build", str(bad), "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}{problem}") and result.stderr.count("\n") == 1
    assert target.read_bytes() == before


def test_the_document_page_names_the_format_and_links_the_article(tmp_path: Path) -> None:
    build(tmp_path, str(DATA / "jats" / "ehp-116-1694.nxml"))
    site = make_datasette(tmp_path / "library.db")
    page = asyncio.run(site.client.get("/-/citetrace/document/1")).text
    assert "PubMed Central JATS XML" in page
    assert 'href="https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2599765' in page
    assert 'href="https://doi.org/10.1289/ehp.11570"' in page
    assert '<a href="#ref-21">(Hites 2004; Law et al. 2003)</a>' in page
    assert '<p class="ct-kicker">Document 1 · research-article · PubMed Central JATS XML</p>' in page
    assert "Literature review current through" not in page and "not stated" not in page


def test_a_manuscript_page_links_each_key_of_a_marker(tmp_path: Path) -> None:
    build(tmp_path, str(DATA / "manuscripts" / "joss-pubmed-parser" / "paper.md"))
    site = make_datasette(tmp_path / "library.db")
    page = asyncio.run(site.client.get("/-/citetrace/document/1")).text
    assert "Pandoc Markdown" in page
    assert ('[@<a href="#ref-7">shahri2019propheno</a>; @<a href="#ref-8">vseva2019vist</a>]') in page


def test_each_document_says_what_it_is_and_only_uptodate_prints_its_dates(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: A short note\narticle-type: review-article\n---\n\nA claim [@a].\n", encoding="utf-8")
    db = build(tmp_path, str(DATA / "jats" / "pone.0000217.nxml"), str(paper), "--bib",
               str(DATA / "manuscripts" / "constructs" / "refs.yaml"))
    assert rows(db, "select format, kind, article_type, literature_review_through, last_updated from documents"
                " order by id") == [
        ("jats", "document", "research-article", None, None), ("markdown", "document", "review-article", None, None)]


def test_the_seed_says_it_is_a_review_with_its_literature_review_date(tmp_path: Path) -> None:
    db = build(tmp_path)
    assert rows(db, "select article_type, literature_review_through, last_updated from documents") == [
        ("review", "2016-09", "2015-07-15")]
