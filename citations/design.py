"""A work's study design, from its PubMed publication types and MeSH headings: what kind of evidence it is.

PubMed types a record by what it is (Meta-Analysis, Randomized Controlled Trial, Case Reports, Review, Letter)
and also by who paid for it ("Research Support, Non-U.S. Gov't"); only the first says anything about the
evidence, so funding types never decide a design. Where the publication types name no design, the MeSH study
headings do (Cohort Studies, Case-Control Studies), and MeSH "Animals" without "Humans" marks an animal or
in-vitro study. The strongest design a record names wins: a case report "with a review of the literature" is a
case report, a veterinary trial an animal study.
"""
from __future__ import annotations

from collections.abc import Iterable

META_ANALYSIS = "meta-analysis"
SYSTEMATIC_REVIEW = "systematic review"
RANDOMIZED_TRIAL = "randomized controlled trial"
OTHER_TRIAL = "other clinical trial"
OBSERVATIONAL = "cohort or other observational study"
CASE_CONTROL = "case-control study"
CASE_REPORT = "case report or series"
NARRATIVE_REVIEW = "narrative review"
GUIDELINE = "guideline"
COMMENTARY = "editorial, letter or comment"
ANIMAL = "animal or in-vitro study"
OTHER = "other"

DESIGNS = (META_ANALYSIS, SYSTEMATIC_REVIEW, GUIDELINE, RANDOMIZED_TRIAL, OTHER_TRIAL, CASE_CONTROL, OBSERVATIONAL,
           CASE_REPORT, NARRATIVE_REVIEW, ANIMAL, COMMENTARY, OTHER)
"""Every design, strongest evidence first (the order of the charts and the legend)."""
WEAK_DESIGNS = frozenset({CASE_REPORT, NARRATIVE_REVIEW, ANIMAL})
"""The designs a claim should not rest on alone."""

_BY_TYPE: tuple[tuple[str, frozenset[str]], ...] = (
    (META_ANALYSIS, frozenset({"Meta-Analysis", "Network Meta-Analysis"})),
    (SYSTEMATIC_REVIEW, frozenset({"Systematic Review", "Scoping Review"})),
    (GUIDELINE, frozenset({"Guideline", "Practice Guideline", "Consensus Development Conference",
                           "Consensus Development Conference, NIH"})),
    (ANIMAL, frozenset({"Randomized Controlled Trial, Veterinary", "Clinical Trial, Veterinary",
                        "Observational Study, Veterinary"})),
    (RANDOMIZED_TRIAL, frozenset({"Randomized Controlled Trial", "Equivalence Trial"})),
    (OTHER_TRIAL, frozenset({"Clinical Trial", "Controlled Clinical Trial", "Pragmatic Clinical Trial",
                             "Adaptive Clinical Trial", "Clinical Trial, Phase I", "Clinical Trial, Phase II",
                             "Clinical Trial, Phase III", "Clinical Trial, Phase IV"})),
    (OBSERVATIONAL, frozenset({"Observational Study", "Twin Study"})),
    (CASE_REPORT, frozenset({"Case Reports"})),
    (NARRATIVE_REVIEW, frozenset({"Review"})),
    (COMMENTARY, frozenset({"Editorial", "Letter", "Comment", "News", "Newspaper Article", "Interview", "Lecture",
                            "Address", "Biography", "Autobiography", "Personal Narrative", "Historical Article",
                            "Published Erratum", "Retraction of Publication", "Expression of Concern"})),
)
_BY_MESH: tuple[tuple[str, frozenset[str]], ...] = (
    (CASE_CONTROL, frozenset({"Case-Control Studies"})),
    (OBSERVATIONAL, frozenset({"Cohort Studies", "Prospective Studies", "Retrospective Studies",
                               "Longitudinal Studies", "Cross-Sectional Studies", "Follow-Up Studies"})),
)
_FUNDING_PREFIX = "Research Support"


def study_design(publication_types: Iterable[str], mesh: Iterable[str] = ()) -> str | None:
    """The design a PubMed record names, strongest first; `other` for a typed record that names none; None
    (unknown) when the record has neither a publication type nor a MeSH heading."""
    types = {t for t in publication_types if not t.startswith(_FUNDING_PREFIX)}
    headings = set(mesh)
    if not types and not headings:
        return None
    named = {design for design, wanted in _BY_TYPE if types & wanted}
    named |= {design for design, wanted in _BY_MESH if headings & wanted}
    if "Animals" in headings and "Humans" not in headings:
        named.add(ANIMAL)
    stronger_than_animal = {META_ANALYSIS, SYSTEMATIC_REVIEW, GUIDELINE, NARRATIVE_REVIEW}
    if ANIMAL in named and not named & stronger_than_animal:
        return ANIMAL
    return next((design for design in DESIGNS if design in named), OTHER)
