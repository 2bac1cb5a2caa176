"""Web page render time over a 1M-entry modlog: ``/`` (unfiltered, by rule, by author),
``/case/N`` and ``/stats`` (last 30 days), each served over HTTP on 127.0.0.1.

Peer, measured in the same run on the same database: the raw store call behind each page
(``Modlog.query`` for the same page, ``Modlog.get_case``), so the ratio is the web layer's
overhead: HTTP, parameter parsing, redaction, templates and SVG. For ``/stats`` the peer is
counting the 30-day window from scratch (what the page would cost without its running counts).
Target (issue 6): page render p95 <= 50 ms.

Size: ``NEWSMOD_BENCH_WEB_N`` (default 1,000,000 entries). The database is built once through
the store's API (``open_case`` + ``append_many``) and cached under ``bench/results/``.
Prints a Markdown table.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.models import RULE_IDS
from bot.store import Actor, Modlog, ModlogFilter, NewEntry, PostRef, open_db, write_transaction
from bot.web import WebSettings, create_app
from bot.web.app import STATS
from bot.web.statsagg import stats_data

N = int(os.environ.get("NEWSMOD_BENCH_WEB_N", "1000000"))
RESULTS = Path(__file__).parent / "results"
BATCH_POSTS = 500
START = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 365
COMMUNITIES = ("worldnews", "news", "science", "technology")
WEIGHTS = (0.55, 0.25, 0.12, 0.08)
BOT = Actor("bot", "newsmod", "bot")
MODS = [Actor(f"mod{i}", f"moderator{i}", "moderator") for i in range(12)]
AUTHORS = 50_000
DECISIONS = (("confirm", 40), ("dismiss", 25), ("remove", 20), ("approve", 15))
DECISION_LAG = 3  # batches between a post's flag and the moderator's decision
REQUESTS = 200
STATS_REQUESTS = 50
COLD_REQUESTS = 10
WARMUP = 10


class Clock:
    """A fixed "now" that the builder moves forward one batch at a time."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def _posts(rng: random.Random) -> Iterator[list[tuple[str, PostRef, str]]]:
    """Endless batches of (community, post, rule)."""
    n = 0
    while True:
        batch = []
        for _ in range(BATCH_POSTS):
            author = rng.randrange(AUTHORS)
            post = PostRef(
                "lemmy",
                str(n),
                f"https://news{rng.randrange(400)}.example/2025/{n}/some-article-slug",
                f"Headline number {n} about world events",
                f"u{author}",
                f"user{author}",
            )
            batch.append((rng.choices(COMMUNITIES, WEIGHTS)[0], post, rng.choice(RULE_IDS)))
            n += 1
        yield batch


def build(path: Path) -> None:
    """Write the benchmark database: flags by the bot, decisions by moderators a day later
    (about 1.6 entries per post, so ~600k cases for 1M entries)."""
    tmp = path.with_suffix(".tmp")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):  # an interrupted build
        leftover.unlink(missing_ok=True)
    db = open_db(tmp)
    clock = Clock()
    modlog = Modlog(db, clock=clock)
    rng = random.Random(6)
    batches = max(N // int(BATCH_POSTS * 1.6), 1)
    tick = timedelta(days=DAYS) / batches
    pending: list[list[NewEntry]] = []
    written = 0
    for posts in _posts(rng):
        clock.now += tick
        entries: list[NewEntry] = []
        decisions: list[NewEntry] = []
        with write_transaction(db):
            for community, post, rule in posts:
                case = modlog.open_case(community, post)
                entries.append(
                    NewEntry(community, BOT, "flag", case=case, rules=[rule],
                             reason="Title differs from the article's headline.",
                             evidence={"similarity": round(rng.random(), 3),
                                       "headline": "Original headline"},
                             config_version="a1b2c3d4")
                )  # fmt: skip
                if rng.random() < 0.6:
                    action = rng.choices([a for a, _ in DECISIONS], [w for _, w in DECISIONS])[0]
                    decisions.append(
                        NewEntry(community, rng.choice(MODS), action, case=case, rules=[rule],
                                 reason="editorialized title" if action == "remove" else "")
                    )  # fmt: skip
        pending.append(decisions)
        if len(pending) > DECISION_LAG:
            entries.extend(pending.pop(0))
        modlog.append_many(entries[: N - written])
        written += min(len(entries), N - written)
        if written >= N:
            break
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    tmp.rename(path)


def _p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


async def _timed(fn: Callable[[], Awaitable[Any]], count: int) -> list[float]:
    samples = []
    for i in range(WARMUP + count):
        start = time.perf_counter()
        await fn()
        if i >= WARMUP:
            samples.append(time.perf_counter() - start)
    return samples


def _timed_sync(fn: Callable[[], Any], count: int) -> list[float]:
    samples = []
    for i in range(WARMUP + count):
        start = time.perf_counter()
        fn()
        if i >= WARMUP:
            samples.append(time.perf_counter() - start)
    return samples


async def _measure(path: Path) -> list[tuple[str, list[float], list[float]]]:
    db = open_db(path, readonly=True)
    modlog = Modlog(db)
    (max_id,) = db.execute("SELECT max(id) FROM modlog").fetchone()
    (last_time,) = db.execute("SELECT max(time) FROM modlog").fetchone()
    end = datetime.fromisoformat(last_time.replace("Z", "+00:00"))
    cases = db.execute("SELECT count(*) FROM cases WHERE community = 'worldnews'").fetchone()[0]
    rng = random.Random(7)
    clock = {"now": end}
    app = create_app(path, WebSettings(), clock=lambda: clock["now"])
    rows: list[tuple[str, list[float], list[float]]] = []
    async with TestClient(TestServer(app, host="127.0.0.1")) as client:

        async def get(url: str) -> None:
            resp = await client.get(url)
            await resp.read()
            assert resp.status == 200, (url, resp.status)

        await get("/stats")  # waits for the start-up count, so it does not disturb the timings

        def pick_before() -> int:
            return rng.randrange(max_id // 2, max_id)

        def page(before: bool) -> tuple[str, Callable[[], Any]]:
            b = pick_before() if before else None
            return (f"/?before={b}" if b else "/"), lambda: modlog.query(
                ModlogFilter(limit=51, before_id=b)
            )

        def by_rule() -> tuple[str, Callable[[], Any]]:
            rule = rng.choice(RULE_IDS)
            return f"/?rule={rule}", lambda: modlog.query(ModlogFilter(rule=rule, limit=51))

        def by_author() -> tuple[str, Callable[[], Any]]:
            author = f"user{rng.randrange(AUTHORS)}"
            return f"/?author={author}", lambda: modlog.query(ModlogFilter(author=author, limit=51))

        def case() -> tuple[str, Callable[[], Any]]:
            number = rng.randrange(1, cases + 1)
            return f"/case/worldnews/{number}", lambda: modlog.get_case("worldnews", number)

        def stats() -> tuple[str, Callable[[], Any]]:
            community = rng.choice((None, *COMMUNITIES))
            url = f"/stats?community={community}" if community else "/stats"
            return url, lambda: stats_data(db, community=community, days=30, now=end)

        def stats_next_day() -> tuple[str, Callable[[], Any]]:
            if clock["now"] == end:  # start far enough back that every window holds entries
                clock["now"] = end - timedelta(days=WARMUP + STATS_REQUESTS)
                app[STATS].clear()  # the first (warm-up) request counts again from there
            clock["now"] += timedelta(days=1)  # the window moves on: the oldest day is dropped
            now = clock["now"]
            return "/stats", lambda: stats_data(db, community=None, days=30, now=now)

        def stats_cold() -> tuple[str, Callable[[], Any]]:
            clock["now"] = end
            app[STATS].clear()  # as at start-up (where it runs in the background)
            return "/stats", lambda: stats_data(db, community=None, days=90, now=end)

        for name, make in (
            ("`/` newest page", lambda: page(False)),
            ("`/` older page (keyset)", lambda: page(True)),
            ("`/?rule=…`", by_rule),
            ("`/?author=…`", by_author),
            ("`/case/<community>/N`", case),
            ("`/stats` (30 days, counted since the last request)", stats),
            ("`/stats` on a new day (the window moves on)", stats_next_day),
            ("`/stats` first count after start-up (90 days; peer: 90 days too)", stats_cold),
        ):
            count = STATS_REQUESTS if name.startswith("`/stats") else REQUESTS
            if make is stats_cold:
                count = COLD_REQUESTS
            made: list[tuple[str, Callable[[], Any]]] = []

            async def one(
                make: Callable[[], tuple[str, Callable[[], Any]]] = make,
                made: list[tuple[str, Callable[[], Any]]] = made,
            ) -> None:
                made.append(make())  # made just before its request (stats_cold clears first)
                await get(made[-1][0])

            web_samples = await _timed(one, count)
            replay = iter(made)
            raw_samples = _timed_sync(lambda it=replay: next(it)[1](), count)
            rows.append((name, web_samples, raw_samples))
    db.close()
    return rows


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"web-v1-{N}.db"
    if not path.exists():
        start = time.perf_counter()
        build(path)
        print(f"built {path.name} ({N:,} entries) in {time.perf_counter() - start:.0f} s\n")
    rows = asyncio.run(_measure(path))
    print(f"{N:,} modlog entries; {REQUESTS} requests per page kind (stats: {STATS_REQUESTS}), "
          "one at a time over HTTP on 127.0.0.1; peer: the raw store call for the same page "
          "(for /stats: counting the window from scratch).\n")  # fmt: skip
    print("| page | web p50 ms | web p95 ms | raw store p50 ms | raw store p95 ms | "
          "p95 ratio web/raw | target p95 <= 50 ms |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, web_samples, raw_samples in rows:
        w50, w95 = _p95(web_samples)
        r50, r95 = _p95(raw_samples)
        verdict = "met" if w95 <= 50 else "MISSED"
        print(f"| {name} | {w50:.1f} | {w95:.1f} | {r50:.2f} | {r95:.2f} | "
              f"{w95 / r95:.2g}× | {verdict} |")  # fmt: skip


if __name__ == "__main__":
    main()
