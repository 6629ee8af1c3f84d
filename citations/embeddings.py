"""Sentence vectors for paraphrase matching, from the static word embeddings of WordLlama.

WordLlama (MIT licence, https://github.com/dleemiller/WordLlama) ships its token embeddings (the
"l2_supercat" model, 32,000 tokens x 256 dimensions) and its tokenizer inside its wheel; they are loaded once,
on first use, with downloads disabled, so nothing is fetched at run time. A sentence's vector is the mean of
its tokens' embeddings, as WordLlama pools them, truncated to `DIMENSIONS` (the model is trained so that its
leading dimensions stand on their own) and normalised, so the dot product of two vectors is their cosine.

Tokenizing is the costly part, so each distinct word is tokenized once (one at a time: the tokenizer's batch
call would start a thread pool, and a process that forks after it warns) and its tokens kept (up to `MAX_WORDS`
words; then the memo starts afresh): a sentence's vector is the mean of its words' token embeddings, as
WordLlama itself would take it over the sentence's word tokens (punctuation left out).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 256
MAX_WORDS = 500_000
_WORD_RE = re.compile(r"[^\W_]+")


class WordVectors:
    """Token embeddings and tokenizer of WordLlama, with a memo of each word's tokens."""

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        self._tokenizer = model.tokenizer
        self._tokenizer.no_padding()
        self._matrix = np.ascontiguousarray(model.embedding[:, :DIMENSIONS], dtype=np.float32)
        self._tokens: dict[str, tuple[int, ...]] = {}

    def forget(self) -> None:
        """Drop the memo of words (benchmarks time the first sight of words with it)."""
        self._tokens.clear()

    def _word_tokens(self, word: str) -> tuple[int, ...]:
        tokens = self._tokens.get(word)
        if tokens is None:
            if len(self._tokens) >= MAX_WORDS:
                self._tokens.clear()
            tokens = self._tokens[word] = tuple(self._tokenizer.encode(word, add_special_tokens=False).ids)
        return tokens

    def vectors(self, texts: list[str]) -> np.ndarray:
        """One normalised row per text (a zero row for a text without words)."""
        rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        flat: list[int] = []
        starts: list[int] = []
        filled: list[int] = []
        for row, text in enumerate(texts):
            start = len(flat)
            for word in _WORD_RE.findall(text):
                flat.extend(self._word_tokens(word))
            if len(flat) > start:
                starts.append(start)
                filled.append(row)
        if flat:
            sums = np.add.reduceat(self._matrix[np.array(flat)], np.array(starts), axis=0)
            counts = np.diff(np.array([*starts, len(flat)], dtype=np.float32))
            rows[filled] = sums / counts[:, None]
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return rows / norms


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The shipped embeddings, loaded once per process."""
    return WordVectors()
