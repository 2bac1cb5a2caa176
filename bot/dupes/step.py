"""Run ``duplicate-post`` on a checked post against a history, then remember the post.

The other rules run where the page is read (a worker thread or process) and need nothing but
the post and its article; ``duplicate-post`` needs the community's history, which lives with
the caller: the pipeline's database, or the earlier lines of a stream. So the caller runs this
step after the check, in the order the posts came, and the finding joins the result (policy
applied, decision taken again).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from bot.dupes.history import History, post_time
from bot.dupes.signature import Signature, signature
from bot.guidelines import Community
from bot.models import CheckResult, Post
from bot.policy import apply_policy, decide
from bot.rules import duplicate_post
from bot.rules.base import RuleContext

log = logging.getLogger(__name__)


def made_at(
    post: Post, community: Community, history: History, default: datetime | None = None
) -> datetime:
    """When the post was made: its ``created_at``; else, for an edit, when the history has its
    first version; else ``default`` (when it arrived), else now. An edit is judged as of then:
    a post made after it is never its "earlier" post."""
    first = None if post.created_at else history.posted(community.key, post.platform, post.id)
    return post_time(post, first or default)


def check_duplicates(
    post: Post,
    result: CheckResult,
    community: Community,
    history: History,
    *,
    at: datetime | None = None,
) -> tuple[CheckResult, Signature]:
    """``(result with the duplicate-post finding added if any, the post's signature)``; ``at``:
    when the post was made (``made_at``)."""
    sig = signature(post, result.article)
    rule = community.rules.get(duplicate_post.RULE_ID)
    if rule is None or not rule.enabled:
        return result, sig
    ctx = RuleContext(post, result.article, rule, community, history)
    try:
        found = duplicate_post.judge(ctx, sig, at or made_at(post, community, history))
    except Exception:  # the history is a database: a bad row must not lose the other findings
        log.exception("duplicate-post failed on post %s:%s", post.platform, post.id)
        return result, sig
    if found is None:
        return result, sig
    _, kept = apply_policy([found], community)
    if not kept:
        return result, sig
    findings = [f for f in result.findings if f.rule != duplicate_post.RULE_ID] + kept
    return replace(result, findings=findings, decision=decide(findings)), sig


def remember(
    history: History,
    post: Post,
    result: CheckResult,
    sig: Signature,
    community: Community,
    *,
    at: datetime | None = None,
    case: int | None = None,
) -> None:
    """Add the decided post to the history: a post the bot removes is not "up" (it must not
    make a later, better post of the same story a duplicate)."""
    status = "removed" if result.decision == "remove" else "up"
    history.add(community.key, post, sig, post_time(post, at), status=status, case=case)


def stream_step(
    post: Post, result: CheckResult, community: Community, history: History
) -> CheckResult:
    """One line of a stream (``check --stream``, backtest): check against the lines before it,
    then become part of the history for the lines after it."""
    at = made_at(post, community, history)
    result, sig = check_duplicates(post, result, community, history, at=at)
    remember(history, post, result, sig, community, at=at)
    return result
