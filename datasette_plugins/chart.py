"""A document's references by publication year and study design, as inline SVG drawn on the server.

No JavaScript and no chart library: the page is readable offline, in a screenshot and in a test. Each
reference falls in one design (`citations.design`, from its PubMed publication types and MeSH; funding types
never count), so the stacks add up. A reference whose PubMed record was not read has no known design: it is
drawn hatched and counted as such, so a library built offline reads as "no record read" rather than as evidence
of an unknown kind; a record that names no design is counted apart.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from citetrace.citations.design import (
    ANIMAL,
    CASE_CONTROL,
    CASE_REPORT,
    COMMENTARY,
    DESIGNS,
    GUIDELINE,
    META_ANALYSIS,
    NARRATIVE_REVIEW,
    OBSERVATIONAL,
    OTHER,
    OTHER_TRIAL,
    RANDOMIZED_TRIAL,
    SYSTEMATIC_REVIEW,
)

COLOURS = {
    META_ANALYSIS: "#00795a", SYSTEMATIC_REVIEW: "#009e73", GUIDELINE: "#7fbf3f", RANDOMIZED_TRIAL: "#0072b2",
    OTHER_TRIAL: "#4f9fd6", CASE_CONTROL: "#6a4c9c", OBSERVATIONAL: "#a58bd0", CASE_REPORT: "#d55e00",
    NARRATIVE_REVIEW: "#e69f00", ANIMAL: "#cc79a7", COMMENTARY: "#f0e442", OTHER: "#56b4e9",
}
"""A colour per design, in `DESIGNS` order (strongest evidence first)."""
UNTYPED = ("Design unknown (the PubMed record names none)", "#bbbbbb")
NOT_MATCHED = ("Design unknown (no PubMed record read)", "url(#ct-hatch)")
HATCH = Markup(
    '<defs><pattern id="ct-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#f3f3f3"/><line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/>'
    "</pattern></defs>"
)
Evidence = tuple[int | None, str | None, bool]
"""(year, study design, a PubMed record was read) of one reference."""
WIDTH, HEIGHT = 760, 250
LEFT, RIGHT, TOP, BOTTOM = 34, 10, 12, 40


@dataclass
class Bar:
    year: int | None
    counts: Counter


def evidence_kind(design: str | None, read: bool = True) -> str:
    """The chart's label of a reference: its design; unknown when no record was read or it names none."""
    if not read:
        return NOT_MATCHED[0]
    return design if design in COLOURS else UNTYPED[0]


def kind_counts(references: list[Evidence]) -> list[tuple[str, str, int]]:
    """(label, colour, count) of every design present, strongest first: the chart's legend."""
    counts = Counter(evidence_kind(design, read) for _year, design, read in references)
    palette = [(design, COLOURS[design]) for design in DESIGNS] + [UNTYPED, NOT_MATCHED]
    return [(label, colour, counts[label]) for label, colour in palette if counts[label]]


def _bars(references: list[Evidence]) -> list[Bar]:
    """One bar per year from the oldest to the newest reference (gaps kept: age is the point), then undated."""
    by_year: dict[int | None, Counter] = {}
    for year, design, read in references:
        by_year.setdefault(year, Counter())[evidence_kind(design, read)] += 1
    years = [year for year in by_year if year is not None]
    bars = [Bar(year, by_year.get(year, Counter())) for year in range(min(years), max(years) + 1)] if years else []
    if None in by_year:
        bars.append(Bar(None, by_year[None]))
    return bars


def references_chart(references: list[Evidence]) -> Markup:
    """Stacked bars of references per year, coloured by kind; each segment has a tooltip with its count."""
    bars = _bars(references)
    if not bars:
        return Markup("")
    colours = dict((label, colour) for label, colour, _count in kind_counts(references))
    tallest = max(sum(bar.counts.values()) for bar in bars)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(bars)
    unit = plot_h / tallest
    parts = [
        Markup('<svg class="ct-chart" viewBox="0 0 {} {}" width="100%" role="img" aria-labelledby="ct-chart-title">')
        .format(WIDTH, HEIGHT),
        Markup('<title id="ct-chart-title">{} references by publication year and study design</title>').format(
            len(references)
        ),
        HATCH,
    ]
    for tick in sorted({0, tallest, *range(0, tallest + 1, max(1, tallest // 4))}):
        y = TOP + plot_h - tick * unit
        parts.append(
            Markup('<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" class="ct-grid"/>'
                   '<text x="{}" y="{:.1f}" class="ct-axis" text-anchor="end">{}</text>')
            .format(LEFT, WIDTH - RIGHT, y, y, LEFT - 5, y + 4, tick)
        )
    label_every = max(1, round(len(bars) / 12))
    for index, bar in enumerate(bars):
        x = LEFT + index * slot
        bottom = float(TOP + plot_h)
        for label in colours:
            count = bar.counts[label]
            if not count:
                continue
            height = count * unit
            bottom -= height
            parts.append(
                Markup('<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}">'
                       "<title>{}: {} × {}</title></rect>")
                .format(x + slot * 0.12, bottom, slot * 0.76, height, colours[label],
                        bar.year or "undated", count, label)
            )
        if bar.year is None or index % label_every == 0 or index == len(bars) - 1:
            parts.append(
                Markup('<text x="{:.1f}" y="{}" class="ct-axis" text-anchor="middle">{}</text>')
                .format(x + slot / 2, HEIGHT - BOTTOM + 16, bar.year or "n.d.")
            )
    parts.append(
        Markup('<text x="{}" y="{}" class="ct-axis" text-anchor="middle">year of publication</text>')
        .format(LEFT + plot_w / 2, HEIGHT - 6)
    )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)

