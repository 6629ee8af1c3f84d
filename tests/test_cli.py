"""The commands that print: parse-refs (CSL-JSON), claims (JSON) and trace (text and JSON)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from commands import rows, run


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "citetrace.db"
    assert run("build", "--db", str(path), "--pubmed", "off").exit_code == 0
    return path


def test_parse_refs_prints_all_seventy_as_csl_json(seed_path: Path) -> None:
    items = json.loads(run("parse-refs", str(seed_path)).stdout)
    assert [item["citation-number"] for item in items] == list(range(1, 71))


def test_parse_refs_item_as_the_contract_shows(seed_path: Path) -> None:
    item = json.loads(run("parse-refs", str(seed_path)).stdout)[15]
    assert item["author"] == [
        {"family": "Korthäuer", "given": "U"}, {"family": "Graf", "given": "D"}, {"family": "Mages", "given": "HW"}
    ]
    assert (item["et-al"], item["container-title"], item["issued"], item["volume"], item["page"]) == (
        True, "Nature", {"date-parts": [[1993]]}, "361", "539"
    )


def test_parse_refs_on_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run("parse-refs", str(tmp_path / "none.txt"))
    assert (result.exit_code, result.stderr) == (1, f"Error: {tmp_path / 'none.txt'}: no such file\n")


def test_parse_refs_warns_on_a_repeated_number_and_keeps_both(tmp_path: Path) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text("1. Smith J. First title. Blood 2001; 98:1.\n2. Doe J. Second. Cell 2002; 7:2.\n"
                    "2. Roe R. Third. Nature 2004; 400:3.\n")
    result = run("parse-refs", str(refs))
    assert result.exit_code == 0
    assert result.stderr == f"warning: {refs}: line 3: reference number 2 repeated\n"
    assert [item["title"] for item in json.loads(result.stdout)] == ["First title", "Second", "Third"]


def test_claims_prints_contract_fields_in_reading_order(seed_path: Path) -> None:
    claims = json.loads(run("claims", str(seed_path)).stdout)
    assert claims[1:4] == [
        {"sentence": claims[1]["sentence"], "text": "Hyper-IgM syndrome includes several genetically determined diseases",
         "marker": "[2,3]", "refs": [2, 3], **{k: claims[1][k] for k in ("paragraph", "sentence_index", "position")}},
        {"sentence": claims[1]["sentence"], "text": "but may also be secondary to congenital rubella syndrome",
         "marker": "[4]", "refs": [4], **{k: claims[2][k] for k in ("paragraph", "sentence_index", "position")}},
        {"sentence": claims[1]["sentence"], "text": "use of phenytoin, T cell leukemia, or lymphomas",
         "marker": "[1]", "refs": [1], **{k: claims[3][k] for k in ("paragraph", "sentence_index", "position")}},
    ]


def test_claims_uncited_sentence_has_null_marker(seed_path: Path) -> None:
    claims = json.loads(run("claims", str(seed_path)).stdout)
    rare = next(c for c in claims if c["sentence"] == "All forms of hyper-IgM syndrome are rare.")
    assert (rare["marker"], rare["refs"], rare["text"]) == (None, [], "All forms of hyper-IgM syndrome are rare.")


def test_claims_warns_about_a_reference_beyond_the_list(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Title\n\nA claim that cites nothing real [3].\n\n1. Smith J. First. Blood 2001; 98:1.\n")
    result = run("claims", str(doc))
    assert result.exit_code == 0
    assert "reference 3 does not exist (list has 1)" in result.stderr
    assert json.loads(result.stdout)[0]["refs"] == [3]


def test_trace_lists_the_cd40_claims_with_their_sources(seed_db: Path) -> None:
    output = run("trace", "CD40", "--db", str(seed_db)).stdout
    assert output.splitlines()[:3] == [
        "[claim 7] The estimated frequency of CD40 ligand (CD40L) deficiency is 2:1,000,000 males [5].",
        "  in: Hyperimmunoglobulin M syndromes",
        "  [5] Winkelstein 2003. The X-linked hyper-IgM syndrome: clinical and immunologic features of 79 patients."
        " Medicine (Baltimore). pending",
    ]


def test_trace_prints_a_clause_in_its_sentence_with_the_clause_marked(seed_db: Path) -> None:
    output = run("trace", "uracil", "--db", str(seed_db)).stdout
    assert [line for line in output.splitlines() if line.startswith("[claim")] == [
        "[claim 9] >>In contrast, there are only a few reported cases of CD40 [6-9]<<"
        " and uracil N-glycosylase (UNG) [10] deficiencies.",
        "[claim 10] In contrast, there are only a few reported cases of CD40 [6-9]"
        " >>and uracil N-glycosylase (UNG) [10]<< deficiencies.",
    ]


@pytest.mark.parametrize("mode", ["snapshot", "off"])
def test_offline_the_seed_has_no_not_found_citation_and_trace_never_says_so(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "seed.db"
    built = run("build", "--db", str(path), "--pubmed", mode)
    assert built.exit_code == 0, built.output
    assert "not_found" not in built.stderr
    assert rows(path, "select count(*) from citations where match_status = 'not_found'") == [(0,)]
    traced = "".join(run("trace", word, "--db", str(path), "--limit", "1000").stdout
                     for word in ("the", "syndrome", "CD40", "deficiency", "Shattuck"))
    assert "not_found" not in traced and "pending" in traced


def test_trace_json_gives_each_claim_its_references(seed_db: Path) -> None:
    traced = json.loads(run("trace", "CD40", "--db", str(seed_db), "--json").stdout)
    assert [(claim["marker"], [s["number"] for s in claim["sources"]]) for claim in traced] == [
        ("[5]", [5]), ("[6-9]", [6, 7, 8, 9]), ("[10]", [10])
    ]


def test_trace_finds_an_uncited_statement_and_says_it_cites_nothing(seed_db: Path) -> None:
    assert run("trace", "rare", "--db", str(seed_db)).stdout.splitlines() == [
        "[claim 6, uncited] All forms of hyper-IgM syndrome are rare.",
        "  in: Hyperimmunoglobulin M syndromes",
        "  (no citation marker: this statement cites no reference)",
    ]


def test_trace_json_marks_uncited_statements(seed_db: Path) -> None:
    traced = json.loads(run("trace", "rare", "--db", str(seed_db), "--json").stdout)
    assert [(claim["id"], claim["cited"], claim["sources"]) for claim in traced] == [(6, False, [])]


def test_export_of_an_uncited_claim_says_there_is_nothing_to_export(seed_db: Path) -> None:
    result = run("export-bib", "--db", str(seed_db), "--claim", "5")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {seed_db}: claim 5 is an uncited statement: it cites no reference, nothing to export\n"
