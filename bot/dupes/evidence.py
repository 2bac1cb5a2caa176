"""The earlier posts of a case's ``duplicate-post`` finding (``/case``, ``newsmod case``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.store.entries import Entry


def earlier_posts(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """The earlier posts named by the latest entry that carries a duplicate-post finding (the
    evidence of ``bot.dupes.match.Match.to_json``); [] when none does."""
    for entry in reversed(list(entries)):
        for finding in entry.evidence.get("findings") or ():
            if isinstance(finding, dict) and finding.get("rule") == "duplicate-post":
                earlier = (finding.get("evidence") or {}).get("earlier") or []
                return [e for e in earlier if isinstance(e, dict)]
    return []


def earlier_line(earlier: dict[str, Any]) -> str:
    """One line: which post, where, when, its status, its link and why it matched."""
    case = earlier.get("case")
    which = f"case {case}" if case is not None else f"post {earlier.get('post_id', '?')}"
    when = str(earlier.get("when") or "?")[:16].replace("T", " ")
    return (
        f"{which} · {earlier.get('platform', '?')} · {when} · {earlier.get('status', '?')} · "
        f"{earlier.get('link') or '-'} ({earlier.get('why', '')})"
    )
