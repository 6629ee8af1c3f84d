"""What each match status means to a reader, and the way forward for a reference PubMed did not give us.

Each status says only what was checked: `matched` means a PubMed record was read and agrees, `identified` that
the document itself gives the PMID or DOI, `not_found` that PubMed itself was asked, `pending` that it was not
(an offline build asks only the bundled snapshot). Every badge carries its explanation (tooltip and legend), and
an unmatched reference gets a PubMed search built from its cited fields.
"""
from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup

from citetrace.citations.matching import AMBIGUOUS, IDENTIFIED, MATCHED, NOT_FOUND, NOT_INDEXED, PENDING, STATUS_ORDER
from citetrace.citations.normalize import significant_words

STATUSES: dict[str, tuple[str, str]] = {  # status -> (label, what it means), in STATUS_ORDER
    MATCHED: ("matched", "A PubMed record was read and agrees with the cited authors, year, volume, pages "
                "and title."),
    IDENTIFIED: ("identified", "The document gives this reference's PMID or DOI; no PubMed record has been "
                 "read for it yet (citetrace refresh reads it)."),
    AMBIGUOUS: ("ambiguous", "More than one PubMed record could be this reference, or the one found (or the one "
                  "whose PMID the document gives) disagrees with the citation: its candidates are listed for a "
                  "person to judge."),
    NOT_FOUND: ("not found", "PubMed itself was asked and has no record that agrees with the citation: search "
                  "PubMed to check the citation."),
    PENDING: ("pending", "PubMed not asked yet: enrichment was off, the network was unreachable, or only the "
                "bundled snapshot was asked and it lacks this reference (citetrace refresh asks again)."),
    NOT_INDEXED: ("not indexed", "Not something PubMed indexes (a personal communication, unpublished data, a "
                  "string that could not be read as a reference, or a citation key no bibliography holds)."),
}
PUBMED_SEARCH = "https://pubmed.ncbi.nlm.nih.gov/?"
SEARCH_TITLE_WORDS = 8


def status_label(status: str) -> str:
    return STATUSES.get(status, (status.replace("_", " "), ""))[0]


def status_explanation(status: str) -> str:
    return STATUSES.get(status, ("", ""))[1]


def status_badge(status: str) -> Markup:
    """The badge every page and table shows, with its meaning as a tooltip."""
    return Markup('<span class="ct-badge ct-status-{}" title="{}">{}</span>').format(
        status, status_explanation(status), status_label(status)
    )


def legend() -> list[tuple[str, str, str]]:
    """(status, label, meaning) of every status, in the order a reader meets them."""
    return [(status, *STATUSES[status]) for status in STATUS_ORDER]


def pubmed_search_url(first_author: str | None, year: int | None, title: str | None, journal: str | None) -> str | None:
    """A PubMed search for a cited reference: first author, year and the title's significant words.

    Without a title the journal stands in; None when the citation gives too little to search on.
    """
    terms = []
    if first_author:
        terms.append(f"{first_author}[au]")
    if year:
        terms.append(f"{year}[dp]")
    title_words = significant_words(title)[:SEARCH_TITLE_WORDS]
    if title_words:
        terms.append(" ".join(title_words))
    elif journal:
        terms.append(f'"{journal}"[ta]')
    if len(terms) < 2:
        return None
    return PUBMED_SEARCH + urlencode({"term": " ".join(terms)})
