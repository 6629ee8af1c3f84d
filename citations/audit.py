"""Where a review's citation string disagrees with the PubMed record it was matched to.

Only real disagreements are reported: case, diacritics, punctuation, name particles, PubMed's "[corrected]"
note and page-range abbreviation ("539" cited, "539-41" in PubMed) are not. A field missing on either side is
not a disagreement. Title differences are reported as the words only one side has.
"""
from __future__ import annotations

from citetrace.citations.model import Reference, Work
from citetrace.citations.normalize import first_page, surname_key, volume_key, words


def audit_citation(ref: Reference, work: Work) -> dict[str, dict[str, str | int | None]]:
    """Per differing field, what was cited and what PubMed has, e.g. {"year": {"cited": 2003, "pubmed": 2002}}."""
    found: dict[str, dict[str, str | int | None]] = {}
    if ref.year is not None and work.year is not None and ref.year != work.year:
        found["year"] = {"cited": ref.year, "pubmed": work.year}
    if ref.volume and work.volume and volume_key(ref.volume) != volume_key(work.volume):
        found["volume"] = {"cited": ref.volume, "pubmed": work.volume}
    cited_page, pubmed_page = first_page(ref.page), first_page(work.pages)
    if cited_page and pubmed_page and cited_page != pubmed_page:
        found["first_page"] = {"cited": ref.page, "pubmed": work.pages}
    if ref.authors and work.authors and surname_key(ref.authors[0].family) != surname_key(work.authors[0].family):
        found["author"] = {"cited": ref.authors[0].family, "pubmed": work.authors[0].family}
    title = _title_difference(ref.title, work.title)
    if title:
        found["title"] = title
    return found


def _title_difference(cited: str | None, pubmed: str | None) -> dict[str, str | int | None] | None:
    cited_words, pubmed_words = words(cited), words(pubmed)
    if not cited_words or not pubmed_words or cited_words == pubmed_words:
        return None
    cited_set, pubmed_set = set(cited_words), set(pubmed_words)
    return {
        "cited": cited,
        "pubmed": pubmed,
        "cited_only": " ".join(w for w in dict.fromkeys(cited_words) if w not in pubmed_set),
        "pubmed_only": " ".join(w for w in dict.fromkeys(pubmed_words) if w not in cited_set),
    }
