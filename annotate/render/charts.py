"""Inline SVG bar charts: labelled horizontal bars, optionally stacked by category.

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` that say what it shows in words,
and each bar segment has its own ``<title>`` (a tooltip and a text alternative). Values are written next
to the bars, so the chart reads without color.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 560
ROW = 24
BAR = 16
LABEL_WIDTH = 215
VALUE_WIDTH = 44


@dataclass(frozen=True)
class Bar:
    """One row: a label, its segments ``(category, value)`` and an optional link target (``#id``)."""

    label: str
    segments: tuple[tuple[str, int], ...]
    href: str | None = None
    tooltip: str | None = None

    @property
    def total(self) -> int:
        return sum(value for _, value in self.segments)


def _clip(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(bars: list[Bar], colors: dict[str, str], *, title: str, description: str, unit: str = "events",
              width: int = WIDTH, label_width: int = LABEL_WIDTH) -> str:
    """An SVG of horizontal bars, one per :class:`Bar`; segments colored by category. Labels longer than
    ``label_width`` allows are shortened with an ellipsis (the full label is in the bar's title)."""
    top = 6
    limit = max(8, int(label_width / 7.4))
    height = top + ROW * max(len(bars), 1) + 6
    scale_max = max((bar.total for bar in bars), default=0) or 1
    room = width - label_width - VALUE_WIDTH - 8
    out = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title><desc>{escape(description)}</desc>'
    ]
    if not bars:
        out.append(f'<text x="0" y="{top + 14}" class="value">no {escape(unit)}</text>')
    for row, bar in enumerate(bars):
        y = top + row * ROW
        label = escape(_clip(bar.label, limit))
        text = f'<text x="0" y="{y + BAR - 3}">{label}</text>'
        if bar.href:
            text = f'<a href="{escape(bar.href)}">{text}</a>'
        out.append(f'<g class="bar"><title>{escape(bar.tooltip or bar.label)}: {bar.total} {escape(unit)}</title>'
                   + text)
        x = float(label_width)
        for category, value in bar.segments:
            if value <= 0:
                continue
            width = room * value / scale_max
            color = colors.get(category, "#666666")
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{max(width, 1.5):.1f}" height="{BAR}" fill="{color}" '
                       f'data-category="{escape(category)}"><title>{escape(bar.label)} · {escape(category)}: '
                       f'{value}</title></rect>')
            x += width
        out.append(f'<text class="value" x="{x + 5:.1f}" y="{y + BAR - 3}">{bar.total}</text></g>')
    out.append("</svg>")
    return "".join(out)
