"""Given names for export: PubMed fore names as they are, initials with periods ("LD" -> "L. D."); and the
one place initials are read: an author's (`initials`), and those a given name written as initials stands for
(`written_initials`, for the readers and the reference labeller).

Periods matter: BibTeX and biber abbreviate "L. D." to the same initials, but read "LD" as one given
name and print it whole.
"""
from __future__ import annotations

import re

from citetrace.citations.model import Author

_INITIALS = re.compile(r"^(?:[A-Z][.\s-]*){1,4}$")


_INITIAL_PUNCTUATION = re.compile(r"[.\s\u2010-]")


def initials(author: Author) -> str:
    """The initials as cited, else a given name that is initials already ("HW", "H. W."), else the first letter
    of each given name ("Jean-Pierre" -> "JP")."""
    given = (author.given or "").strip()
    if author.initials or not given:
        return author.initials or ""
    if _INITIALS.match(given):
        return "".join(char for char in given if char.isalpha())
    return "".join(part[0] for part in given.replace("-", " ").split())


def written_initials(given: str | None) -> str | None:
    """The initials a given name written as one to four initials stands for ("SV", "S. V.", "J.-P." -> "SV",
    "SV", "JP"); None for a full given name ("Luigi D") or none."""
    letters = _INITIAL_PUNCTUATION.sub("", given or "")
    return letters if 1 <= len(letters) <= 4 and letters.isalpha() and letters.isupper() else None


def given_name(author: Author) -> str | None:
    """The given name to export: the fore name with lone initials dotted, else the dotted initials."""
    given = (author.given or "").strip()
    if given and not _INITIALS.match(given):
        return " ".join(_dot_initial(token) for token in given.split())
    letters = given or (author.initials or "").strip()
    if not letters:
        return None
    return _dot_initials(letters)


def _dot_initials(initials: str) -> str:
    """"LD" -> "L. D.", "J-P" -> "J.-P.", "L. D." stays."""
    out = ""
    for char in initials:
        if char.isalpha():
            out += (" " if out and not out.endswith("-") else "") + char + "."
        elif char == "-":
            out += "-"
    return out


def _dot_initial(token: str) -> str:
    """A lone capital within a fore name ("Luigi D") gets its period."""
    return token + "." if len(token) == 1 and token.isupper() else token
