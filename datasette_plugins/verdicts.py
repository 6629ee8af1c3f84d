"""What each evidence verdict means to a reader: the badge beside a cited reference, and its legend.

A verdict is read from the cited abstract or full text alone: "silent" says the text we have does not mention
what the claim is about, a possible miscitation worth a look, not proof of one.
"""
from __future__ import annotations

from markupsafe import Markup

VERDICTS: dict[str, tuple[str, str]] = {  # verdict -> (label, what it means), in the order a reader meets them
    "on_point": ("on point", "A sentence of the cited text speaks to the claim: it is shown, the claim's words "
                 "marked."),
    "weak": ("weak", "Some of the claim's terms are in the cited text, not enough to say it supports the claim."),
    "silent": ("silent", "The cited text does not mention what the claim is about: a possible miscitation, or a "
               "claim the abstract leaves to the full paper."),
    "no_text": ("no text", "No abstract or full text of this reference is in the library to check the claim "
                "against."),
}


def verdict_badge(verdict: str | None, score: float | None = None) -> Markup:
    """The verdict as a badge with its meaning (and score) as a tooltip; nothing for a pair never assessed."""
    if verdict is None:
        return Markup("")
    label, meaning = VERDICTS.get(verdict, (verdict.replace("_", " "), ""))
    title = f"{meaning} Score {score:.2f} of 1." if score is not None else meaning
    return Markup('<span class="ct-badge ct-evidence-{}" title="{}">{}</span>').format(verdict, title, label)


def verdict_legend() -> list[tuple[str, str, str]]:
    """(verdict, label, meaning) of every verdict."""
    return [(verdict, label, meaning) for verdict, (label, meaning) in VERDICTS.items()]
