"""The SciFact sample as the evidence scorer meets it: each cited abstract written as `works.abstract` stores
one ("LABEL: text" lines for a structured abstract), each annotated sentence's span in that text, and the
fixed split into training and held-out claims.

SciFact (Wadden et al., "Fact or Fiction: Verifying Scientific Claims", EMNLP 2020): claims CC BY 4.0,
abstracts ODC-By 1.0. The repository keeps a copy of its 809 training claims in
`scripts/data/evidence/scifact-train.jsonl.gz` (see the README there); training, evaluation and tests read it.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCIFACT = REPO / "scripts" / "data" / "evidence" / "scifact-train.jsonl.gz"
HELD_OUT_EVERY = 5
"""A claim whose id is a multiple of this is held out (a fixed fifth), and so is every claim citing an
abstract a held-out claim cites: nothing of a held-out pair is trained on."""
HEADING_WORDS = frozenset(
    """OBJECTIVE OBJECTIVES BACKGROUND DESIGN MAIN OUTCOME OUTCOMES MEASURE MEASURES CONTEXT SETTING SETTINGS
    METHOD METHODS CONCLUSION CONCLUSIONS PARTICIPANTS AND FINDINGS TRIAL REGISTRATION INTERPRETATION FUNDING
    INTERVENTION INTERVENTIONS DATA SOURCES IMPORTANCE RELEVANCE RESULTS SUBJECTS EXPOSURE EXPOSURES PATIENTS
    EXTRACTION STUDY SELECTION CLINICAL URL STUDIES REVIEWED EVIDENCE ACQUISITION SYNTHESIS INTRODUCTION
    METHODOLOGY REVIEW SAMPLE APPRAISAL AIM AIMS PURPOSE LIMITATIONS SIGNIFICANCE RATIONALE POPULATION
    MEASUREMENTS ELIGIBILITY CRITERIA""".split()
)
_LABEL_RE = re.compile(r"((?:[A-Z]+,? )+)")


@dataclass(frozen=True)
class CitedAbstract:
    doc_id: int
    text: str
    spans: tuple[tuple[int, int], ...]
    """(start, end) of each SciFact sentence in `text`, its label left out."""
    rationale: frozenset[int]
    label: str | None


@dataclass(frozen=True)
class Claim:
    id: int
    claim: str
    cited: tuple[CitedAbstract, ...]


def data_sha256(path: Path = SCIFACT) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_claims(path: Path = SCIFACT) -> list[Claim]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [_claim(json.loads(line)) for line in handle if line.strip()]


def split(claims: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """(training, held-out) claims, in file order."""
    held_out = [claim for claim in claims if claim.id % HELD_OUT_EVERY == 0]
    held_docs = {cited.doc_id for claim in held_out for cited in claim.cited}
    training = [
        claim for claim in claims
        if claim.id % HELD_OUT_EVERY and not any(cited.doc_id in held_docs for cited in claim.cited)
    ]
    return training, held_out


def _claim(row: dict) -> Claim:
    cited = tuple(
        _abstract(doc["doc_id"], doc["sentences"], doc["structured"], doc["rationale"], doc["label"])
        for doc in row["cited"]
    )
    return Claim(row["id"], row["claim"], cited)


def _abstract(doc_id: int, sentences: list[str], structured: bool, rationale: list[int], label: str | None
              ) -> CitedAbstract:
    """The abstract as PubMed's record gives it to citetrace: a labelled section per line."""
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    current = ""
    offset = 0
    for sentence in sentences:
        sentence = " ".join(sentence.split())
        section = _section_label(sentence) if structured else None
        if section is not None and current:
            lines.append(current)
            offset += len(current) + 1
            current = ""
        if section is not None:
            current = f"{section[0]}: "
            sentence = sentence[section[1]:]
        elif current:
            current += " "
        start = offset + len(current)
        current += sentence
        spans.append((start, start + len(sentence)))
    lines.append(current)
    return CitedAbstract(doc_id, "\n".join(lines), tuple(spans), frozenset(rationale), label)


def _section_label(sentence: str) -> tuple[str, int] | None:
    """A structured sentence's leading label ("METHODS AND FINDINGS") and where its text starts."""
    match = _LABEL_RE.match(sentence)
    if not match:
        return None
    words = match.group(1).replace(",", " ").split()
    count = 0
    for word in words:
        if word not in HEADING_WORDS:
            break
        count += 1
    while count and words[count - 1] == "AND":
        count -= 1
    if not count:
        return None
    label_words = match.group(1).split()[:count]
    consumed = sentence.index(label_words[-1]) + len(label_words[-1])
    label = " ".join(label_words).rstrip(",")
    rest = sentence[consumed:].lstrip(" ,:")
    return label, len(sentence) - len(rest)


@dataclass(frozen=True)
class Pair:
    """A claim and an abstract it is checked against: one it cites (`correct`) or another claim's."""

    claim: Claim
    abstract: CitedAbstract
    correct: bool


WRONG_STEPS = (1, 7, 31, 97, 3, 13, 53, 151, 211, 5, 11, 19, 43, 71, 113, 173)
"""The wrong abstract of the i-th claim is the first cited abstract of claim i + step (the next one along
when that claim cites the same abstract): fixed, so every run meets the same wrong citations."""


def citation_pairs(claims: list[Claim], wrong_per_claim: int = 1) -> list[Pair]:
    """Each claim with each abstract it cites, and with `wrong_per_claim` abstracts other claims cite."""
    pairs = []
    for position, claim in enumerate(claims):
        pairs.extend(Pair(claim, cited, True) for cited in claim.cited)
        own = {cited.doc_id for cited in claim.cited}
        for step in WRONG_STEPS[:wrong_per_claim]:
            for offset in range(step, step + len(claims)):
                other = claims[(position + offset) % len(claims)].cited[0]
                if other.doc_id not in own:
                    pairs.append(Pair(claim, other, False))
                    break
    return pairs


def scifact_index(abstract: CitedAbstract, start: int, end: int) -> int:
    """The SciFact sentence that overlaps `text[start:end]` most (the first such)."""
    overlaps = [min(end, span_end) - max(start, span_start) for span_start, span_end in abstract.spans]
    return max(range(len(overlaps)), key=lambda index: (overlaps[index], -index))
