"""Charts as SVG written on the server: no JavaScript, readable by screen readers through
their title and description, and always shown next to a table of the same numbers.

Series are told apart by colour, line dash and marker shape, so that they stay apart in
greyscale print and for people who do not see colours. A missing value (a quality mark)
breaks the line: a gap, never a drop to zero.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphics).
STYLES = [
    ("#0b5394", "", "circle"),
    ("#b45309", "6 3", "square"),
    ("#15803d", "2 3", "triangle"),
    ("#7e22ce", "8 3 2 3", "diamond"),
    ("#be123c", "1 2", "circle"),
    ("#374151", "4 4", "square"),
]
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@dataclass
class ChartSeries:
    label: str
    points: list[tuple[datetime.date, Decimal | None]]


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1) if value >= 1 else 0.1
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _format_tick(value: float, decimals: int, decimal_sign: str) -> str:
    text = f"{value:,.{decimals}f}"
    if decimal_sign == ",":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 4.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f} '
            f'{x + 4.5:.1f},{y + 3.5:.1f}" fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
            f'{x - 5:.1f},{y:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(
    series: list[ChartSeries],
    *,
    title: str,
    description: str,
    chart_id: str,
    decimals: int = 0,
    decimal_sign: str = ",",
    date_label=lambda d: str(d.year),
) -> SafeString:
    """A time-series chart; x is time (evenly by date), y starts at zero."""
    dates = sorted({d for s in series for d, _v in s.points})
    numbers = [float(v) for s in series for _d, v in s.points if v is not None]
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="chart" '
        f'preserveAspectRatio="xMidYMid meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    if not dates or not numbers:
        parts.append("</svg>")
        return mark_safe("".join(parts))  # safe: every text above is escaped  # noqa: S308
    low = min(0.0, min(numbers))
    high = _nice_ceiling(max(numbers)) if max(numbers) > 0 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = dates[0].toordinal(), dates[-1].toordinal()
    span = max(last - first, 1)

    def x_of(date: datetime.date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + (date.toordinal() - first) / span * plot_w

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - low) / (high - low) * plot_h

    parts.append('<g class="chart-grid" aria-hidden="true">')
    for step in range(5):
        value = low + (high - low) * step / 4
        y = y_of(value)
        tick = _format_tick(value, decimals if high < 100 else 0, decimal_sign)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#8a96a3" stroke-width="{1 if step == 0 else 0.5}"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#1b1b1b">{escape(tick)}</text>'
        )
    shown = dates if len(dates) <= 8 else dates[:: max(1, len(dates) // 7)]
    if dates[-1] not in shown:
        shown = [*shown, dates[-1]]
    for date in shown:
        parts.append(
            f'<text x="{x_of(date):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12" fill="#1b1b1b">{escape(date_label(date))}</text>'
        )
    parts.append("</g>")
    for index, one in enumerate(series):
        colour, dash, shape = STYLES[index % len(STYLES)]
        parts.append(
            f'<g class="chart-series" aria-hidden="true" data-label="{escape(one.label)}">'
        )
        segment: list[str] = []
        segments: list[list[str]] = []
        for date, value in sorted(one.points, key=lambda p: p[0]):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x_of(date):.1f},{y_of(float(value)):.1f}")
            parts.append(_marker(shape, x_of(date), y_of(float(value)), colour))
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2.5"{dash_attr}/>'
                )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # safe: every text above is escaped  # noqa: S308


def legend_styles(count: int) -> list[dict]:
    """Colour, dash and marker of the first `count` series, for an HTML legend."""
    return [
        {"colour": colour, "dash": dash, "shape": shape}
        for colour, dash, shape in (STYLES[i % len(STYLES)] for i in range(count))
    ]


def legend_swatch(index: int) -> SafeString:
    colour, dash, shape = STYLES[index % len(STYLES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return mark_safe(  # safe: constants only  # noqa: S308
        '<svg xmlns="http://www.w3.org/2000/svg" width="36" height="14" viewBox="0 0 36 14" '
        f'aria-hidden="true" focusable="false"><line x1="0" x2="36" y1="7" y2="7" '
        f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>{_marker(shape, 18, 7, colour)}</svg>'
    )
