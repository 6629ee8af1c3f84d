"""Scoring a read PDF against its hand-made truth: references found, field accuracy, marker recall and precision.

A truth file (tests/data/pdf/*.truth.json) lists every reference's first author, year, title start, volume
and first page as printed (null where the entry has none, which is not scored), and the reference numbers
the body cites. The benchmark and the tests score with the same function.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from citetrace.citations.model import Reference
from citetrace.ingest.build import parse_document
from citetrace.ingest.readers.formats import read_documents

FIELDS = ("author", "year", "title", "volume", "page")


@dataclass
class Score:
    """What reading one file gave, against its truth."""

    file: str
    references: int
    expected_references: int
    contiguous: bool
    fields_right: int
    fields_scored: int
    cited_linked: int
    cited_expected: int
    cited_invented: int
    seconds: float
    """CPU seconds to read and parse the file, the reading child included (one core at a time)."""
    wrong: list[str]

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields_scored if self.fields_scored else 1.0

    @property
    def marker_recall(self) -> float:
        return self.cited_linked / self.cited_expected if self.cited_expected else 1.0

    @property
    def marker_precision(self) -> float:
        found = self.cited_linked + self.cited_invented
        return self.cited_linked / found if found else 1.0


def _fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())


def field_value(reference: Reference, field: str) -> str | None:
    """A parsed reference's value for one truth field."""
    if field == "author":
        return reference.authors[0].family if reference.authors else None
    if field == "year":
        return str(reference.year) if reference.year else None
    if field == "title":
        return reference.title
    if field == "volume":
        return reference.volume
    return reference.first_page


def field_right(reference: Reference, field: str, expected: object) -> bool:
    """Whether the parsed field agrees with the truth (a title agrees when it starts with the truth's words)."""
    found = _fold(field_value(reference, field))
    want = _fold(str(expected))
    if field == "title":
        return bool(want) and found.startswith(want)
    return found == want


def score(path: Path, truth: dict) -> Score:
    """Read `path` as citetrace does and compare it with `truth`."""
    started = cpu_seconds()
    (document,) = read_documents(path)
    parsed = parse_document(document)
    references, claims = parsed.references, parsed.claims
    seconds = cpu_seconds() - started
    by_number = {reference.number: reference for reference in references}
    right = scored = 0
    wrong: list[str] = []
    for expected in truth["references"]:
        reference = by_number.get(expected["number"])
        for field in FIELDS:
            if expected.get(field) is None:
                continue
            scored += 1
            if reference is not None and field_right(reference, field, expected[field]):
                right += 1
            else:
                found = field_value(reference, field) if reference else None
                wrong.append(f"{expected['number']} {field}: {found!r} != {expected[field]!r}")
    numbers = [reference.number for reference in references]
    cited = {number for claim in claims for number in claim.refs}
    expected_cited = set(truth["cited"])
    return Score(
        file=path.name,
        references=len(references),
        expected_references=len(truth["references"]),
        contiguous=numbers == list(range(1, len(numbers) + 1)),
        fields_right=right,
        fields_scored=scored,
        cited_linked=len(cited & expected_cited),
        cited_expected=len(expected_cited),
        cited_invented=len(cited - expected_cited),
        seconds=seconds,
        wrong=wrong,
    )


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (PDFium reads in a child process)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def load_truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
