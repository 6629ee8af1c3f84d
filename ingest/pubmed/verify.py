"""Is this PubMed record the work a citation means? Evidence from independent fields, never one field alone.

ECitMatch returns a wrong PMID when the cited journal is wrong, and a title search returns look-alikes, so a
candidate is accepted only on agreement of fields that are unlikely to agree by chance. Two routes accept:

- title route: titles agree (similarity >= 0.8) and at least two of first author, year, volume and first page
  agree (one is enough when the titles are near-identical, >= 0.95), and at most one of them differs: a cited
  string with one wrong field (a misspelt name, a mistyped page) is still the work, and the audit shows it.
- locator route: first author, volume and first page agree and the year is within one, whatever the cited
  title says (reviews abbreviate and paraphrase titles; four locator fields do not agree by chance),
  unless the titles are plainly different (similarity < 0.5).

A year off by one counts as agreeing for acceptance ("near"): reviews often cite the e-pub year while PubMed
dates the issue. Fields missing on either side are neither evidence for nor against. An erratum or
retraction notice repeats its article's title and volume, so it is accepted only when the citation names one.
"""
from __future__ import annotations

from citetrace.citations.model import Reference, Work
from citetrace.citations.normalize import first_page, surname_key, title_similarity, volume_key, words

AGREE, NEAR, DIFFER, MISSING = "agree", "near", "differ", "missing"
TITLE_AGREES = 0.8
TITLE_SAME = 0.95
TITLE_UNRELATED = 0.5
NOTICE_TYPES = frozenset({"Published Erratum", "Retraction of Publication", "Expression of Concern"})
_NOTICE_WORDS = frozenset({"erratum", "correction", "corrigendum", "retraction", "retracted", "concern"})
_WEIGHTS = {"title": 3.0, "author": 2.0, "year": 1.0, "volume": 1.0, "first_page": 1.0}


def compare_fields(ref: Reference, work: Work) -> tuple[dict[str, str], float]:
    """Each compared field's verdict (agree, near, differ, missing) and the title similarity."""
    similarity = title_similarity(ref.title, work.title)
    fields = {
        "title": MISSING if not (ref.title and work.title) else
        AGREE if similarity >= TITLE_AGREES else NEAR if similarity >= TITLE_UNRELATED else DIFFER,
        "author": _equal(surname_key(ref.authors[0].family) if ref.authors else "",
                         surname_key(work.authors[0].family) if work.authors else ""),
        "year": _year(ref.year, work.year),
        "volume": _equal(volume_key(ref.volume), volume_key(work.volume)),
        "first_page": _equal(first_page(ref.page), first_page(work.pages)),
    }
    return fields, similarity


def verify_candidate(ref: Reference, work: Work) -> tuple[bool, float, dict[str, str]]:
    """(accepted, score in [0, 1], verdict per field); the score weighs the fields both sides have."""
    fields, similarity = compare_fields(ref, work)
    locators = [fields[f] for f in ("author", "year", "volume", "first_page")]
    supporting = sum(v in (AGREE, NEAR) for v in locators)
    differing = locators.count(DIFFER)
    title_route = (
        fields["title"] == AGREE
        and differing <= 1
        and (supporting >= 2 or (similarity >= TITLE_SAME and supporting >= 1))
    )
    locator_route = (
        fields["author"] == AGREE and fields["volume"] == AGREE and fields["first_page"] == AGREE
        and fields["year"] in (AGREE, NEAR) and fields["title"] != DIFFER
    )
    cites_notice = bool(_NOTICE_WORDS & set(words(ref.title)))
    is_notice = bool(NOTICE_TYPES & set(work.publication_types))
    accepted = (title_route or locator_route) and (cites_notice or not is_notice)
    return accepted, _score(fields, similarity), fields


def _score(fields: dict[str, str], similarity: float) -> float:
    total = achieved = 0.0
    for name, verdict in fields.items():
        if verdict == MISSING:
            continue
        weight = _WEIGHTS[name]
        total += weight
        if name == "title":
            achieved += weight * similarity
        else:
            achieved += weight * {AGREE: 1.0, NEAR: 0.5}.get(verdict, 0.0)
    return round(achieved / total, 3) if total else 0.0


def _equal(cited: str, pubmed: str) -> str:
    if not cited or not pubmed:
        return MISSING
    return AGREE if cited == pubmed else DIFFER


def _year(cited: int | None, pubmed: int | None) -> str:
    if cited is None or pubmed is None:
        return MISSING
    return AGREE if cited == pubmed else NEAR if abs(cited - pubmed) == 1 else DIFFER
