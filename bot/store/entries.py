"""The modlog's plain data: who acted, on which post, the stored entry, a case, a verify result."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

ActorKind = Literal["bot", "moderator", "platform"]
ACTOR_KINDS: tuple[str, ...] = ("bot", "moderator", "platform")


def utc_iso(moment: datetime) -> str:
    """``2026-11-23T12:46:45.123Z``: UTC, millisecond precision, fixed width (sorts as text)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """Who did it: the bot, a moderator, or the platform itself (e.g. an imported removal)."""

    id: str
    name: str
    kind: ActorKind = "moderator"


@dataclass(frozen=True)
class PostRef:
    """The post an entry is about, as the platform knows it."""

    platform: str
    id: str
    url: str = ""
    title: str = ""
    author_id: str = ""
    author_name: str = ""


@dataclass(frozen=True)
class Entry:
    """One stored modlog entry; ``id`` is its place in the hash chain."""

    id: int
    time: str
    platform: str
    community: str
    case_number: int | None
    actor: Actor
    action: str
    post: PostRef | None
    rules: tuple[str, ...]
    reason: str
    evidence: dict[str, Any]
    config_version: str
    prev_hash: str
    hash: str
    #: The chain version the hash follows (``bot.store.chain``): 1 before migration m005.
    chain: int = 1

    def to_json(self) -> dict[str, Any]:
        """A flat, JSON-ready dict (the export format of ``newsmod modlog --format json``)."""
        post = self.post
        return {
            "id": self.id,
            "time": self.time,
            "platform": self.platform,
            "community": self.community,
            "case": self.case_number,
            "actor_id": self.actor.id,
            "actor_name": self.actor.name,
            "actor_kind": self.actor.kind,
            "action": self.action,
            "post_id": post.id if post else "",
            "post_url": post.url if post else "",
            "post_title": post.title if post else "",
            "author_id": post.author_id if post else "",
            "author_name": post.author_name if post else "",
            "rules": list(self.rules),
            "reason": self.reason,
            "evidence": self.evidence,
            "config_version": self.config_version,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Entry:
        post = None
        if row["post_platform_id"] or row["post_url"]:
            post = PostRef(
                platform=row["platform"],
                id=row["post_platform_id"],
                url=row["post_url"],
                title=row["post_title"],
                author_id=row["author_id"],
                author_name=row["author_name"],
            )
        return cls(
            id=row["id"],
            time=row["time"],
            platform=row["platform"],
            community=row["community"],
            case_number=row["case_number"],
            actor=Actor(row["actor_id"], row["actor_name"], row["actor_kind"]),
            action=row["action"],
            post=post,
            rules=tuple(json.loads(row["rules"])),
            reason=row["reason"],
            evidence=json.loads(row["evidence"]),
            config_version=row["config_version"],
            prev_hash=row["prev_hash"],
            hash=row["hash"],
            chain=row.get("chain", 1),
        )


@dataclass(frozen=True)
class Case:
    """A community's case: the post it is about and every entry logged under it, oldest first."""

    community: str
    number: int
    post: PostRef
    opened_at: str
    entries: list[Entry] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "community": self.community,
            "case": self.number,
            "opened_at": self.opened_at,
            "post": {
                "platform": self.post.platform,
                "id": self.post.id,
                "url": self.post.url,
                "title": self.post.title,
                "author_id": self.post.author_id,
                "author_name": self.post.author_name,
            },
            "entries": [e.to_json() for e in self.entries],
        }

    def titles(self) -> list[tuple[str, str]]:
        """The post's titles as the modlog saw them, oldest first: ``(title, when)`` as posted
        (when the case opened), then each edit (the first entry that carries it)."""
        seen = [(self.post.title, self.opened_at)]
        for entry in self.entries:
            if entry.post and entry.post.title and entry.post.title != seen[-1][0]:
                seen.append((entry.post.title, entry.time))
        return seen


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the hash chain; ``first_bad_id`` names the first broken entry."""

    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""
