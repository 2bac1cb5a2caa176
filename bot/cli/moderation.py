"""``newsmod stats``, ``newsmod backtest`` and ``newsmod decide``: learning from and acting on
cases from the command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlite_utils.db import Database

from bot.cli.common import (
    add_db_argument,
    add_format_argument,
    open_cli_db,
    parse_int,
    write_rows,
)
from bot.cli.text import MAX_FIELD, terminal_safe
from bot.errors import InputError
from bot.guidelines import Guidelines, load_guidelines
from bot.models import Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.backtest import Outcome, backtest, stored_outcome, stored_posts, summarize
from bot.pipeline.moderation import DECISIONS, Moderation
from bot.pipeline.ports import PageFetcher
from bot.pipeline.schema import MIGRATIONS
from bot.pipeline.stats import rule_stats
from bot.store.db import resolve_db_path
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter

#: Platforms without a remote side: a decision on their posts is applied in-process.
LOCAL_PLATFORMS: tuple[str, ...] = ("cli", "demo")
STATS_COLUMNS = ("rule", "findings", "confirmed", "dismissed", "precision", "suggestion")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "stats",
        help="per rule: findings, moderators' verdicts, precision, the action the data supports",
        description="Per rule: how often it fired, how many findings moderators confirmed or "
        "dismissed, the precision so far and the action that record supports.",
    )
    p.add_argument("--community", help="one community (default: all)")
    add_format_argument(p)
    add_db_argument(p)
    p.set_defaults(func=run_stats)

    p = sub.add_parser(
        "backtest",
        help="replay posts through a config without acting; show what would change",
        description="Check posts (a JSONL file like `check --batch`, or --stored: the posts in "
        "the queue) with a rule configuration, act on nothing, and show per post what would "
        "change against what was decided, then a summary.",
    )
    p.add_argument("file", nargs="?", metavar="FILE.jsonl", help="one post a line")
    p.add_argument("--stored", action="store_true", help="replay the posts in the queue")
    p.add_argument("--config", metavar="TOML", help="the configuration to try")
    p.add_argument("--community", help="community key (default: the config's default)")
    p.add_argument("--offline", action="store_true", help="never fetch; use saved pages only")
    add_format_argument(p, ("table", "json"))
    add_db_argument(p)
    p.set_defaults(func=run_backtest)

    p = sub.add_parser(
        "decide",
        help="a moderator's decision on a case: approve, dismiss, remove, …",
        description="Apply a moderator's decision to a case and log it: "
        f"{', '.join(DECISIONS)}. remove needs --rule and --reason.",
    )
    p.add_argument("case", metavar="CASE", help="case number")
    p.add_argument("decision", metavar="DECISION", help="|".join(DECISIONS))
    p.add_argument("--rule", help="the rule id the decision is about")
    p.add_argument("--reason", default="", help="why (required for remove; the text of a note)")
    p.add_argument("--as", dest="moderator", metavar="MODNAME", help="who decides (required)")
    p.add_argument("--community", help="the case's community (needed if the number is ambiguous)")
    add_db_argument(p)
    p.set_defaults(func=run_decide)


# -- stats --------------------------------------------------------------------------------------


def run_stats(args: argparse.Namespace) -> int:
    db = open_cli_db(args, readonly=True, extra_migrations=[MIGRATIONS])
    try:
        rows = [s.to_json() for s in rule_stats(db, args.community)]
    finally:
        db.conn.close()
    if args.format == "table":
        for row in rows:
            p = row["precision"]
            row["precision"] = "" if p is None else f"{p:.0%}"
    write_rows(sys.stdout, rows, args.format, columns=STATS_COLUMNS)
    return 0


# -- decide -------------------------------------------------------------------------------------


def run_decide(args: argparse.Namespace) -> int:
    case = parse_int(args.case, "CASE")
    assert case is not None
    decision = args.decision
    if decision not in DECISIONS:
        raise InputError(f"unknown decision {decision!r} (known: {', '.join(DECISIONS)})")
    if not (args.moderator or "").strip():
        raise InputError("say who decides: --as MODNAME")
    if DECISIONS[decision] and not args.rule:
        raise InputError(f"decide {decision} needs --rule RULE")
    actor = Actor(f"cli:{args.moderator.strip()}", args.moderator.strip(), "moderator")
    db = open_cli_db(args, readonly=False, extra_migrations=[MIGRATIONS])
    try:
        entry = asyncio.run(_decide(db, case, decision, actor, args))
    finally:
        db.conn.close()
    rules = f" ({', '.join(entry.rules)})" if entry.rules else ""
    print(f"case {case} of {entry.community}: {entry.action}{rules} by "
          f"{terminal_safe(actor.name, MAX_FIELD)}, modlog entry {entry.id}")  # fmt: skip
    return 0


async def _decide(
    db: Database, case: int, decision: str, actor: Actor, args: argparse.Namespace
) -> Any:
    adapters = {name: InProcessAdapter(name) for name in LOCAL_PLATFORMS}
    async with DbWriter() as writer:
        moderation = Moderation(db, writer, Modlog(db), adapters)
        where = {"community": args.community}
        if decision == "remove":
            return await moderation.remove(case, args.rule, args.reason, actor, **where)
        if decision == "note":
            return await moderation.note(case, args.reason, actor, **where)
        if decision in ("dismiss", "confirm"):
            method = getattr(moderation, decision)
            return await method(case, args.rule, actor, reason=args.reason, **where)
        method = getattr(moderation, decision)  # approve, restore, lock
        return await method(case, actor, reason=args.reason, **where)


# -- backtest -----------------------------------------------------------------------------------


def run_backtest(args: argparse.Namespace) -> int:
    if bool(args.file) == bool(args.stored):
        raise InputError("give FILE.jsonl or --stored (one of them)")
    baseline = load_guidelines(None)
    trial = load_guidelines(Path(args.config)) if args.config else baseline
    community = trial.community(args.community).key
    baseline.community(community)  # the same community must exist in both
    db = _backtest_db(args)
    try:
        return asyncio.run(_backtest(args, db, baseline, trial, community))
    finally:
        if db is not None:
            db.conn.close()


def _backtest_db(args: argparse.Namespace) -> Database | None:
    path = resolve_db_path(getattr(args, "db", None))
    if not args.stored and not path.exists():
        return None  # posts from a file and no database yet: compare with the current config
    return open_cli_db(args, readonly=True, extra_migrations=[MIGRATIONS])


def _file_posts(path: Path, community: str, errors: list[str]) -> Iterator[Post]:
    from bot.cli.check import parse_post_line  # the `check --batch` line format, one parser

    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            line = parse_post_line(text, number, path.parent, community)
            if line.post is None:
                errors.append(line.error or f"line {number}: invalid")
                print(f"newsmod: {line.error}", file=sys.stderr)
                continue
            yield line.post


def _known_communities(posts: list[Post], *configs: Guidelines) -> list[Post]:
    """Posts whose community both configurations define; say which were left out."""
    keep = [p for p in posts if all(p.community in g.communities for g in configs)]
    others = sorted({p.community for p in posts} - {p.community for p in keep})
    if others:
        print(f"newsmod: skipped {len(posts) - len(keep)} stored post(s) of communities not in "
              f"the config: {', '.join(others)}", file=sys.stderr)  # fmt: skip
    return keep


@asynccontextmanager
async def _fetcher(offline: bool) -> AsyncIterator[PageFetcher]:
    from bot.offline import OfflineFetcher

    if offline:
        yield OfflineFetcher()
        return
    from bot.fetch import Fetcher, FetchSettings

    async with Fetcher.open(FetchSettings()) as fetcher:
        yield fetcher


async def _backtest(
    args: argparse.Namespace,
    db: Database | None,
    baseline: Guidelines,
    trial: Guidelines,
    community: str,
) -> int:
    from bot.service import check_post

    errors: list[str] = []
    rows = []
    async with DbWriter() as writer, _fetcher(args.offline) as fetcher:
        if args.stored:
            assert db is not None
            posts: Any = _known_communities(
                await writer.run(lambda: list(stored_posts(db, args.community))), trial, baseline
            )
        else:
            posts = _file_posts(Path(args.file), community, errors)

        async def decided(post: Post) -> tuple[Outcome | None, dict[str, str]]:
            if db is None:
                return None, {}
            return await writer.run(stored_outcome, db, post)

        async for row in backtest(
            posts, trial=trial, baseline=baseline, fetcher=fetcher, checker=check_post,
            decided=decided,
        ):  # fmt: skip
            rows.append(row)
            if args.format == "json":
                print(json.dumps(row.to_json(), ensure_ascii=False), flush=True)
    summary = summarize(rows)
    if args.format == "json":
        print(json.dumps({"summary": summary}, ensure_ascii=False))
    else:
        _print_table(rows, summary)
    return 2 if errors else 0


def _print_table(rows: list[Any], summary: dict[str, Any]) -> None:
    table = [
        {
            "id": row.post.id,
            "before": row.before.describe(),
            "after": row.after.describe(),
            "change": row.change() or "=",
            "moderators": "; ".join(row.disagreements()),
        }
        for row in rows
    ]
    columns = ["id", "before", "after", "change"]
    if any(r["moderators"] for r in table):
        columns.append("moderators")
    widths = {"before": 40, "after": 40, "change": 40}
    write_rows(sys.stdout, table, "table", columns=columns, widths=widths)
    before = ", ".join(f"{k} {v}" for k, v in sorted(summary["before"].items())) or "-"
    after = ", ".join(f"{k} {v}" for k, v in sorted(summary["after"].items())) or "-"
    print(f"\n{summary['posts']} posts, {summary['changed']} would change.")
    print(f"decisions before: {before}; after: {after}")
    for key, label in (("rules_added", "newly raised"), ("rules_dropped", "no longer raised")):
        if summary[key]:
            print(f"{label}: " + ", ".join(f"{r} {n}" for r, n in summary[key].items()))
    if summary["labelled_posts"]:
        print(f"against moderators' labels on {summary['labelled_posts']} posts: "
              f"{summary['disagreements']} disagreement(s)")  # fmt: skip
