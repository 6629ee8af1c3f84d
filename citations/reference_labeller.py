"""Label each token of a reference string with its field, using a small shipped CRF, and read the fields back.

The model (`citations/data/reference-crf.model`, trained by scripts/train_reference_model.py on strings built
by scripts/build_reference_training_data.py) is read once, on first use, by `shipped_tagger`: the parser's one
read from disk. Every field is read from the labels
on its own, so a string with one unfamiliar part still yields the others. Strings that cannot be a reference
(too long, control characters, mostly non-Latin script) get no labels at all, which keeps labelling within a
few milliseconds whatever the input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from citetrace.citations.model import Author
from citetrace.citations.names import written_initials
from citetrace.citations.reference_tokens import DASHES, MAX_TOKENS, YEAR_TOKEN, features, tokenise

MODEL = Path(__file__).resolve().parent / "data" / "reference-crf.model"
MAX_CHARS = 4000
"""Longer than any real reference (a 100-author list runs to about 3,000 characters)."""
AUTHOR_LABELS = frozenset(("AF", "AG", "AO"))
ROLE_WORDS = re.compile(r"^(?:editors?|eds?|\(eds?\)|ed\.?|\(ed\.?\)|and|&|in)$", re.IGNORECASE)
INITIALS = re.compile(r"^(?:[A-Z\u00c0-\u00de]\.?[\s\u2010-]*){1,4}$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffe\uffff]")
LETTER = re.compile(r"[^\W\d_]")
NON_LATIN_LETTER = re.compile(r"[^\W\d_\x00-\u024f\u1e00-\u1eff]")
CUES = {"vol": "VO", "volume": "VO", "no": "IS", "issue": "IS", "pp": "PG"}
CONTAINER_CUE = re.compile(r"^(?:in\s*:|dans\s*:?|in\s+(?!vivo\b|vitro\b|silico\b|practice\b))\s*", re.IGNORECASE)
""""In:" before a book or proceedings title, when the labels took it in."""
ABBREVIATIONS = re.compile(r"^(?:(?:[A-Z][^\W\d_]{0,5}\.|[A-Z]|[A-Z]{2,5}):?\s?)+$")
"""Dotted abbreviations, acronyms and section letters ("Phys. Rev.", "J. Phys. D: Appl."): the start of a
journal, not a title."""
E_PAGE = re.compile(r"^e\d+$")
READ_WORDS = frozenset(("accessed", "cited", "retrieved", "viewed", "updated", "consulted", "consulté", "abgerufen"))
GENRE = re.compile(r"^(?:(?:PhD|Ph\.\s?D\.?|MD|MSc|MA|Doctoral|Master'?s)\s+)?(?:diss(?:ertation)?|thesis|th[eè]se)\.?$",
                   re.IGNORECASE)
"""A thesis's genre ("PhD diss.") labelled as a container: it is not one."""
YEAR_START = re.compile(r"^(?:1[6-9]|20)\d\d(?!\d)")
"""A year, alone or run into what follows it ("2010a", "1993Feb" as some styles print a date)."""
PAGE_TOKEN = re.compile(r"^[A-Za-z]?\d+$")
SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+")
JOURNAL_GLUE = frozenset(("of", "and", "&", "the", "de", "in", "for", "y", "et"))
EDGE_PUNCTUATION = " .,;:\u201c\u201d\"'"


@dataclass
class LabelledFields:
    """What the labels say, field by field; anything the string does not show stays empty."""

    authors: list[Author] = field(default_factory=list)
    et_al: bool = False
    editors: list[Author] = field(default_factory=list)
    title: str | None = None
    container_title: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    publisher_place: str | None = None
    edition: str | None = None
    url: str | None = None


@lru_cache(maxsize=1)
def shipped_tagger() -> Any:  # a pycrfsuite.Tagger; the module ships no type information
    """The shipped model, read from the package once per process, on first use: the one read from disk of
    the reference parser (and of `citations/`), kept here at the edge so that everything else stays pure."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    return tagger


def is_labellable(text: str) -> bool:
    """Whether `text` can be a reference: not over-long, not binary, written mostly in Latin script."""
    if not text or len(text) > MAX_CHARS or CONTROL.search(text):
        return False
    if text.isascii() or not NON_LATIN_LETTER.search(text):
        return LETTER.search(text) is not None
    return len(NON_LATIN_LETTER.findall(text)) * 2 <= len(LETTER.findall(text))


def label(text: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Tokens of `text` and the model's label for each; no labels past MAX_TOKENS tokens. The caller checks
    `is_labellable` first (the reference parser does, before its rules)."""
    tokens = tokenise(text)
    if not tokens or len(tokens) > MAX_TOKENS:
        return tokens, []
    return tokens, shipped_tagger().tag(features(text, tokens))


def read_fields(text: str, tokens: list[tuple[str, int, int]], labels: list[str]) -> LabelledFields:
    """The fields the labels mark, each read on its own (a title run is the longest run labelled title)."""
    fields = LabelledFields()
    if not labels:
        return fields
    labels = _abbreviated_journal(tokens, _page_suffix(tokens, _cued(tokens, labels)))
    labels = _container_after_title(tokens, _title_before_container(labels))
    runs = _runs(labels)
    fields.authors, fields.et_al = _authors(text, tokens, labels)
    fields.title = _longest(text, tokens, runs, "TI")
    fields.container_title = _longest(text, tokens, runs, "CT")
    if fields.title and not fields.container_title:
        fields.title, fields.container_title = _trailing_journal(fields.title)
    elif fields.container_title and not fields.title:
        title, journal = _trailing_journal(fields.container_title)
        if journal and not ABBREVIATIONS.match(title + "."):
            fields.title, fields.container_title = title, journal
    if fields.container_title and not fields.title and "PB" in runs and "VO" not in runs:
        fields.title, fields.container_title = fields.container_title, None
    if fields.container_title:
        fields.container_title = CONTAINER_CUE.sub("", fields.container_title) or None
    fields.volume = _first_number(text, tokens, runs, "VO")
    issue = _first(text, tokens, runs, "IS")
    fields.issue = issue.strip("()") or None if issue else None
    fields.page = _first_number(text, tokens, runs, "PG") or _page_after_volume(text, tokens, labels, runs)
    fields.publisher = _longest(text, tokens, runs, "PB")
    fields.publisher_place = _longest(text, tokens, runs, "PL")
    fields.edition = _first(text, tokens, runs, "EDN")
    fields.url = _first(text, tokens, runs, "URL")
    editors = _longest(text, tokens, runs, "ED")
    fields.editors = _editor_names(editors) if editors else []
    for (token, _, _), token_label in zip(tokens, labels, strict=True):
        if token_label == "DATE" and YEAR_START.match(token):
            fields.year = int(token[:4])
            break
    else:
        fields.year = _unlabelled_year(tokens, labels)
    if fields.container_title and GENRE.match(fields.container_title):
        fields.container_title = None
    return fields


def _unlabelled_year(tokens: list[tuple[str, int, int]], labels: list[str]) -> int | None:
    """With no year labelled, a year standing alone among the other words ("no. 2, 2017, pp. 112-20"), unless it
    is the date a web page was read ("accessed 2021 Mar 3")."""
    for index, ((token, _, _), token_label) in enumerate(zip(tokens, labels, strict=True)):
        if token_label == "O" and token.isdigit() and YEAR_TOKEN.match(token) and not any(
                word.lower() in READ_WORDS for word, _, _ in tokens[max(0, index - 5) : index]):
            return int(token)
    return None


def _cued(tokens: list[tuple[str, int, int]], labels: list[str]) -> list[str]:
    """Labels corrected where a word says what follows: the number after "vol." is the volume, after "no." the
    issue, after "pp." the page (with the rest of its range)."""
    labels = list(labels)
    for index, (token, _, _) in enumerate(tokens):
        cue = CUES.get(token.lower())
        if cue is None:
            continue
        after = index + 1 + (index + 1 < len(tokens) and tokens[index + 1][0] == ".")
        if after < len(tokens) and tokens[after][0][:1].isdigit():
            labels[after] = cue
            while cue == "PG" and after + 2 < len(tokens) and tokens[after + 1][0] in DASHES \
                    and tokens[after + 2][0][:1].isalnum():
                labels[after + 1] = labels[after + 2] = cue
                after += 2
    return labels


def _page_suffix(tokens: list[tuple[str, int, int]], labels: list[str]) -> list[str]:
    """An e-page suffix written tight after a page range ("829-45.e20") is part of the page."""
    labels = list(labels)
    for index in range(len(tokens) - 2):
        if labels[index] == "PG" and labels[index + 1] != "PG" and tokens[index + 1][0] == "." \
                and E_PAGE.match(tokens[index + 2][0]) and tokens[index][2] == tokens[index + 1][1] \
                and tokens[index + 1][2] == tokens[index + 2][1]:
            labels[index + 1] = labels[index + 2] = "PG"
    return labels


def _title_before_container(labels: list[str]) -> list[str]:
    """Two container runs and no title (`“Title,” in Proc. ...` both read as containers): the first is the title."""
    runs = _runs(labels)
    if "TI" in runs or len(runs.get("CT", ())) < 2:
        return labels
    start, end = runs["CT"][0]
    return labels[:start] + ["TI"] * (end - start) + labels[end:]


def _container_after_title(tokens: list[tuple[str, int, int]], labels: list[str]) -> list[str]:
    """Two title runs and no container, the second followed by a volume (`Title. Age and Ageing, 40(3)`): the
    second is the journal."""
    runs = _runs(labels)
    if "CT" in runs or len(runs.get("TI", ())) < 2:
        return labels
    start, end = runs["TI"][-1]
    after = end
    while after < len(tokens) and labels[after] == "O" and not tokens[after][0][:1].isalnum():
        after += 1
    if after < len(tokens) and labels[after] == "VO":
        return labels[:start] + ["CT"] * (end - start) + labels[end:]
    return labels


def _abbreviated_journal(tokens: list[tuple[str, int, int]], labels: list[str]) -> list[str]:
    """A title run made only of two or more abbreviations ("Phys. Rev.") right before a journal run ("Lett.") is
    the start of the journal: physics and chemistry lists print no title, and their journals are dotted
    abbreviations. A one-word title ("Sepsis.") stays a title."""
    runs = _runs(labels).get("TI", [])
    for start, end in runs:
        after = end + (end < len(tokens) and tokens[end][0] == ".")
        if after >= len(labels) or labels[after] != "CT":
            continue
        words = [index for index in range(start, end) if tokens[index][0][:1].isalpha()]
        if len(words) > 1 and all(_abbreviation(tokens, i) for i in words):
            labels = labels[:start] + ["CT"] * (after - start) + labels[after:]
    return labels


def _abbreviation(tokens: list[tuple[str, int, int]], index: int) -> bool:
    """A capitalised word of up to six letters followed by a full stop ("Phys."), an acronym ("IEEE") or a section
    letter ("D")."""
    token = tokens[index][0]
    dotted = len(token) <= 6 and token[:1].isupper() and index + 1 < len(tokens) and tokens[index + 1][0] == "."
    return dotted or (token.isupper() and token.isalpha() and len(token) <= 5)


def _trailing_journal(title: str) -> tuple[str, str | None]:
    """Split "Regulatory T cells in transplantation. Cell" when the model ran title and journal together (as
    either): only when one of them was not labelled at all and the last sentence is a few capitalised words with
    no digit."""
    breaks = list(SENTENCE_BREAK.finditer(title))
    if not breaks:
        return title, None
    tail = title[breaks[-1].end() :]
    words = tail.split()
    if len(words) <= 6 and not any(c.isdigit() for c in tail) and all(
        word[0].isupper() or word in JOURNAL_GLUE for word in words
    ):
        return title[: breaks[-1].start()].rstrip(" ."), tail.rstrip(" .")
    return title, None


def _runs(labels: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Token index ranges [start, end) of each label's runs, in order."""
    runs: dict[str, list[tuple[int, int]]] = {}
    start = 0
    for index in range(1, len(labels) + 1):
        if index == len(labels) or labels[index] != labels[start]:
            runs.setdefault(labels[start], []).append((start, index))
            start = index
    return runs


def _slice(text: str, tokens: list[tuple[str, int, int]], run: tuple[int, int]) -> str | None:
    value = text[tokens[run[0]][1] : tokens[run[1] - 1][2]].strip(EDGE_PUNCTUATION)
    return value or None


def _longest(text: str, tokens: list[tuple[str, int, int]], runs: dict, name: str) -> str | None:
    if name not in runs:
        return None
    return _slice(text, tokens, max(runs[name], key=lambda run: run[1] - run[0]))


def _first(text: str, tokens: list[tuple[str, int, int]], runs: dict, name: str) -> str | None:
    return _slice(text, tokens, runs[name][0]) if name in runs else None


def _first_number(text: str, tokens: list[tuple[str, int, int]], runs: dict, name: str) -> str | None:
    """The first run of `name` that holds a digit (a volume or page label on a title word is a slip)."""
    for run in runs.get(name, ()):
        value = _slice(text, tokens, run)
        if value and any(char.isdigit() for char in value):
            return value
    return None


def _page_after_volume(text: str, tokens: list[tuple[str, int, int]], labels: list[str], runs: dict) -> str | None:
    """When no page was labelled, the number right after the volume ("J Cheminform 7, 7", "13:812345")."""
    if "VO" not in runs:
        return None
    index = runs["VO"][0][1]
    while index < len(tokens) and (labels[index] == "IS" or tokens[index][0] in ",:;()"):
        index += 1
    if index < len(tokens) and labels[index] != "DATE" and PAGE_TOKEN.match(tokens[index][0]):
        return tokens[index][0]
    return None


HYPHENS = frozenset("-\u2010\u2011")

def _authors(text: str, tokens: list[tuple[str, int, int]], labels: list[str]) -> tuple[list[Author], bool]:
    """People of the first author list: family-name tokens (AF), given-name tokens (AG) and separators (AO).

    A new person starts at a family name once the current one has a family name and either a given name or a
    separator after it, unless it runs on from a family-name token ("J.-E. De Neve", "E. Darian-Smith"); in lists
    written given-name first ("J. A. Smith"), given names open a person."""
    start = next((i for i, token_label in enumerate(labels) if token_label in ("AF", "AG")), None)
    if start is None:
        return [], False
    labels = _joined_family_names(text, tokens, labels)
    end = start
    while end < len(labels) and labels[end] in AUTHOR_LABELS:
        end += 1
    indexes = range(start, end)
    people: list[dict[str, list[int]]] = []
    et_al = False
    given_first = next((labels[i] == "AG" for i in indexes if labels[i] != "AO"), False)
    current: dict[str, list[int]] = {"family": [], "given": []}
    separated = False
    for index in indexes:
        token, token_label = tokens[index][0], labels[index]
        # written against the family name so far, with no space: a hyphenated surname ("Konick-McMahan")
        joined = bool(current["family"]) and tokens[current["family"][-1]][2] == tokens[index][1]
        if joined and (token in HYPHENS or token_label == "AF" and tokens[index - 1][0] in HYPHENS):
            current["family"].append(index)
            continue
        if token_label == "AO":
            if token.lower() in ("et", "al"):
                et_al = True
            separated = separated or token in ",;&" or token.lower() == "and"
            continue
        if token_label == "AF":
            continued = index > start and labels[index - 1] == "AF"
            if current["family"] and (current["given"] or separated) and not (continued and not separated):
                people.append(current)
                current = {"family": [], "given": []}
            current["family"].append(index)
        else:
            if given_first and current["family"]:
                people.append(current)
                current = {"family": [], "given": []}
            elif current["given"] and separated and not given_first:
                people.append(current)
                current = {"family": [], "given": []}
            current["given"].append(index)
        separated = False
    if current["family"] or current["given"]:
        people.append(current)
    authors = [author for person in people if (author := _person(text, tokens, person))]
    return authors, et_al


def _joined_family_names(text: str, tokens: list[tuple[str, int, int]], labels: list[str]) -> list[str]:
    """A hyphen or apostrophe written tight between two family-name tokens ("Darian-Smith", "O'Shea") is part of
    the family name, whatever label it got."""
    labels = list(labels)
    for index in range(1, len(tokens) - 1):
        token, start, end = tokens[index]
        if (token in DASHES or token in "'\u2019") and labels[index - 1] == labels[index + 1] == "AF" \
                and tokens[index - 1][2] == start and tokens[index + 1][1] == end:
            labels[index] = "AF"
    return labels


def _person(text: str, tokens: list[tuple[str, int, int]], person: dict[str, list[int]]) -> Author | None:
    if not person["family"]:
        return None
    family = text[tokens[person["family"][0]][1] : tokens[person["family"][-1]][2]].strip(EDGE_PUNCTUATION)
    if not family:
        return None
    if not person["given"]:
        return Author(family=family, collective=len(family.split()) >= 3)
    given = text[tokens[person["given"][0]][1] : tokens[person["given"][-1]][2]].strip(" ,;")
    return Author(family=family, given=given or None, initials=written_initials(given))


def _editor_names(value: str) -> list[Author]:
    """Editors as "Smith AB, Jones C, editors" or "J. Smith and K. Jones (eds.)": family names and initials."""
    editors: list[Author] = []
    for part in re.split(r"\s*(?:[,;]|\band\b|&)\s*", value):
        words = [word for word in part.split() if not ROLE_WORDS.match(word)]
        if not words:
            continue
        if len(words) > 1 and INITIALS.match(words[-1]):
            editors.append(Author(family=" ".join(words[:-1]), given=words[-1]))
        elif len(words) > 1 and INITIALS.match(" ".join(words[:-1])):
            editors.append(Author(family=words[-1], given=" ".join(words[:-1])))
        else:
            editors.append(Author(family=" ".join(words)))
    return editors
