"""Test data for the evidence tests: abstracts written for five of the seed's PubMed records, and two small JATS
reviews, the second citing the first.

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


def jats_review(title: str, doi: str, pmid: str, year: int, paragraphs: list[tuple[str, str]],
                references: list[str]) -> str:
    """A small JATS review: its own PMID and DOI, sections of paragraphs (`[n]` in a paragraph is an xref to
    reference n), and references given as element-citation XML."""
    def linked(text: str) -> str:
        out = text
        for number in range(len(references), 0, -1):
            out = out.replace(f"[{number}]", f'[<xref ref-type="bibr" rid="r{number}">{number}</xref>]')
        return out

    body = "".join(f"<sec><title>{section}</title><p>{linked(text)}</p></sec>" for section, text in paragraphs)
    refs = "".join(f'<ref id="r{n}"><label>{n}</label>{citation}</ref>' for n, citation in enumerate(references, 1))
    return (
        '<?xml version="1.0"?>\n<article article-type="review-article"><front><journal-meta><journal-title-group>'
        "<journal-title>Journal of Test Immunology</journal-title></journal-title-group></journal-meta><article-meta>"
        f'<article-id pub-id-type="pmid">{pmid}</article-id><article-id pub-id-type="doi">{doi}</article-id>'
        f"<title-group><article-title>{title}</article-title></title-group>"
        f'<pub-date pub-type="epub"><year>{year}</year></pub-date></article-meta></front>'
        f"<body>{body}</body><back><ref-list>{refs}</ref-list></back></article>\n"
    )


def element_citation(surname: str, title: str, source: str, year: int, ids: dict[str, str]) -> str:
    pub_ids = "".join(f'<pub-id pub-id-type="{kind}">{value}</pub-id>' for kind, value in ids.items())
    return (f'<element-citation publication-type="journal"><person-group person-group-type="author"><name>'
            f"<surname>{surname}</surname><given-names>A</given-names></name></person-group>"
            f"<article-title>{title}</article-title><source>{source}</source><year>{year}</year>{pub_ids}"
            "</element-citation>")


REVIEW_A = jats_review(
    "CD40 ligand deficiency: complications and outcome in the registry era", "10.5555/jti.2019.0101", "39000001",
    2019,
    [("Complications", "Opportunistic infections, in particular Pneumocystis pneumonia, and sclerosing cholangitis "
                       "are the main complications of CD40 ligand deficiency [1]."),
     ("Genetics", "Mutations of the CD40 gene cause an autosomal recessive form of the syndrome [2].")],
    [element_citation("Winkelstein", "The X-linked hyper-IgM syndrome: clinical and immunologic features of 79 "
                      "patients", "Medicine (Baltimore)", 2003, {"pmid": "14663287"}),
     element_citation("Ferrari", "Mutations of CD40 gene cause an autosomal recessive form of immunodeficiency "
                      "with hyper IgM", "Proc Natl Acad Sci U S A", 2001, {"pmid": "11675497"})],
)
"""A review whose claims cite two of the seed's records."""

REVIEW_B = jats_review(
    "Primary antibody deficiencies: an update for the clinician", "10.5555/jti.2021.0202", "39000002", 2021,
    [("Class switch defects", "In CD40 ligand deficiency, Pneumocystis pneumonia and sclerosing cholangitis are the "
                              "main complications [1]. Deficiency of uracil-DNA glycosylase also impairs class "
                              "switch recombination [2].")],
    [element_citation("Tester", "CD40 ligand deficiency: complications and outcome in the registry era",
                      "J Test Immunol", 2019, {"doi": "10.5555/jti.2019.0101"}),
     element_citation("Imai", "Human uracil-DNA glycosylase deficiency associated with profoundly impaired "
                      "immunoglobulin class-switch recombination", "Nat Immunol", 2003, {"pmid": "12958596"})],
)
"""A review citing review A by its DOI (and one of the seed's records by PMID)."""
