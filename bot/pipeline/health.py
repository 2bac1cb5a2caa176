"""The queue's health per platform and community, for ``newsmod status``: posts waiting or
failed, actions waiting (still retried) or given up, and the latest action error."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils.db import Database

from bot.pipeline.actions import ACTION_ATTEMPTS


@dataclass
class QueueHealth:
    queued: int = 0  # posts pending or being checked
    failed_posts: int = 0  # posts whose check failed every attempt
    pending_actions: int = 0  # actions not applied yet, still retried
    failed_actions: int = 0  # actions given up after every attempt
    last_error: str = ""
    last_error_at: str = ""


def queue_health(
    db: Database, max_attempts: int = ACTION_ATTEMPTS
) -> dict[tuple[str, str], QueueHealth]:
    """``{(platform, community): QueueHealth}`` for every pair with posts or actions."""
    out: dict[tuple[str, str], QueueHealth] = {}
    if db["posts"].exists():
        for platform, community, status, count in db.execute(
            "SELECT platform, community, status, count(*) FROM posts "
            "WHERE status IN ('pending', 'processing', 'failed') "
            "GROUP BY platform, community, status"
        ):
            health = out.setdefault((platform, community), QueueHealth())
            if status == "failed":
                health.failed_posts += count
            else:
                health.queued += count
    if db["actions"].exists():
        for platform, community, given_up, count in db.execute(
            "SELECT platform, community, attempts >= ?, count(*) FROM actions "
            "WHERE state = 'pending' GROUP BY platform, community, attempts >= ?",
            [max_attempts, max_attempts],
        ):
            health = out.setdefault((platform, community), QueueHealth())
            if given_up:
                health.failed_actions += count
            else:
                health.pending_actions += count
        for platform, community, error, at in db.execute(
            "SELECT platform, community, last_error, max(updated_at) FROM actions "
            "WHERE state = 'pending' AND last_error IS NOT NULL GROUP BY platform, community"
        ):
            health = out.setdefault((platform, community), QueueHealth())
            health.last_error, health.last_error_at = error, at
    return out
