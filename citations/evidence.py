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

The claim is the query: the cited clause, and, with less weight, the rest of the sentence it stands in;
citation markers removed; an abbreviation the citing document defines ("CD40 ligand (CD40L)") found in
either form. Each sentence gets features (IDF-weighted coverage of the clause's and the context's terms,
adjacent term pairs, numbers that agree, section, position, length, negation) combined by a small logistic
model (`citations/data/evidence-model.json`, trained by `python -m scripts.train_evidence_model` on the
SciFact sample, Wadden et al. 2020, CC BY 4.0 / ODC-By 1.0); the verdict model reads the best sentences'
scores and the whole text's coverage of the claim, and its thresholds keep at most 5 % of correct citations
of held-out claims `silent`. The model file and the lexicon are read once, on first use.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from citetrace.citations.abbreviations import document_abbreviations
from citetrace.citations.cited_text import split_cited_text
from citetrace.citations.evidence_terms import NEGATION_TERMS, Lexicon, is_number, lexicon, terms, words
from citetrace.citations.markers import MARKER_RE

__all__ = [
    "Assessment", "CitedText", "EvidenceSentence", "assess_citation", "document_abbreviations",
]

MODEL = Path(__file__).resolve().parent / "data" / "evidence-model.json"
KEPT = 3
SOURCES = ("full_text", "abstract")
"""Which text is read, best first."""
_CITATION_RE = re.compile(
    MARKER_RE.pattern
    + r"|\[@[^\]]*\]|\\[a-zA-Z]*cite[a-zA-Z]*\*?(?:\[[^\]]*\])*\{[^}]*\}"
    + r"|\((?=[^()]{0,200}\b(?:1[89]|20)\d\d[a-z]?\))(?=[^()]*[A-Z])[^()]{0,200}\)"
)
"""Citation markers: numbered brackets, Pandoc `[@key]`, LaTeX `\\cite{}`, author-year parentheses."""
SECTION_GROUPS = {
    "results": ("RESULT", "FINDING"),
    "conclusions": ("CONCLU", "INTERPRETATION", "DISCUSSION", "SIGNIFICANCE", "IMPLICATION"),
    "background": ("BACKGROUND", "INTRODUCTION", "OBJECTIVE", "AIM", "PURPOSE", "CONTEXT", "IMPORTANCE",
                   "RATIONALE"),
    "methods": ("METHOD", "DESIGN", "SETTING", "PARTICIPANT", "PATIENT", "SUBJECT", "INTERVENTION",
                "MEASURE", "OUTCOME", "SAMPLE", "DATA", "SOURCE", "EXPOSURE", "REGISTRATION", "FUNDING",
                "SELECTION", "EXTRACTION", "POPULATION", "ELIGIBILITY"),
}


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
class _Sentence:
    """What the scorer reads of one sentence, computed once per text."""

    index: int
    start: int
    end: int
    section: str | None
    terms: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    negated: bool
    length: int
    features: tuple[float, ...]
    """The features that depend on the sentence alone (section, position, length)."""


@dataclass(frozen=True)
class _Query:
    """The claim's terms with their weights (IDF times clause or context weight)."""

    clause: dict[str, float]
    context: dict[str, float]
    aliases: tuple[tuple[float, tuple[frozenset[str], ...]], ...]
    """Abbreviations: (weight, alternative term sets); a sentence holding any one alternative matches."""
    pairs: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    negated: bool
    clause_total: float
    context_total: float


@dataclass(frozen=True)
class _Model:
    rank_weights: tuple[float, ...]
    rank_bias: float
    verdict_weights: tuple[float, ...]
    verdict_bias: float
    silent_below: float
    on_point_from: float


def assess_citation(
    clause: str, sentence: str, abbreviations: Mapping[str, str], texts: Sequence[CitedText]
) -> Assessment:
    """The best sentences of the cited texts for the claim `clause` (standing in `sentence`), and a verdict."""
    chosen = _chosen_text(texts)
    if chosen is None:
        return NO_TEXT
    sentences = _text_sentences(chosen.text)
    if not sentences:
        return NO_TEXT
    model = _model()
    query = _query(clause, sentence, abbreviations, lexicon())
    scored = sorted(
        ((_rank_score(model, _features(query, item, len(sentences))), item) for item in sentences),
        key=lambda pair: (-pair[0], pair[1].index),
    )
    best = scored[:KEPT]
    evidence_score = _evidence_score(model, query, [score for score, _ in best], sentences)
    verdict = (
        "silent" if evidence_score < model.silent_below
        else "on_point" if evidence_score >= model.on_point_from
        else "weak"
    )
    kept = tuple(
        EvidenceSentence(rank, chosen.text[item.start:item.end], item.index, item.section, round(score, 4),
                         chosen.source, item.start, item.end)
        for rank, (score, item) in enumerate(best, start=1)
    )
    return Assessment(verdict, round(evidence_score, 4), kept)


def _chosen_text(texts: Sequence[CitedText]) -> CitedText | None:
    for source in SOURCES:
        for text in texts:
            if text.source == source and text.text and text.text.strip():
                return text
    return None


def strip_citations(text: str) -> str:
    """`text` without its citation markers."""
    return _CITATION_RE.sub(" ", text)


def _query(clause: str, sentence: str, abbreviations: Mapping[str, str], lex: Lexicon) -> _Query:
    clause = strip_citations(clause)
    context = strip_citations(sentence)
    clause_terms = terms(clause)
    clause_weights = {term: lex.idf(term) for term in clause_terms}
    context_weights = {term: lex.idf(term) for term in terms(context) if term not in clause_weights}
    aliases = []
    folded_clause = " " + " ".join(words(clause)) + " "
    for short, long in abbreviations.items():
        short_terms = frozenset(terms(short))
        long_terms = frozenset(terms(long))
        if not short_terms or not long_terms:
            continue
        if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", clause) or (
            " " + " ".join(words(long)) + " " in folded_clause
        ):
            weight = max(lex.idf(term) for term in short_terms | long_terms)
            aliases.append((weight, (short_terms, long_terms)))
            for term in short_terms | long_terms:
                clause_weights.pop(term, None)
                context_weights.pop(term, None)
    return _Query(
        clause=clause_weights,
        context=context_weights,
        aliases=tuple(aliases),
        pairs=frozenset(zip(clause_terms, clause_terms[1:])),
        numbers=frozenset(term for term in clause_terms if is_number(term)),
        negated=any(word in NEGATION_TERMS for word in words(clause)),
        clause_total=sum(clause_weights.values()) + sum(weight for weight, _ in aliases),
        context_total=sum(context_weights.values()),
    )


@lru_cache(maxsize=4096)
def _text_sentences(text: str) -> tuple[_Sentence, ...]:
    """The sentences of a cited text with their terms, each expanded by the text's own abbreviations."""
    own = [
        (frozenset(terms(short)), frozenset(terms(long))) for short, long in document_abbreviations(text).items()
    ]
    split = split_cited_text(text)
    count = len(split)
    result = []
    for item in split:
        body = text[item.start:item.end]
        sentence_terms = terms(body)
        expanded = set(sentence_terms)
        for short_terms, long_terms in own:
            if short_terms and long_terms and (short_terms <= expanded or long_terms <= expanded):
                expanded |= short_terms | long_terms
        result.append(_Sentence(
            index=item.index,
            start=item.start,
            end=item.end,
            section=item.section,
            terms=frozenset(expanded),
            pairs=frozenset(zip(sentence_terms, sentence_terms[1:])),
            negated=any(word in NEGATION_TERMS for word in words(body)),
            length=len(sentence_terms),
            features=_sentence_features(item.section, item.index, count, len(sentence_terms)),
        ))
    return tuple(result)


def _section_group(section: str | None) -> str | None:
    if not section:
        return None
    for group, stems in SECTION_GROUPS.items():
        if any(stem in section for stem in stems):
            return group
    return None


def _sentence_features(section: str | None, index: int, count: int, length: int) -> tuple[float, ...]:
    group = _section_group(section)
    position = index / (count - 1) if count > 1 else 0.0
    return (
        float(group == "results"),
        float(group == "conclusions"),
        float(group in ("background", "methods")),
        position,
        float(index == count - 1),
        math.log1p(length),
    )


FEATURE_NAMES = (
    "clause_coverage", "context_coverage", "pair_coverage", "numbers_agree", "numbers_missing",
    "negation_both", "negation_one", "section_results", "section_conclusions", "section_background_methods",
    "position", "last_sentence", "log_length",
)


def _features(query: _Query, sentence: _Sentence, count: int) -> tuple[float, ...]:
    present = sentence.terms
    clause_hit = sum(weight for term, weight in query.clause.items() if term in present)
    for weight, alternatives in query.aliases:
        clause_hit += weight * max(len(alt & present) / len(alt) for alt in alternatives)
    context_hit = sum(weight for term, weight in query.context.items() if term in present)
    clause_coverage = clause_hit / query.clause_total if query.clause_total else 0.0
    context_coverage = context_hit / query.context_total if query.context_total else 0.0
    pair_coverage = len(query.pairs & sentence.pairs) / len(query.pairs) if query.pairs else 0.0
    if query.numbers:
        agree = len(query.numbers & present) / len(query.numbers)
        numbers = (agree, 1.0 - agree)
    else:
        numbers = (0.0, 0.0)
    negation_both = float(query.negated and sentence.negated)
    negation_one = float(query.negated != sentence.negated)
    return (clause_coverage, context_coverage, pair_coverage, *numbers, negation_both, negation_one,
            *sentence.features)


def _rank_score(model: _Model, features: tuple[float, ...]) -> float:
    """The sentence's probability of being evidence for the claim, by the ranking model."""
    return _sigmoid(model.rank_bias + sum(w * f for w, f in zip(model.rank_weights, features)))


VERDICT_FEATURE_NAMES = ("best", "second", "third", "text_coverage", "log_sentences")


def _evidence_score(model: _Model, query: _Query, best: list[float], sentences: Sequence[_Sentence]) -> float:
    """How likely the text is on point for the claim, from its best sentences and its coverage of the claim."""
    return _sigmoid(model.verdict_bias + sum(
        w * f for w, f in zip(model.verdict_weights, _verdict_features(query, best, sentences))
    ))


def _verdict_features(query: _Query, best: list[float], sentences: Sequence[_Sentence]) -> tuple[float, ...]:
    padded = [*best, 0.0, 0.0, 0.0][:KEPT]
    present: set[str] = set()
    for item in sentences:
        present |= item.terms
    hit = sum(weight for term, weight in query.clause.items() if term in present)
    for weight, alternatives in query.aliases:
        hit += weight * max(len(alt & present) / len(alt) for alt in alternatives)
    coverage = hit / query.clause_total if query.clause_total else 0.0
    return (*padded, coverage, math.log1p(len(sentences)))


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


@lru_cache(maxsize=1)
def _model() -> _Model:
    """The shipped model, read once per process."""
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    rank, verdict = data["rank"], data["verdict"]
    return _Model(
        rank_weights=tuple(rank["weights"][name] for name in FEATURE_NAMES),
        rank_bias=rank["bias"],
        verdict_weights=tuple(verdict["weights"][name] for name in VERDICT_FEATURE_NAMES),
        verdict_bias=verdict["bias"],
        silent_below=verdict["silent_below"],
        on_point_from=verdict["on_point_from"],
    )
