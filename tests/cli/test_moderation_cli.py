"""``newsmod stats``, ``newsmod decide`` and ``newsmod backtest`` through ``main([...])``."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import bot.cli.main as cli
from bot.guidelines import default_config_dir
from bot.models import Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.schema import MIGRATIONS
from bot.store.db import open_db
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter
from tests.pipeline.helpers import FakeChecker, make_guidelines

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pipeline"


@pytest.fixture(autouse=True)
def only_moderation_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("bot.cli.moderation",))
    monkeypatch.delenv("NEWSMOD_DB", raising=False)


class Null:
    async def fetch(self, url: str) -> Any:
        raise AssertionError("not fetched")


@pytest.fixture
async def db_path(tmp_path: Path) -> Path:
    """Cases 1-3 in worldnews (cli posts), case 1 in europe, case 4 a lemmy post."""
    path = tmp_path / "mod.db"
    db = open_db(path, extra_migrations=[MIGRATIONS])
    posts = [
        ("cli", "a", "Loud [ragebait] [tabloid-source]", "worldnews"),
        ("cli", "b", "[ragebait]", "worldnews"),
        ("cli", "c", "[blogspam]", "worldnews"),
        ("cli", "d", "[ragebait]", "europe"),
        ("lemmy", "e", "[ragebait]", "worldnews"),
    ]
    adapters = {p: InProcessAdapter(p) for p in ("cli", "lemmy")}
    async with DbWriter() as writer:
        pipe = Pipeline(db, writer, Null(), make_guidelines(communities=("worldnews", "europe")),
                        adapters, modlog=Modlog(db), checker=FakeChecker())  # fmt: skip
        for platform, pid, title, community in posts:
            await pipe.submit(Post(pid, title, f"https://x.example/{pid}", platform=platform,
                                   community=community))  # fmt: skip
        await pipe.run_until_empty()
    db.conn.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_formats(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--db", str(db_path))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["rule", "findings", "confirmed", "dismissed", "precision",
                                "suggestion"]  # fmt: skip
    rage = next(line for line in lines if line.startswith("ragebait"))
    assert rage.split()[:4] == ["ragebait", "4", "0", "0"]
    assert "not enough data: 0 labelled of 20 needed" in rage

    code, out, _ = run(capsys, "stats", "--db", str(db_path), "--community", "europe",
                       "--format", "json")  # fmt: skip
    rows = {r["rule"]: r for r in json.loads(out)}
    assert rows["ragebait"]["findings"] == 1
    assert rows["blogspam"]["findings"] == 0

    code, out, _ = run(capsys, "stats", "--db", str(db_path), "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["rule"] for r in table][:3] == ["not-original-source", "paywall-no-archive",
                                              "editorialized-title"]  # fmt: skip


def test_decide_then_stats(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(db_path)]
    code, out, err = run(capsys, "decide", "1", "remove", "--rule", "ragebait", "--reason",
                         "Rule 4", "--as", "alice", "--community", "worldnews", *db)  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("case 1 of worldnews: remove (ragebait) by alice, modlog entry ")
    code, out, _ = run(capsys, "decide", "2", "dismiss", "--rule", "ragebait", "--as", "bob",
                       "--community", "worldnews", *db)  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, "decide", "3", "approve", "--as", "bob", "--community",
                       "worldnews", *db)  # fmt: skip
    assert out.startswith("case 3 of worldnews: approve (blogspam) by bob")
    code, out, _ = run(capsys, "stats", "--format", "json", *db)
    rows = {r["rule"]: r for r in json.loads(out)}
    assert (rows["ragebait"]["confirmed"], rows["ragebait"]["dismissed"]) == (1, 1)
    assert rows["ragebait"]["precision"] == 0.5
    assert rows["blogspam"]["dismissed"] == 1

    check = open_db(db_path, readonly=True)
    entries = Modlog(check).get_case("worldnews", 1).entries  # type: ignore[union-attr]
    assert [(e.action, e.actor.name, e.actor.kind) for e in entries][-1] == (
        "remove",
        "alice",
        "moderator",
    )
    assert Modlog(check).verify().ok
    check.conn.close()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["decide", "1", "remove", "--rule", "ragebait", "--as", "a", "--community",
          "worldnews"], "a removal needs a reason (--reason)"),
        (["decide", "1", "explode", "--as", "a"], "unknown decision 'explode' (known: approve"),
        (["decide", "x", "approve", "--as", "a"], "CASE: not a whole number: 'x'"),
        (["decide", "1", "approve"], "say who decides: --as MODNAME"),
        (["decide", "1", "dismiss", "--as", "a"], "decide dismiss needs --rule RULE"),
        (["decide", "1", "approve", "--as", "a"], "case 1 exists in several communities"),
        (["decide", "77", "approve", "--as", "a"], "unknown case 77"),
        (["decide", "1", "dismiss", "--rule", "nope", "--as", "a", "--community", "europe"],
         "unknown rule 'nope'"),
        (["decide", "4", "lock", "--as", "a", "--community", "worldnews"],
         "case 4 is a lemmy post and there is no lemmy connection here"),
        (["backtest", "--as"], None),
        (["backtest"], "give FILE.jsonl or --stored (one of them)"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    db_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str | None
) -> None:
    if message is None:  # argparse's own errors also exit 2
        with pytest.raises(SystemExit) as exc:
            cli.main([*argv, "--db", str(db_path)])
        assert exc.value.code == 2
        return
    code, out, err = run(capsys, *argv, "--db", str(db_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"newsmod: {message}")
    assert err.count("\n") == 1


def test_stats_on_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "stats", "--db", str(tmp_path / "none.db"))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "no such database file" in err


def test_backtest_a_file_against_another_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = tmp_path / "posts.jsonl"
    shutil.copy(FIXTURES / "article.html", tmp_path / "article.html")
    shutil.copy(FIXTURES / "posts.jsonl", posts)
    config = tmp_path / "config"
    shutil.copytree(default_config_dir(), config)
    toml = config / "guidelines.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("[communities.worldnews.rules.ragebait]")
    at = text.index("enabled = true", start)  # the ragebait rule's own switch
    toml.write_text(text[:at] + "enabled = false" + text[at + 14 :], encoding="utf-8")

    code, out, err = run(capsys, "backtest", str(posts), "--config", str(toml), "--offline",
                         "--db", str(tmp_path / "absent.db"), "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    *rows, summary = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["same", "loud"]
    assert rows[0]["before"] == rows[0]["after"] == {"decision": "allow", "findings": {}}
    loud = rows[1]
    assert loud["before_source"] == "baseline"
    assert "ragebait" in loud["before"]["findings"]
    assert "ragebait" not in loud["after"]["findings"]
    assert loud["changed"]
    assert "-ragebait" in loud["change"]
    assert summary["summary"]["posts"] == 2
    assert summary["summary"]["rules_dropped"]["ragebait"] == 1

    code, out, _ = run(capsys, "backtest", str(posts), "--config", str(toml), "--offline")
    assert code == 0
    assert "2 posts, 1 would change." in out
    assert "no longer raised: ragebait 1" in out


def test_backtest_stored_posts_against_the_decisions(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "backtest", "--stored", "--offline", "--db", str(db_path),
                         "--format", "json")  # fmt: skip
    assert code == 0, err
    assert err == "newsmod: skipped 1 stored post(s) of communities not in the config: europe\n"
    *rows, summary = [json.loads(line) for line in out.splitlines()]
    assert {r["id"] for r in rows} == {"a", "b", "c", "e"}
    assert {r["before_source"] for r in rows} == {"decided"}
    a = next(r for r in rows if r["id"] == "a")
    assert a["before"]["findings"] == {"ragebait": "flag", "tabloid-source": "flag"}
    assert summary["summary"]["posts"] == 4
