"""Server-side SVG charts: plain markup with a ``viewBox`` (scales to any width), no script.

Colours are presentation attributes, not inline styles, so the page's strict CSP holds. Every
text is escaped; each bar carries a ``<title>`` (hover text, and read by screen readers).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

from bot.models import RULE_IDS

#: Okabe-Ito colours (distinguishable with colour-blindness), one per rule in DESIGN order.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8c6d1f", "#555555",
)  # fmt: skip
RULE_COLOURS: dict[str, str] = dict(zip(RULE_IDS, PALETTE, strict=True))
CONFIRMED = "#009E73"
DISMISSED = "#D55E00"


def _nice_max(value: float) -> float:
    """The smallest 1/2/5×10ⁿ at or above ``value`` (axis top)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _fmt(number: float) -> str:
    return f"{number:g}"


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    # Safe: every text interpolated into ``body`` and here goes through html.escape; the rest
    # is numbers we formatted and fixed colour constants.
    return Markup(  # noqa: S704
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def stacked_bars(
    days: Sequence[str], per_day: Mapping[str, Mapping[str, int]], *, label: str
) -> Markup:
    """Actions per day, one bar per day stacked by rule (DESIGN order, colour per rule)."""
    width, height = 720, 260
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(per_day.get(day, {}).values()) for day in days]
    top_value = _nice_max(max(totals, default=0))
    slot = plot_w / max(len(days), 1)
    bar_w = max(slot * 0.8, 1.0)
    body: list[str] = []
    for i in range(5):  # gridlines and y labels
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#444">{_fmt(round(value, 1))}</text>'
        )
    every = max(1, math.ceil(len(days) / 8))
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for rule in RULE_IDS:
            n = per_day.get(day, {}).get(rule, 0)
            if not n:
                continue
            h = plot_h * n / top_value
            y -= h
            body.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{RULE_COLOURS[rule]}"><title>{escape(day)}: {n} × '
                f"{escape(rule)}</title></rect>"
            )
        if i % every == 0:
            body.append(
                f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 10}" '
                f'text-anchor="middle" font-size="11" fill="#444">{escape(day[5:])}</text>'
            )
    return _svg(width, height, label, body)


def verdict_bars(verdicts: Mapping[str, tuple[int, int]], *, label: str) -> Markup:
    """Per rule, one 100 % bar split into confirmed and dismissed, with the precision."""
    rules = [r for r in RULE_IDS if sum(verdicts.get(r, (0, 0)))]
    row_h, width, left, right = 28, 720, 170, 150
    height = max(row_h * len(rules), row_h) + 10
    plot_w = width - left - right
    body: list[str] = []
    if not rules:
        body.append(
            f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="13" fill="#444">'
            "no confirmed or dismissed findings in this window</text>"
        )
    for i, rule in enumerate(rules):
        confirmed, dismissed = verdicts[rule]
        total = confirmed + dismissed
        y = 5 + i * row_h
        c_w = plot_w * confirmed / total
        body.append(
            f'<text x="{left - 6}" y="{y + 17}" text-anchor="end" font-size="12" '
            f'fill="#222">{escape(rule)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 4}" width="{c_w:.1f}" height="18" '
            f'fill="{CONFIRMED}"><title>{escape(rule)}: {confirmed} confirmed</title></rect>'
            f'<rect class="bar" x="{left + c_w:.1f}" y="{y + 4}" width="{plot_w - c_w:.1f}" '
            f'height="18" fill="{DISMISSED}"><title>{escape(rule)}: {dismissed} dismissed'
            "</title></rect>"
            f'<text x="{width - right + 6}" y="{y + 17}" font-size="12" fill="#222">'
            f"{math.floor(100 * confirmed / total)}% of {total}</text>"
        )
    return _svg(width, height, label, body)


def hour_bars(values: Mapping[str, float], *, label: str) -> Markup:
    """Per rule, the median hours from post to a moderator's decision."""
    rules = [r for r in (*RULE_IDS, "(no rule)") if r in values]
    row_h, width, left, right = 28, 720, 170, 90
    height = max(row_h * len(rules), row_h) + 10
    plot_w = width - left - right
    top_value = _nice_max(max(values.values(), default=0))
    body: list[str] = []
    if not rules:
        body.append(
            f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="13" fill="#444">'
            "no moderator decisions in this window</text>"
        )
    for i, rule in enumerate(rules):
        hours = values[rule]
        y = 5 + i * row_h
        w = max(plot_w * hours / top_value, 1.0)
        body.append(
            f'<text x="{left - 6}" y="{y + 17}" text-anchor="end" font-size="12" '
            f'fill="#222">{escape(rule)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 4}" width="{w:.1f}" height="18" '
            f'fill="{RULE_COLOURS.get(rule, "#555555")}"><title>{escape(rule)}: median '
            f"{hours:.1f} h</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{y + 17}" font-size="12" fill="#222">'
            f"{hours:.1f} h</text>"
        )
    return _svg(width, height, label, body)
