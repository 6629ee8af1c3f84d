"""Sentence vectors for paraphrase matching, from the static word embeddings of WordLlama.

WordLlama (MIT licence, https://github.com/dleemiller/WordLlama) ships its token embeddings (the
"l2_supercat" model, 32,000 tokens x 256 dimensions) and its tokenizer inside its wheel; they are loaded once,
on first use, with downloads disabled, so nothing is fetched at run time. A sentence's vector is the mean of
its tokens' embeddings, as WordLlama pools them, truncated to `DIMENSIONS` (the model is trained so that its
leading dimensions stand on their own) and normalised, so the dot product of two vectors is their cosine.

Tokenizing is the costly part, so each distinct word is tokenized once (one at a time: the tokenizer's batch
call would start a thread pool, and a process that forks after it warns) and its tokens kept (up to `MAX_WORDS`
words; then the memo starts afresh): a sentence's vector is the mean of its words' token embeddings, as
WordLlama itself would take it over the sentence's word tokens (punctuation left out), and the same mean with
each word weighted (by its rarity, as the caller says), which tells texts on other subjects apart better.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

DIMENSIONS = 256
MAX_WORDS = 500_000
_WORD_RE = re.compile(r"[^\W_]+")


class WordVectors:
    """Token embeddings and tokenizer of WordLlama, with a memo of each word's tokens."""

    def __init__(self, weight: Callable[[str], float]) -> None:
        """`weight(word)`: how much a word counts in the weighted vectors (its rarity)."""
        import wordllama
        from wordllama import WordLlama

        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        self._tokenizer = model.tokenizer
        self._tokenizer.no_padding()
        self._matrix = np.ascontiguousarray(model.embedding[:, :DIMENSIONS], dtype=np.float32)
        self._weight = weight
        self._words: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {}

    def forget(self) -> None:
        """Drop the memo of words (benchmarks time the first sight of words with it)."""
        self._words.clear()

    def _word(self, word: str) -> tuple[tuple[int, ...], tuple[float, ...]]:
        """A word's tokens and each token's weight, tokenized on first sight."""
        known = self._words.get(word)
        if known is None:
            if len(self._words) >= MAX_WORDS:
                self._words.clear()
            tokens = tuple(self._tokenizer.encode(word, add_special_tokens=False).ids)
            known = self._words[word] = (tokens, (self._weight(word),) * len(tokens))
        return known

    def vectors(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Two normalised rows per text (zero rows for a text without words): the plain mean of its word tokens'
        embeddings, and the mean with each word's tokens weighted by the word's weight (sums: normalising makes
        them means)."""
        plain = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        weighted = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        flat: list[int] = []
        weights: list[float] = []
        starts: list[int] = []
        filled: list[int] = []
        for row, text in enumerate(texts):
            start = len(flat)
            for word in _WORD_RE.findall(text):
                tokens, token_weights = self._word(word)
                flat.extend(tokens)
                weights.extend(token_weights)
            if len(flat) > start:
                starts.append(start)
                filled.append(row)
        if flat:
            gathered = self._matrix[flat]
            plain[filled] = np.add.reduceat(gathered, starts, axis=0)
            weighted[filled] = np.add.reduceat(gathered * np.array(weights, dtype=np.float32)[:, None], starts, axis=0)
        return _normalised(plain), _normalised(weighted)


def _normalised(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return rows / norms
