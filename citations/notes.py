"""The free-text note every export carries: editorial note, institution, errata and retractions.

A reader of an exported reference must see that it was corrected or retracted, so PubMed's
comment/correction links of these kinds become a sentence in the note.
"""
from __future__ import annotations

from citetrace.citations.model import Work

NOTICE_LABELS = {
    "ErratumIn": "Erratum in",
    "RetractionIn": "Retraction in",
    "ExpressionOfConcernIn": "Expression of concern in",
}


def note_parts(work: Work) -> list[str]:
    """Institution (of a personal communication), editorial note, then one part per notice."""
    parts = [part for part in (work.institution, work.note) if part]
    for notice in work.notices:
        label = NOTICE_LABELS.get(notice.type)
        if label:
            target = notice.ref_source or (f"PMID {notice.pmid}" if notice.pmid else "")
            parts.append(f"{label}: {target}" if target else label)
    return parts
