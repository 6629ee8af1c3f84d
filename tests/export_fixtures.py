"""Works covering every kind the exporters write, shaped like the seed library's records."""
from __future__ import annotations

from citetrace.citations.model import Author, Notice, Work


def korthauer() -> Work:
    """Seed reference: PubMed record with full names, an erratum, an abbreviated page range."""
    return Work(
        type="article-journal",
        title="Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM.",
        authors=[
            Author("Korthäuer", "Ulf", "U"),
            Author("Graf", "Daniel", "D"),
            Author("Mages", "Hans W", "HW"),
            Author("Brière", "Francine", "F"),
            Author("Padayachee", "Manikkam", "M"),
            Author("Malcolm", "Sue", "S"),
            Author("Ugazio", "Alberto G", "AG"),
            Author("Notarangelo", "Luigi D", "LD"),
            Author("Levinsky", "Roland J", "RJ"),
            Author("Kroczek", "Richard A", "RA"),
        ],
        journal="Nature",
        journal_full="Nature",
        year=1993,
        month="Feb",
        day=11,
        volume="361",
        issue="6412",
        pages="539-41",
        doi="10.1038/361539a0",
        pmid="7679206",
        notices=[Notice("ErratumIn", "Nature 1993 Apr 8;362(6420):574", "8464489")],
        source="pubmed",
    )


def et_al_cut() -> Work:
    """Cited-only article whose author list the review cut with "et al"."""
    return Work(
        type="article-journal",
        title="Clinical spectrum of X-linked hyper-IgM syndrome",
        authors=[Author("Levy", "J"), Author("Espanol-Boren", "T"), Author("Thomas", "C")],
        authors_complete=False,
        journal="J Pediatr",
        year=1997,
        volume="131",
        pages="47-54",
        source="cited",
    )


def personal_communication() -> Work:
    return Work(
        type="personal_communication",
        authors=[Author("Durandy", "A")],
        year=2005,
        institution="Hôpital Necker-Enfants Malades, Paris",
        source="cited",
    )


def book() -> Work:
    return Work(
        type="book",
        title="Primary Immunodeficiency Diseases: A Molecular and Genetic Approach",
        editors=[Author("Ochs", "Hans D"), Author("Smith", "C I Edvard"), Author("Puck", "Jennifer M")],
        publisher="Oxford University Press",
        publisher_place="New York",
        edition="2",
        year=2007,
        source="cited",
    )


def chapter() -> Work:
    return Work(
        type="chapter",
        title="Hyper-IgM syndromes",
        authors=[Author("Notarangelo", "LD"), Author("Durandy", "A")],
        container_title="Primary Immunodeficiency Diseases",
        editors=[Author("Ochs", "HD"), Author("Smith", "CIE")],
        publisher="Oxford University Press",
        publisher_place="New York",
        year=2007,
        pages="269-83",
        source="cited",
    )


def unmatched() -> Work:
    """Cited-only work, initials as cited, not found in PubMed."""
    return Work(
        type="article-journal",
        title="Immunoglobulin class switch recombination deficiencies",
        authors=[Author("Kracker", "S"), Author("Gardes", "P"), Author("Mazerolles", "F"), Author("Durandy", "A")],
        journal="Clin Immunol",
        year=2010,
        volume="135",
        pages="193",
        source="cited",
    )


def hostile() -> Work:
    """Every character BibTeX or LaTeX treats specially, in a title, a name, a note and a DOI."""
    return Work(
        type="article-journal",
        title="R&D of {braces}, 100% C$ #1 a_b back\\slash ~tilde^ in Łódź, Ćosić & Žižek -- TNF-α",
        authors=[Author("O'Brien-Šimić", "Zoë"), Author("van der Burg", "Mirjam"), Author("Writing Group for X & Y")],
        journal="J Allergy Clin Immunol",
        year=2016,
        month="12",
        volume="138",
        issue="6",
        pages="1569-1576.e3",
        doi="10.1016/j.jaci_2016.10.006",
        pmid="27916133",
        note="Comment: {unbalanced and 50% & co",
        notices=[Notice("RetractionIn", "J Allergy Clin Immunol. 2017;139(2):700", "28000000")],
        source="pubmed",
    )


def all_works() -> list[Work]:
    return [korthauer(), et_al_cut(), personal_communication(), book(), chapter(), unmatched(), hostile()]
