"""Finishing an applied action: ``pending`` → ``done`` and its one modlog entry, together.

Shared by the pipeline (the bot's actions, and any action retried after a crash) and by
moderation (moderators' removals, locks and restores), so an action is logged exactly once,
with the right actor, however it was completed.
"""

from __future__ import annotations

import logging

from bot.models import Post
from bot.pipeline.actions import ActionLog, PendingAction
from bot.pipeline.findings import FindingStore
from bot.pipeline.planner import KINDS
from bot.store.entries import Actor, Entry, PostRef
from bot.store.modlog import Modlog

log = logging.getLogger(__name__)

#: The bot as the modlog names it.
BOT_ACTOR = Actor("newsmod", "newsmod", "bot")


def post_ref(post: Post) -> PostRef:
    return PostRef(post.platform, post.id, post.url or "", post.title, post.author_id,
                   post.author_name)  # fmt: skip


def finish_action(
    action: PendingAction,
    *,
    actions: ActionLog,
    findings: FindingStore,
    modlog: Modlog,
    bot: Actor = BOT_ACTOR,
) -> Entry | None:
    """Inside the caller's transaction. None if the action was finished before."""
    if not actions.mark_done(action.key):
        return None
    payload = action.payload
    if "actor" in payload:  # a moderator's decision
        actor = Actor(**payload["actor"])
        if action.case_no is not None and payload.get("confirm"):
            rows = findings.for_case(action.community, action.case_no)
            found = {row["rule"] for row in rows}
            for rule in payload["confirm"]:
                if rule in found:
                    findings.label(action.community, action.case_no, rule, "confirmed", actor.name)
                    findings.set_status(action.community, action.case_no, rule, "confirmed")
        _log_action(action, action.kind, actor)
        return modlog.append(
            community=action.community, case=action.case_no, actor=actor, action=action.kind,
            post=post_ref(action.post), rules=tuple(payload["rules"]), reason=payload["text"],
            evidence={"key": action.key},
        )  # fmt: skip
    selected = [f for f in payload["findings"] if f["rule"] in payload["rules"]]
    _log_action(action, KINDS[action.kind], bot, dry_run=bool(payload["dry_run"]))
    return modlog.append(
        community=action.community,
        case=action.case_no,
        actor=bot,
        action=KINDS[action.kind],
        post=post_ref(action.post),
        rules=tuple(payload["rules"]),
        reason=payload["text"],
        evidence={
            "key": action.key,
            "mode": payload["mode"],
            "dry_run": payload["dry_run"],
            "article": payload["article"],
            "findings": selected,
        },
        config_version=payload["config_version"],
    )


def _log_action(action: PendingAction, kind: str, actor: Actor, *, dry_run: bool = False) -> None:
    """One INFO line per finished action: ``newsmod run``'s record of what was done."""
    log.info(
        "action %s %s:%s by %s %s (case %s; rules %s)%s",
        kind, action.post.platform, action.post.id, actor.kind, actor.name, action.case_no,
        ", ".join(action.payload.get("rules", ())) or "none", " [dry-run]" if dry_run else "",
    )  # fmt: skip
