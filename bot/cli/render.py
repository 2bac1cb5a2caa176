"""Plain-text rendering of check results (the ``newsmod check`` JSON object) for the terminal."""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

from bot.cli.text import MAX_FIELD, terminal_safe
from bot.evidence import describe, plain


def terminal_width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))


def render_result(
    obj: dict[str, Any], *, title: str = "", width: int | None = None, case: int | None = None
) -> str:
    """A short block a moderator can read: decision, article, each finding's message and its
    evidence (``bot.evidence``, as on the web page and in Discord).

    Every text from a post or a page is one line, without control, bidi or zero-width
    characters (``terminal_safe``); titles and headlines are cut to one terminal line, a
    finding's message to ``MAX_FIELD`` characters (wrapped)."""
    width = width or terminal_width()
    art = obj["article"]
    line = width - 11  # after "  article: "

    def safe(text: str, limit: int = line) -> str:
        return terminal_safe(text, max(limit, 20))

    where = f"  (case {case})" if case is not None else ""
    lines = [f"{safe(str(obj['id']))}  →  {str(obj['decision']).upper()}{where}"]
    if title:
        lines.append(f"  title:   {safe(title)}")
    if art["status"] == "unreachable":
        lines.append(f"  article: unreachable ({safe(str(art.get('error')), line - 14)})")
    else:
        where = f" — {safe(art['site_name'], 30)}" if art.get("site_name") else ""
        paywall = "  [paywalled]" if art.get("paywalled") else ""
        room = line - len(str(art["status"])) - 2 - len(where) - len(paywall)
        headline = terminal_safe(art.get("headline") or "(no headline)", max(room, 10))
        text = f"  article: {art['status']}: {headline}{where}{paywall}"
        lines.append(text if len(text) <= width else text[: width - 1] + "…")
    if art.get("rules_skipped"):
        lines.append(f"  skipped: {', '.join(art['rules_skipped'])} (they need the article)")
    if not obj["findings"]:
        lines.append("  findings: none")
    for f in obj["findings"]:
        head = f"  • {f['rule']} [{f['action']}, {f['confidence']:.2f}] "
        lines.append(
            textwrap.fill(
                safe(f["message"], MAX_FIELD),
                width=width,
                initial_indent=head,
                subsequent_indent=" " * 6,
            )
        )
        for shown in plain(describe(f.get("evidence") or {}, f["rule"])):
            lines.append(
                textwrap.fill(
                    safe(shown, MAX_FIELD),
                    width=width,
                    initial_indent=" " * 6,
                    subsequent_indent=" " * 8,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
            )
    return "\n".join(lines)
