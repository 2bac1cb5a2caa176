"""``newsmod demo``: the whole pipeline offline on the bundled sample posts and saved pages.

Posts from ``examples/posts.jsonl`` go through the durable queue, are checked against the
default community's guidelines (saved pages, nothing fetched), the decisions are applied by an
in-process adapter and logged; then a moderator decides a few cases, one poster fixes a title
(the fix-it loop), and the demo prints the modlog, its verification and the per-rule stats.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from dataclasses import replace
from pathlib import Path

from bot.cli.check import parse_post_line
from bot.cli.common import terminal_safe
from bot.cli.render import render_result
from bot.errors import InputError
from bot.guidelines import Guidelines, load_guidelines
from bot.models import Post
from bot.offline import OfflineFetcher
from bot.pipeline.adapter import AdapterCall, InProcessAdapter
from bot.pipeline.moderation import Moderation
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.schema import MIGRATIONS
from bot.store.db import open_db
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter

PLATFORM = "demo"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MODERATOR = Actor(id="mod-1", name="ada (moderator)", kind="moderator")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help="run the whole pipeline offline on the bundled sample posts",
        description="Queue, check, act and log the sample posts in examples/ (saved pages, "
        "nothing fetched), then show moderator decisions, the modlog and the stats.",
    )
    p.add_argument("--db", metavar="PATH", help="keep the demo database here (default: a temp dir)")
    p.add_argument("--examples", metavar="DIR", default=str(EXAMPLES), help="posts.jsonl + pages/")
    p.add_argument(
        "--config", metavar="TOML", help="guidelines file (default: config/guidelines.toml)"
    )
    p.set_defaults(func=run)


def load_posts(examples: Path, community: str) -> list[Post]:
    path = examples / "posts.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"demo: cannot read {path}: {exc.strerror or exc}") from None
    posts = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        parsed = parse_post_line(text, number, path.parent, community)
        if parsed.post is None:
            raise InputError(f"demo: {path}: {parsed.error}")
        posts.append(replace(parsed.post, platform=PLATFORM, author_id=parsed.post.author_name))
    return posts


def run(args: argparse.Namespace) -> int:
    guidelines = load_guidelines(Path(args.config) if args.config else None)
    if args.db:
        return asyncio.run(_demo(Path(args.db), Path(args.examples), guidelines, keep=True))
    with tempfile.TemporaryDirectory(prefix="newsmod-demo-") as tmp:
        return asyncio.run(
            _demo(Path(tmp) / "demo.db", Path(args.examples), guidelines, keep=False)
        )


def _section(title: str) -> None:
    print(f"\n{'=' * 8} {title} {'=' * max(4, 70 - len(title))}\n", flush=True)


async def _demo(db_path: Path, examples: Path, guidelines: Guidelines, *, keep: bool) -> int:
    community = guidelines.community(None)
    posts = load_posts(examples, community.key)
    db = open_db(db_path, extra_migrations=(MIGRATIONS,))
    adapter = InProcessAdapter(PLATFORM)
    async with DbWriter() as writer:
        modlog = Modlog(db)
        pipeline = Pipeline(
            db, writer, OfflineFetcher(), guidelines, {PLATFORM: adapter}, modlog=modlog
        )
        moderation = Moderation(db, writer, modlog, {PLATFORM: adapter})

        _section(f"1. {len(posts)} posts to {community.name} ({community.mode} mode)")
        for post in posts:
            await pipeline.submit(post)
        await pipeline.run_until_empty()
        cases: dict[str, int] = {}
        for post in posts:
            row = pipeline.queue.get(PLATFORM, post.id)
            assert row is not None
            assert row["result"]
            print(render_result(json.loads(row["result"]), title=post.title) + "\n")
            if row["case_no"] is not None:
                cases[post.id] = int(row["case_no"])

        _section("2. What the bot did (in-process adapter)")
        _print_calls(adapter.calls)

        _section("3. The poster fixes the editorialized title (fix-it loop)")
        original = next(p for p in posts if p.id == "independent-editorialized")
        fixed = replace(
            original,
            title="Trump says he wants to meet Kim Jong Un again as South Korea’s Lee visits "
            "White House",
        )
        done_before = len(adapter.calls)
        await pipeline.submit(fixed)
        await pipeline.run_until_empty()
        row = pipeline.queue.get(PLATFORM, fixed.id)
        assert row is not None
        assert row["result"]
        print(render_result(json.loads(row["result"]), title=fixed.title) + "\n")
        _print_calls(adapter.calls[done_before:])  # the platform is told what the edit fixed
        _section("4. A moderator decides")
        await _moderate(moderation, cases)

    db.close()

    from bot.cli.main import main as cli

    _section("5. The modlog (newsmod modlog)")
    cli(["modlog", "--db", str(db_path), "--limit", "100"])
    _section("6. Tamper check (newsmod modlog verify)")
    cli(["modlog", "verify", "--db", str(db_path)])
    _section("7. Per-rule precision (newsmod stats)")
    cli(["stats", "--db", str(db_path)])
    if keep:
        print(f"\nThe demo database is kept at {db_path}: try `newsmod case 1 --db {db_path}`.")
    return 0


def _print_calls(calls: list[AdapterCall]) -> None:
    for call in calls:
        print(f"  {call.kind:<12} {call.post_id:<26} {terminal_safe(call.text, 90)}")


async def _moderate(moderation: Moderation, cases: dict[str, int]) -> None:
    """A few decisions, each printed as the moderator would type it with ``newsmod decide``."""
    steps: list[tuple[str, str, str, str]] = [
        ("syndicated", "confirm", "not-original-source", ""),
        ("tabloid", "remove", "tabloid-source", "Rule 5: tabloid source; please post a wire story"),
        ("ragebait", "confirm", "ragebait", ""),
        ("us-domestic", "dismiss", "us-domestic-news", "education policy is of wider interest"),
        ("blogspam-filler", "confirm", "blogspam", ""),
    ]
    for post_id, decision, rule, reason in steps:
        case = cases.get(post_id)
        if case is None:
            print(f"  (post {post_id} has no case: nothing to decide)")
            continue
        if decision == "remove":
            await moderation.remove(case, rule, reason, MODERATOR)
        elif decision == "confirm":
            await moderation.confirm(case, rule, MODERATOR, reason=reason)
        else:
            await moderation.dismiss(case, rule, MODERATOR, reason=reason)
        why = f' --reason "{reason}"' if reason else ""
        print(f"  newsmod decide {case} {decision} --rule {rule}{why} --as ada   # {post_id}")
    await moderation.note(
        cases.get("paywall-no-archive", 0) or min(cases.values()),
        "Asked the poster to add an archive link.",
        MODERATOR,
    )
    print(
        '  newsmod decide <case> note --reason "Asked the poster to add an archive link." --as ada'
    )
