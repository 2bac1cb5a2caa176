"""The earlier posts of a ``duplicate-post`` finding, in words: one short line each in the
finding's evidence (``bot.evidence``: web page, Discord, terminal), and on the case
(``/case``, ``newsmod case``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # bot.evidence reads this module: ``newsmod check`` imports no database code
    from bot.store.entries import Entry

#: Names in common shown, and characters of an earlier post's title.
MAX_NAMES, MAX_TITLE = 5, 70


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
    """One line: which post, where, when, its status, its page on its platform (when known) and
    the article it linked, and why it matched."""
    case = earlier.get("case")
    which = f"case {case}" if case is not None else f"post {earlier.get('post_id', '?')}"
    when = str(earlier.get("when") or "?")[:16].replace("T", " ")
    page = earlier_permalink(earlier)
    article = earlier.get("article") if page else earlier.get("link")
    links = f"{page} · article {article or '-'}" if page else f"{article or '-'}"
    return (
        f"{which} · {earlier.get('platform', '?')} · {when} · {earlier.get('status', '?')} · "
        f"{links} ({earlier.get('why', '')})"
    )


def earlier_permalink(earlier: Mapping[str, Any]) -> str:
    """The earlier post's own page on its platform, "" when the evidence has none: its ``link``
    is that page when the history knew it, else the article it linked (``article``; evidence
    without ``article`` is older, and its ``link`` the article)."""
    link, article = earlier.get("link"), earlier.get("article")
    if not isinstance(link, str) or not isinstance(article, str) or link == article:
        return ""
    return link


def ago(seconds: float) -> str:
    """A span as a moderator says it: "under a minute", "25 min", "2 h", "3 d"."""
    if seconds < 60:
        return "under a minute"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} d"


def _host(url: object) -> str:
    host = urlsplit(str(url or "")).hostname or ""
    return host.removeprefix("www.")


def match_reason(earlier: Mapping[str, Any]) -> str:
    """Why it matched, in a few words: "same article URL", "same headline on wsj.com", "same
    story on bbc.com, 59% alike, names in common: kim, korea"."""
    why = str(earlier.get("why") or "")
    if earlier.get("match") != "same-story":
        return why.split(" (", 1)[0] or "same article"
    parts = [f"same story on {_host(earlier.get('article'))}".removesuffix(" on ")]
    similarity = earlier.get("similarity")
    if isinstance(similarity, int | float) and not isinstance(similarity, bool):
        parts.append(f"{round(similarity * 100)}% alike")
    names = [str(n) for n in earlier.get("shared_entities") or ()][:MAX_NAMES]
    if names:
        parts.append("names in common: " + ", ".join(names))
    return ", ".join(parts)


def earlier_summary(earlier: Mapping[str, Any]) -> str:
    """One short line for a finding's evidence: "case 3 · demo post paywall-no-archive · 2 h
    earlier · still up — same article URL" (a same story adds the earlier post's title)."""
    case = earlier.get("case")
    parts = [f"case {case}"] if case is not None else []
    parts.append(f"{earlier.get('platform') or '?'} post {earlier.get('post_id') or '?'}")
    span = earlier.get("earlier_by")
    if isinstance(span, int | float) and not isinstance(span, bool):
        parts.append(f"{ago(float(span))} earlier")
    elif earlier.get("when"):
        parts.append(f"posted {str(earlier['when'])[:16].replace('T', ' ')}")
    status = earlier.get("status")
    parts.append("still up" if status == "up" else str(status or "?"))
    line = " · ".join(parts) + " — " + match_reason(earlier)
    title = " ".join(str(earlier.get("title") or "").split())
    if earlier.get("match") == "same-story" and title:
        short = title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rsplit(" ", 1)[0]
        line += f": “{short}{'…' if short != title else ''}”"
    return line
