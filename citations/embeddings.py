"""Sentence vectors for paraphrase matching, from the static word embeddings of WordLlama.

WordLlama (MIT licence, https://github.com/dleemiller/WordLlama) ships its token embeddings (the
"l2_supercat" model, 32,000 tokens x 256 dimensions) and its tokenizer inside its wheel; they are loaded once,
on first use, with downloads disabled, so nothing is fetched at run time. A sentence's vector is the mean of
its tokens' embeddings, as WordLlama pools them, truncated to `DIMENSIONS` (the model is trained so that its
leading dimensions stand on their own) and normalised, so the dot product of two vectors is their cosine.

Tokenizing is the costly part, so each distinct word is tokenized once (one at a time: the tokenizer's batch
call would start a thread pool, and a process that forks after it warns) and its summed token embeddings kept
(up to `MAX_WORDS` words; then the memo starts afresh): a sentence's vector is the sum over its words divided by
their token count, the mean WordLlama itself would take over the sentence's word tokens.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 256
MAX_WORDS = 200_000
_WORD_RE = re.compile(r"[^\W_]+")


class WordVectors:
    """Token embeddings and tokenizer of WordLlama, with a memo of words already tokenized."""

    def __init__(self) -> None:
        import wordllama
        from wordllama import WordLlama

        model = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
        self._tokenizer = model.tokenizer
        self._tokenizer.no_padding()
        self._matrix = np.ascontiguousarray(model.embedding[:, :DIMENSIONS], dtype=np.float32)
        self._words: dict[str, tuple[np.ndarray, int]] = {}

    def _learn(self, words: list[str]) -> None:
        for word in words:
            ids = self._tokenizer.encode(word, add_special_tokens=False).ids
            total = self._matrix[ids].sum(axis=0) if ids else np.zeros(DIMENSIONS, dtype=np.float32)
            self._words[word] = (total, len(ids))

    def forget(self) -> None:
        """Drop the memo of words (benchmarks time the first sight of words with it)."""
        self._words.clear()

    def vectors(self, texts: list[str]) -> np.ndarray:
        """One normalised row per text (a zero row for a text without words)."""
        split = [_WORD_RE.findall(text) for text in texts]
        unseen = list(dict.fromkeys(word for words in split for word in words if word not in self._words))
        if len(self._words) + len(unseen) > MAX_WORDS:
            self._words.clear()
            unseen = list(dict.fromkeys(word for words in split for word in words))
        if unseen:
            self._learn(unseen)
        rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, words in enumerate(split):
            if not words:
                continue
            memo = [self._words[word] for word in words]
            count = sum(tokens for _, tokens in memo)
            if count:
                rows[row] = np.add.reduce([total for total, _ in memo]) / count
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return rows / norms


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """The shipped embeddings, loaded once per process."""
    return WordVectors()
