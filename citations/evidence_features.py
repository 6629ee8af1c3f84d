"""What the evidence models read: the claim as a weighted query, a cited text's sentences prepared once, and
the features of a (claim, sentence) pair and of a (claim, text) pair.

The query: the cited clause's terms weighted by their IDF, the rest of the citing sentence's terms as
context (scored apart, so the clause counts for more), citation markers removed, and each abbreviation the
citing document defines that the clause uses in either form as one concept matched by either form
("CD40L" finds "CD40 ligand" and the other way round). A cited sentence's terms are expanded by the
abbreviations its own text defines, so "CD40L" in a results sentence also holds "cd40" and "ligand".
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from citetrace.citations.abbreviations import document_abbreviations
from citetrace.citations.cited_text import split_cited_text
from citetrace.citations.evidence_terms import NEGATION_TERMS, Lexicon, is_number, terms, words
from citetrace.citations.markers import MARKER_RE

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
    "clause_coverage", "context_coverage", "pair_coverage", "numbers_agree", "numbers_missing",
    "negation_both", "negation_one", "section_results", "section_conclusions", "section_background_methods",
    "position", "last_sentence", "log_length",
)
TEXT_FEATURES = ("best", "second", "third", "text_coverage", "rare_coverage", "log_sentences")
RARE_TERMS = 3
"""The claim's rarest clause terms, whose absence from a whole text says most that it is about something else."""
KEPT = 3


@dataclass(frozen=True)
class PreparedSentence:
    """What the scorer reads of one sentence of a cited text, computed once per text."""

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
class Query:
    """The claim's terms with their weights."""

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


def strip_citations(text: str) -> str:
    """`text` without its citation markers."""
    return _CITATION_RE.sub(" ", text)


def claim_query(clause: str, sentence: str, abbreviations: Mapping[str, str], lexicon: Lexicon) -> Query:
    """The query of a claim: `clause` as cited, `sentence` (the whole citing sentence) as context."""
    clause = strip_citations(clause)
    clause_terms = terms(clause)
    clause_weights = {term: lexicon.idf(term) for term in clause_terms}
    context_weights = {
        term: lexicon.idf(term) for term in terms(strip_citations(sentence)) if term not in clause_weights
    }
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
            weight = max(lexicon.idf(term) for term in short_terms | long_terms)
            aliases.append((weight, (short_terms, long_terms)))
            for term in short_terms | long_terms:
                clause_weights.pop(term, None)
                context_weights.pop(term, None)
    concepts = [(weight, (frozenset((term,)),)) for term, weight in clause_weights.items()] + aliases
    concepts.sort(key=lambda concept: -concept[0])
    rare = tuple(frozenset().union(*alternatives) for _, alternatives in concepts[:RARE_TERMS])
    return Query(
        clause=clause_weights,
        context=context_weights,
        aliases=tuple(aliases),
        pairs=frozenset(zip(clause_terms, clause_terms[1:])),
        numbers=frozenset(term for term in clause_terms if is_number(term)),
        negated=any(word in NEGATION_TERMS for word in words(clause)),
        clause_total=sum(clause_weights.values()) + sum(weight for weight, _ in aliases),
        context_total=sum(context_weights.values()),
        rare=rare,
    )


@lru_cache(maxsize=4096)
def prepared_sentences(text: str) -> tuple[PreparedSentence, ...]:
    """The sentences of a cited text with their terms, each expanded by the text's own abbreviations."""
    own = [
        (frozenset(terms(short)), frozenset(terms(long))) for short, long in document_abbreviations(text).items()
    ]
    split = split_cited_text(text)
    result = []
    for item in split:
        body = text[item.start:item.end]
        sentence_terms = terms(body)
        expanded = set(sentence_terms)
        for short_terms, long_terms in own:
            if short_terms and long_terms and (short_terms <= expanded or long_terms <= expanded):
                expanded |= short_terms | long_terms
        result.append(PreparedSentence(
            index=item.index,
            start=item.start,
            end=item.end,
            section=item.section,
            terms=frozenset(expanded),
            pairs=frozenset(zip(sentence_terms, sentence_terms[1:])),
            negated=any(word in NEGATION_TERMS for word in words(body)),
            fixed=_fixed_features(item.section, item.index, len(split), len(sentence_terms)),
        ))
    return tuple(result)


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


def _clause_coverage(query: Query, present: frozenset[str] | set[str]) -> float:
    hit = sum(weight for term, weight in query.clause.items() if term in present)
    for weight, alternatives in query.aliases:
        hit += weight * max(len(alternative & present) / len(alternative) for alternative in alternatives)
    return hit / query.clause_total if query.clause_total else 0.0


def sentence_features(query: Query, sentence: PreparedSentence) -> tuple[float, ...]:
    """The features of `SENTENCE_FEATURES`, in order."""
    present = sentence.terms
    context_hit = sum(weight for term, weight in query.context.items() if term in present)
    if query.numbers:
        agree = len(query.numbers & present) / len(query.numbers)
        numbers = (agree, 1.0 - agree)
    else:
        numbers = (0.0, 0.0)
    return (
        _clause_coverage(query, present),
        context_hit / query.context_total if query.context_total else 0.0,
        len(query.pairs & sentence.pairs) / len(query.pairs) if query.pairs else 0.0,
        *numbers,
        float(query.negated and sentence.negated),
        float(query.negated != sentence.negated),
        *sentence.fixed,
    )


def text_features(query: Query, best: Sequence[float], sentences: Sequence[PreparedSentence]) -> tuple[float, ...]:
    """The features of `TEXT_FEATURES`: the best sentences' scores and the whole text's coverage of the claim."""
    padded = [*best, 0.0, 0.0, 0.0][:KEPT]
    present: set[str] = set()
    for item in sentences:
        present |= item.terms
    rare = sum(1 for concept in query.rare if concept & present) / len(query.rare) if query.rare else 0.0
    return (*padded, _clause_coverage(query, present), rare, math.log1p(len(sentences)))
