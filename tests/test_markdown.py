"""Specification of the Pandoc Markdown reader (ingest.readers.markdown) and manuscript bibliographies, with pandoc as
the oracle of what a manuscript cites."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from citetrace.citations.claims import extract_claims
from citetrace.citations.model import Document
from citetrace.ingest.errors import InputError
from citetrace.ingest.readers.markdown import inline_text, parse_markdown, read_markdown
from pandoc_oracle import pandoc_citations
from commands import run

MANUSCRIPTS = Path(__file__).parent / "data" / "manuscripts"
CONSTRUCTS = MANUSCRIPTS / "constructs"
REVIEW = CONSTRUCTS / "review.md"
JOSS = MANUSCRIPTS / "joss-pubmed-parser" / "paper.md"


def keys_of(document: Document) -> list[list[str]]:
    return [group.keys for paragraph in document.citation_groups or [] for group in paragraph]


def read_review() -> Document:
    return read_markdown(REVIEW, [CONSTRUCTS / "refs.yaml"])


@pytest.mark.parametrize("path", [REVIEW, JOSS, CONSTRUCTS / "code-blocks.md"], ids=["constructs", "joss", "code"])
def test_every_citation_pandoc_finds_and_no_other(path: Path) -> None:
    document = read_markdown(path, [CONSTRUCTS / "refs.yaml"])
    assert keys_of(document) == pandoc_citations(path, "markdown")


def test_an_at_sign_in_code_in_a_list_a_pre_block_or_a_longer_fence_is_not_a_key() -> None:
    document = read_markdown(CONSTRUCTS / "code-blocks.md", [CONSTRUCTS / "refs.yaml"])
    assert keys_of(document) == [["notarangelo1992"], ["ferrari2001"], ["lanzi2010"], ["imai2003"]]


def test_citation_forms_as_written() -> None:
    assert [group.text for paragraph in read_review().citation_groups or [] for group in paragraph] == [
        "[@notarangelo1992]", "@winkelstein2003 [p. 3]", "[see @ferrari2001, pp. 33-35; also @lanzi2010]",
        "[-@imai2003]", "[@{odd:key.}]", "[@nowhere2020]", "[@korthauer1993]", "[@ferrari2001; @notarangelo1992]",
        "[@yamlonly2019]", "@lanzi2010", "[@jsononly2018]", "[@korthauer1993]", "[See @imai2003 for the mechanism.]",
    ]


def test_keys_are_numbered_in_order_of_first_citation_and_only_cited_entries_are_references() -> None:
    document = read_review()
    assert [(r.number, r.key) for r in document.references or []] == [
        (1, "notarangelo1992"), (2, "winkelstein2003"), (3, "ferrari2001"), (4, "lanzi2010"), (5, "imai2003"),
        (6, "odd:key."), (7, "nowhere2020"), (8, "korthauer1993"), (9, "yamlonly2019"), (10, "jsononly2018"),
    ]


def test_crossrefs_emails_code_and_comments_are_not_citations() -> None:
    document = read_review()
    assert document.paragraphs[1].startswith(
        "Figure @fig:survival and Table @tbl:cohorts are cross-references, as is [@sec:methods], not citations. "
        "A mail address such as help@example.org is not a citation, nor is @code in code, nor @escaped. "
    )
    assert [group.keys for group in (document.citation_groups or [])[1]] == [["odd:key."], ["nowhere2020"]]
    assert not any("hidden2000" in p or "incode2000" in p or "indented2000" in p for p in document.paragraphs)


def test_lists_quotes_tables_and_headings() -> None:
    document = read_review()
    assert document.paragraphs[-6:-1] == [
        "Another citing [@ferrari2001; @notarangelo1992].",
        "A quotation that cites [@yamlonly2019].",
        "See the guideline and a figure after @lanzi2010.",
        "Trial Source",
        "CD40 [@jsononly2018]",
    ]
    assert document.sections[0] == "Introduction" and document.sections[-2] == "Methods"


def test_a_footnote_is_read_where_it_is_referenced() -> None:
    assert read_review().paragraphs[-1] == (
        "Transplantation cures it.^[As reported by [@korthauer1993] and later confirmed.] "
        "Gene therapy is studied.^[See @imai2003 for the mechanism.]"
    )


def test_front_matter() -> None:
    document = read_review()
    assert (document.title, document.format) == ("Hand-made review of every citation construct", "markdown")
    assert [c["name"] for c in document.contributors] == ["Ada Lovelace", "Charles Babbage"]


def test_bibtex_entries_are_read_with_strings_names_and_latex_decoded() -> None:
    references = {r.key: r for r in read_review().references or []}
    assert references["lanzi2010"].container_title == "Blood"
    assert [(a.family, a.given) for a in references["korthauer1993"].authors][:1] == [("Korthäuer", "U.")]
    assert (references["winkelstein2003"].et_al, references["winkelstein2003"].doi) == (True, "10.1097/01.md.0000100046.06009.b0")
    assert (references["notarangelo1992"].pmid, references["notarangelo1992"].origin) == ("1554497", "bibtex")


def test_csl_json_and_csl_yaml_entries() -> None:
    references = {r.key: r for r in read_review().references or []}
    json_entry, yaml_entry = references["jsononly2018"], references["yamlonly2019"]
    assert (json_entry.title, json_entry.year, json_entry.pmid, json_entry.page) == (
        "A work only the CSL-JSON file holds", 2018, "30000001", "1-9")
    assert (yaml_entry.authors[0].family, yaml_entry.year, yaml_entry.doi, yaml_entry.origin) == (
        "Yaml", 2019, "10.1000/yaml.2019", "csl")


def test_a_key_in_no_bibliography_is_a_warning_and_kept() -> None:
    document = read_review()
    assert document.warnings == [f"{REVIEW}: cited but in no bibliography (1): nowhere2020"]
    missing = next(r for r in document.references or [] if r.key == "nowhere2020")
    assert missing.flags == ["not-in-bibliography"]


def test_a_narrative_citation_with_a_locator_is_one_citation() -> None:
    text, citations = inline_text("As @smith04 [p. 33] says, and @jones05 agrees.")
    assert (text, [(c.text, c.keys) for c in citations]) == (
        "As @smith04 [p. 33] says, and @jones05 agrees.", [("@smith04 [p. 33]", ["smith04"]), ("@jones05", ["jones05"])]
    )


def test_emphasis_and_links_become_plain_text() -> None:
    assert inline_text("A **bold** and *new* [link](http://x.org) with `code`.")[0] == "A bold and new link with code."


def test_claims_close_at_each_citation_group_and_run_on_past_a_narrative_one() -> None:
    document = read_review()
    claims, _ = extract_claims(document.paragraphs, groups=document.citation_groups)
    assert [(c.marker, c.refs, c.text) for c in claims if c.marker][:3] == [
        ("[@notarangelo1992]", [1], "Hyper-IgM syndrome is rare"),
        ("@winkelstein2003 [p. 3]", [2], "though @winkelstein2003 [p. 3] counted 79 patients."),
        ("[see @ferrari2001, pp. 33-35; also @lanzi2010]", [3, 4], "Several cohorts agree"),
    ]


def test_the_sample_builds_with_its_bib_identifiers_identified(tmp_path: Path) -> None:
    target = tmp_path / "library.db"
    result = run("build", str(JOSS), "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(target)
    assert [tuple(r.values()) for r in db.query(
        "select number, key, match_status from citations order by number")] == [
        (1, "tang2019parallel", "identified"), (2, "nikolov2018data", "pending"), (3, "mesbah2018smartpub", "pending"),
        (4, "achakulvisut2019claim", "pending"), (5, "abdeddaim2018mesh", "pending"), (6, "galea2018sub", "identified"),
        (7, "shahri2019propheno", "identified"), (8, "vseva2019vist", "identified"), (9, "miller2017automated", "pending"),
        (10, "rakhi2018data", "identified"),
    ]
    assert [tuple(r.values()) for r in db.query(
        "select count(*), sum(broken) from claim_citations")] == [(13, 0)]
    assert [r["format"] for r in db.query("select format from documents")] == ["markdown"]


def test_a_missing_key_is_a_not_indexed_citation(tmp_path: Path) -> None:
    target = tmp_path / "library.db"
    result = run("build", str(REVIEW), "--bib", str(CONSTRUCTS / "refs.yaml"), "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 0, result.output
    assert f"warning: {REVIEW}: cited but in no bibliography (1): nowhere2020\n" in result.stderr
    rows = sqlite_utils.Database(target).query("select key, match_status from citations where key = 'nowhere2020'")
    assert [tuple(r.values()) for r in rows] == [("nowhere2020", "not_indexed")]


def test_parse_refs_of_a_manuscript_keys_its_items() -> None:
    items = json.loads(run("parse-refs", str(JOSS)).stdout)
    assert [(i["id"], i["citation-number"]) for i in items][:2] == [("tang2019parallel", 1), ("nikolov2018data", 2)]


def test_a_bibliography_named_but_missing_names_the_line(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: T\nbibliography: gone.bib\n---\nText [@a].\n")
    with pytest.raises(InputError) as error:
        read_markdown(paper, [])
    assert str(error.value) == f"{paper}:3: bibliography {tmp_path / 'gone.bib'} does not exist"


def test_a_broken_bib_entry_names_its_line(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("Text [@a].\n")
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a, title = {Fine}}\n\n@article{b, title = {Broken}\n")
    result = run("build", str(paper), "--bib", str(bib), "--db", str(tmp_path / "x.db"), "--pubmed", "off")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bib}:3: ") and result.stderr.count("\n") == 1
    assert not (tmp_path / "x.db").exists()


def test_broken_front_matter_names_its_line(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("---\ntitle: [unclosed\n---\nText.\n")
    with pytest.raises(InputError) as error:
        parse_markdown(paper.read_text(), str(paper))
    assert str(error.value).startswith(f"{paper}:")


def test_a_markdown_file_is_detected_whatever_its_suffix(tmp_path: Path) -> None:
    disguised = tmp_path / "paper.txt"
    shutil.copy(JOSS, disguised)
    shutil.copy(JOSS.with_name("paper.bib"), tmp_path / "paper.bib")
    claims = json.loads(run("claims", str(disguised)).stdout)
    assert sum(1 for claim in claims if claim["marker"]) == 6


def test_a_bib_pmid_is_the_match_and_pubmed_still_fills_the_record(tmp_path: Path) -> None:
    target = tmp_path / "library.db"
    result = run("build", str(REVIEW), "--bib", str(CONSTRUCTS / "refs.yaml"), "--db", str(target),
                 "--pubmed", "snapshot", "--cache", str(tmp_path / "cache.sqlite"))
    assert result.exit_code == 0, result.output
    rows = sqlite_utils.Database(target).query(
        "select citations.match_status, citations.match_method, works.source, works.journal from citations "
        "join works on works.id = citations.work_id where citations.key = 'notarangelo1992'")
    assert [tuple(r.values()) for r in rows] == [("matched", "local:pmid", "pubmed", "Immunodefic Rev")]


def test_what_a_cited_entry_reads_differently_is_a_warning_with_its_line(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("Text [@a].\n")
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{uncited, journal = nosuch}\n\n@article{a, title = {Kept}, journal = nomacro}\n")
    assert read_markdown(paper, [bib]).warnings == [
        f"{bib}:3: undefined @string macro 'nomacro' in entry a read as empty"]


@pytest.mark.parametrize("name, content, problem", [
    ("refs.json", '[{"id": "a", "title": "x"},\n', ":2: not valid JSON: Expecting value"),
    ("refs.json", '[{"title": "no id"}]', ":1: item 1 has no id"),
    ("refs.yaml", "references:\n - id: a\n  title: [x\n", ":3: not valid YAML:"),
])
def test_a_broken_csl_bibliography_names_its_line(tmp_path: Path, name: str, content: str, problem: str) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text("Text [@a].\n")
    (tmp_path / name).write_text(content)
    with pytest.raises(InputError) as error:
        read_markdown(paper, [tmp_path / name])
    assert str(error.value).startswith(f"{tmp_path / name}{problem}")


def test_yaml_aliases_are_refused_so_a_yaml_bomb_is_never_expanded(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text('---\ntitle: T\na: &a ["x", "x", "x"]\nb: &b [*a, *a, *a]\n---\nText [@k].\n')
    with pytest.raises(InputError) as error:
        parse_markdown(paper.read_text(), str(paper))
    assert str(error.value) == f"{paper}:4: front matter is not valid YAML: aliases (*name) are not read"


def test_emphasis_marks_on_a_hostile_line_are_dropped_one_by_one() -> None:
    assert inline_text("_a " * 20000 + "[@k]")[0] == "a " * 20000 + "[@k]"


def test_pandoc_attributes_and_spans_are_not_text() -> None:
    text, citations = inline_text("See ![Survival.](f.png){#fig:survival width=50%} and [this]{.underline} [@a].")
    assert (text, [c.keys for c in citations]) == ("See Survival. and this [@a].", [["a"]])
