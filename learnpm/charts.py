"""Charts drawn as SVG on the server, so the same picture appears in a page and in a PDF. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Colour-blind-safe palette (Okabe–Ito), dark enough for 3:1 contrast on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")


def chart_id(title: str) -> str:
    """Return an element id made from a chart's title, so that several charts on a page keep apart."""
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]


@dataclass(frozen=True)
class Series:
    """One line of a chart: a label and its (x, y) points."""

    label: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Frame:
    """The drawing area and the value ranges it maps."""

    width: int
    height: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    margin_left: int = 44
    margin_right: int = 16
    margin_top: int = 16
    margin_bottom: int = 36

    def x(self, value: float) -> float:
        """Map a data x to a pixel x."""
        low, high = self.x_range
        span = (high - low) or 1
        return self.margin_left + (value - low) / span * (self.width - self.margin_left - self.margin_right)

    def y(self, value: float) -> float:
        """Map a data y to a pixel y (up is larger)."""
        low, high = self.y_range
        span = (high - low) or 1
        return self.height - self.margin_bottom - (value - low) / span * (
            self.height - self.margin_top - self.margin_bottom
        )


# Charts are drawn at the width they are read at on a phone; a page shows them at that size or a little smaller,
# so that their text stays at least 12 px on screen (13 px drawn, shrunk at most to 92 %).
CHART_WIDTH = 340
TEXT_SIZE = 13


def _svg_open(title: str, width: int, height: int) -> str:
    """Open an accessible SVG drawn at `width` x `height` pixels, titled for screen readers."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id(title)}">'
            f'<title id="{chart_id(title)}">{escape(title)}</title>')


def line_chart(
    title: str,
    series: Sequence[Series],
    frame: Frame,
    x_ticks: Sequence[tuple[float, str]],
    y_ticks: Sequence[float],
) -> str:
    """Return an accessible SVG line chart with a legend (its data should also be given as a table)."""
    parts = [_svg_open(title, frame.width, frame.height + 24 * len(series))]
    parts += _grid(frame, x_ticks, y_ticks)
    for index, line in enumerate(series):
        parts.append(_polyline(frame, line, index))
    parts += _legend(frame, series)
    parts.append("</svg>")
    return "".join(parts)


def _grid(frame: Frame, x_ticks: Sequence[tuple[float, str]], y_ticks: Sequence[float]) -> list[str]:
    """Draw the horizontal grid lines with their values and the x-axis labels, as many as fit."""
    parts = []
    left, right = frame.margin_left, frame.width - frame.margin_right
    for value in y_ticks:
        y = frame.y(value)
        parts.append(f'<line class="grid-line" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#d5dbe3" '
                     'stroke-width="1"/>')
        parts.append(f'<text class="muted" x="{left - 6}" y="{y + 4:.1f}" font-size="{TEXT_SIZE}" text-anchor="end" '
                     f'fill="#4a5563">{value:g}</text>')
    baseline = frame.height - frame.margin_bottom
    room = max(len(label) for _, label in x_ticks) * TEXT_SIZE * 0.62 + 8 if x_ticks else 1
    step = max(1, int(len(x_ticks) * room // (right - left)) + 1) if x_ticks else 1
    for index, (value, label) in enumerate(x_ticks):
        x = frame.x(value)
        parts.append(f'<line x1="{x:.1f}" y1="{baseline}" x2="{x:.1f}" y2="{baseline + 4}" stroke="#4a5563"/>')
        if index % step == 0:
            parts.append(f'<text class="muted" x="{x:.1f}" y="{baseline + 18}" font-size="{TEXT_SIZE}" '
                         f'text-anchor="middle" fill="#4a5563">{escape(label)}</text>')
    return parts


def _polyline(frame: Frame, line: Series, index: int) -> str:
    """Draw one series as a line with a dot at each point."""
    colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
    points = " ".join(f"{frame.x(x):.1f},{frame.y(y):.1f}" for x, y in line.points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    dots = "".join(f'<circle cx="{frame.x(x):.1f}" cy="{frame.y(y):.1f}" r="2.5" fill="{colour}"/>' for x, y in line.points)
    return f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>{dots}'


def _legend(frame: Frame, series: Sequence[Series]) -> list[str]:
    """Draw the legend below the chart, each entry with its line style."""
    parts = []
    for index, line in enumerate(series):
        y = frame.height + 8 + 24 * index
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{frame.margin_left}" y1="{y}" x2="{frame.margin_left + 28}" y2="{y}" stroke="{colour}" stroke-width="3"{dash_attr}/>'
            f'<text x="{frame.margin_left + 36}" y="{y + 4}" font-size="{TEXT_SIZE}" fill="#1b1f24">{escape(line.label)}</text>'
        )
    return parts


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart."""

    label: str
    value: float


def bar_chart(title: str, bars: Sequence[Bar], unit: str = "h", width: int = CHART_WIDTH, bar_height: int = 14) -> str:
    """Return an accessible horizontal bar chart: each label above its bar, each bar followed by its value."""
    label_height, gap, value_width = 18, 10, 84
    row = label_height + bar_height + gap
    height = len(bars) * row + gap // 2
    largest = max((bar.value for bar in bars), default=0) or 1
    span = width - value_width
    parts = [_svg_open(title, width, height)]
    for index, bar in enumerate(bars):
        top = 4 + index * row
        y = top + label_height
        length = max(bar.value / largest * span, 1 if bar.value else 0)
        parts.append(
            f'<text x="0" y="{top + 13}" font-size="{TEXT_SIZE}" fill="#1b1f24">{escape(bar.label)}</text>'
            f'<rect x="0" y="{y}" width="{length:.1f}" height="{bar_height}" rx="3" fill="{PALETTE[0]}"/>'
            f'<text x="{length + 6:.1f}" y="{y + bar_height - 2}" font-size="{TEXT_SIZE}" fill="#1b1f24">'
            f"{bar.value:g} {escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
