"""Tokens of a reference string and the features a sequence labeller reads from them.

Pure functions, shared by the labeller (citations.reference_labeller) and the training scripts, so that the
model is trained on exactly the tokens and features it later sees. A token is a run of letters and digits or a
single other character; offsets into the string are kept so that a field is always a slice of what was written
("Al‐Aly", "829-45.e20"), never a re-joined approximation.
"""
from __future__ import annotations

import re
from functools import lru_cache

from citetrace.citations.months import DATE_WORDS

TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
YEAR_TOKEN = re.compile(r"^(?:1[6-9]|20)\d\d[a-z]?$")
INITIALS_TOKEN = re.compile(r"^[A-Z\u00c0-\u00de]{1,3}$")
DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
ROLE_WORDS = frozenset("in eds ed editor editors editor(s) available accessed cited doi pmid pmcid http https www".split())
PUNCTUATION_NAMES = {
    ".": "dot", ",": "comma", ";": "semi", ":": "colon", "(": "lpar", ")": "rpar", "[": "lbr", "]": "rbr",
    "'": "quote", '"': "dquote", "\u2018": "quote", "\u2019": "quote", "\u201c": "dquote", "\u201d": "dquote",
    "/": "slash", "&": "amp", "?": "qmark", "!": "bang",
}
MAX_TOKENS = 1500
"""A longer string is not a reference (a whole page pasted in): it is kept raw, unlabelled, so labelling stays fast."""


def tokenise(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for each token of `text`."""
    return [(match.group(), match.start(), match.end()) for match in TOKEN.finditer(text)]


@lru_cache(maxsize=65536)
def _word_features(token: str) -> tuple[str, ...]:
    """What a token says on its own: its word, shape and kind; cached, as tokens repeat across a list."""
    lower = token.lower()
    if len(token) == 1 and not token.isalnum():
        kind = "dash" if token in DASHES else PUNCTUATION_NAMES.get(token, "punct")
        return (f"p={kind}",)
    shape = re.sub(r"[A-Z\u00c0-\u00de]+", "X", re.sub(r"[a-z\u00df-\u00ff]+", "x", re.sub(r"\d+", "d", token)))
    features = [f"w={lower}", f"s={shape[:6]}"]
    if token.isdigit():
        features.append(f"d={min(len(token), 6)}")
        if YEAR_TOKEN.match(token):
            features.append("year")
    elif YEAR_TOKEN.match(token):
        features.append("year")
    if INITIALS_TOKEN.match(token):
        features.append("initials")
    if token[:1].isupper():
        features.append("cap")
    if lower in DATE_WORDS:
        features.append("month")
    if lower in ROLE_WORDS:
        features.append("role")
    if len(token) > 3:
        features.append(f"suf={lower[-3:]}")
    if not token.isascii():
        features.append("nonascii")
    return tuple(features)


@lru_cache(maxsize=65536)
def _token_features(token: str) -> tuple:
    """A token's own features, as its right and left neighbours see it (word, shape, year), as its second
    neighbours see it (kind only), and its traits (year, long lower-case word, alphanumeric, starts with a
    digit) for the sentence and look-ahead features: computed once per distinct token."""
    own = _word_features(token)
    seen = own[:2] + (("year",) if "year" in own else ())
    kind = own[0] if own[0].startswith("p=") else own[1]
    traits = (YEAR_TOKEN.match(token) is not None, len(token) > 3 and token.islower(), token.isalnum(),
              token[:1].isdigit())
    return own, tuple("-1:" + f for f in seen), tuple("1:" + f for f in seen), "-2:" + kind, "2:" + kind, traits


@lru_cache(maxsize=4096)
def _place(position: int, ahead: str, stops: int, years: int, colons: int, parens: bool) -> tuple[str, str, str]:
    """Where a token sits, as three conjoined attributes (few distinct values, so cached)."""
    return f"pos={position}", f"{ahead}|st={stops}", f"yr={years}|co={colons}|par={int(parens)}"


SPACES = ("sp=00", "sp=01", "sp=10", "sp=11")
LEFT_EDGE, RIGHT_EDGE = ("-1:none",), ("1:none",)


def features(text: str, tokens: list[tuple[str, int, int]]) -> list[list[str]]:
    """Features of every token: its own, its neighbours' (two either side), where it sits, and its sentence.

    Position is what tells a title from a journal in most layouts: how many full stops, parentheses, colons
    and years came before and how many full stops follow before the next year, and how far along the string
    the token is. The sentence (the run between full stops) says the rest: a journal's is short, has no long
    lower-case word and is followed by a number."""
    count = len(tokens)
    table = [_token_features(token) for token, _, _ in tokens]
    ahead = _stops_ahead(tokens, table)
    sentences = _sentences(text, tokens, table)
    length = len(text)
    rows: list[list[str]] = []
    stops = parens = years = colons = 0
    names = _name_features(tokens)
    for index, (token, start, end) in enumerate(tokens):
        own = table[index]
        spaces = SPACES[2 * (start > 0 and text[start - 1] == " ") + (end < length and text[end] == " ")]
        rows.append([
            *(names[index] if index < NAME_ZONE else ()),
            *own[0],
            *(table[index - 1][1] if index else LEFT_EDGE),
            *(table[index + 1][2] if index + 1 < count else RIGHT_EDGE),
            table[index - 2][3] if index > 1 else "-2:none",
            table[index + 2][4] if index + 2 < count else "2:none",
            *_place(index * 8 // count, ahead[index], stops if stops < 5 else 5, years if years < 2 else 2,
                    colons if colons < 2 else 2, parens > 0),
            spaces,
            sentences[index],
        ])
        if token == ".":
            stops += 1
        elif token == "(":
            parens += 1
        elif token == ")":
            parens = max(0, parens - 1)
        elif token == ":":
            colons += 1
        elif "year" in own[0]:
            years += 1
    return rows


NAME_ZONE = 40
"""Tokens at the start of a string that get the name-list features (a long author list runs past it only when
its convention is long settled)."""
NAME_JOINS = frozenset(("&", "and", "et", "und", "y", "e"))


@lru_cache(maxsize=65536)
def _name_class(token: str) -> str:
    """A token as an author list shows it: separator, full stop, "and", initials, all-caps word, word, other."""
    if token in ",;":
        return ","
    if token == ".":
        return "."
    if token.lower() in NAME_JOINS:
        return "&"
    if INITIALS_TOKEN.match(token):
        return "I"
    if token[:1].isupper():
        return "C" if token.isupper() else "W"
    return "o"


def _name_features(tokens: list[tuple[str, int, int]]) -> list[tuple[str, str]]:
    """For the first NAME_ZONE tokens: the list's convention and where the token sits in its name.

    Whether "Tammy" in "Clewell, Tammy" is a given name and "Jasilionis" in "Deev AD, Jasilionis D" a family
    name depends on the convention the list set at its start: the classes of its first five tokens ("WI,WI"
    Vancouver, "W,W,&" MLA, "W,I.," APA, "I.W,I" given names first, "C,I.I" all-caps Harvard), joined with the
    token's place (how many names came before, capped at two; how many words since the last separator) and its
    own class."""
    classes = [_name_class(token) for token, _, _ in tokens[:NAME_ZONE] if token not in ("-", "\u2010", "'")]
    pattern = "".join(classes[:5])
    features: list[tuple[str, str]] = []
    words = separators = 0
    for token, _, _ in tokens[:NAME_ZONE]:
        kind = _name_class(token)
        if kind in ",&":
            words, separators = 0, separators + (words > 0)
        elif kind != ".":
            words += 1
        features.append((f"np={pattern}", f"np={pattern}|{min(separators, 2)}{min(words, 3)}{kind}"))
    return features


def _sentences(text: str, tokens: list[tuple[str, int, int]], table: list[tuple]) -> list[str]:
    """For each token, a summary of its sentence (the tokens up to and including a full stop, "?" or "!" that
    a space follows): whether it holds a lower-case word of four letters or more, how long it is, and whether a
    number follows."""
    summaries: list[str] = []
    start, count, length = 0, len(tokens), len(text)
    lower = False
    for index, (token, _, end) in enumerate(tokens):
        lower = lower or table[index][5][1]
        if index + 1 < count and not (token in ".?!" and (end == length or text[end] == " ")):
            continue
        size = index + 1 - start
        following = next((traits for traits in (row[5] for row in table[index + 1 : index + 3]) if traits[2]), None)
        summary = SENTENCE[lower][0 if size < 5 else 1 if size < 10 else 2][bool(following and following[3])]
        summaries.extend([summary] * size)
        start, lower = index + 1, False
    return summaries


SENTENCE = tuple(tuple(tuple(f"sent={lower}{size}{digit}" for digit in (0, 1)) for size in (0, 1, 2)) for lower in (0, 1))
AHEAD = (tuple(f"ahead={i}e" for i in range(4)), tuple(f"ahead={i}y" for i in range(4)))


def _stops_ahead(tokens: list[tuple[str, int, int]], table: list[tuple]) -> list[str]:
    """For each token, the full stops between it and the next year (or the end): "2y" is two stops before a
    year. In most layouts the journal is the last sentence before the year, the title the one before that."""
    ahead: list[str] = [""] * len(tokens)
    stops, year_seen = 0, False
    for index in range(len(tokens) - 1, -1, -1):
        if table[index][5][0]:
            stops, year_seen = 0, True
        ahead[index] = AHEAD[year_seen][stops if stops < 3 else 3]
        if tokens[index][0] == ".":
            stops += 1
    return ahead
