"""The platform-neutral adapter interface, and the in-process adapter for demo and tests.

Every method that changes something takes ``key``, the action's unique key
(``platform:post_id:rule:kind:content_hash`` for bot actions). An adapter must treat a repeated
key as already done: after a crash the pipeline retries a half-finished action with the same key,
and relies on the adapter not to apply it twice.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from bot.errors import NewsmodError
from bot.models import Finding, Post

log = logging.getLogger(__name__)


class ActionRefused(NewsmodError):
    """The platform refused an action for good (e.g. Lemmy's ``not_higher_mod``): the pipeline
    gives it up at once instead of retrying; the adapter has told the moderators, or will."""


@dataclass(frozen=True)
class ModQueueItem:
    """What moderators see in their queue for one post."""

    case: int
    post: Post
    findings: tuple[Finding, ...]
    decision: str  # the policy's decision: "flag" | "remove"
    suggested_action: str  # what the bot suggests a moderator do, e.g. "remove (ragebait)"
    evidence: dict[str, Any] = field(default_factory=dict)  # article facts: headline, site…
    community: str = ""
    dry_run: bool = False  # the bot would have removed this post in live mode
    key: str = ""

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(f.rule for f in self.findings)


@runtime_checkable
class PlatformAdapter(Protocol):
    """One chat platform (Discord, Lemmy, in-process) as the pipeline sees it."""

    platform: str

    async def notify_mods(self, item: ModQueueItem) -> None: ...

    async def comment(self, post: Post, text: str, key: str) -> None: ...

    async def remove(self, post: Post, reason: str, key: str) -> None: ...

    async def lock(self, post: Post, reason: str, key: str) -> None: ...

    async def restore(self, post: Post, reason: str, key: str) -> None: ...


@runtime_checkable
class ResolvingAdapter(Protocol):
    """The optional hook of an adapter that shows on its platform what an edit fixed.

    ``item`` is the case after the edit: ``item.findings`` are the ones still open (none: the
    moderators have nothing left to decide), ``item.key`` the action's unique key. ``rules`` are
    the findings the poster's edit resolved. Adapters without it only get the modlog entry."""

    async def resolved(self, item: ModQueueItem, rules: tuple[str, ...]) -> None: ...


@dataclass(frozen=True)
class AdapterCall:
    kind: str  # notify_mods | comment | remove | lock | restore | resolved
    post_id: str
    key: str
    text: str = ""
    item: ModQueueItem | None = None


class InProcessAdapter:
    """Records every call instead of talking to a platform; idempotent by action key.

    With ``journal``, each applied action is appended to that file as one JSON line (and the
    keys already there are loaded at start), so a restarted process sees what a killed one did.
    """

    def __init__(self, platform: str = "cli", *, journal: Path | None = None) -> None:
        self.platform = platform
        self.journal = journal
        self.calls: list[AdapterCall] = []
        self.applied: set[str] = set()
        self.skipped: list[str] = []  # repeated keys that were not applied again
        if journal is not None and journal.exists():
            with journal.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        self.applied.add(json.loads(line)["key"])

    def _record(self, call: AdapterCall) -> None:
        if call.key in self.applied:
            self.skipped.append(call.key)
            log.info("action %s already applied; not repeated", call.key)
            return
        if self.journal is not None:
            line = json.dumps({"kind": call.kind, "post": call.post_id, "key": call.key})
            with self.journal.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        self.applied.add(call.key)
        self.calls.append(call)

    async def notify_mods(self, item: ModQueueItem) -> None:
        self._record(
            AdapterCall("notify_mods", item.post.id, item.key, item.suggested_action, item)
        )

    async def comment(self, post: Post, text: str, key: str) -> None:
        self._record(AdapterCall("comment", post.id, key, text))

    async def remove(self, post: Post, reason: str, key: str) -> None:
        self._record(AdapterCall("remove", post.id, key, reason))

    async def lock(self, post: Post, reason: str, key: str) -> None:
        self._record(AdapterCall("lock", post.id, key, reason))

    async def restore(self, post: Post, reason: str, key: str) -> None:
        self._record(AdapterCall("restore", post.id, key, reason))

    async def resolved(self, item: ModQueueItem, rules: tuple[str, ...]) -> None:
        self._record(AdapterCall("resolved", item.post.id, item.key, ", ".join(rules), item))

    def kinds(self) -> list[str]:
        return [c.kind for c in self.calls]
