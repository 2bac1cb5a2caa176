"""``newsmod status``: is the bot alive, and how is each platform and community doing?

Per platform and community: when the running bot last showed it alive (a Lemmy poll round, a
Discord gateway event), the posts queued and failed, the actions pending and given up, and the
last error. Exit status 1 when the bot itself has not beaten for ``--max-age`` seconds (or never
ran), so that systemd, cron or a container health check can use it; 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from bot.cli.common import add_db_argument, add_format_argument, open_cli_db, write_rows
from bot.pipeline.clock import parse_utc
from bot.pipeline.health import queue_health
from bot.pipeline.schema import MIGRATIONS as PIPELINE_MIGRATIONS
from bot.store.db import db_label
from bot.store.heartbeat import BEAT_SECONDS, SELF, heartbeats
from bot.store.heartbeat import MIGRATIONS as OPS_MIGRATIONS

#: Default ``--max-age``: four missed beats.
MAX_AGE = 4 * BEAT_SECONDS
COLUMNS = ("platform", "community", "seen", "queued", "failed_posts", "pending_actions",
           "failed_actions", "last_error")  # fmt: skip
HEADERS = {"failed_posts": "failed posts", "pending_actions": "pending actions",
           "failed_actions": "failed actions", "last_error": "last error"}  # fmt: skip


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "status",
        help="is the bot alive? last poll, queue, pending and failed actions",
        description="Show when the running bot was last seen, per platform and community: the "
        "last poll or gateway event, the queue, pending and failed actions and the last error. "
        "Exit status 1 when the bot has not been seen for --max-age seconds (a health check).",
    )
    add_db_argument(p)
    add_format_argument(p, ("table", "json"))
    p.add_argument(
        "--max-age",
        type=float,
        default=MAX_AGE,
        metavar="SECONDS",
        help=f"how long without a sign of life counts as down (default {MAX_AGE:g})",
    )
    p.set_defaults(func=run)


def _parse(stamp: str | None) -> datetime | None:
    if not stamp:
        return None
    return parse_utc(stamp)


def _ago(stamp: str | None, now: datetime) -> str:
    moment = _parse(stamp)
    if moment is None:
        return "never"
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def status_rows(beats: list[dict[str, Any]], db: Any, now: datetime) -> list[dict[str, Any]]:
    health = queue_health(db)
    beat_of = {(b["platform"], b["community"]): b for b in beats if b["platform"] != SELF}
    rows = []
    for platform, community in sorted(set(beat_of) | set(health)):
        beat = beat_of.get((platform, community), {})
        queue = health.get((platform, community))
        error, error_at = "", ""
        if beat.get("error") and (beat.get("error_at") or "") >= (beat.get("ok_at") or ""):
            error, error_at = beat["error"], beat["error_at"]
        elif queue is not None and queue.last_error:
            error, error_at = queue.last_error, queue.last_error_at
        rows.append({
            "platform": platform,
            "community": community or "(all)",
            "seen": _ago(beat.get("ok_at"), now) if beat else "never",
            "seen_at": beat.get("ok_at"),
            "queued": queue.queued if queue else 0,
            "failed_posts": queue.failed_posts if queue else 0,
            "pending_actions": queue.pending_actions if queue else 0,
            "failed_actions": queue.failed_actions if queue else 0,
            "last_error": error,
            "last_error_at": error_at,
        })  # fmt: skip
    return rows


def run(args: argparse.Namespace, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    db = open_cli_db(args, extra_migrations=[PIPELINE_MIGRATIONS, OPS_MIGRATIONS])
    try:
        beats = heartbeats(db)
        rows = status_rows(beats, db, now)
        label = db_label(db)
    finally:
        db.close()
    me = next((b for b in beats if b["platform"] == SELF), None)
    seen = _parse(me["seen_at"]) if me else None
    age = (now - seen).total_seconds() if seen else None
    alive = age is not None and age <= args.max_age
    if me is None or age is None:
        verdict = f"newsmod: never seen running with {label}"
    else:
        state = "alive" if alive else f"DOWN (not seen for more than {args.max_age:g} s)"
        last = _ago(me["seen_at"], now)
        verdict = f"newsmod: {state}; last seen {last} ({me['detail']}) in {label}"
    if args.format == "json":
        print(json.dumps({"alive": alive, "last_seen": me["seen_at"] if me else None,
                          "database": label, "platforms": rows}, ensure_ascii=False))  # fmt: skip
    else:
        print(verdict)
        if rows:
            write_rows(sys.stdout, rows, "table", columns=COLUMNS, widths={"last_error": 60},
                       headers=HEADERS)  # fmt: skip
    return 0 if alive else 1
