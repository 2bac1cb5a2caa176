"""``newsmod doctor`` end to end: one line per check, exit 1 when anything is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.defaults import GUIDELINES
from tests.ops.servers import lemmy_in_thread

pytestmark = pytest.mark.usefixtures("no_settings")


def files(root: Path, url: str, community: str) -> list[str]:
    config = root / "g.toml"
    text = GUIDELINES.read_text(encoding="utf-8")
    config.write_text(text.replace("lemmy = []", f'lemmy = ["{community}"]', 1), encoding="utf-8")
    env = root / "bot.env"
    env.write_text(f"LEMMY_URL={url}\nLEMMY_USERNAME=newsbot\nLEMMY_PASSWORD=bot-pass\n")
    return ["doctor", "--config", str(config), "--env-file", str(env),
            "--db", str(root / "n.db")]  # fmt: skip


def test_all_good(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with lemmy_in_thread() as lemmy:
        assert main(files(tmp_path, lemmy.url, "!worldnews@lemmy.test")) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out[:-1]] == [
        "ok       config", "ok       database", "ok       secrets", "ok       lemmy",
        "ok       lemmy",
    ]  # fmt: skip
    assert out[-1] == "all good"


def test_a_community_the_bot_does_not_moderate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with lemmy_in_thread("v4") as lemmy:
        assert main(files(tmp_path, lemmy.url, "!pics@lemmy.test")) == 1
    out = capsys.readouterr().out.splitlines()
    assert "PROBLEM  lemmy: newsbot does not moderate !pics@lemmy.test" in out[-2]
    assert out[-1] == "1 problem found"


def test_a_broken_config_is_one_problem_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "g.toml"
    config.write_text('mode = "sometimes"\n', encoding="utf-8")
    assert main(["doctor", "--config", str(config), "--db", str(tmp_path / "n.db")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "PROBLEM  config: g.toml: mode: must be one of dry-run, live -> fix the key named "
        "(see docs/configuration.md)"
    )
    assert out[-1] == "2 problems found"  # and no platform configured
