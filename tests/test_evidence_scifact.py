"""The evidence scorer on held-out SciFact claims (never trained on): the annotators' sentence comes first, and
an abstract another claim cites is silent. The claims and abstracts are the repository's copy of the SciFact
sample (Wadden et al., EMNLP 2020; claims CC BY 4.0, abstracts ODC-By 1.0)."""
from __future__ import annotations

import pytest

from citetrace.citations.evidence import Assessment, CitedText, EvidenceModel, assess_citation, document_abbreviations
from scripts.evidence_data import Claim, load_claims, scifact_index, split


@pytest.fixture(scope="module")
def held_out() -> dict[int, Claim]:
    _, claims = split(load_claims())
    return {claim.id: claim for claim in claims}


def assess(claim: Claim, doc_id: int, cited: Claim | None = None) -> Assessment:
    [abstract] = [item for item in (cited or claim).cited if item.doc_id == doc_id]
    return assess_citation(claim.claim, claim.claim, document_abbreviations(claim.claim),
                           [CitedText("abstract", abstract.text)])


@pytest.mark.parametrize(("claim_id", "doc_id", "section", "best"), [
    (55, 49556906, None,
     "These studies implicate deficient AMPK activation in non-resolving, pathologic fibrotic processes, and support "
     "a role for metformin (or other AMPK activators) to reverse established fibrosis by facilitating deactivation "
     "and apoptosis of myofibroblasts."),
    (245, 3430789, None,
     "Activated charcoal hemoperfusion had little effect on avoiding acute kidney injury in patients with severe PQ "
     "poisoning."),
    (495, 17077004, "CONCLUSIONS",
     "A stable partnership is associated with a slower rate of progression to AIDS or death in HIV infected patients "
     "receiving HAART."),
])
def test_the_best_sentence_is_the_annotators_rationale(held_out, claim_id, doc_id, section, best) -> None:
    claim = held_out[claim_id]
    [abstract] = [item for item in claim.cited if item.doc_id == doc_id]
    first = assess(claim, doc_id).sentences[0]
    assert (first.section, first.sentence) == (section, best)
    assert scifact_index(abstract, first.start, first.end) in abstract.rationale


def test_the_abstract_of_the_claim_is_on_point(held_out) -> None:
    assessment = assess(held_out[420], 9315213)
    assert (assessment.evidence, assessment.sentences[0].section) == ("on_point", "METHODS AND RESULTS")


def test_an_abstract_another_claim_cites_is_silent(held_out) -> None:
    assert assess(held_out[20], 2613775, cited=held_out[25]).evidence == "silent"


def test_the_verdict_follows_the_thresholds() -> None:
    model = EvidenceModel((), 0.0, (), 0.0, silent_below=0.1, on_point_from=0.6)
    assert [model.verdict(score) for score in (0.0, 0.0999, 0.1, 0.5999, 0.6, 1.0)] == [
        "silent", "silent", "weak", "weak", "on_point", "on_point",
    ]
