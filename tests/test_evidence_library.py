"""Does the source say it? The evidence of each claim and citation through the build, add, remove, trace and the
site: the seed enriched live through the E-utilities stand-in serving abstracts written for five of its records
(`evidence_records`), a review citing two of those records, and a review citing that review."""
from __future__ import annotations

import re
import sqlite3
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.eutils_standin import EutilsStandin
from citetrace.ingest.build import PubmedOptions
from citetrace.ingest.grow import add_to_library
from commands import OTHER, rows, run
from conftest import SEED_5, SEED_6
from evidence_records import REVIEW_A, REVIEW_B, records_with_abstracts
from site_client import fetch, started

pytestmark = pytest.mark.usefixtures("no_ncbi_settings")

PAIRS_SQL = ("select claim_id, reference_number, evidence from claim_citations where citation_id is not null"
             " order by claim_id, reference_number")
BEST_SQL = ("select e.claim_id, c.number, e.source, e.section, e.sentence from evidence e"
            " join citations c on c.id = e.citation_id where e.rank = 1 order by e.claim_id, c.number")


@pytest.fixture(scope="module")
def eutils(tmp_path_factory) -> Iterator[EutilsStandin]:
    """The stand-in serving the bundled snapshot's records, five of them with abstracts."""
    with EutilsStandin(records_with_abstracts(tmp_path_factory.mktemp("records"))) as server:
        yield server


def live(server: EutilsStandin, cache: Path) -> list[str]:
    return ["--pubmed", "live", "--eutils-url", server.base_url, "--email", "reviewer@example.org", "--cache", str(cache)]


@pytest.fixture(scope="module")
def seed_live(eutils, tmp_path_factory) -> Path:
    """The seed built live against the stand-in."""
    folder = tmp_path_factory.mktemp("seed-live")
    result = run("build", "--db", folder / "lib.db", *live(eutils, folder / "cache.sqlite"))
    assert result.exit_code == 0, result.output
    return folder / "lib.db"


@pytest.fixture(scope="module")
def reviews() -> tuple[Path, Path]:
    return REVIEW_A, REVIEW_B


@pytest.fixture(scope="module")
def review_library(eutils, reviews, tmp_path_factory) -> Path:
    """Review A (citing two of the seed's records) and review B (citing A by its DOI, and one seed record)."""
    folder = tmp_path_factory.mktemp("review-library")
    result = run("build", *reviews, "--db", folder / "lib.db", *live(eutils, folder / "cache.sqlite"))
    assert result.exit_code == 0, result.output
    return folder / "lib.db"


# The seed, live, with abstracts for five of its records


def scored(text: str) -> str:
    """Text with its scores as "S": the verdicts and sentences are this test's to pin down, the ranker's exact
    scores are its own (tests/test_evidence.py)."""
    return re.sub(r"\b[01]\.\d\d\b", "S", text)


def test_every_seed_pair_gets_a_verdict_and_no_abstract_is_no_text(seed_live: Path) -> None:
    assert rows(seed_live, PAIRS_SQL) == [
        (1, 1, "on_point"),
        (2, 2, "no_text"),
        (2, 3, "no_text"),  # PMID 20180797: a PubMed record without an abstract
        (3, 4, "no_text"),
        (4, 1, "on_point"),
        (7, 5, "on_point"),
        (9, 6, "on_point"),
        (9, 7, "no_text"),
        (9, 8, "no_text"),
        (9, 9, "on_point"),
        (10, 10, "on_point"),
    ]


def test_the_best_sentence_of_each_seed_pair_is_stored_with_its_section(seed_live: Path) -> None:
    assert rows(seed_live, BEST_SQL) == [
        (1, 1, "abstract", None, "Immunodeficiency with hyper-IgM (HIM) is a heterogeneous group of disorders "
         "characterized by recurrent bacterial infections, normal or increased serum IgM and a deficiency of IgG, "
         "IgA and IgE."),
        (4, 1, "abstract", None, "Acquired forms of the syndrome have been described after congenital rubella, "
         "during treatment with phenytoin, and in patients with lymphoma or T cell leukemia."),
        (7, 5, "abstract", "RESULTS", "The minimum estimated frequency of CD40 ligand deficiency was 2 per "
         "1,000,000 males."),
        (9, 6, "abstract", None, "Only a few cases of CD40 deficiency have been reported."),
        (9, 9, "abstract", "RESULTS", "Some mutant proteins were retained in the endoplasmic reticulum, whereas "
         "others reached the cell surface but failed to bind CD40 ligand."),
        (10, 10, "abstract", None, "Here we describe three patients with an autosomal recessive hyper-IgM syndrome "
         "and mutations in the gene encoding uracil-DNA glycosylase (UNG)."),
    ]


def test_three_sentences_are_kept_per_pair_with_text_offsets_and_ranks(seed_live: Path) -> None:
    kept = rows(seed_live, "select claim_id, citation_id, group_concat(rank) from (select * from evidence"
                           " order by claim_id, citation_id, rank) group by claim_id, citation_id")
    assert [ranks for _, _, ranks in kept] == ["1,2,3"] * 6
    abstract = rows(seed_live, "select abstract from works where pmid = '14663287'")[0][0]
    for sentence, start, end in rows(seed_live, "select sentence, char_start, char_end from evidence"
                                                " where work_id = (select id from works where pmid = '14663287')"):
        assert abstract[start:end] == sentence


def test_the_structured_abstract_is_stored_with_its_labels(seed_live: Path) -> None:
    assert rows(seed_live, "select abstract from works where pmid = '14663287'")[0][0].splitlines()[2] == (
        "RESULTS: The minimum estimated frequency of CD40 ligand deficiency was 2 per 1,000,000 males. Most "
        "patients presented in the first two years of life with Pneumocystis pneumonia, neutropenia or chronic "
        "diarrhea. Sclerosing cholangitis developed in a fifth of the patients."
    )


def test_scores_lie_in_0_1_and_no_text_has_none(seed_live: Path) -> None:
    scores = rows(seed_live, "select evidence, evidence_score from claim_citations where citation_id is not null")
    assert all(score is None for verdict, score in scores if verdict == "no_text")
    assert all(0 <= score <= 1 for verdict, score in scores if verdict != "no_text")
    assert rows(seed_live, "select count(*) from evidence join claim_citations cc using (claim_id, citation_id)"
                           " where cc.evidence = 'no_text'") == [(0,)]


def test_offline_every_seed_pair_is_no_text(seed_library: Path) -> None:
    assert {verdict for _, _, verdict in rows(seed_library, PAIRS_SQL)} == {"no_text"}
    assert rows(seed_library, "select count(*) from evidence") == [(0,)]


def test_trace_prints_the_best_sentence_and_the_verdict_under_each_reference(seed_live: Path) -> None:
    result = run("trace", "UNG", "--db", seed_live)
    assert scored(result.output).splitlines()[-4:] == [
        "[claim 10] In contrast, there are only a few reported cases of CD40 [6-9] >>and uracil N-glycosylase (UNG) "
        "[10]<< deficiencies.",
        "  in: Hyperimmunoglobulin M syndromes",
        "  [10] Imai 2003. Human uracil-DNA glycosylase deficiency associated with profoundly impaired "
        "immunoglobulin class-switch recombination. Nat Immunol. PMID 12958596, DOI 10.1038/ni974",
        "      evidence: on_point S (abstract): \"Here we describe three patients with an autosomal recessive "
        "hyper-IgM syndrome and mutations in the gene encoding uracil-DNA glycosylase (UNG).\"",
    ]
    assert "  [7] Kutukculer 2003. " in result.output
    assert "      evidence: no_text (no abstract or full text)" in result.output


def test_trace_json_gives_each_reference_its_verdict_and_kept_sentences(seed_live: Path) -> None:
    import json

    [claim] = [claim for claim in json.loads(run("trace", "UNG", "--db", seed_live, "--json").output)
               if claim["id"] == 10]
    [source] = claim["sources"]
    assert (source["evidence"], [s["rank"] for s in source["sentences"]]) == ("on_point", [1, 2, 3])
    assert source["sentences"][0]["sentence"].endswith("uracil-DNA glycosylase (UNG).")


def test_a_review_citing_the_seed_records_for_other_things_is_flagged_silent(eutils, seed_live, tmp_path) -> None:
    lines = [f"  1. {SEED_5}" if line.startswith("  1. ") else f"  2. {SEED_6}" if line.startswith("  2. ") else line
             for line in OTHER.read_text(encoding="utf-8").splitlines()]
    (tmp_path / "citing-seed.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    library = tmp_path / "lib.db"
    shutil.copy(seed_live, library)
    result = run("add", tmp_path / "citing-seed.txt", "--db", library, *live(eutils, tmp_path / "cache.sqlite"))
    assert result.exit_code == 0, result.output
    assert "15 claims, 21 claim-citation pairs checked against their sources;" in result.output
    assert rows(library, "select claim_id, reference_number, evidence from claim_citations where claim_id > 14 and"
                         " evidence != 'no_text' order by claim_id, reference_number") == [
        (15, 1, "silent"), (16, 2, "silent"), (19, 1, "silent"), (19, 2, "silent"), (27, 2, "silent")]
    assert rows(library, PAIRS_SQL + " limit 3") == [(1, 1, "on_point"), (2, 2, "no_text"), (2, 3, "no_text")]


# A review citing a review of the library


def test_a_cited_review_of_the_library_is_read_in_full_text(review_library: Path) -> None:
    assert rows(review_library, "select e.claim_id, e.rank, e.source, e.section, e.paragraph, e.sentence,"
                                " cc.evidence from evidence e join claim_citations cc on cc.claim_id = e.claim_id"
                                " and cc.citation_id = e.citation_id where e.claim_id = 3 and e.rank = 1") == [
        (3, 1, "full_text", "Complications", 0, "Opportunistic infections, in particular Pneumocystis pneumonia, "
         "and sclerosing cholangitis are the main complications of CD40 ligand deficiency [1].", "on_point")]


def test_trace_depth_2_follows_the_cited_review_to_its_claims_and_their_sources(review_library: Path) -> None:
    result = run("trace", "sclerosing cholangitis", "--db", review_library, "--depth", "2")
    assert result.exit_code == 0, result.output
    assert scored(result.output).split("\n\n")[1].splitlines() == [
        "[claim 3] In CD40 ligand deficiency, Pneumocystis pneumonia and sclerosing cholangitis are the main "
        "complications [1].",
        "  in: Primary antibody deficiencies: an update for the clinician",
        "  [1] Tester 2019. CD40 ligand deficiency: complications and outcome in the registry era. J Test Immunol. "
        "DOI 10.5555/jti.2019.0101 (identified)",
        "      evidence: on_point S (full_text, Complications): \"Opportunistic infections, in particular "
        "Pneumocystis pneumonia, and sclerosing cholangitis are the main complications of CD40 ligand deficiency "
        "[1].\"",
        "      -> a document of this library, CD40 ligand deficiency: complications and outcome in the registry era "
        "(document 1): 1 matching claim",
        "        [claim 1] Opportunistic infections, in particular Pneumocystis pneumonia, and sclerosing cholangitis "
        "are the main complications of CD40 ligand deficiency [1].",
        "          in: CD40 ligand deficiency: complications and outcome in the registry era",
        "          [1] Winkelstein 2003. The X-linked hyper-IgM syndrome: clinical and immunologic features of 79 "
        "patients. Medicine (Baltimore). PMID 14663287, DOI 10.1097/01.md.0000100046.06009.b0",
        "              evidence: on_point S (abstract, CONCLUSIONS): \"CD40 ligand deficiency carries a high "
        "risk of opportunistic infections and liver disease, and many patients die in young adulthood.\"",
    ]


def test_trace_depth_1_does_not_follow(review_library: Path) -> None:
    assert "->" not in run("trace", "sclerosing cholangitis", "--db", review_library).output


def test_adding_the_cited_review_later_reads_it_for_the_older_review(eutils, reviews, tmp_path) -> None:
    review_a, review_b = reviews
    library = tmp_path / "lib.db"
    assert run("build", review_b, "--db", library, *live(eutils, tmp_path / "cache.sqlite")).exit_code == 0
    assert rows(library, PAIRS_SQL) == [(1, 1, "no_text"), (2, 2, "on_point")]
    report = add_to_library([review_a], library, PubmedOptions(mode="live", eutils_url=eutils.base_url,
                                                               cache_path=tmp_path / "cache.sqlite"), print)
    assert report.counts.assessed == 3  # review A's two pairs, and review B's pair citing review A
    assert rows(library, PAIRS_SQL) == [(1, 1, "on_point"), (2, 2, "on_point"), (3, 1, "on_point"),
                                        (4, 2, "on_point")]
    assert rows(library, "select source from evidence where claim_id = 1 and rank = 1") == [("full_text",)]


def test_an_add_assesses_only_its_new_pairs(eutils, review_library, tmp_path) -> None:
    library = tmp_path / "lib.db"
    shutil.copy(review_library, library)
    before = rows(library, "select * from evidence order by claim_id, citation_id, rank")
    (tmp_path / "other.txt").write_text(OTHER.read_text(encoding="utf-8"), encoding="utf-8")
    report = add_to_library([tmp_path / "other.txt"], library, PubmedOptions(mode="off"), print)
    new_pairs = rows(library, "select count(*) from claim_citations join claims on claims.id = claim_id"
                              " where claims.document_id = 3 and citation_id is not null")[0][0]
    assert report.counts.assessed == new_pairs == 21
    assert rows(library, "select * from evidence where claim_id <= 4 order by claim_id, citation_id, rank") == before


def test_removing_the_cited_review_falls_back_to_what_is_left(review_library: Path, tmp_path) -> None:
    library = tmp_path / "lib.db"
    shutil.copy(review_library, library)
    assert run("remove", "1", "--db", library).exit_code == 0
    assert rows(library, PAIRS_SQL) == [(3, 1, "no_text"), (4, 2, "on_point")]
    assert rows(library, "select count(*) from evidence where claim_id = 3") == [(0,)]
    assert rows(library, "select count(*) from document_paragraphs where document_id = 1") == [(0,)]


# The site


def test_the_claim_page_shows_the_marked_sentence_the_badge_and_more(seed_live: Path) -> None:
    html = fetch(started(seed_live), "/-/citetrace/claim/7").text
    assert ('<q class="ct-evidence-sentence">The minimum <mark>estimated</mark> <mark>frequency</mark> of '
            "<mark>CD40</mark> <mark>ligand</mark> <mark>deficiency</mark> was <mark>2</mark> per "
            "<mark>1,000,000</mark> <mark>males</mark>.</q>") in html
    assert re.search(r'<span class="ct-badge ct-evidence-on_point" title="[^"]*Score [01]\.\d\d of 1\.">on point</span>',
                     html)
    assert "show more (2)" in html
    assert "What the evidence verdicts mean" in html


def test_the_claim_page_escapes_the_cited_sentence(seed_live: Path) -> None:
    html = fetch(started(seed_live), "/-/citetrace/claim/10").text
    assert "class switch recombination (P &lt; .01) and" in html


def test_the_claim_page_links_a_cited_review_to_its_own_matching_claim(review_library: Path) -> None:
    html = fetch(started(review_library), "/-/citetrace/claim/3").text
    assert "This reference is a document of this library:" in html
    assert re.search(r'<a class="ct-trail-claim" href="/-/citetrace/claim/1">claim 1</a>', html)


def test_the_document_page_counts_silent_citations(eutils, seed_live, tmp_path) -> None:
    library = tmp_path / "lib.db"
    shutil.copy(seed_live, library)
    lines = [f"  1. {SEED_5}" if line.startswith("  1. ") else line for line in
             OTHER.read_text(encoding="utf-8").splitlines()]
    (tmp_path / "citing.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("add", tmp_path / "citing.txt", "--db", library, *live(eutils, tmp_path / "cache.sqlite")).exit_code == 0
    site = started(library)
    html = fetch(site, "/-/citetrace/document/2").text
    assert '2 citations whose source is silent on the claim</a>' in html
    query = fetch(site, "/lib/silent_citations.json?document=2&_shape=array").json()
    assert [(row["claim_id"], row["reference_number"]) for row in query] == [(15, 1), (19, 1)]


def test_the_work_page_lists_each_citing_claim_with_its_best_sentence(seed_live: Path) -> None:
    html = fetch(started(seed_live), "/-/citetrace/work/10").text
    assert "encoding <mark>uracil-DNA</mark> <mark>glycosylase</mark> (<mark>UNG</mark>).</q>" in html
    assert "ct-evidence-on_point" in html


def test_a_library_made_before_evidence_is_served_and_its_next_add_assesses_it(seed_live: Path, tmp_path) -> None:
    library = tmp_path / "old.db"
    shutil.copy(seed_live, library)
    with sqlite3.connect(library) as connection:
        connection.executescript(
            "drop table evidence; drop table document_paragraphs;"
            " drop index idx_claim_citations_evidence;"
            " alter table claim_citations drop column evidence; alter table claim_citations drop column evidence_score;")
    site = started(library)
    for page in ("/-/citetrace/claim/7", "/-/citetrace/work/10", "/-/citetrace/document/1"):
        assert fetch(site, page).status_code == 200, page
    assert run("add", OTHER, "--db", library, "--pubmed", "off").exit_code == 0
    assert rows(library, PAIRS_SQL)[:2] == [(1, 1, "on_point"), (2, 2, "no_text")]


def test_a_cited_document_without_identifiers_is_found_by_its_title_and_year(reviews, tmp_path) -> None:
    review_a, review_b = reviews
    untagged = tmp_path / "review-a.nxml"
    untagged.write_text("\n".join(line for line in review_a.read_text(encoding="utf-8").splitlines()
                                  if not line.startswith("<article-id")), encoding="utf-8")
    library = tmp_path / "lib.db"
    assert run("build", untagged, review_b, "--db", library, "--pubmed", "off").exit_code == 0
    assert rows(library, "select article_doi, article_pmid from documents where id = 1") == [(None, None)]
    assert rows(library, "select claim_id, source from evidence where rank = 1 and claim_id = 3") == [(3, "full_text")]


def test_refresh_assesses_again_the_pairs_whose_abstract_arrived(eutils, seed_library: Path, tmp_path) -> None:
    library = tmp_path / "lib.db"
    shutil.copy(seed_library, library)
    assert {verdict for _, _, verdict in rows(library, PAIRS_SQL)} == {"no_text"}
    result = run("refresh", "--db", library, "--eutils-url", eutils.base_url, "--email", "reviewer@example.org",
                 "--cache", tmp_path / "cache.sqlite")
    assert result.exit_code == 0, result.output
    assert [pair for pair in rows(library, PAIRS_SQL) if pair[2] != "no_text"] == [
        (1, 1, "on_point"), (4, 1, "on_point"), (7, 5, "on_point"), (9, 6, "on_point"), (9, 9, "on_point"),
        (10, 10, "on_point")]
    assert rows(library, "select count(*) from evidence") == [(18,)]
    with sqlite3.connect(library) as connection:  # the search index followed the new abstracts
        connection.execute("insert into works_fts (works_fts) values ('integrity-check')")
    assert rows(library, "select count(*) from works_fts where works_fts match 'phenytoin'") == [(1,)]


def test_import_bib_with_pubmed_stores_the_abstract(eutils, tmp_path) -> None:
    bib = tmp_path / "mine.bib"
    bib.write_text("@article{imai2003,\n  author = {Imai, K.},\n  title = {Human uracil-DNA glycosylase deficiency},\n"
                   "  journal = {Nat Immunol},\n  year = {2003},\n  pmid = {12958596}\n}\n", encoding="utf-8")
    library = tmp_path / "lib.db"
    assert run("build", "--db", library, "--pubmed", "off").exit_code == 0
    result = run("import-bib", bib, "--db", library, *live(eutils, tmp_path / "cache.sqlite"))
    assert result.exit_code == 0, result.output
    [(abstract,)] = rows(library, "select abstract from works where pmid = '12958596'")
    assert abstract.startswith("Class switch recombination and somatic hypermutation require")
