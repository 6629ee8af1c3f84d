"""Comparison keys for cited strings and PubMed fields, shared by the verifier, the audit and the local index.

A review writes "Korthäuer", "NF-kappaB", "Proc Natl Acad Sci U S A" and "539"; PubMed may have "Korthauer",
"NF-κB", "Proc. Natl. Acad. Sci. U.S.A." and "539-41". These keys make such pairs equal and nothing more:
case, diacritics, punctuation, name particles, Greek letters spelled out, PubMed's "[corrected]" note.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_LETTERS = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d",
                          "ł": "l", "Ł": "l", "ı": "i", "ð": "d", "þ": "th"})
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa", "λ": "lambda",
          "μ": "mu", "σ": "sigma", "τ": "tau", "ω": "omega"}
_GREEK_RE = re.compile("|".join(_GREEK))
_NOTES_RE = re.compile(r"\[(?:corrected|see comments?|letter|editorial|retracted)\]", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_PARTICLES = frozenset("de da di del della der den van von le la du dos das ten ter st".split())
STOPWORDS = frozenset(
    "a an the of in on and or for with by to from at as is are was were be its their into via after during "
    "between among not but than this that these those whether within without our over two using how what when "
    "where which who why de del der des die du el het la le les un une und".split()
)
"""Title words that say nothing of the work: left out of search terms, the local index and citation keys."""


def fold(text: str) -> str:
    """Lower-case ASCII-ish text: diacritics dropped, Greek letters spelled out as titles cite them."""
    if text.isascii():
        return text.lower()
    text = _GREEK_RE.sub(lambda m: _GREEK[m.group()], text.casefold())
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_ascii(text: str) -> str:
    """Only the ASCII letters and digits of `fold(text)`: "Korthäuer" -> "korthauer", "O'Brien" -> "obrien"."""
    return _NON_ALNUM.sub("", fold(text))


def words(text: str | None) -> list[str]:
    """The words of a title in order, without PubMed's editorial notes such as "[corrected]"."""
    if not text:
        return []
    return [w for w in _NON_ALNUM.split(fold(_NOTES_RE.sub(" ", text))) if w]


def significant_words(text: str | None) -> list[str]:
    """Title words worth searching or indexing: no stop words, at least three characters, each once."""
    seen: dict[str, None] = {}
    for w in words(text):
        if len(w) >= 3 and w not in STOPWORDS:
            seen.setdefault(w, None)
    return list(seen)


def title_similarity(a: str | None, b: str | None) -> float:
    """The better of word-set Jaccard and word-sequence similarity, so reordering and one typo both score high."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    sa, sb = set(wa), set(wb)
    jaccard = len(sa & sb) / len(sa | sb)
    return max(jaccard, SequenceMatcher(None, wa, wb, autojunk=False).ratio())


def surname_key(name: str | None) -> str:
    """A surname without case, diacritics, punctuation or leading particles ("de Saint Basile" -> "saintbasile")."""
    parts = [p for p in _NON_ALNUM.split(fold(name or "")) if p]
    while len(parts) > 1 and parts[0] in _PARTICLES:
        parts = parts[1:]
    return "".join(parts)


def journal_key(name: str | None) -> str:
    """A journal title as words ("Proc. Natl. Acad. Sci. U.S.A." -> "proc natl acad sci u s a")."""
    return " ".join(w for w in _NON_ALNUM.split(fold(name or "")) if w)


def volume_key(volume: str | None) -> str:
    """A volume without case or spacing differences."""
    return "".join(_NON_ALNUM.split(fold(volume or "")))


def first_page(pages: str | None) -> str:
    """The first page of a range as a comparison key ("539-41" -> "539", "e1234" stays "e1234")."""
    if not pages:
        return ""
    head = re.split(r"[-\u2010-\u2015,;]", pages.strip(), maxsplit=1)[0]
    return "".join(_NON_ALNUM.split(fold(head)))


def author_surname(author: str) -> str:
    """The surname of a PubMed-style author term ("Korthauer U", "de Saint Basile G" -> without the initials)."""
    parts = author.split()
    if len(parts) > 1 and re.fullmatch(r"[A-Z]{1,3}", parts[-1]):
        parts = parts[:-1]
    return " ".join(parts)
