"""Entries, cases and findings as the templates and exports see them, with redaction applied.

The public view is what a Lemmy modlog shows: when, which community, what was done, to which
post and author, the rules and the public reason. Moderators' names become "a moderator" unless
``show_mod_names``; evidence and moderators' notes are shown only with ``public_evidence`` or in
the moderator view. Only http(s) URLs ever become links.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot.cli.modlog import EXPORT_COLUMNS
from bot.evidence import Item, describe, shorten
from bot.store import Case, Entry
from bot.store.chain import SECRET_COLUMNS
from bot.web.settings import Viewer

HIDDEN_MODERATOR = "a moderator"
#: Actions whose text is the moderators' own business (the public sees that a note exists).
PRIVATE_TEXT_ACTIONS = frozenset({"note", "setting-change"})


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None (shown as text only)."""
    if not url or any(c in url for c in "\r\n\t\x00"):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url.strip()


def actor_label(entry: Entry, viewer: Viewer) -> str:
    if entry.actor.kind == "bot" or viewer.show_mod_names:
        return entry.actor.name or entry.actor.id
    return HIDDEN_MODERATOR


def public_reason(entry: Entry, viewer: Viewer) -> str:
    if entry.action in PRIVATE_TEXT_ACTIONS and not viewer.moderator:
        return "(private note)" if entry.reason else ""
    return entry.reason


def evidence_items(evidence: dict[str, Any], rule: str = "") -> list[Item]:
    """A finding's evidence as labelled items (``bot.evidence``), the diff as words."""
    return describe(evidence, rule)


#: Bookkeeping in an entry's evidence, never shown.
_BOOKKEEPING = ("key", "mode", "dry_run", "article", "findings")


def entry_evidence(evidence: dict[str, Any]) -> list[tuple[str, list[Item]]]:
    """An entry's evidence as groups of items: the article the bot read, then each finding
    (headed by its rule). Anything else an entry carries is described like a finding's."""
    groups: list[tuple[str, list[Item]]] = []
    facts: list[Item] = []
    if evidence.get("dry_run"):
        facts.append(Item("Mode", "text", "dry-run: nothing was done on the platform"))
    article = evidence.get("article")
    if isinstance(article, dict):
        facts.extend(article_items(article))
    other = {k: v for k, v in evidence.items() if k not in _BOOKKEEPING}
    facts.extend(describe(other))
    if facts:
        groups.append(("", facts))
    for finding in evidence.get("findings") or []:
        if isinstance(finding, dict) and isinstance(finding.get("evidence"), dict):
            rule = str(finding.get("rule", ""))
            items = describe(finding["evidence"], rule)
            if items:
                groups.append((rule, items))
    return groups


def article_items(article: dict[str, Any]) -> list[Item]:
    """What the bot read: the article's headline and site, or why it could not be read."""
    if article.get("status") == "unreachable":
        why = shorten(str(article.get("error") or "unknown error"), 200)
        return [Item("Article", "text", f"could not be read ({why})")]
    items = []
    if article.get("headline"):
        site = f" — {article['site_name']}" if article.get("site_name") else ""
        items.append(Item("Article", "text", shorten(f"{article['headline']}{site}", 300)))
    if article.get("paywalled"):
        items.append(Item("Paywalled", "text", "yes"))
    return items


def title_history(case: Case, current: str = "", edited_at: str = "") -> list[dict[str, str]]:
    """The post's titles, oldest first: as posted (when the case opened), then each edit the
    modlog or the pipeline saw (``current``: the title stored now)."""
    seen = case.titles()
    if current and current != seen[-1][0]:
        seen.append((current, edited_at))
    return [
        {"label": "as posted" if i == 0 else "as edited", "title": title, "time": time}
        for i, (title, time) in enumerate(seen)
    ]


def entry_view(entry: Entry, viewer: Viewer) -> dict[str, Any]:
    """One entry for the HTML templates."""
    post = entry.post
    return {
        "id": entry.id,
        "time": entry.time,
        "day": entry.time[:10],
        "clock": entry.time[11:16],
        "community": entry.community,
        "case": entry.case_number,
        "actor": actor_label(entry, viewer),
        "actor_kind": entry.actor.kind,
        "action": entry.action,
        "rules": list(entry.rules),
        "reason": public_reason(entry, viewer),
        "title": post.title if post else "",
        "url": post.url if post else "",
        "link": safe_url(post.url) if post else None,
        "author": (post.author_name or post.author_id) if post else "",
        "evidence": entry_evidence(entry.evidence) if viewer.show_evidence else [],
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_row(data: dict[str, Any]) -> dict[str, Any]:
    """An exported entry as one ``/modlog.csv`` row (commitments in columns of their own)."""
    commits = data.get("commitments") or {}
    return {**data, **{f"commit_{c}": commits.get(c, "") for c in SECRET_COLUMNS}}


def spreadsheet_safe(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every text that a spreadsheet would run as a formula (``=HYPERLINK(…)``,
    ``+…``, ``-…``, ``@…``) prefixed with ``'`` (OWASP's advice for CSV exports)."""
    return {
        k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
        for k, v in row.items()
    }


#: ``/modlog.csv``'s columns: the CLI's export, then the chain version and the commitments.
PUBLIC_EXPORT_COLUMNS: tuple[str, ...] = (
    *EXPORT_COLUMNS,
    "chain",
    *(f"commit_{column}" for column in SECRET_COLUMNS),
)


def entry_export(entry: Entry, viewer: Viewer, proof: dict[str, Any]) -> dict[str, Any]:
    """One entry for ``/modlog.json`` and ``/modlog.csv``: the CLI's export, redacted.

    ``proof`` is ``Modlog.public_proof(entry)``: outside the moderator view the entry's hash
    and ``prev_hash`` are the ones it gives (empty for a version-1 entry, whose hash would let
    a reader test guesses about hidden fields), with the commitments of the hidden fields.
    """
    data = entry.to_json()
    data["chain"] = proof["chain"]
    data["commitments"] = proof["commitments"]
    if not viewer.moderator:
        data["hash"], data["prev_hash"] = proof["hash"], proof["prev_hash"]
    if not (entry.actor.kind == "bot" or viewer.show_mod_names):
        data["actor_id"] = ""
        data["actor_name"] = HIDDEN_MODERATOR
    data["reason"] = public_reason(entry, viewer)
    if not viewer.show_evidence:
        data["evidence"] = {}
    return data
