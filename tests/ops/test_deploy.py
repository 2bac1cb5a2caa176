"""The systemd unit: a dedicated user, an EnvironmentFile, restarts, a graceful stop; valid."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ops.signals import GRACE_SECONDS

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "deploy" / "newsmod.service"


def service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser["Service"]


def test_the_unit_runs_newsmod_as_a_service() -> None:
    s = service()
    assert s["User"] == "newsmod"
    assert s["EnvironmentFile"] == "/etc/newsmod.env"
    assert s["Restart"] == "on-failure"
    assert s["ExecStart"].endswith("/bin/newsmod run")
    assert s["KillSignal"] == "SIGTERM"
    assert s["KillMode"] == "mixed"  # not to the check workers: the bot stops them in order
    assert float(s["TimeoutStopSec"]) > GRACE_SECONDS  # the graceful stop fits


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    newsmod = Path(sys.executable).with_name("newsmod")
    unit = tmp_path / "newsmod.service"
    unit.write_text(UNIT.read_text(encoding="utf-8").replace("/opt/newsmod/bin/newsmod",
                                                             str(newsmod)))  # fmt: skip
    done = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                          text=True, check=False)  # fmt: skip
    problems = [ln for ln in done.stderr.splitlines() if "newsmod.service" in ln]
    assert problems == []
