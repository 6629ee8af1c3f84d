"""The terminal text of `citetrace trace`: presentation, so it lives with the CLI, not with the query."""
from __future__ import annotations

import re

NO_TEXT_NOTE = "no abstract or full text"
CLAUSE_MARKS = (">>", "<<")
"""Around the claim inside its sentence when the claim is a clause of it, as the claim page highlights it."""


def format_trace(traced: list[dict]) -> str:
    """The human-readable `citetrace trace` output: each claim, then its sources one per line, each with its best
    evidence sentence and verdict; a followed trail indented beneath its source."""
    lines = _claim_lines(traced, "")
    return "\n".join(lines).rstrip() + ("\n" if lines else "")


def _claim_lines(traced: list[dict], indent: str) -> list[str]:
    lines: list[str] = []
    for claim in traced:
        label = f"claim {claim['id']}" if claim["cited"] else f"claim {claim['id']}, uncited"
        lines.append(f"{indent}[{label}] {clause_in_sentence(claim['sentence'], claim['text'], claim['marker'])}")
        lines.append(f"{indent}  in: {claim['document']}")
        if not claim["cited"]:
            lines.append(f"{indent}  (no citation marker: this statement cites no reference)")
        for source in claim["sources"]:
            lines += _source_lines(source, indent + "  ")
        lines.append("")
    return lines


def _source_lines(source: dict, indent: str) -> list[str]:
    if source["broken"]:
        return [f"{indent}[{source['number']}] (no such reference in the list)"]
    lines = [
        f"{indent}[{source['number']}] {source['first_author'] or '?'} {source['year'] or 'n.d.'}. "
        f"{(source['title'] or source['raw']).rstrip('.')}. {source['journal'] or ''}. {_checked(source)}"
    ]
    lines.append(f"{indent}    {evidence_line(source)}")
    trail = source.get("trail")
    if trail:
        found = f"{len(trail['claims'])} matching claim{'s' if len(trail['claims']) != 1 else ''}" \
            if trail["claims"] else "no claim of it stands at that sentence"
        lines.append(f"{indent}    -> a document of this library, {trail['document']} (document "
                     f"{trail['document_id']}): {found}")
        lines += _claim_lines(trail["claims"], indent + "      ")
    return lines


def evidence_line(source: dict) -> str:
    """The verdict, its score, and the best sentence with where it comes from: `on_point 0.81 (abstract,
    RESULTS): "..."`."""
    verdict = source.get("evidence")
    if verdict is None:
        return "evidence: not assessed"
    if verdict == "no_text" or not source["sentences"]:
        return f"evidence: {verdict} ({NO_TEXT_NOTE})" if verdict == "no_text" else f"evidence: {verdict}"
    best = source["sentences"][0]
    score = f" {source['evidence_score']:.2f}" if source["evidence_score"] is not None else ""
    where = ", ".join(part for part in (best["source"], best["section"]) if part)
    return f"evidence: {verdict}{score} ({where}): \"{best['sentence']}\""


def clause_in_sentence(sentence: str | None, text: str, marker: str | None) -> str:
    """The claim's whole sentence, the claim between `CLAUSE_MARKS` when it is only a clause of it ("... CD40
    [6-9] >>and uracil N-glycosylase (UNG) [10]<< deficiencies."); the clause and its marker when the sentence
    does not hold them as stored."""
    written = f"{text} {marker}" if marker else text
    start = sentence.find(text) if sentence else -1
    end = sentence.find(marker, start) + len(marker) if sentence and marker and start >= 0 else start + len(text)
    if not sentence or start < 0 or end < start + len(text):
        return written
    before, clause, after = sentence[:start], sentence[start:end], sentence[end:]
    if not before.strip() and not re.search(r"\w", after):
        return sentence
    return f"{before}{CLAUSE_MARKS[0]}{clause}{CLAUSE_MARKS[1]}{after}"


NOTICES = (("has_retraction", "RETRACTED"), ("has_concern", "EXPRESSION OF CONCERN"), ("has_erratum", "erratum"))


def _checked(source: dict) -> str:
    """A source's identifiers with its match status unless matched ("PMID 1 (identified)"), its study design and
    the notices its PubMed record links: only what was checked."""
    ids = ", ".join(f"{label} {source[key]}" for label, key in (("PMID", "pmid"), ("DOI", "doi")) if source[key])
    status = source["match_status"]
    text = (f"{ids} ({status})" if status != "matched" else ids) if ids else status
    if source["design"]:
        text += f" [{source['design']}]"
    return text + "".join(f" {label}" for key, label in NOTICES if source[key])
