"""Abbreviations a document defines, found as Schwartz & Hearst do ("A simple algorithm for identifying
abbreviation definitions in biomedical text", PSB 2003).

A definition is "long form (short form)", as in "CD40 ligand (CD40L)", or, less often, "short form (long
form)". The short form is one or two words of at most ten characters, with a capital letter, starting with a
letter or digit; the long form is read back from the parenthesis over at most min(|S| + 5, 2|S|) words, and is the
shortest run of those words in which every letter and digit of the short form appears in order, its first
character starting a word. The first definition of a short form in the document wins.
"""
from __future__ import annotations

import re

_PAREN_RE = re.compile(r"\(([^()]{1,80})\)")
_WORD_RE = re.compile(r"\S+")
_CLAUSE_BREAK_RE = re.compile(r"[.;:!?](?:\s|$)|,\s")
MAX_SHORT_CHARS = 10


def document_abbreviations(text: str) -> dict[str, str]:
    """Short form -> long form for every definition in `text`, first definition first."""
    found: dict[str, str] = {}
    for match in _PAREN_RE.finditer(text):
        inside = match.group(1).strip()
        before = _clause_before(text, match.start())
        pair = _definition(before, inside)
        if pair and pair[0] not in found:
            found[pair[0]] = pair[1]
    return found


def _clause_before(text: str, end: int) -> str:
    """The text before a parenthesis, back to the last sentence or clause break (at most 300 characters)."""
    window = text[max(0, end - 300):end]
    breaks = list(_CLAUSE_BREAK_RE.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _definition(before: str, inside: str) -> tuple[str, str] | None:
    """(short, long) when "before (inside)" defines an abbreviation either way round, else None."""
    inside = inside.split(";")[0].split(", ")[0].strip()
    if _is_short_form(inside):
        words = before.split()
        long_form = _long_form(inside, words[-min(len(inside) + 5, 2 * len(inside)):])
        return (inside, long_form) if long_form else None
    words = before.split()
    if words and len(inside.split()) > 2 and _is_short_form(words[-1]):
        short = words[-1]
        candidate = inside.split()
        long_form = _long_form(short, candidate)
        return (short, long_form) if long_form else None
    return None


def _is_short_form(candidate: str) -> bool:
    return (
        2 <= len(candidate) <= MAX_SHORT_CHARS
        and len(candidate.split()) <= 2
        and candidate[0].isalnum()
        and any(ch.isupper() for ch in candidate)
    )


def _long_form(short: str, words: list[str]) -> str | None:
    """The shortest tail of `words` that holds the short form's characters in order (Schwartz & Hearst)."""
    text = " ".join(words)
    chars = [ch.lower() for ch in short if ch.isalnum()]
    if not chars:
        return None
    s_index = len(chars) - 1
    l_index = len(text) - 1
    while s_index >= 0:
        current = chars[s_index]
        while l_index >= 0 and (
            text[l_index].lower() != current
            or (s_index == 0 and l_index > 0 and text[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = text.rfind(" ", 0, l_index + 1) + 1
    long_form = text[start:].strip()
    if not long_form or len(long_form) <= len(short) or short.lower() in long_form.lower().split():
        return None
    return long_form
