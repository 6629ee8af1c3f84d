"""Reviews set by pdflatex from generated text (bench/latex_review.py), read back against what was written.

One, two and three columns; superscript, bracketed and author-year citations; running headers and page
numbers, affiliation superscripts, hyphenation at line ends, a captioned figure spanning the columns, rotated
margin text, and a reference list crossing columns and a page. Without pdflatex these skip with a reason;
under CI=true they fail.
"""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bench.latex_review import CAPTION, SIDEBAR, WORDS, Generated, compile_pdf, generate
from bench.pdf_truth import score
from citetrace.citations.model import Document
from citetrace.ingest.build import parse_document
from citetrace.ingest.readers.formats import read_documents
from tex_tools import require_tool


LAYOUTS = [("super", 2), ("authoryear", 2), ("brackets", 1), ("super", 3)]
"""(citation style, columns): superscripts and author-year in two columns, "[1-3]" in one, superscripts in three."""


@pytest.fixture(scope="module", params=LAYOUTS, ids=[f"{style}-{columns}col" for style, columns in LAYOUTS])
def article(request, tmp_path_factory) -> tuple[Generated, Path, Document]:
    require_tool("pdflatex")
    style, columns = request.param
    generated = generate(style, columns=columns)
    path = compile_pdf(generated, tmp_path_factory.mktemp(f"{style}{columns}"))
    (document,) = read_documents(path)
    return generated, path, document


def _cited(document: Document) -> list[list[int]]:
    claims = parse_document(document).claims
    groups: list[list[int]] = []
    previous = None
    for claim in claims:
        if claim.sentence.startswith("Figure 1:"):
            continue
        if claim.marker and (claim.sentence, claim.marker) != previous:
            groups.append(claim.refs)
        previous = (claim.sentence, claim.marker) if claim.marker else None
    return groups


def test_every_reference_read_exactly_as_written(article) -> None:
    generated, _, document = article
    assert [text.split(". ", 1)[1] for _, text in document.reference_lines] == generated.references


def test_the_reference_list_crosses_a_page(article) -> None:
    generated, path, _ = article
    pdf = pdfium.PdfDocument(path)
    pages = [pdf[index].get_textpage().get_text_range() for index in range(len(pdf))]
    first = next(i for i, text in enumerate(pages) if "References" in text)
    last_surname = generated.references[-1].split()[0]
    assert any(last_surname in text for text in pages[first + 1 :])


def test_every_citation_linked_in_reading_order(article) -> None:
    generated, _, document = article
    assert _cited(document) == generated.cited


def test_reference_style_follows_the_list(article) -> None:
    generated, _, document = article
    assert document.reference_style == ("author-year" if "authoryear" in generated.source else "numeric")


def test_hyphenation_at_line_ends_is_undone(article) -> None:
    _, _, document = article
    body = " ".join(document.paragraphs)
    long_words = {w.lower() for w in re.findall(r"[^\W\d_]{12,}", body)}
    assert long_words <= set(WORDS) | {"heterogeneity"}
    assert not re.search(r"[^\W\d_]-[^\W\d_]", body)


def test_running_headers_and_page_numbers_are_gone(article) -> None:
    _, _, document = article
    texts = document.paragraphs + [text for _, text in document.reference_lines]
    assert [text for text in texts if "Generated Reviews" in text or re.fullmatch(r"\d+", text)] == []
    assert all(text.endswith((".", ")")) for _, text in document.reference_lines)


def test_title_and_authors_without_affiliation_numbers(article) -> None:
    _, _, document = article
    assert document.title == "Hyperimmunoglobulin syndromes in children: a generated review"
    assert [c["name"] for c in document.contributors] == ["Ann Author", "Ben Writer", "Cal Reader"]


def test_exponents_and_bracketed_notes_are_not_markers(article) -> None:
    _, _, document = article
    body = " ".join(document.paragraphs)
    assert "(I\u00b2 = 45%) with 10\u2075 cells per well." in body
    assert "The adduct [M + H]+ was seen, as in the registry [updated 2008]." in body


def test_fields_of_every_reference_right(article) -> None:
    generated, path, _ = article
    result = score(path, {"references": generated.truth, "cited": sorted({n for g in generated.cited for n in g})})
    assert (result.fields_right, result.wrong) == (result.fields_scored, [])


def test_caption_spanning_the_columns_is_a_paragraph_with_its_citation(article) -> None:
    generated, _, document = article
    claims = [claim for claim in parse_document(document).claims if claim.sentence.startswith("Figure 1:")]
    assert [(claim.text.startswith(f"Figure 1: {CAPTION}"), claim.refs) for claim in claims] == [
        (True, generated.caption_refs)
    ]


def test_rotated_margin_text_is_dropped(article) -> None:
    _, _, document = article
    assert not any(SIDEBAR.split()[0] in paragraph for paragraph in document.paragraphs)


def test_affiliations_under_the_authors_are_not_text(article) -> None:
    _, _, document = article
    assert [p for p in document.paragraphs if "Test University" in p or "Test Hospital" in p] == []
