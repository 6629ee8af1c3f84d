"""A work's study design from its PubMed publication types and MeSH headings: the strongest design a record
names, never its funding, unknown where nothing names one."""
from __future__ import annotations

from pathlib import Path

import pytest

from citetrace.citations.design import study_design
from citetrace.ingest.pubmed.records import read_works

DATA = Path(__file__).parent / "data"


def test_a_real_phase_iii_record_is_a_randomized_controlled_trial() -> None:
    [work] = list(read_works(DATA / "pubmed-29768149.xml"))
    assert study_design(work.publication_types, [m.descriptor for m in work.mesh]) == "randomized controlled trial"


@pytest.mark.parametrize(("types", "mesh", "design"), [
    (["Journal Article", "Meta-Analysis", "Systematic Review"], ["Humans"], "meta-analysis"),
    (["Journal Article", "Systematic Review"], [], "systematic review"),
    (["Practice Guideline", "Journal Article"], ["Humans"], "guideline"),
    (["Clinical Trial, Phase II", "Journal Article"], ["Humans"], "other clinical trial"),
    (["Journal Article"], ["Humans", "Case-Control Studies", "Retrospective Studies"], "case-control study"),
    (["Journal Article", "Observational Study"], ["Humans"], "cohort or other observational study"),
    (["Journal Article"], ["Humans", "Prospective Studies"], "cohort or other observational study"),
    (["Case Reports", "Journal Article", "Review"], ["Humans", "Infant"], "case report or series"),
    (["Journal Article", "Review", "Research Support, Non-U.S. Gov't"], [], "narrative review"),
    (["Journal Article", "Comparative Study"], ["Animals", "Mice"], "animal or in-vitro study"),
    (["Journal Article"], ["Animals", "Humans", "Cohort Studies"], "cohort or other observational study"),
    (["Review"], ["Animals", "Disease Models, Animal"], "narrative review"),
    (["Randomized Controlled Trial, Veterinary"], ["Animals", "Dogs"], "animal or in-vitro study"),
    (["Editorial"], [], "editorial, letter or comment"),
    (["Letter", "Comment"], ["Humans"], "editorial, letter or comment"),
    (["Journal Article", "Research Support, N.I.H., Extramural"], ["Humans"], "other"),
])
def test_the_strongest_design_a_record_names(types: list[str], mesh: list[str], design: str) -> None:
    assert study_design(types, mesh) == design


def test_funding_alone_names_no_design_and_nothing_is_unknown() -> None:
    assert study_design(["Research Support, Non-U.S. Gov't", "Research Support, U.S. Gov't, P.H.S."]) is None
    assert study_design([], []) is None
