"""Kill the pipeline (SIGKILL) in the middle of 1,000 posts, restart it, and check that every
post was processed once, no action was applied twice and the modlog chain is whole."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bot.store.db import open_db
from bot.store.modlog import Modlog

from .article_server import make_app

N_POSTS = 1000
KILL_AFTER = 100  # posts done
WORKER = Path(__file__).with_name("crash_worker.py")

pytestmark = pytest.mark.slow


def done_count(db_path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return 0
    try:
        return conn.execute("SELECT count(*) FROM posts WHERE status = 'done'").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0
    finally:
        conn.close()


async def spawn(log: Path, *args: str) -> asyncio.subprocess.Process:
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the worker
        return await asyncio.create_subprocess_exec(
            sys.executable, str(WORKER), *args, stdout=out, stderr=asyncio.subprocess.STDOUT
        )


async def test_sigkill_mid_run_loses_nothing_and_repeats_nothing(
    tmp_path: Path, aiohttp_server: Any
) -> None:
    server = await aiohttp_server(make_app())
    db_path, journal = tmp_path / "crash.db", tmp_path / "journal.jsonl"
    args = (str(db_path), str(journal), f"http://127.0.0.1:{server.port}", str(N_POSTS))

    log1, log2 = tmp_path / "first.log", tmp_path / "second.log"
    first = await spawn(log1, *args)
    killed_at = 0
    while first.returncode is None:  # poll the database, not the clock
        killed_at = done_count(db_path)
        if killed_at >= KILL_AFTER:
            first.send_signal(signal.SIGKILL)
            break
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(first.wait(), 0.05)
    await first.wait()
    assert first.returncode == -signal.SIGKILL, log1.read_text()[-2000:]
    assert KILL_AFTER <= killed_at < N_POSTS

    second = await spawn(log2, *args)
    await asyncio.wait_for(second.wait(), 120)
    output = log2.read_text()
    assert second.returncode == 0, output[-2000:]
    assert output.splitlines()[-1] == "done"

    db = open_db(db_path, readonly=True)
    posts = db.execute("SELECT status, count(*), max(attempts) FROM posts GROUP BY status")
    statuses = {status: (n, attempts) for status, n, attempts in posts}
    assert list(statuses) == ["done"]
    assert statuses["done"][0] == N_POSTS
    assert statuses["done"][1] <= 2  # at most the one check the kill interrupted was redone

    actions = dict(db.execute("SELECT state, count(*) FROM actions GROUP BY state").fetchall())
    assert set(actions) == {"done"}
    done_keys = {k for (k,) in db.execute("SELECT key FROM actions WHERE kind NOT IN "
                                          "('note', 'resolve')")}  # fmt: skip
    applied = [json.loads(line)["key"] for line in journal.read_text().splitlines()]
    repeated = [key for key, n in Counter(applied).items() if n > 1]
    assert repeated == []  # no action applied twice
    assert set(applied) == done_keys  # and none lost
    assert len(applied) > 100  # the checker found something to act on

    entries = db.execute("SELECT evidence FROM modlog WHERE actor_kind = 'bot'").fetchall()
    keys = Counter(json.loads(evidence)["key"] for (evidence,) in entries)
    assert [key for key, n in keys.items() if n > 1] == []  # each action logged once
    assert sum(keys.values()) == sum(actions.values())
    cases = db.execute("SELECT count(*), count(DISTINCT post_platform_id) FROM cases").fetchone()
    assert cases[0] == cases[1]  # one case per post
    verify = Modlog(db).verify()
    assert verify.ok, verify.reason
    assert verify.checked == sum(keys.values())
    db.conn.close()
