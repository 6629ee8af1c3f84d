"""Three real open-access articles read as PDFs, against truth written by hand (tests/data/pdf/*.truth.json).

The samples (BMC, Hindawi, J NeuroEng Rehabil: two columns, bracket markers, running headers inside the
reference list, entries crossing columns and pages) come from public test data; tests/data/pdf/README.md
names their sources and licences.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.pdf_truth import load_truth, score
from citetrace.cli import main
from citetrace.citations.model import Document
from citetrace.ingest.build import parse_document
from citetrace.ingest.readers.formats import read_documents

DATA = Path(__file__).parent / "data" / "pdf"
TRUTHS = sorted(DATA.glob("*.truth.json"))
SAMPLES = {truth.name.removesuffix(".truth.json"): load_truth(truth) for truth in TRUTHS}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


@cache
def read(file: str) -> Document:
    (document,) = read_documents(DATA / file)
    return document


@cache
def scored(name: str):
    return score(DATA / SAMPLES[name]["file"], SAMPLES[name])


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def sample(request) -> tuple[str, dict]:
    return request.param, SAMPLES[request.param]


def test_every_reference_found_with_contiguous_numbering(sample) -> None:
    name, truth = sample
    result = scored(name)
    assert (result.references, result.contiguous) == (len(truth["references"]), True)


def test_every_cited_reference_linked_and_none_invented(sample) -> None:
    name, truth = sample
    result = scored(name)
    assert (result.cited_linked, result.cited_invented) == (len(truth["cited"]), 0)


def test_each_entry_holds_its_own_fields_in_order(sample) -> None:
    """Entry splitting and rejoining: every truth field is in its entry's text, and no other entry's start."""
    name, truth = sample
    entries = {int(text.split(".", 1)[0]): text for _, text in read(truth["file"]).reference_lines}
    for expected in truth["references"]:
        text = _fold(entries[expected["number"]])
        for field in ("author", "title", "volume", "page", "year"):
            if expected[field] is not None:
                assert _fold(str(expected[field])) in text, (expected["number"], field)


def test_title_and_authors_from_the_first_page() -> None:
    document = read("j-neuroeng-rehabil-2016-de-marchis.pdf")
    assert document.title == (
        "Multi-contact functional electrical stimulation for hand opening: electrophysiologically driven "
        "identification of the optimal stimulation site"
    )
    assert [c["name"] for c in document.contributors] == [
        "Cristiano De Marchis", "Thiago Santos Monteiro", "Cristina Simon-Martinez", "Silvia Conforto",
        "Alireza Gharabaghi",
    ]


def test_running_header_inside_the_reference_list_is_not_in_an_entry() -> None:
    entries = [text for _, text in read("bmc-health-serv-res-2014-agyeman-duah.pdf").reference_lines]
    assert entries[27] == "28. Dick W, Johnson F: Preface to the special issue on quality systems in performance improvement. Perform Improv Q 1993, 6(3):3–6."
    assert entries[28] == "29. Evans DB, et al: Measuring quality: from the system to the provider. Int J Qual Health Care 2001, 13(6):439–446."


def test_entry_crossing_a_page_is_rejoined_and_hyphenation_undone() -> None:
    entries = [text for _, text in read("rehabil-res-pract-2010-tully.pdf").reference_lines]
    assert entries[2] == (
        "3. S. A. Murray, K. Boyd, M. Kendall, A. Worth, T. F. Benton, and H. Clausen, “Dying of lung cancer or "
        "cardiac failure: prospective qualitative interview study of patients and their carers in the community,” "
        "British Medical Journal, vol. 325, no. 7370, pp. 929–932, 2002."
    )
    assert "Nonpharmacologic care" in entries[6]


def test_body_paragraph_read_down_one_column_then_the_next() -> None:
    document = read("rehabil-res-pract-2010-tully.pdf")
    introduction = (document.sections or []).index("1. Introduction")
    assert document.paragraphs[introduction].startswith(
        "The combined effects of an ageing population and advances in treatments for acute myocardial infarction"
    )
    assert document.paragraphs[introduction].endswith("difficulties adhering to treatment regimens.")


def test_affiliations_and_their_superscripts_are_neither_markers_nor_text() -> None:
    body = " ".join(read("bmc-health-serv-res-2014-agyeman-duah.pdf").paragraphs)
    assert "Agyeman-Duah[" not in body and "Accra, Ghana" not in body and "Heidelberg, INF 324" not in body


def test_parse_refs_and_claims_read_a_pdf() -> None:
    path = str(DATA / "rehabil-res-pract-2010-tully.pdf")
    items = json.loads(CliRunner().invoke(main, ["parse-refs", path]).stdout)
    claims = json.loads(CliRunner().invoke(main, ["claims", path]).stdout)
    assert [item["citation-number"] for item in items] == list(range(1, 18))
    assert sorted({n for claim in claims for n in claim["refs"]}) == list(range(1, 18))


def test_build_reads_a_pdf(tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    result = CliRunner().invoke(
        main, ["build", str(DATA / "j-neuroeng-rehabil-2016-de-marchis.pdf"), "--db", str(db), "--pubmed", "off"]
    )
    assert result.exit_code == 0, result.output
    assert "49 citations" in result.stderr


def test_journal_year_and_doi_from_the_first_page_and_the_pdf_information() -> None:
    hindawi = read("rehabil-res-pract-2010-tully.pdf")
    jner = read("j-neuroeng-rehabil-2016-de-marchis.pdf")
    assert (hindawi.journal, hindawi.published, hindawi.doi) == (
        "Rehabilitation Research and Practice", "2010", "10.1155/2010/157939"
    )
    assert (jner.journal, jner.published, jner.doi) == (
        "Journal of NeuroEngineering and Rehabilitation", "2016", "10.1186/s12984-016-0129-6"
    )


APPARATUS = re.compile(
    r"Publishing Corporation|Article ID|Correspondence|Received|Academic Editor|Copyright|©|licen[cs]e|Keywords|"
    r"author information|Dublin 2|Ireland$|Germany$|Competing interests|contributions?$|Acknowledge?ments|"
    r"Author details|Cite this article|Submit your|Page \d+ of \d+|Open Access|R E S"
)


@pytest.mark.parametrize("file", sorted(SAMPLES[name]["file"] for name in SAMPLES))
def test_front_and_back_matter_are_not_claims(file: str) -> None:
    claims = parse_document(read(file)).claims
    assert [claim.sentence for claim in claims if APPARATUS.search(claim.sentence)] == []


def test_the_abstract_opens_the_text_and_the_conclusions_close_it() -> None:
    openings = {name: read(SAMPLES[name]["file"]).paragraphs[0][:40] for name in SAMPLES}
    closings = {name: read(SAMPLES[name]["file"]).paragraphs[-1][:40] for name in SAMPLES}
    assert openings == {
        "bmc-health-serv-res-2014-agyeman-duah": "Knowledge regarding the best approaches ",
        "j-neuroeng-rehabil-2016-de-marchis": "Functional Electrical Stimulation (FES) ",
        "rehabil-res-pract-2010-tully": "Patient experiences of structured heart ",
    }
    assert closings == {
        "bmc-health-serv-res-2014-agyeman-duah": "In order to reverse the process of staff",
        "j-neuroeng-rehabil-2016-de-marchis": "This study has introduced a novel method",
        "rehabil-res-pract-2010-tully": "In conclusion, the information provided ",
    }


def test_paragraph_interrupted_by_the_first_page_footnote_goes_on_after_it() -> None:
    sentences = [claim.sentence for claim in parse_document(read("j-neuroeng-rehabil-2016-de-marchis.pdf")).claims]
    assert "This technique has been extensively studied for both training and rehabilitation purposes." in sentences


def test_article_type_label_above_the_title_is_the_article_type() -> None:
    kinds = {name: (read(SAMPLES[name]["file"]).article_type, read(SAMPLES[name]["file"]).title[:40]) for name in SAMPLES}
    assert kinds == {
        "bmc-health-serv-res-2014-agyeman-duah": ("Research Article", "Understanding the barriers to setting up"),
        "j-neuroeng-rehabil-2016-de-marchis": ("Research", "Multi-contact functional electrical stim"),
        "rehabil-res-pract-2010-tully": ("Research Article", "Patient Experiences of Structured Heart "),
    }


@pytest.mark.parametrize(("name", "not_statements", "section"), [
    ("rehabil-res-pract-2010-tully.pdf", ["Objectives.", "Methods.", "1.", "Introduction"], "1. Introduction"),
    ("bmc-health-serv-res-2014-agyeman-duah.pdf",
     ["Background", "Setting", "Item Yes (%) No (%) Respondents Privacy given 99 1 97",
      "Health conditions told 88.7 11.3 97", "Referred cases (36%)", "OPD II", "HOME", "SHORT OTHERS"],
     "Patient flow and care"),
    ("j-neuroeng-rehabil-2016-de-marchis.pdf", ["Abstract", "Data analysis", "ð1Þ", "S ¼ cosð Þ ¼ ð2Þ", "TFEi"],
     "Experimental protocol"),
])
def test_headings_table_cells_and_chart_boxes_are_sections_or_nothing_not_statements(
    name: str, not_statements: list[str], section: str
) -> None:
    document = read(name)
    claims = [claim.text for claim in parse_document(document).claims]
    assert [text for text in not_statements if text in claims] == []
    assert section in (document.sections or [])


def test_the_journal_is_read_from_the_running_head_that_cites_the_article() -> None:
    document = read("bmc-health-serv-res-2014-agyeman-duah.pdf")
    assert (document.journal, document.published) == ("BMC Health Services Research", "2014")


def test_the_abstract_heading_beside_the_last_author_is_not_part_of_the_name() -> None:
    names = [person["name"] for person in read("bmc-health-serv-res-2014-agyeman-duah.pdf").contributors]
    assert names[-2:] == ["Noor Alide", "Florian Neuhann"]
