"""Terms of a claim or a cited sentence, as the evidence scorer compares them, and how rare each term is.

A term is a lower-case ASCII word (Greek letters spelled out, as `normalize.fold` does) cut to a light stem,
so "increased", "increases" and "increasing" meet, as do "activation", "activate" and "activity". Numbers are
terms of their own ("2.5", "12"), so a claim's figures can agree with a sentence's. Stop words are no terms.

Rarity is the inverse document frequency of a term among the sentences of a lexicon of biomedical abstracts
(`citations/data/evidence-lexicon.json`, built by `python -m scripts.build_evidence_lexicon` from the SciFact
abstracts and the PubMed samples in /work/shared). It is loaded once, on first use.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path

from citetrace.citations.normalize import fold

LEXICON = Path(__file__).resolve().parent / "data" / "evidence-lexicon.json"
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[a-z][a-z0-9]*")
_NUMBER_RE = re.compile(r"\d")
STOP_TERMS = frozenset(
    """a about above after again against all also an and any are as at be been before being below between both
    but by can could did do does doing during each few for from further had has have having here how however
    i if in into is it its itself may might more most must of on once only or other our ours out over own same
    shall should so some such than that the their theirs them then there these they this those through to too
    under until up upon very was we were what when where which while who whom why will with within would you
    your yet thus therefore via per among whether et al""".split()
)
NEGATION_TERMS = frozenset("no not nor neither never none without cannot fail failed fails lack lacks lacking".split())
"""Words that turn a statement round; kept as terms and also read as a feature."""
_SUFFIXES = (
    ("ational", ""), ("ization", "iz"), ("isation", "iz"), ("ation", ""), ("ative", ""), ("ities", ""),
    ("ity", ""), ("ement", ""), ("ment", ""), ("ness", ""), ("ically", "ic"), ("ical", "ic"), ("ingly", ""),
    ("edly", ""), ("ing", ""), ("ed", ""), ("ly", ""), ("ive", ""), ("ous", ""), ("ate", ""), ("al", ""),
)
MIN_STEM = 3


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light stem: plural, then one inflectional or derivational suffix, then a final "e", each only when
    at least `MIN_STEM` letters remain."""
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > MIN_STEM + 1 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    if word.endswith("e") and len(word) > MIN_STEM + 1:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded words and numbers of `text` in order, stop words included."""
    return _TOKEN_RE.findall(fold(text))


def terms(text: str) -> list[str]:
    """The stemmed terms of `text` in order, stop words left out."""
    return terms_of_words(words(text))


def terms_of_words(found: list[str]) -> list[str]:
    """The stemmed terms of words found by `words`, stop words left out."""
    return [stem(word) for word in found if word not in STOP_TERMS]


def is_number(term: str) -> bool:
    return bool(_NUMBER_RE.match(term))


class Lexicon:
    """Sentence frequencies of terms in a corpus of abstracts, read as inverse document frequencies."""

    def __init__(self, sentences: int, frequencies: dict[str, int]) -> None:
        self.sentences = sentences
        self.frequencies = frequencies
        self._unseen = self._idf(0)

    def _idf(self, frequency: int) -> float:
        return math.log((self.sentences + 1) / (frequency + 0.5))

    def idf(self, term: str) -> float:
        frequency = self.frequencies.get(term)
        return self._unseen if frequency is None else self._idf(frequency)

    @property
    def max_idf(self) -> float:
        return self._unseen


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    data = json.loads(LEXICON.read_text(encoding="utf-8"))
    return Lexicon(data["sentences"], data["frequencies"])
