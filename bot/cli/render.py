"""Plain-text rendering of check results for the terminal."""

from __future__ import annotations

import shutil
import textwrap

from bot.models import CheckResult


def terminal_width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))


def render_result(result: CheckResult, *, title: str = "", width: int | None = None) -> str:
    """A short block a moderator can read: decision, article, each finding's message."""
    width = width or terminal_width()
    art = result.article
    lines = [f"{result.id}  →  {result.decision.upper()}"]
    if title:
        lines.append(f"  title:   {title}")
    if art.status == "unreachable":
        lines.append(f"  article: unreachable ({art.error})")
    else:
        where = f" — {art.site_name}" if art.site_name else ""
        paywall = "  [paywalled]" if art.paywalled else ""
        lines.append(f"  article: {art.status}: {art.headline or '(no headline)'}{where}{paywall}")
    if art.rules_skipped:
        lines.append(f"  skipped: {', '.join(art.rules_skipped)} (they need the article)")
    if not result.findings:
        lines.append("  findings: none")
    for f in result.findings:
        head = f"  • {f.rule} [{f.action}, {f.confidence:.2f}] "
        body = textwrap.fill(f.message, width=width, initial_indent=head, subsequent_indent=" " * 6)
        lines.append(body)
    return "\n".join(lines)
