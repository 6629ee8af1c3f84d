"""Author-year citations linked to an unnumbered reference list by surname and year, in plain text."""
from __future__ import annotations

import pytest

from citetrace.citations.author_year import author_year_keys, find_author_year_citations
from citetrace.citations.references import parse_reference_list
from citetrace.ingest.build import parse_document
from citetrace.ingest.readers.text import split_document

REVIEW = """Author-year test review

Hyper-IgM syndrome is rare (Smith et al., 2020). Guidelines differ (Lee and Park 2019; Smith 2018a, 2018b).
As Lee and Park (2019) showed, transplantation cures it. The rate was low (p < 0.05) in 2019 (see Müller, 2017).

References

Lee J, Park K. Outcomes of transplantation in hyper-IgM syndrome. J Clin Immunol. 2019;39:1-10.
Müller H. Registry data. Clin Immunol. 2017;5:7-9.
Smith A. First report. Blood. 2018a;1:1-2.
Smith A. Second report. Blood. 2018b;2:3-4.
Smith A, Jones B, Brown C. A cohort of
  patients with hyper-IgM syndrome. Pediatrics. 2020;145:e1.
"""


@pytest.fixture(scope="module")
def review():
    document = split_document(REVIEW, "review.txt")
    references, warnings = parse_reference_list(document.reference_lines)
    return document, references, warnings


def test_unnumbered_list_under_a_heading_is_numbered_in_list_order(review) -> None:
    document, references, warnings = review
    assert (document.reference_style, warnings) == ("author-year", [])
    assert [(r.number, r.authors[0].family, r.year) for r in references] == [
        (1, "Lee", 2019), (2, "Müller", 2017), (3, "Smith", 2018), (4, "Smith", 2018), (5, "Smith", 2020)
    ]


def test_hanging_indent_continues_an_entry(review) -> None:
    _, references, _ = review
    assert references[4].title == "A cohort of patients with hyper-IgM syndrome"


def test_each_citation_form_links_by_surname_and_year(review) -> None:
    document, _, _ = review
    claims = parse_document(document).claims
    assert [(c.marker, c.refs) for c in claims if c.marker] == [
        ("(Smith et al., 2020)", [5]),
        ("(Lee and Park 2019; Smith 2018a, 2018b)", [1, 3, 4]),
        ("Lee and Park (2019)", [1]),
        ("(see Müller, 2017)", [2]),
    ]


def test_parenthesised_years_and_statistics_are_not_citations(review) -> None:
    _, references, _ = review
    keys = author_year_keys(references)
    assert find_author_year_citations("Rates fell (p < 0.05) in 2019 (2019) and (Jones, 2019).", keys) == []


def test_a_year_without_its_letter_cites_every_entry_of_that_author_and_year(review) -> None:
    _, references, _ = review
    markers = find_author_year_citations("Two reports (Smith, 2018).", author_year_keys(references))
    assert [m.refs for m in markers] == [[3, 4]]


def test_numbered_list_keeps_numeric_style() -> None:
    document = split_document("Title\n\nA claim [1].\n\nReferences\n1. Lee J. Title. J. 2019;1:1.\n", "n.txt")
    assert document.reference_style == "numeric"
