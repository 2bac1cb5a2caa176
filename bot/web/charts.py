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
    "#882255",
)  # fmt: skip
RULE_COLOURS: dict[str, str] = dict(zip(RULE_IDS, PALETTE, strict=True))
CONFIRMED = "#009E73"
FONT = 14  # in viewBox units: about 10-11 px on a phone, 14-20 px on a desktop
ROW_H = 44
BAR_H = 18
DISMISSED = "#D55E00"


def _axis(value: float) -> tuple[float, float]:
    """``(top, step)`` for a y axis over ``0..value``: at most five steps of 1/2/5×10ⁿ
    (whole numbers: the axis counts actions)."""
    step = 1.0
    while math.ceil(value / step) > 5:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 …
            step *= factor
            if math.ceil(value / step) <= 5:
                break
    return max(step * math.ceil(value / step), step), step


def _nice_max(value: float) -> float:
    """The smallest 1/2/5×10ⁿ at or above ``value`` (a bar chart's full width)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _fmt(number: float) -> str:
    return f"{number:g}"


def duration(hours: float) -> str:
    """A time to decision a moderator reads at a glance: "< 1 min", "25 min", "3.5 h", "2.1 d"
    (a decision minutes after the post never reads "0.0 h")."""
    minutes = hours * 60
    if minutes < 1:
        return "< 1 min"
    if minutes < 59.5:
        return f"{round(minutes)} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} d"


#: Half the width of a day label ("11-22") in viewBox units, so the last one is never cut off.
DAY_LABEL_HALF = math.ceil(5 * 0.6 * FONT / 2) + 2


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
    width, height = 480, 240
    left, right, top, bottom = 34, DAY_LABEL_HALF, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(per_day.get(day, {}).values()) for day in days]
    top_value, step = _axis(max(totals, default=0))
    slot = plot_w / max(len(days), 1)
    bar_w = max(slot * 0.8, 1.0)
    body: list[str] = []
    for i in range(round(top_value / step) + 1):  # gridlines and y labels
        value = step * i
        y = top + plot_h - plot_h * value / top_value
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="{FONT}" '
            f'fill="#444">{_fmt(value)}</text>'
        )
    every = max(1, math.ceil(len(days) / 6))
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
        if (len(days) - 1 - i) % every == 0:  # always label the last (most recent) day
            body.append(
                f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 8}" '
                f'text-anchor="middle" font-size="{FONT}" fill="#444">{escape(day[5:])}</text>'
            )
    return _svg(width, height, label, body)


def _row_label(y: float, text: str) -> str:
    return f'<text x="0" y="{y + 14:.1f}" font-size="{FONT}" fill="#222">{escape(text)}</text>'


def verdict_bars(verdicts: Mapping[str, tuple[int, int]], *, label: str) -> Markup:
    """Per rule, one 100 % bar split into confirmed and dismissed, with the precision."""
    rules = [r for r in RULE_IDS if sum(verdicts.get(r, (0, 0)))]
    width, right, row_h = 480, 96, ROW_H
    height = max(row_h * len(rules), row_h) + 4
    plot_w = width - right
    body: list[str] = []
    if not rules:
        body.append(_empty(width, "no confirmed or dismissed findings in this window"))
    for i, rule in enumerate(rules):
        confirmed, dismissed = verdicts[rule]
        total = confirmed + dismissed
        y = i * row_h
        c_w = plot_w * confirmed / total
        body.append(
            _row_label(y, rule)
            + f'<rect class="bar" x="0" y="{y + 20}" width="{c_w:.1f}" height="{BAR_H}" '
            f'fill="{CONFIRMED}"><title>{escape(rule)}: {confirmed} confirmed</title></rect>'
            f'<rect class="bar" x="{c_w:.1f}" y="{y + 20}" width="{plot_w - c_w:.1f}" '
            f'height="{BAR_H}" fill="{DISMISSED}"><title>{escape(rule)}: {dismissed} dismissed'
            "</title></rect>"
            f'<text x="{plot_w + 6}" y="{y + 33}" font-size="{FONT}" fill="#222">'
            f"{math.floor(100 * confirmed / total)}% of {total}</text>"
        )
    return _svg(width, height, label, body)


def hour_bars(values: Mapping[str, float], *, label: str) -> Markup:
    """Per rule, the median time from post to a moderator's decision (``values`` in hours)."""
    rules = [r for r in (*RULE_IDS, "(no rule)") if r in values]
    width, right, row_h = 480, 70, ROW_H
    height = max(row_h * len(rules), row_h) + 4
    plot_w = width - right
    top_value = _nice_max(max(values.values(), default=0))
    body: list[str] = []
    if not rules:
        body.append(_empty(width, "no moderator decisions in this window"))
    for i, rule in enumerate(rules):
        hours = values[rule]
        y = i * row_h
        w = max(plot_w * hours / top_value, 1.0)
        body.append(
            _row_label(y, rule)
            + f'<rect class="bar" x="0" y="{y + 20}" width="{w:.1f}" height="{BAR_H}" '
            f'fill="{RULE_COLOURS.get(rule, "#555555")}"><title>{escape(rule)}: median '
            f"{escape(duration(hours))}</title></rect>"
            f'<text x="{w + 6:.1f}" y="{y + 33}" font-size="{FONT}" fill="#222">'
            f"{escape(duration(hours))}</text>"
        )
    return _svg(width, height, label, body)


def _empty(width: int, text: str) -> str:
    return (
        f'<text x="{width / 2}" y="26" text-anchor="middle" font-size="{FONT}" fill="#444">'
        f"{escape(text)}</text>"
    )
