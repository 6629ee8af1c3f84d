"""Hostile documents made of repeated fragments: the property test (tests/test_random_documents.py) draws their
recipes with hypothesis, bench/bench_hostile.py times the issue's worst cases and seeded random ones.

A recipe is a list of (fragment index, repeat count) for the body and one for the reference list; repeating
fragments reaches a megabyte cheaply and reaches the shapes that used to cost quadratic time or memory: runs
of initials, of full stops and of brackets, markers repeating one number, thousands of markers in a sentence,
numbers too large for SQLite, decomposed accents, NUL bytes, numbered lines out of order.
"""
from __future__ import annotations

import random

MAX_BYTES = 1_000_000
"""The property's bound on a document."""

FRAGMENTS = (
    "A. ", "Big (x). ", "[1", ", 1", "]", "x [9], ", "[", "(", ")", '"', "\u201c", "\u201d", ".", "!?", " ",
    "\n", "\n\n", "Claim [1]. ", "More [2,3]. ", "[1-100000]", "[9223372036854775808]", "[1,,2]", "[-1]",
    "[\u0661\u0662]", "Pe\u0301ron ", "et al. ", "Dr. J. Smith ", "e.g. ", "(See \"Other topic\".) ", "2:1,000,000 ",
    "[1992] ", "\u2013", "\u00a0", "\t", "word ", "Word. ", "\u00e9", "\0", "\ufeff", "\\write18{x} ", "<b>", "&amp;",
    "1. Smith J. First title. Blood 2001; 98:1.\n", "3. Poe E. Fourth. Lancet 2005; 1:4.\n", "References\n",
    "PMID: \u00b9\u00b2\u00b3 ", "doi:10.1000/x ", "x" * 80,
)
REPEATS = (1, 2, 3, 10, 100, 1_000, 10_000, 100_000)
BASE_REFERENCES = (
    "1. Notarangelo LD, Duse M, Ugazio AG. Immunodeficiency with hyper-IgM (HIM). Immunodefic Rev 1992; 3:101.\n"
    "2. Davies EG, Thrasher AJ. Update on the hyper immunoglobulin M syndromes. Br J Haematol 2010; 149:167.\n"
    "3. Etzioni A, Ochs HD. The hyper IgM syndrome--an evolving story. Pediatr Res 2004; 56:519.\n"
)

Recipe = list[tuple[int, int]]


def expand(recipe: Recipe, budget: int) -> str:
    """The text of a recipe, cut at `budget` characters."""
    parts: list[str] = []
    size = 0
    for index, repeat in recipe:
        fragment = FRAGMENTS[index % len(FRAGMENTS)]
        count = min(repeat, max(0, (budget - size) // len(fragment)))
        parts.append(fragment * count)
        size += len(fragment) * count
    return "".join(parts)


def document(body: Recipe, references: Recipe) -> str:
    """A review: title, the body's recipe, a references heading, the base list and the list's own recipe; at
    most `MAX_BYTES` of UTF-8."""
    text = f"A hostile review\n\n{expand(body, MAX_BYTES // 2)}\n\nReferences\n\n{BASE_REFERENCES}" \
           f"{expand(references, MAX_BYTES // 2 - len(BASE_REFERENCES))}\n"
    encoded = text.encode("utf-8")
    return encoded[:MAX_BYTES].decode("utf-8", errors="ignore")


def random_recipe(rng: random.Random, parts: int) -> Recipe:
    return [(rng.randrange(len(FRAGMENTS)), rng.choice(REPEATS)) for _ in range(parts)]


WORST_CASES = {
    "marker repeating 1 (x 300,000)": "A [1" + ", 1" * 300_000 + "].",
    "5,000 markers in a sentence": "Claim " + "x [9], " * 5_000,
    "initials A. (x 300,000)": "A. " * 300_000,
    "bracketed sentences (x 100,000)": "Big (x). " * 100_000,
    "a million full stops": "." * 900_000 + "x",
    "markers in one sentence (x 100,000)": "Claim " + "x [9], " * 100_000,
}
"""The issue's quadratic inputs, scaled to about a megabyte (the body of the base document)."""


def worst_case_document(body: str) -> str:
    return f"A hostile review\n\n{body}\n\nReferences\n\n{BASE_REFERENCES}"
