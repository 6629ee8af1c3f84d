"""The claim's terms marked in an evidence sentence, so a reader sees at a glance what the two share.

Pure: a sentence becomes (text, marked) pieces that a template escapes and wraps in `<mark>`. A word is marked
when it is one of the claim's words, or one of its forms ("mutation" for "mutations", "deficient" for
"deficiency": the same first five letters), or an abbreviation the citing document defines for one of them;
stop words and one-letter words never are.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from citetrace.citations.normalize import STOPWORDS, fold

_WORD_RE = re.compile(r"\d+(?:[.,]\d+)*(?![^\W_])|[^\W_]+(?:[-'][^\W_]+)*")
"""A number ("1,000,000", "2.5": "2:1,000,000" is two), or a word with its hyphens and apostrophes."""
STEM = 5
"""Words that share this many first letters (and are at least that long) are taken as one word's forms."""


def _key(word: str) -> str:
    folded = fold(word)
    return folded[:STEM] if len(folded) >= STEM and not any(ch.isdigit() for ch in folded) else folded


def claim_terms(claim: str, abbreviations: Mapping[str, str] | None = None) -> frozenset[str]:
    """The comparison keys of the claim's words (and of the long forms or abbreviations of those it defines)."""
    text = claim
    for short, long in (abbreviations or {}).items():
        if short in claim or long.lower() in claim.lower():
            text += f" {short} {long}"
    return frozenset(
        _key(part) for word in _WORD_RE.findall(text) for part in [word, *word.split("-")] if _counts(part)
    )


def _counts(word: str) -> bool:
    """Whether a word can be a term: a number, or two letters or more that are not a stop word."""
    return word.isdigit() or (len(word) > 1 and fold(word) not in STOPWORDS)


def marked_pieces(sentence: str, terms: frozenset[str]) -> list[tuple[str, bool]]:
    """`sentence` cut into pieces, each marked or not; joined, the pieces are the sentence."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for found in _WORD_RE.finditer(sentence):
        word = found.group()
        if _counts(word.replace(",", "").replace(".", "")) and (
                _key(word) in terms or any(_key(part) in terms for part in word.split("-") if _counts(part))):
            if found.start() > cursor:
                pieces.append((sentence[cursor:found.start()], False))
            pieces.append((word, True))
            cursor = found.end()
    if cursor < len(sentence):
        pieces.append((sentence[cursor:], False))
    return pieces
