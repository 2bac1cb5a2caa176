"""``newsmod status``: heartbeats and the queue per platform and community; exit 1 when down."""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import status
from bot.cli.main import main
from bot.models import Post
from bot.pipeline.actions import ActionLog
from bot.pipeline.queue import PostQueue
from bot.pipeline.schema import MIGRATIONS as PIPELINE
from bot.store.db import open_db
from bot.store.heartbeat import MIGRATIONS as OPS
from bot.store.heartbeat import Heartbeat, heartbeats, record
from bot.store.writer import DbWriter

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def make_db(path: Path) -> None:
    db = open_db(path, extra_migrations=[PIPELINE, OPS])
    record(db, "newsmod", "", NOW - timedelta(seconds=20), "pid 42")
    record(db, "lemmy", "worldnews", NOW - timedelta(seconds=50), "polled")
    record(db, "lemmy", "worldnews", NOW - timedelta(seconds=30), error="Lemmy API: timeout")
    queue, actions = PostQueue(db), ActionLog(db)
    for n in range(3):
        post = Post(id=str(n), title=f"Post {n}", url="https://e.org/a", platform="lemmy",
                    community="worldnews")  # fmt: skip
        queue.enqueue(post)
    post = Post(id="9", title="x", platform="lemmy", community="worldnews")
    actions.insert("k1", post, 1, "ragebait", "notify", {})
    actions.insert("k2", post, 1, "ragebait", "comment", {})
    actions.failed("k2", "HTTP 500", NOW)
    db.execute("UPDATE actions SET attempts = 1000 WHERE key = 'k1'")  # given up
    db.conn.commit()
    db.close()


def args_for(path: Path, fmt: str = "table", max_age: float = status.MAX_AGE) -> argparse.Namespace:
    return argparse.Namespace(db=str(path), format=fmt, max_age=max_age)


def test_alive_with_every_platform_and_community(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_db(tmp_path / "n.db")
    assert status.run(args_for(tmp_path / "n.db"), now=NOW) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"newsmod: alive; last seen 20 s ago (pid 42) in {tmp_path / 'n.db'}"
    header = "platform community seen queued failed posts pending actions failed actions last error"
    assert out[1].split() == header.split()
    assert out[3].split()[:8] == ["lemmy", "worldnews", "50", "s", "ago", "3", "0", "1"]
    assert out[3].split()[8] == "1"
    assert out[3].endswith("Lemmy API: timeout")  # newer than the last good poll


def test_down_when_not_seen_for_too_long(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_db(tmp_path / "n.db")
    later = NOW + timedelta(minutes=10)
    assert status.run(args_for(tmp_path / "n.db", "json", 300), now=later) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["alive"] is False
    assert report["last_seen"] == "2026-12-07T11:59:40+00:00"
    (row,) = report["platforms"]
    assert (row["platform"], row["community"], row["queued"]) == ("lemmy", "worldnews", 3)
    assert (row["pending_actions"], row["failed_actions"]) == (1, 1)


def test_never_seen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_db(tmp_path / "n.db", extra_migrations=[PIPELINE]).close()  # an older bot's database
    assert main(["status", "--db", str(tmp_path / "n.db")]) == 1
    assert capsys.readouterr().out.startswith("newsmod: never seen running with")


def test_no_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no such database file" in err


async def test_heartbeat_thins_out_repeated_beats(tmp_path: Path) -> None:
    db = open_db(tmp_path / "n.db", extra_migrations=[OPS])
    moments = iter([NOW, NOW + timedelta(seconds=5), NOW + timedelta(seconds=31)])
    async with DbWriter() as writer:
        beat = Heartbeat(db, writer, every=30, clock=lambda: next(moments))
        await beat.ok("discord", "", "gateway MESSAGE_CREATE")
        await beat.ok("discord", "", "gateway TYPING_START")  # 5 s later: not written
        (row,) = heartbeats(db)
        assert (row["ok_at"], row["detail"]) == (NOW.isoformat(), "gateway MESSAGE_CREATE")
        await beat.ok("discord", "", "gateway GUILD_UPDATE")
        (row,) = heartbeats(db)
        assert row["detail"] == "gateway GUILD_UPDATE"
    db.close()


async def test_the_process_beats_until_stopped(tmp_path: Path) -> None:
    db = open_db(tmp_path / "n.db", extra_migrations=[OPS])
    stop = asyncio.Event()
    async with DbWriter() as writer:
        beat = Heartbeat(db, writer, clock=lambda: NOW)
        task = asyncio.create_task(beat.run(stop, "pid 7"))
        for _ in range(500):
            if heartbeats(db):
                break
            await asyncio.sleep(0.01)
        stop.set()
        await asyncio.wait_for(task, 10)
    assert [(r["platform"], r["detail"]) for r in heartbeats(db)] == [("newsmod", "pid 7")]
    db.close()
