"""What the evidence models read: the claim as a weighted query, a cited text prepared once, and the features
of a (claim, sentence) pair and of a (claim, text) pair.

The query: the cited clause's terms weighted by their IDF, the rest of the citing sentence's terms as context
(topping the clause's coverage up, so the clause counts for more), citation markers removed, and each
abbreviation the citing document defines that the clause uses in either form as one concept matched by either
form ("CD40L" finds "CD40 ligand" and the other way round). A cited sentence's terms are expanded by the
abbreviations its own text defines, so "CD40L" in a results sentence also holds "cd40" and "ligand". Beside
the terms, the claim and every sentence get a WordLlama vector (`embeddings`), whose cosine finds the
paraphrases no shared term does.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from citetrace.citations.abbreviations import document_abbreviations
from citetrace.citations.cited_text import split_cited_text
from citetrace.citations.embeddings import WordVectors
from citetrace.citations.evidence_terms import (
    NEGATION_TERMS,
    STOP_TERMS,
    Lexicon,
    is_number,
    lexicon,
    stem,
    terms,
    terms_of_words,
    words,
)
from citetrace.citations.markers import MARKER_RE
from citetrace.citations.normalize import fold

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
SENTENCE_FEATURES = (
    "coverage", "similarity", "pair_coverage", "numbers_agree", "numbers_missing", "negation_both",
    "negation_one", "section_results", "section_conclusions", "section_background_methods", "position",
    "last_sentence", "log_length",
)
TEXT_FEATURES = (
    "best", "second", "third", "text_coverage", "rare_coverage", "best_similarity", "second_similarity",
    "text_similarity", "log_sentences",
)
KEPT = 3
CONTEXT_WEIGHT = 0.25
"""How much the rest of the citing sentence adds to the clause: coverage = clause + 0.25 * context * (1 -
clause), and the claim's vector is the clause's plus 0.25 times the sentence's; so the clause counts for more,
and a claim without context (as SciFact's) is its clause alone."""
RARE_TERMS = 5
"""The claim's rarest clause terms, whose absence from a whole text says most that it is about something else."""
TEXTS_KEPT = 8192
"""Prepared texts kept per process: a work cited by many claims of a library is prepared once."""


@dataclass(frozen=True)
class PreparedSentence:
    """What the scorer reads of one sentence of a cited text."""

    index: int
    start: int
    end: int
    section: str | None
    terms: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    negated: bool
    fixed: tuple[float, ...]
    """The features that depend on the sentence alone (section, position, length)."""


@dataclass(frozen=True)
class PreparedText:
    """A cited text's sentences, their vectors (one row each) and the whole text's vector."""

    sentences: tuple[PreparedSentence, ...]
    vectors: np.ndarray
    weighted: np.ndarray
    """The sentences' vectors with rare words weighing more."""
    centre: np.ndarray
    """The whole text's vector, rare words weighing more."""


@dataclass(frozen=True)
class Query:
    """The claim's terms with their weights, and its vector."""

    clause: dict[str, float]
    context: dict[str, float]
    aliases: tuple[tuple[float, tuple[frozenset[str], ...]], ...]
    """Abbreviations: (weight, alternative term sets); a sentence holding any one alternative matches."""
    pairs: frozenset[tuple[str, str]]
    numbers: frozenset[str]
    negated: bool
    clause_total: float
    context_total: float
    rare: tuple[frozenset[str], ...]
    """The `RARE_TERMS` highest-weighted clause concepts, each as the set of terms any of which matches it."""
    vector: np.ndarray
    weighted: np.ndarray


def strip_citations(text: str) -> str:
    """`text` without its citation markers."""
    return _CITATION_RE.sub(" ", text)


def claim_query(clause: str, sentence: str, abbreviations: Mapping[str, str], lexicon: Lexicon) -> Query:
    """The query of a claim: `clause` as cited, `sentence` (the whole citing sentence) as context."""
    clause = strip_citations(clause)
    context = strip_citations(sentence)
    clause_terms = terms(clause)
    clause_weights = {term: lexicon.idf(term) for term in clause_terms}
    context_weights = {term: lexicon.idf(term) for term in terms(context) if term not in clause_weights}
    aliases = []
    folded_clause = " " + " ".join(words(clause)) + " "
    for form in _abbreviation_forms(tuple(abbreviations.items())):
        if (form.short in clause and form.pattern.search(clause)) or form.phrase in folded_clause:
            both = form.short_terms | form.long_terms
            aliases.append((max(lexicon.idf(term) for term in both), (form.short_terms, form.long_terms)))
            for term in both:
                clause_weights.pop(term, None)
                context_weights.pop(term, None)
    concepts = [(weight, (frozenset((term,)),)) for term, weight in clause_weights.items()] + aliases
    concepts.sort(key=lambda concept: -concept[0])
    plain, weighted = word_vectors().vectors([clause, context])
    return Query(
        clause=clause_weights,
        context=context_weights,
        aliases=tuple(aliases),
        pairs=frozenset(zip(clause_terms, clause_terms[1:])),
        numbers=frozenset(term for term in clause_terms if is_number(term)),
        negated=any(word in NEGATION_TERMS for word in words(clause)),
        clause_total=sum(clause_weights.values()) + sum(weight for weight, _ in aliases),
        context_total=sum(context_weights.values()),
        rare=tuple(frozenset().union(*alternatives) for _, alternatives in concepts[:RARE_TERMS]),
        vector=_claim_vector(plain),
        weighted=_claim_vector(weighted),
    )


@dataclass(frozen=True)
class _AbbreviationForm:
    """An abbreviation as the query looks for it: the short form as a word, the long form as folded words."""

    short: str
    pattern: re.Pattern[str]
    phrase: str
    short_terms: frozenset[str]
    long_terms: frozenset[str]


@lru_cache(maxsize=64)
def _abbreviation_forms(abbreviations: tuple[tuple[str, str], ...]) -> tuple[_AbbreviationForm, ...]:
    """A citing document's abbreviations, prepared once for all its claims."""
    forms = []
    for short, long in abbreviations:
        short_terms, long_terms = frozenset(terms(short)), frozenset(terms(long))
        if short_terms and long_terms:
            forms.append(_AbbreviationForm(
                short, re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w-])"), " " + " ".join(words(long)) + " ",
                short_terms, long_terms,
            ))
    return tuple(forms)


def _claim_vector(rows: np.ndarray) -> np.ndarray:
    """The clause's vector plus the context's, `CONTEXT_WEIGHT` of it, normalised."""
    vector = rows[0] + CONTEXT_WEIGHT * rows[1]
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


STOP_WORD_WEIGHT = 0.2


def word_weight(word: str) -> float:
    """How much a word counts in a weighted vector: its term's IDF in the shipped lexicon, a stop word little."""
    folded = fold(word)
    return STOP_WORD_WEIGHT if folded in STOP_TERMS else lexicon().idf(stem(folded))


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The embeddings, loaded once per process, weighing words by `word_weight`."""
    return WordVectors(word_weight)


@lru_cache(maxsize=TEXTS_KEPT)
def prepared_text(text: str) -> PreparedText:
    """The sentences of a cited text with their terms (expanded by the text's own abbreviations) and vectors."""
    own = [
        (frozenset(terms(short)), frozenset(terms(long))) for short, long in document_abbreviations(text).items()
    ]
    split = split_cited_text(text)
    sentences = []
    for item in split:
        body_words = words(text[item.start:item.end])
        sentence_terms = terms_of_words(body_words)
        expanded = set(sentence_terms)
        for short_terms, long_terms in own:
            if short_terms and long_terms and (short_terms <= expanded or long_terms <= expanded):
                expanded |= short_terms | long_terms
        sentences.append(PreparedSentence(
            index=item.index,
            start=item.start,
            end=item.end,
            section=item.section,
            terms=frozenset(expanded),
            pairs=frozenset(zip(sentence_terms, sentence_terms[1:])),
            negated=not NEGATION_TERMS.isdisjoint(body_words),
            fixed=_fixed_features(item.section, item.index, len(split), len(sentence_terms)),
        ))
    vectors, weighted = word_vectors().vectors([text[item.start:item.end] for item in split])
    centre = weighted.sum(axis=0)
    norm = float(np.linalg.norm(centre))
    return PreparedText(tuple(sentences), vectors, weighted, centre / norm if norm else centre)


def forget_prepared_texts() -> None:
    """Let the kept prepared texts go: a caller that knows it will not ask for them again (a whole-library pass in
    the order of the cited works) keeps the memory of the texts in hand, not of `TEXTS_KEPT`."""
    prepared_text.cache_clear()


def section_group(section: str | None) -> str | None:
    """"results", "conclusions", "background" or "methods" for a section label; None for other or none."""
    if not section:
        return None
    for group, stems in SECTION_GROUPS.items():
        if any(stem in section for stem in stems):
            return group
    return None


def _fixed_features(section: str | None, index: int, count: int, length: int) -> tuple[float, ...]:
    group = section_group(section)
    return (
        float(group == "results"),
        float(group == "conclusions"),
        float(group in ("background", "methods")),
        index / (count - 1) if count > 1 else 0.0,
        float(index == count - 1),
        math.log1p(length),
    )


def _coverage(query: Query, present: frozenset[str] | set[str]) -> float:
    """The IDF-weighted share of the clause's terms in `present`, topped up by the context's."""
    hit = sum(weight for term, weight in query.clause.items() if term in present)
    for weight, alternatives in query.aliases:
        hit += weight * max(len(alternative & present) / len(alternative) for alternative in alternatives)
    clause = hit / query.clause_total if query.clause_total else 0.0
    if not query.context_total:
        return clause
    context = sum(weight for term, weight in query.context.items() if term in present) / query.context_total
    return clause + CONTEXT_WEIGHT * context * (1.0 - clause)


def similarities(query: Query, text: PreparedText) -> list[float]:
    """The cosine of the claim's vector with each sentence's."""
    return (text.vectors @ query.vector).tolist()


def weighted_similarities(query: Query, text: PreparedText) -> list[float]:
    """The cosine of the claim's vector with each sentence's, rare words weighing more."""
    return (text.weighted @ query.weighted).tolist()


def sentence_features(query: Query, sentence: PreparedSentence, similarity: float) -> tuple[float, ...]:
    """The features of `SENTENCE_FEATURES`, in order."""
    present = sentence.terms
    if query.numbers:
        agree = len(query.numbers & present) / len(query.numbers)
        numbers = (agree, 1.0 - agree)
    else:
        numbers = (0.0, 0.0)
    return (
        _coverage(query, present),
        similarity,
        len(query.pairs & sentence.pairs) / len(query.pairs) if query.pairs else 0.0,
        *numbers,
        float(query.negated and sentence.negated),
        float(query.negated != sentence.negated),
        *sentence.fixed,
    )


def text_features(query: Query, best: Sequence[float], text: PreparedText) -> tuple[float, ...]:
    """The features of `TEXT_FEATURES`: the best sentences' scores, the whole text's coverage of the claim and
    its rarest terms, the two closest sentences' and the whole text's cosine with the claim (rare words weighing
    more)."""
    padded = [*best, 0.0, 0.0, 0.0][:KEPT]
    present: set[str] = set()
    for item in text.sentences:
        present |= item.terms
    rare = sum(1 for concept in query.rare if concept & present) / len(query.rare) if query.rare else 0.0
    closest = [*sorted(weighted_similarities(query, text), reverse=True)[:2], 0.0, 0.0]
    second = closest[1] if len(text.sentences) > 1 else closest[0]
    return (
        *padded, _coverage(query, present), rare, closest[0], second,
        float(text.centre @ query.weighted), math.log1p(len(text.sentences)),
    )
