"""Applying one pending action through its platform's adapter (``Pipeline._apply``)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.errors import NewsmodError
from bot.models import Finding
from bot.pipeline.actions import PendingAction
from bot.pipeline.adapter import ModQueueItem, PlatformAdapter

#: Action kinds recorded in the modlog only: no adapter is called.
LOCAL_KINDS = frozenset({"note"})


async def call_adapter(adapters: Mapping[str, PlatformAdapter], action: PendingAction) -> None:
    """Send ``action`` to the adapter of its post's platform (an exception: it failed)."""
    if action.kind in LOCAL_KINDS:
        return  # recorded in the modlog only
    adapter = adapters.get(action.post.platform)
    if adapter is None:
        raise NewsmodError(f"no adapter for platform {action.post.platform!r}")
    payload = action.payload
    if action.kind == "notify":
        await adapter.notify_mods(queue_item(action, set(payload["rules"])))
    elif action.kind == "comment":
        await adapter.comment(action.post, payload["text"], action.key)
    elif action.kind == "remove":
        await adapter.remove(action.post, payload["text"], action.key)
    elif action.kind == "lock":  # a moderator's, left pending by a crash
        await adapter.lock(action.post, payload["text"], action.key)
    elif action.kind == "restore":
        await adapter.restore(action.post, payload["text"], action.key)
    elif action.kind == "resolve":
        hook = getattr(adapter, "resolved", None)  # optional: show the fix on the platform
        if hook is not None:
            # the case after an edit fixed payload["rules"]: its findings still open
            item = queue_item(action, set(payload.get("still_open", ())))
            await hook(item, tuple(payload["rules"]))
    else:
        raise NewsmodError(f"unknown action kind {action.kind!r}")


def queue_item(action: PendingAction, rules: set[str]) -> ModQueueItem:
    """The mod-queue item of ``action``, with its findings for ``rules`` only."""
    payload = action.payload
    findings = tuple(
        Finding(f["rule"], f["confidence"], f["message"], f["evidence"], f["action"])
        for f in payload["findings"]
        if f["rule"] in rules
    )
    return ModQueueItem(
        case=action.case_no or 0,
        post=action.post,
        findings=findings,
        decision=payload["decision"],
        suggested_action=payload["text"],
        evidence=payload["article"],
        community=action.community,
        dry_run=payload["dry_run"],
        key=action.key,
    )
