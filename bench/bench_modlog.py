"""Modlog at scale: 1M hash-chained appends, filtered pages, and a full chain verify.

Peer, measured in the same run on the same machine: the same rows inserted with plain
``sqlite3`` ``executemany`` into the same schema, with no validation and no hashing.
Targets (issue 3): p95 <= 10 ms per filtered page of 50; verify of 1M entries <= 15 s.

Size: ``NEWSMOD_BENCH_MODLOG_N`` (default 1,000,000). Prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.models import RULE_IDS
from bot.store import Actor, Modlog, ModlogFilter, NewEntry, PostRef, open_db
from bot.store.chain import HASHED_COLUMNS

N = int(os.environ.get("NEWSMOD_BENCH_MODLOG_N", "1000000"))
BATCH = 1000
QUERIES = 300
START = datetime(2025, 1, 1, tzinfo=UTC)
COMMUNITIES = ("worldnews", "news", "science", "technology")
WEIGHTS = (0.55, 0.25, 0.12, 0.08)
ACTIONS = ("flag", "flag", "flag", "comment", "remove", "dismiss", "confirm", "note")
MODS = [Actor(f"mod{i}", f"moderator{i}", "moderator") for i in range(12)]
BOT = Actor("bot", "newsmod", "bot")
AUTHORS = 50_000


def _entries(seed: int, count: int) -> Iterator[list[NewEntry]]:
    """Deterministic batches of realistic entries (the same for ours and the peer)."""
    rng = random.Random(seed)
    batch: list[NewEntry] = []
    for i in range(count):
        community = rng.choices(COMMUNITIES, WEIGHTS)[0]
        action = rng.choice(ACTIONS)
        author = rng.randrange(AUTHORS)
        post = PostRef(
            "lemmy",
            str(i // 2),
            f"https://news{rng.randrange(400)}.example/2025/{i // 2}/some-article-slug",
            f"Headline number {i // 2} about world events",
            f"u{author}",
            f"user{author}",
        )
        rules = [rng.choice(RULE_IDS)] if action != "note" else []
        batch.append(
            NewEntry(
                community=community,
                actor=BOT if action in ("flag", "comment") else rng.choice(MODS),
                action=action,
                post=post,
                rules=rules,
                reason="editorialized title: words added" if action == "remove" else "",
                evidence={"similarity": round(rng.random(), 3), "headline": "Original headline"},
                config_version="a1b2c3d4",
            )
        )
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _clock() -> Callable[[], datetime]:
    """One tick per append_many batch: 1M entries / 1000 per batch = 1000 ticks over a year."""
    state = {"now": START}
    tick = timedelta(days=365) / max(N // BATCH, 1)

    def now() -> datetime:
        state["now"] += tick
        return state["now"]

    return now


def _ours(path: Path) -> float:
    db = open_db(path)
    modlog = Modlog(db, clock=_clock())
    elapsed = 0.0
    for batch in _entries(1, N):
        start = time.perf_counter()
        modlog.append_many(batch)
        elapsed += time.perf_counter() - start
    db.close()
    return elapsed


def _peer(path: Path) -> float:
    """The same rows through plain executemany: no validation, no chain, no JSON canonicalising."""
    db = open_db(path)
    conn = db.conn
    cols = (*HASHED_COLUMNS, "hash")
    insert = f"INSERT INTO modlog ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    insert_rule = "INSERT INTO modlog_rules (community, rule, entry_id) VALUES (?, ?, ?)"
    elapsed = 0.0
    next_id = 1
    for batch in _entries(1, N):
        rows = []
        rule_rows = []
        for e in batch:
            p = e.post
            assert p is not None
            rows.append(
                (next_id, "2025-01-01T00:00:00.000Z", p.platform, e.community, None, e.actor.id,
                 e.actor.name, e.actor.kind, e.action, p.id, p.url, p.title, p.author_id,
                 p.author_name, json.dumps(list(e.rules)), e.reason, json.dumps(e.evidence),
                 e.config_version, "", "")
            )  # fmt: skip
            rule_rows.extend((e.community, r, next_id) for r in e.rules)
            next_id += 1
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(insert, rows)
        conn.executemany(insert_rule, rule_rows)
        conn.execute("COMMIT")
        elapsed += time.perf_counter() - start
    db.close()
    return elapsed


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _query_bench(modlog: Modlog) -> dict[str, tuple[float, float, float]]:
    """p50/p95 ms and mean rows for three kinds of filtered page of 50."""
    rng = random.Random(7)
    end = START + timedelta(days=365)
    kinds: dict[str, Callable[[], ModlogFilter]] = {}

    def community_rule_time() -> ModlogFilter:
        since = START + timedelta(days=rng.uniform(0, 330))
        return ModlogFilter(
            community=rng.choices(COMMUNITIES, WEIGHTS)[0],
            rule=rng.choice(RULE_IDS),
            since=since,
            until=min(since + timedelta(days=30), end),
        )

    def author() -> ModlogFilter:
        return ModlogFilter(author=f"u{rng.randrange(AUTHORS)}")

    def community_action_page3() -> ModlogFilter:
        community = rng.choices(COMMUNITIES, WEIGHTS)[0]
        first = modlog.query(ModlogFilter(community=community, action="remove", limit=100))
        before = first[-1].id if first else None
        return ModlogFilter(community=community, action="remove", before_id=before)

    kinds["community + rule + 30-day window"] = community_rule_time
    kinds["author"] = author
    kinds["community + action, 3rd page"] = community_action_page3
    results = {}
    for name, make in kinds.items():
        times = []
        rows = 0
        for _ in range(QUERIES):
            flt = make()
            start = time.perf_counter()
            rows += len(modlog.query(flt))
            times.append(time.perf_counter() - start)
        p50, p95 = _percentiles(times)
        results[name] = (p50, p95, rows / QUERIES)
    return results


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-modlog-") as tmp:
        ours_path, peer_path = Path(tmp, "ours.db"), Path(tmp, "peer.db")
        peer_s = _peer(peer_path)
        ours_s = _ours(ours_path)
        db = open_db(ours_path, readonly=True)
        modlog = Modlog(db)
        queries = _query_bench(modlog)
        start = time.perf_counter()
        result = modlog.verify()
        verify_s = time.perf_counter() - start
        assert result.ok, result
        assert result.checked == N, result
        start = time.perf_counter()
        cols = ", ".join((*HASHED_COLUMNS, "hash"))
        scanned = sum(1 for _ in db.conn.execute(f"SELECT {cols} FROM modlog ORDER BY id"))
        scan_s = time.perf_counter() - start
        size_mb = ours_path.stat().st_size / 1e6
        db.close()
    print(f"{N:,} entries, batches of {BATCH}; {QUERIES} queries of each kind (page of 50)\n")
    print("| measure | newsmod | peer | ratio |")
    print("|---|---|---|---|")
    print(
        f"| insert {N:,} entries | {ours_s:.1f} s ({N / ours_s:,.0f}/s) | "
        f"{peer_s:.1f} s ({N / peer_s:,.0f}/s) plain executemany, no hashing | "
        f"{ours_s / peer_s:.2f}x |"
    )
    print(
        f"| verify {N:,} entries (target <= 15 s) | {verify_s:.1f} s | "
        f"{scan_s:.1f} s plain scan of {scanned:,} rows | {verify_s / scan_s:.2f}x |"
    )
    for name, (p50, p95, rows) in queries.items():
        print(f"| page: {name} (p95 target <= 10 ms) | p50 {p50:.2f} ms, p95 {p95:.2f} ms "
              f"(avg {rows:.0f} rows) | | |")  # fmt: skip
    print(f"| database size | {size_mb:,.0f} MB | | |")


if __name__ == "__main__":
    main()
