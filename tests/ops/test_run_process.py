"""A real ``newsmod run lemmy`` process against the fake Lemmy: its log, and a graceful stop."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.defaults import GUIDELINES
from bot.store.db import open_db
from tests.ops.servers import ThreadedLemmy, lemmy_in_thread

pytestmark = pytest.mark.slow

#: Bounded waits, so that a bug fails the test instead of hanging it.
WAIT = 60.0


def write_config(root: Path, mode: str = "live") -> Path:
    text = GUIDELINES.read_text(encoding="utf-8")
    assert 'mode = "dry-run"' in text
    assert "lemmy = []" in text
    text = text.replace('mode = "dry-run"', f'mode = "{mode}"', 1)
    text = text.replace("lemmy = []", 'lemmy = ["!worldnews@lemmy.test"]', 1)
    path = root / "config" / "guidelines.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def clean_env() -> dict[str, str]:
    prefixes = ("LEMMY_", "DISCORD_", "NEWSMOD_")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


class Output:
    """A process's stderr, read line by line on a thread; ``wait_for`` a line (bounded)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        assert proc.stderr is not None
        self._stream = proc.stderr
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        for line in self._stream:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, match: Callable[[str], bool], what: str) -> str:
        with self._changed:
            found = self._changed.wait_for(
                lambda: next((ln for ln in self.lines if match(ln)), None), timeout=WAIT
            )
        if not found:
            pytest.fail(f"never logged: {what}; got:\n" + "\n".join(self.lines[-30:]))
        return found

    def text(self) -> str:
        self._thread.join(WAIT)
        return "\n".join(self.lines)


@contextmanager
def newsmod_run(
    lemmy: ThreadedLemmy, root: Path, *extra: str
) -> Iterator[tuple[subprocess.Popen[str], Output]]:
    config = write_config(root)
    env_file = root / "bot.env"
    env_file.write_text(
        f"LEMMY_URL={lemmy.url}\nLEMMY_USERNAME=newsbot\nLEMMY_PASSWORD=bot-pass\n"
        "LEMMY_POLL_SECONDS=5\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "bot", *extra, "run", "lemmy", "--db", str(root / "n.db"),
               "--config", str(config), "--env-file", str(env_file)]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=root, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        yield proc, Output(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(WAIT)


def add_posts(lemmy: ThreadedLemmy, count: int) -> list[int]:
    # a loopback link: the fetcher refuses it at once (nothing reaches the internet)
    state = lemmy.fake.state
    title = "SHOCKING!!! You WON'T BELIEVE {}"
    return [
        state.add_post(lemmy.news, lemmy.poster, title.format(n), url=f"http://127.0.0.1:9/{n}").id
        for n in range(count)
    ]


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_logs_a_banner_and_a_line_per_decision(tmp_path: Path, log_format: str) -> None:
    with lemmy_in_thread() as lemmy:
        (post_id,) = add_posts(lemmy, 1)
        with newsmod_run(lemmy, tmp_path, "--log-format", log_format) as (proc, out):
            banner = out.wait_for(lambda ln: "starting: platforms lemmy" in ln, "the banner")
            decision = out.wait_for(lambda ln: f"decision lemmy:{post_id} " in ln, "a decision")
            out.wait_for(lambda ln: f" lemmy:{post_id} by bot newsmod " in ln, "the bot's action")
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(WAIT) == 0
    if log_format == "json":
        entry = json.loads(banner)
        assert entry["level"] == "INFO"
        assert entry["logger"] == "bot.cli.run"
        assert "mode live" in entry["message"]
        assert "worldnews (live: !worldnews@lemmy.test)" in entry["message"]
        assert json.loads(decision)["message"].startswith(
            f"decision lemmy:{post_id} flag (rules: ragebait"
        )
    else:
        # 2026-12-07T13:55:01.123Z INFO bot.cli.run: newsmod 0.1.0 starting: …
        stamp, level, logger = banner.split(" ", 3)[:3]
        assert stamp.endswith("Z")
        assert stamp[4] == "-"
        assert stamp[10] == "T"
        assert (level, logger) == ("INFO", "bot.cli.run:")
        assert "ragebait" in decision
    assert "Traceback" not in out.text()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_finishes_the_work_in_flight(tmp_path: Path, signum: int) -> None:
    with lemmy_in_thread() as lemmy:
        ids = add_posts(lemmy, 6)
        with newsmod_run(lemmy, tmp_path) as (proc, out):
            out.wait_for(lambda ln: f"decision lemmy:{ids[0]} " in ln, "the first decision")
            proc.send_signal(signum)  # more posts are being checked and acted on
            assert proc.wait(15) == 0
        log = out.text()
    assert f"{signal.Signals(signum).name} received: stopping" in log
    assert "stopped; database" in log
    assert "Traceback" not in log
    assert not (tmp_path / "n.db-wal").exists()  # checkpointed and closed
    db = open_db(tmp_path / "n.db", readonly=True)
    try:
        claimed = db.execute("SELECT count(*) FROM posts WHERE status = 'processing'").fetchone()
        half_done = db.execute(
            "SELECT count(*) FROM actions WHERE state = 'pending' AND attempts = 0"
        ).fetchone()
        beats = db.execute("SELECT count(*) FROM heartbeats WHERE platform = 'newsmod'").fetchone()
    finally:
        db.close()
    assert claimed[0] == 0  # nothing left claimed mid-check
    assert half_done[0] == 0  # no action left between reserving and applying
    assert beats[0] == 1
