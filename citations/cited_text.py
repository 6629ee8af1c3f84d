"""The sentences of a cited text (an abstract or a full text), each with its offsets and section.

A text is read line by line. A line may open with a section label, as `works.abstract` stores a structured
abstract ("RESULTS: Of the 32,441 samples ...") and as a full text gives its headings ("METHODS: ..."): a
label in capitals ("METHODS AND RESULTS", "MAIN OUTCOME MEASURES") or a heading word of scientific papers in
any case ("Results", "Conclusions"), followed by a colon; a single capitalised word shorter than five letters
("HIV: ...") is a label only if it is such a heading word ("AIMS"). The label becomes the `section` of the line's
sentences and of the unlabelled lines after it (a full text's paragraphs under one heading); it is not part
of any sentence. A line holding only a label ("RESULTS" or "Results:") is a heading for the lines after it.

Within a line, sentences are split as the citing document's are (`claims.sentence_spans`), so "e.g.",
"vs.", "et al.", "Fig. 2", "2.5 mg", "P < .05" and initials do not end a sentence. Every sentence is
`text[start:end]` exactly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from citetrace.citations.claims import sentence_spans

HEADING_WORDS = frozenset(
    """abstract aim aims background case conclusion conclusions context design discussion findings funding
    importance interpretation interventions introduction limitations measurements method methods objective
    objectives outcomes participants patients purpose rationale results setting settings significance
    summary""".split()
)
"""Section headings of abstracts and papers that are recognised in any case; capitalised labels need no list."""
_LABEL_RE = re.compile(
    r"(?P<label>[A-Z][A-Z0-9][A-Z0-9 ,&/()\-]{0,58}?|[A-Z][a-z]+(?: (?:[Aa]nd|[A-Za-z][a-z]+)){0,3})"
    r"(?::[ \t]*|[ \t]*$)"
)
"""A label at the start of a line, ended by a colon (or the line's end, for a heading line)."""
MAX_LABEL_WORDS = 6


@dataclass(frozen=True)
class TextSentence:
    """One sentence of a cited text: `text[start:end]`, its position among the text's sentences, its section."""

    index: int
    start: int
    end: int
    section: str | None


def split_cited_text(text: str) -> list[TextSentence]:
    """The sentences of `text` in order, section labels left out of them and kept as their `section`."""
    sentences: list[TextSentence] = []
    section: str | None = None
    position = 0
    for line in text.split("\n"):
        line_start = position
        position += len(line) + 1
        body_start = 0
        label = _label(line)
        if label is not None:
            section, body_start = label
        for start, end in sentence_spans(line[body_start:]):
            sentences.append(
                TextSentence(len(sentences), line_start + body_start + start, line_start + body_start + end, section)
            )
    return sentences


def _label(line: str) -> tuple[str, int] | None:
    """The section label a line opens with, upper-cased, and where the line's text starts after it."""
    stripped = line.lstrip()
    match = _LABEL_RE.match(stripped)
    if not match:
        return None
    label = match.group("label").strip()
    if len(label.split()) > MAX_LABEL_WORDS:
        return None
    if not label.isupper() and label.split()[0].lower() not in HEADING_WORDS:
        return None
    if label.isupper() and len(label) < 5 and " " not in label and label.lower() not in HEADING_WORDS:
        return None
    offset = len(line) - len(stripped) + match.end()
    return label.upper(), offset
