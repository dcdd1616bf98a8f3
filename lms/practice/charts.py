"""Bar charts drawn on the server as inline SVG: no JavaScript, no inline styles.

A chart is computed here (geometry in a fixed 0..WIDTH coordinate system) and drawn by the
``practice/_chart.html`` macro with SVG attributes and CSS classes; the SVG scales to the
screen through its viewBox, so it fits a 360 px phone as well as a desktop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 12


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int  # top of the row (its label); the bar starts LABEL_HEIGHT below
    width: float
    css: str
    target_x: float | None = None  # a requirement's mark, when there is one

    @property
    def bar_y(self) -> int:
        return self.y + LABEL_HEIGHT


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int = WIDTH

    @property
    def height(self) -> int:
        return len(self.bars) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)


def _scale(values: Sequence[float], targets: Sequence[float | None]) -> float:
    largest = max([*values, *(t for t in targets if t is not None), 0])
    return WIDTH / largest if largest > 0 else 0.0


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float, str]],
    *,
    targets: Sequence[float | None] | None = None,
    css: Sequence[str] | None = None,
) -> BarChart:
    """Horizontal bars, one per (label, value, value_text); optional target marks per row."""
    targets = list(targets) if targets is not None else [None] * len(rows)
    classes = list(css) if css is not None else ["bar"] * len(rows)
    scale = _scale([value for _l, value, _t in rows], targets)
    step = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    bars = tuple(
        Bar(
            label=label,
            value_text=text,
            y=index * step,
            width=round(max(value, 0) * scale, 1),
            css=classes[index],
            target_x=round(targets[index] * scale, 1) if targets[index] is not None else None,
        )
        for index, (label, value, text) in enumerate(rows)
    )
    return BarChart(title, bars)


def progress_chart(title: str, rows: Sequence[tuple[str, float, str, bool]]) -> BarChart:
    """Requirements as bars filled to how far along each is (0..1), met ones marked."""
    return bar_chart(
        title,
        [(label, min(max(fraction, 0.0), 1.0), text) for label, fraction, text, _met in rows],
        targets=[1.0] * len(rows),
        css=["bar met" if met else "bar unmet" for *_rest, met in rows],
    )
