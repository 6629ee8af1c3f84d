"""Does the cited text say it? The sentences of a cited work that bear on a claim, and a verdict.

`assess_citation(clause, sentence, abbreviations, texts)` scores every sentence of the cited texts against
the claim and keeps the best three, with a verdict for the citation:

- `on_point`: a sentence of the cited text speaks to the claim;
- `weak`: some of the claim's terms are there, not enough to say so;
- `silent`: the cited text does not mention what the claim is about (a possible miscitation);
- `no_text`: there is no text to read.

The texts: an abstract as `works.abstract` stores it (structured sections one per line, "LABEL: text") and,
for a cited work that is itself a document of the library, its full text: paragraphs joined by line breaks,
a heading as a line "HEADING: first paragraph" or a line of its own ("Results"), so the heading becomes the
`section` of the sentences under it (see `cited_text`). When a `full_text` is given, only it is read: it
holds the abstract's statements and more.

The claim is the query (`evidence_features`): the cited clause and, with less weight, the rest of the
sentence it stands in; `abbreviations` are the citing document's (`document_abbreviations` over its whole
text). Each sentence's features are combined by a small logistic model (`citations/data/evidence-model.json`,
trained by `python -m scripts.train_evidence_model` on the SciFact sample, Wadden et al. 2020, claims
CC BY 4.0, abstracts ODC-By 1.0); the verdict model reads the best sentences' scores and the whole text's
coverage of the claim, with thresholds that kept at most 5 % of correct citations `silent` on claims it was
not trained on. The model file and the IDF lexicon are read once, on first use.
"""
from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from citetrace.citations.abbreviations import document_abbreviations
from citetrace.citations.evidence_features import (
    KEPT,
    Query,
    SENTENCE_FEATURES,
    TEXT_FEATURES,
    claim_query,
    prepared_text,
    sentence_features,
    similarities,
    strip_citations,
    text_features,
)
from citetrace.citations.evidence_terms import lexicon

__all__ = [
    "Assessment", "CitedText", "EvidenceSentence", "assess_citation", "document_abbreviations",
    "strip_citations",
]

MODEL = Path(__file__).resolve().parent / "data" / "evidence-model.json"
SOURCES = ("full_text", "abstract")
"""Which text is read, best first."""


@dataclass(frozen=True)
class CitedText:
    """One text of a cited work: `source` is "abstract" or "full_text"."""

    source: str
    text: str


@dataclass(frozen=True)
class EvidenceSentence:
    """A sentence of a cited text kept as evidence: `sentence == text[start:end]` of its text."""

    rank: int
    sentence: str
    sentence_index: int
    section: str | None
    score: float
    source: str
    start: int
    end: int


@dataclass(frozen=True)
class Assessment:
    """The verdict on one citation of a claim, its score in [0, 1] (None for `no_text`), the best sentences."""

    evidence: str
    evidence_score: float | None
    sentences: tuple[EvidenceSentence, ...]


NO_TEXT = Assessment("no_text", None, ())


@dataclass(frozen=True)
class EvidenceModel:
    """Two logistic models (sentence ranking, verdict) and the verdict's thresholds."""

    rank_weights: tuple[float, ...]
    rank_bias: float
    verdict_weights: tuple[float, ...]
    verdict_bias: float
    silent_below: float
    on_point_from: float

    @classmethod
    def from_json(cls, data: Mapping) -> EvidenceModel:
        rank, verdict = data["rank"], data["verdict"]
        return cls(
            rank_weights=tuple(rank["weights"][name] for name in SENTENCE_FEATURES),
            rank_bias=rank["bias"],
            verdict_weights=tuple(verdict["weights"][name] for name in TEXT_FEATURES),
            verdict_bias=verdict["bias"],
            silent_below=verdict["silent_below"],
            on_point_from=verdict["on_point_from"],
        )

    def sentence_score(self, features: Sequence[float]) -> float:
        """The probability that a sentence is evidence for the claim."""
        return sigmoid(self.rank_bias + sum(w * f for w, f in zip(self.rank_weights, features)))

    def text_score(self, features: Sequence[float]) -> float:
        """The probability that the text is on point for the claim: the evidence score."""
        return sigmoid(self.verdict_bias + sum(w * f for w, f in zip(self.verdict_weights, features)))

    def verdict(self, evidence_score: float) -> str:
        if evidence_score < self.silent_below:
            return "silent"
        return "on_point" if evidence_score >= self.on_point_from else "weak"


def assess_citation(
    clause: str, sentence: str, abbreviations: Mapping[str, str], texts: Sequence[CitedText],
    model: EvidenceModel | None = None,
) -> Assessment:
    """The best sentences of the cited texts for the claim `clause` (standing in `sentence`), and a verdict.

    `model` is the shipped one unless given (training and evaluation pass theirs)."""
    chosen = _chosen_text(texts)
    if chosen is None:
        return NO_TEXT
    text = prepared_text(chosen.text)
    if not text.sentences:
        return NO_TEXT
    model = model or shipped_model()
    query = claim_query_of(clause, sentence, tuple(abbreviations.items()))
    similarity = similarities(query, text)
    scored = sorted(
        ((model.sentence_score(sentence_features(query, item, cosine)), item)
         for item, cosine in zip(text.sentences, similarity)),
        key=lambda pair: (-pair[0], pair[1].index),
    )[:KEPT]
    evidence_score = model.text_score(text_features(query, [score for score, _ in scored], text))
    kept = tuple(
        EvidenceSentence(rank, chosen.text[item.start:item.end], item.index, item.section, round(score, 4),
                         chosen.source, item.start, item.end)
        for rank, (score, item) in enumerate(scored, start=1)
    )
    return Assessment(model.verdict(evidence_score), round(evidence_score, 4), kept)


@lru_cache(maxsize=256)
def claim_query_of(clause: str, sentence: str, abbreviations: tuple[tuple[str, str], ...]) -> Query:
    """The claim's query, made once for all the citations of a claim ("[6-9]" cites four works)."""
    return claim_query(clause, sentence, dict(abbreviations), lexicon())


def _chosen_text(texts: Sequence[CitedText]) -> CitedText | None:
    for source in SOURCES:
        for text in texts:
            if text.source == source and text.text and text.text.strip():
                return text
    return None


def sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


@lru_cache(maxsize=1)
def shipped_model() -> EvidenceModel:
    """The shipped model, read once per process."""
    return EvidenceModel.from_json(json.loads(MODEL.read_text(encoding="utf-8")))
