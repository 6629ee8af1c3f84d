"""Text to BibTeX field values and back: escaping, LaTeX encoding of non-ASCII text, title protection.

bibtexparser's `LatexEncodingMiddleware` (pylatexenc defaults) is not used for writing because its output
breaks classic BibTeX: it escapes `{` as `\\{`, which BibTeX still counts as an open brace (BibTeX does not
honour backslash escapes when balancing braces), it writes `\\"a` without the enclosing braces BibTeX needs
to treat the accent as one special character (sorting, `purify$`, case changes), and it would also escape
the braces that protect capitalisation. Here each piece of text is encoded on its own, so protection
braces and escapes never interfere.

Two encodings: `latex` (ASCII only where LaTeX has a safe spelling, for classic BibTeX and pdflatex) and
`unicode` (UTF-8 kept, for biber). Both always escape `& % $ # _ { } \\ ~ ^`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import get_default_latex_context_db as get_default_walker_context
from pylatexenc.latexencode import UnicodeToLatexEncoder

ENCODINGS = ("latex", "unicode")

# Characters with a meaning to BibTeX or LaTeX, escaped in every encoding. Braces become text macros
# inside a brace group, because `\{` would leave the braces unbalanced for BibTeX.
_SPECIALS = {
    "\\": "{\\textbackslash}",
    "{": "{\\textbraceleft}",
    "}": "{\\textbraceright}",
    "&": "\\&",
    "%": "\\%",
    "$": "\\$",
    "#": "\\#",
    "_": "\\_",
    "~": "{\\textasciitilde}",
    "^": "{\\textasciicircum}",
}

# Accents written as a symbol (`{\"a}`) and as a letter macro with an argument (`{\c{c}}`).
_SYMBOL_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0307": ".", "\u0308": '"'}
_LETTER_ACCENTS = {
    "\u0306": "u", "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b",
}

# Letters that are not an ASCII letter plus an accent. đ, ð and þ need the T1 font encoding in LaTeX.
_LETTERS = {
    "ø": "{\\o}", "Ø": "{\\O}", "ł": "{\\l}", "Ł": "{\\L}", "ß": "{\\ss}", "æ": "{\\ae}", "Æ": "{\\AE}",
    "œ": "{\\oe}", "Œ": "{\\OE}", "å": "{\\aa}", "Å": "{\\AA}", "ı": "{\\i}", "đ": "{\\dj}", "Đ": "{\\DJ}",
    "ð": "{\\dh}", "Ð": "{\\DH}", "þ": "{\\th}", "Þ": "{\\TH}",
}

# Greek letters with a math macro (common in gene and cytokine names: TNF-α, IFN-γ, β2-microglobulin).
_GREEK = {
    chr(0x3B1 + i): name
    for i, name in enumerate(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi - pi rho varsigma sigma tau "
        "upsilon phi chi psi omega".split()
    )
    if name != "-"
}
_GREEK.update({"µ": "mu", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
               "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"})

_WORD = re.compile(r"[^\W_]+")
_SYMBOL_ENCODER = UnicodeToLatexEncoder(conversion_rules=["defaults"], unknown_char_policy="keep",
                                        unknown_char_warning=False)


def encode_text(text: str, encoding: str = "latex") -> str:
    """Encode plain text as a BibTeX field value: whitespace collapsed, specials escaped, no protection."""
    return encode_text_piece(" ".join(text.split()), encoding)


def encode_title(text: str, encoding: str = "latex") -> str:
    """Encode a title, bracing the words whose capitals a BibTeX style must not lower-case.

    PubMed titles are in sentence case, so a capital after the first word is meant: words with an inner
    capital or a digit (`{IgM}`, `{CD40}`, `{mRNA}`), all-capital words and single capitals (`{HIV}`,
    `{X}-linked`) and capitalised words inside the title (`{Bruton}`, `{Wiskott}-{Aldrich}`). In a title
    written in Title Case only the first three kinds are protected: there the capitals are style, not
    meaning. The first word and the word after a colon (which BibTeX styles keep capitalised) are
    protected only for an inner capital, a digit or all capitals of more than one letter.
    """
    text = " ".join(text.split())
    words = list(_WORD.finditer(text))
    title_case = _is_title_case([m.group() for m in words])
    pieces: list[str] = []
    position = 0
    for index, match in enumerate(words):
        separator = text[position:match.start()]
        pieces.append(encode_text_piece(separator, encoding))
        starts_sentence = index == 0 or separator.rstrip().endswith(":")
        word = match.group()
        encoded = encode_text_piece(word, encoding)
        pieces.append("{" + encoded + "}" if _needs_protection(word, starts_sentence, title_case) else encoded)
        position = match.end()
    pieces.append(encode_text_piece(text[position:], encoding))
    return "".join(pieces)


def encode_text_piece(text: str, encoding: str) -> str:
    """Encode text without collapsing whitespace (a piece of a larger value)."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}: use one of {', '.join(ENCODINGS)}")
    return _encode(text, encoding)


def decode(value: str) -> str:
    """Decode a BibTeX field value to plain Unicode text (the inverse of `encode_text`)."""
    return latex_decoder().latex_to_text(value)


_LATEX_MARKUP = re.compile(r"[\\{}~$%&^_#]|``|''")
"""What pylatexenc would change besides dashes; a value without any is plain text once "--" and "---" are
the en and em dashes they stand for."""


class _Decoder(LatexNodes2Text):
    """pylatexenc's decoder with two shortcuts that keep a 1,000-entry .bib fast: plain values (page ranges with
    "--" among them) are decoded without parsing, and the parser's macro tables are built once, not per value."""

    def latex_to_text(self, latex: str, **parse_flags) -> str:
        """pylatexenc's text; markup nested past its recursion (hundreds of macro arguments, each inside the last)
        is dropped instead, the words kept."""
        if not _LATEX_MARKUP.search(latex):
            return latex.replace("---", "\u2014").replace("--", "\u2013")
        try:
            return super().latex_to_text(latex, latex_context=_walker_context(), **parse_flags)
        except RecursionError:
            return _COMMAND.sub(" ", latex).replace("{", "").replace("}", "")


_COMMAND = re.compile(r"\\(?:[A-Za-z@]+\*?|.)")


@lru_cache(maxsize=1)
def _walker_context():
    return get_default_walker_context()


@lru_cache(maxsize=1)
def latex_decoder() -> LatexNodes2Text:
    """pylatexenc's decoder, taught the text macros `encode_text` writes that it does not map exactly."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "citetrace",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", simplify_repl="{"),
            MacroTextSpec("textbraceright", simplify_repl="}"),
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
        ],
    )
    return _Decoder(latex_context=context, math_mode="text")


def _encode(text: str, encoding: str) -> str:
    """Text as LaTeX, character by character; decomposed accents are composed first (NFC), and an accent
    that has no precomposed letter is put on its letter (`x\u0302` -> `{\\^x}`) or, on no letter, dropped,
    because pdflatex stops on a bare combining character."""
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for index, char in enumerate(text):
        if char in _SPECIALS:
            out.append(_SPECIALS[char])
        elif char == "-" and text[index + 1:index + 2] == "-":
            out.append("-{}")  # `--` would print as a dash: keep two hyphens two hyphens
        elif char.isascii() or encoding == "unicode":
            out.append(char)
        elif unicodedata.category(char).startswith("M"):
            accented = _accent(out[-1], char) if out and len(out[-1]) == 1 else None
            if accented:
                out[-1] = accented
        else:
            out.append(_encode_non_ascii(char))
    return "".join(out)


def _encode_non_ascii(char: str) -> str:
    """A LaTeX spelling classic BibTeX and pdflatex accept; a script LaTeX cannot spell stays UTF-8."""
    if char in _LETTERS:
        return _LETTERS[char]
    if char in _GREEK:
        return "{\\ensuremath{\\" + _GREEK[char] + "}}"
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 2 and (accented := _accent(decomposed[0], decomposed[1])):
        return accented
    if unicodedata.category(char).startswith("L"):
        return char
    encoded = _SYMBOL_ENCODER.unicode_to_latex(char)
    if encoded == char or not encoded.startswith("\\"):
        return encoded
    return "{" + encoded.strip() + "}"


def _accent(base: str, mark: str) -> str | None:
    """An ASCII letter with one combining accent as LaTeX (`{\\'e}`, `{\\c{c}}`); None if LaTeX has no such accent."""
    if not (base.isascii() and base.isalpha()):
        return None
    letter = {"i": "\\i", "j": "\\j"}.get(base, base)
    if mark in _SYMBOL_ACCENTS:
        return "{\\" + _SYMBOL_ACCENTS[mark] + letter + "}"
    if mark in _LETTER_ACCENTS:
        return "{\\" + _LETTER_ACCENTS[mark] + "{" + letter + "}}"
    return None


def _needs_protection(word: str, starts_sentence: bool, title_case: bool) -> bool:
    has_letter = any(c.isalpha() for c in word)
    if not has_letter:
        return False
    if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
        return True
    if word.isupper():
        return not (starts_sentence and word == "A")
    return word[0].isupper() and not starts_sentence and not title_case


def _is_title_case(words: list[str]) -> bool:
    """Whether most longer words after the first are capitalised (a title styled in Title Case)."""
    long_words = [w for w in words[1:] if len(w) > 3 and w.isalpha()]
    capitalised = [w for w in long_words if w[0].isupper()]
    return len(long_words) >= 2 and len(capitalised) * 2 > len(long_words)
