"""``python -m bot`` and the error path every command shares."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=False,
    )  # fmt: skip


def test_python_dash_m_bot_lists_the_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("check", "demo", "modlog", "case", "stats", "backtest", "decide", "run", "web"):
        assert command in proc.stdout


def test_bad_input_is_one_line_on_stderr_and_exit_2():
    proc = run("check", "--title", "only a title")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("newsmod: ")
    assert "Traceback" not in proc.stderr
