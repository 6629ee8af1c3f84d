"""Test data for the evidence tests: abstracts written for five of the seed's PubMed records, and two small JATS
reviews (tests/data/evidence/), the second citing the first.

The abstracts are test data written for these tests, not the papers' real abstracts; they read as abstracts of
such papers do (two are structured, with NLM section labels) so that what the evidence ranker finds in them is
plain to a reader. Record 20180797 (Davies 2010, cited by the seed's claim 2) keeps no abstract.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from bench.eutils_standin import Record, load_records
from citetrace.ingest.pubmed.local import bundled_snapshot

ABSTRACTS: dict[str, list[tuple[str | None, str]]] = {
    "1554497": [(None, (
        "Immunodeficiency with hyper-IgM (HIM) is a heterogeneous group of disorders characterized by recurrent "
        "bacterial infections, normal or increased serum IgM and a deficiency of IgG, IgA and IgE. B cells of "
        "affected patients fail to switch from the production of IgM to that of other isotypes. Most cases are "
        "inherited as an X-linked trait, but autosomal forms are also recognized. Acquired forms of the syndrome "
        "have been described after congenital rubella, during treatment with phenytoin, and in patients with "
        "lymphoma or T cell leukemia."))],
    "14663287": [
        ("BACKGROUND", "X-linked hyper-IgM syndrome is a primary immunodeficiency caused by mutations of the gene "
                       "encoding CD40 ligand (CD40L)."),
        ("METHODS", "We reviewed the clinical and laboratory records of 79 patients enrolled in a national registry "
                    "in the United States."),
        ("RESULTS", "The minimum estimated frequency of CD40 ligand deficiency was 2 per 1,000,000 males. Most "
                    "patients presented in the first two years of life with Pneumocystis pneumonia, neutropenia or "
                    "chronic diarrhea. Sclerosing cholangitis developed in a fifth of the patients."),
        ("CONCLUSIONS", "CD40 ligand deficiency carries a high risk of opportunistic infections and liver disease, "
                        "and many patients die in young adulthood."),
    ],
    "11675497": [(None, (
        "Hyper-IgM syndrome is a heterogeneous disorder characterized by defective class switch recombination. "
        "Only a few cases of CD40 deficiency have been reported. We describe three patients from two unrelated families with an autosomal recessive form of hyper-IgM "
        "syndrome caused by mutations of the CD40 gene. The mutations abolished the expression of CD40 on the "
        "surface of B cells and monocytes. B cells of the patients did not undergo class switching when stimulated "
        "with CD40 ligand in vitro."))],
    "20702779": [
        ("BACKGROUND", "CD40 deficiency is a rare autosomal recessive form of hyper-IgM syndrome, and only a few "
                       "cases have been reported worldwide."),
        ("METHODS", "We studied the CD40 mutations of six patients and characterized the expression, localization "
                    "and signaling of the mutant proteins in transfected cell lines."),
        ("RESULTS", "Some mutant proteins were retained in the endoplasmic reticulum, whereas others reached the "
                    "cell surface but failed to bind CD40 ligand."),
    ],
    "12958596": [(None, (
        "Class switch recombination and somatic hypermutation require activation-induced cytidine deaminase. Here "
        "we describe three patients with an autosomal recessive hyper-IgM syndrome and mutations in the gene "
        "encoding uracil-DNA glycosylase (UNG). The B cells of the patients showed a profound defect in class "
        "switch recombination (P < .01) and a skewed pattern of somatic hypermutation. This deficiency is thus a "
        "cause of hyper-IgM syndrome in humans."))],
}


def records_with_abstracts(folder: Path, abstracts: dict[str, list[tuple[str | None, str]]] = ABSTRACTS
                           ) -> dict[str, Record]:
    """The bundled snapshot's records with `abstracts` added (PubMed's <Abstract>, labelled sections), as the
    E-utilities stand-in serves them."""
    tree = ET.parse(bundled_snapshot())
    for article in tree.getroot().iter("PubmedArticle"):
        pmid = article.findtext("MedlineCitation/PMID")
        if pmid not in abstracts:
            continue
        element = article.find("MedlineCitation/Article")
        assert element is not None
        abstract = ET.Element("Abstract")
        for label, text in abstracts[pmid]:
            section = ET.SubElement(abstract, "AbstractText", {"Label": label, "NlmCategory": label} if label else {})
            section.text = text
        tags = [child.tag for child in element]
        before = max(i for i, tag in enumerate(tags) if tag in ("ArticleTitle", "Pagination", "ELocationID"))
        element.insert(before + 1, abstract)
    path = folder / "snapshot-with-abstracts.xml"
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return load_records([path])


REVIEWS = Path(__file__).parent / "data" / "evidence"
REVIEW_A = REVIEWS / "review-a.nxml"
"""A small JATS review (test data) whose two claims cite two of the seed's records by PMID."""
REVIEW_B = REVIEWS / "review-b.nxml"
"""A small JATS review (test data) citing review A by its DOI, and one of the seed's records by PMID."""
