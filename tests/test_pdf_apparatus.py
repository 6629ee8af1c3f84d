"""What a publisher prints around an article that is not a statement of it (ingest.pdf.apparatus)."""
from __future__ import annotations

import pytest

from citetrace.ingest.pdf.apparatus import article_type, is_affiliation, is_notice, opens_back_matter

NOTICES = [
    "Hindawi Publishing Corporation",
    "Published by Elsevier Ltd.",
    "Volume 2010, Article ID 157939, 6 pages",
    "doi:10.1155/2010/157939",
    "DOI 10.1186/s12984-016-0129-6",
    "Open Access",
    "Received 9 November 2010; Accepted 25 December 2010",
    "Received: 4 September 2013 Accepted: 27 December 2013",
    "Published: 2 January 2014 doi:10.1186/1472-6963-14-1",
    "Academic Editor: K. S. Sunnerhagen",
    "* Correspondence: jossey.ach@gmail.com",
    "Correspondence should be addressed to Helen M. Burke, helenburke1@rcsi.ie",
    "Full list of author information is available at the end of the article",
    "Copyright © 2010 Nuala E. Tully et al. This is an open access article distributed under the Creative",
    "© 2014 Agyeman-Duah et al.; licensee BioMed Central Ltd. This is an open access article distributed",
    "This is an open access article distributed under the terms of the Creative Commons Attribution License",
    "Keywords: Neuromuscular electrical stimulation, Multi-contact stimulation, EMG, M-wave, Hand function,",
    "Abbreviations: HF, heart failure; GP, general practitioner",
    "Cite this article as: Agyeman-Duah et al.: Understanding the barriers to setting up a healthcare",
    "Agyeman-Duah et al. BMC Health Services Research 2014, 14:1 Page 5 of 10",
]
STATEMENTS = [
    "Received wisdom holds that rehabilitation ends at discharge.",
    "Patients received 12 sessions between March and June 2010.",
    "Keywords were coded by two reviewers independently.",
    "Copyrighted questionnaires were used with permission.",
    "The volume of each dose was 2 ml.",
    "Open access to rehabilitation varies between regions.",
]


@pytest.mark.parametrize("text", NOTICES)
def test_notice_lines_are_apparatus(text: str) -> None:
    assert is_notice(text)


@pytest.mark.parametrize("text", STATEMENTS)
def test_sentences_that_start_like_notices_are_not(text: str) -> None:
    assert not is_notice(text)


def test_an_address_names_an_institution_in_capitalised_words() -> None:
    assert is_affiliation(
        "Division of Population Health Sciences, Department of Psychology, Royal College of Surgeons in Ireland, "
        "123 St. Stephen's Green, Dublin 2, Ireland"
    )
    assert is_affiliation("1Department of Immunology, Test University 2Department of Paediatrics, Test Hospital")
    assert not is_affiliation(
        "The Medical Department of the Kamuzu Central Hospital (KCH), is a tertiary referral hospital located in "
        "the Central Region of Malawi and serves a population of about five million people."
    )


@pytest.mark.parametrize("text", [
    "Acknowledgments", "Acknowledgements", "Authors’ contributions", "Author Contributions", "Competing interests",
    "Conflicts of Interest", "Funding", "Funding: none.", "Abbreviations", "Additional file",
    "Availability of data and materials", "Ethics approval and consent to participate", "5. Acknowledgments",
    "Author details 1Division of Functional and Restorative Neurosurgery, Department of",
    "Submit your next manuscript to BioMed Central and take full advantage of:",
])
def test_declaration_headings_open_back_matter(text: str) -> None:
    assert opens_back_matter(text)


@pytest.mark.parametrize("text", [
    "Funding for rehabilitation is scarce in rural areas.", "Acknowledging the patient's view matters.",
    "Discussion", "Conclusions",
])
def test_body_text_and_headings_do_not_open_back_matter(text: str) -> None:
    assert not opens_back_matter(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("Research Article", "Research Article"),
    ("R E S EAR CH A R TIC L E Open Access", "Research Article"),
    ("R E S EAR CH", "Research"),
    ("Review", "Review"),
    ("Original Article", "Original Article"),
    ("CASE REPORT", "Case Report"),
    ("Systematic Review and Meta-Analysis", "Systematic Review and Meta-analysis"),
    ("Patient Experiences of Structured Heart Failure Programmes", None),
    ("Open Access", None),
    ("Research and", None),
])
def test_article_type_label(text: str, kind: str | None) -> None:
    assert article_type(text) == kind
