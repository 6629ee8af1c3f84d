"""Figures with their bars: what every benchmark prints, and what bench/out/*.json keep for comparison."""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


@dataclass
class Figure:
    """One measured figure; `limit` and `passed` are set when the issue gives it a bar."""

    name: str
    value: float | int | str
    unit: str = ""
    bar: str = ""
    passed: bool | None = None

    def row(self) -> tuple[str, str, str, str]:
        value = f"{self.value:,.3g}" if isinstance(self.value, float) else f"{self.value:,}" \
            if isinstance(self.value, int) else str(self.value)
        verdict = "" if self.passed is None else "PASS" if self.passed else "FAIL"
        return self.name, f"{value} {self.unit}".strip(), self.bar, verdict


def table(figures: list[Figure]) -> str:
    """A plain-text table: figure, value, bar, verdict."""
    rows = [("figure", "value", "bar", "")] + [figure.row() for figure in figures]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def save(name: str, figures: list[Figure], details: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps({"figures": [asdict(f) for f in figures], "details": details}, indent=1, default=str))
    return path


def growth_exponent(sizes: list[int], values: list[float]) -> float:
    """The slope of log(value) against log(size) between the smallest and largest run: 1.0 is linear."""
    if values[0] <= 0 or values[-1] <= 0:
        return math.nan
    return math.log(values[-1] / values[0]) / math.log(sizes[-1] / sizes[0])


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 40 samples is the 38th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
