"""``duplicate-post`` wherever posts flow: ``check --batch --stream``, ``backtest``, the config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.errors import ConfigError
from bot.guidelines import default_config_dir, load_guidelines
from bot.models import Article, Post
from bot.rules import RULES
from bot.rules.base import RuleContext

LINK = "https://www.wire-example.com/world/2026/03/02/sweden-drops-assange-inquiry"
ARCHIVE = "https://archive.ph/newest/"


def _lines(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:  # type: ignore[type-arg]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


ROWS = [
    {"id": "1", "title": "Sweden drops Assange inquiry", "url": LINK,
     "created_at": "2026-03-02T09:00:00Z"},
    {"id": "2", "title": "Sweden drops the Assange case", "url": LINK + "/?utm_source=tw#x",
     "created_at": "2026-03-02T10:00:00Z"},
    {"id": "3", "title": "Sweden drops the Assange case", "url": ARCHIVE + LINK,
     "created_at": "2026-03-12T10:00:00Z"},
]  # fmt: skip


def test_stream_lines_are_checked_against_the_lines_before_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = _lines(tmp_path / "stream.jsonl", ROWS)
    code, out, err = _run(capsys, "check", "--batch", str(batch), "--stream", "--json", "--offline")
    assert (code, err) == (0, "")
    rules = [[f["rule"] for f in obj["findings"]] for obj in out]
    assert "duplicate-post" not in rules[0]
    assert "duplicate-post" in rules[1]
    assert "duplicate-post" not in rules[2]  # ten days later: outside the 7-day window
    found = next(f for f in out[1]["findings"] if f["rule"] == "duplicate-post")
    assert found["action"] == "flag"
    assert found["evidence"]["match"] == "same-article"
    (first,) = found["evidence"]["earlier"]
    assert (first["post_id"], first["platform"], first["status"]) == ("1", "cli", "up")
    assert first["when"] == "2026-03-02T09:00:00+00:00"


def test_without_stream_every_line_is_independent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = _lines(tmp_path / "batch.jsonl", ROWS[:2])
    code, out, _ = _run(capsys, "check", "--batch", str(batch), "--json", "--offline")
    assert code == 0
    assert all(f["rule"] != "duplicate-post" for obj in out for f in obj["findings"])


def test_a_removed_earlier_line_does_not_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tabloid = "https://www.thesun.co.uk/news/123/sweden-drops-assange-case/"
    rows = [
        {"id": "1", "title": "Sweden drops Assange case", "url": tabloid},
        {"id": "2", "title": "Sweden drops Assange case", "url": tabloid + "?utm_source=x"},
    ]
    batch = _lines(tmp_path / "stream.jsonl", rows)
    code, out, _ = _run(capsys, "check", "--batch", str(batch), "--stream", "--json", "--offline")
    assert code == 0
    assert out[0]["decision"] == "remove"  # tabloid-source
    assert all(f["rule"] != "duplicate-post" for f in out[1]["findings"])


def test_stream_needs_a_batch_and_times_must_be_times(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--url", LINK, "--title", "t", "--stream", "--offline"]) == 2
    assert "--stream needs --batch" in capsys.readouterr().err
    batch = _lines(tmp_path / "bad.jsonl", [{**ROWS[0], "created_at": "yesterday"}])
    code, out, err = _run(capsys, "check", "--batch", str(batch), "--stream", "--json", "--offline")
    assert code == 2
    assert "created_at" in out[0]["error"]
    assert "created_at" in err


def test_backtest_replays_a_file_as_a_stream(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = _lines(tmp_path / "posts.jsonl", ROWS[:2])
    code, out, err = _run(capsys, "backtest", str(posts), "--offline", "--db",
                          str(tmp_path / "absent.db"), "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    rows = out[:-1]
    assert "duplicate-post" not in rows[0]["after"]["findings"]
    assert rows[1]["after"]["findings"]["duplicate-post"] == "flag"
    assert rows[1]["before"]["findings"]["duplicate-post"] == "flag"  # the baseline too


def test_without_a_history_the_rule_finds_nothing() -> None:
    community = load_guidelines().community()
    rule = community.rules["duplicate-post"]
    post = Post("1", "Sweden drops Assange case", LINK)
    ctx = RuleContext(post, Article.unreachable(LINK, "x"), rule, community)
    assert RULES["duplicate-post"].check(ctx) is None


def test_windows_are_checked_at_start_up(tmp_path: Path) -> None:
    config = tmp_path / "guidelines.toml"
    text = (default_config_dir() / "guidelines.toml").read_text(encoding="utf-8")
    config.write_text(text.replace('story_window = "48h"', 'story_window = "two days"'),
                      encoding="utf-8")  # fmt: skip
    (tmp_path / "sources").symlink_to(default_config_dir() / "sources")
    with pytest.raises(
        ConfigError, match=r"rules\.duplicate-post\.story_window: must be a duration"
    ):
        load_guidelines(config)
    config.write_text(text.replace('window = "7d"', "window = 36"), encoding="utf-8")
    rule = load_guidelines(config).community().rules["duplicate-post"]
    assert rule.param("window", None) == 36  # hours


def test_a_same_story_match_is_never_more_than_a_flag() -> None:
    from dataclasses import replace

    from bot.dupes.history import MemoryHistory
    from bot.dupes.step import stream_step
    from bot.models import CheckResult

    from .stories import story

    community = load_guidelines().community()
    rule = replace(community.rules["duplicate-post"], action="remove", remove_confidence=0.5)
    community = replace(community, rules={**community.rules, "duplicate-post": rule})
    history = MemoryHistory()
    for key, hours in (("wire", 0), ("paper", 2)):
        post, article = story(key, hours=hours)
        result = stream_step(post, CheckResult(post.id, "allow", article), community, history)
    (found,) = result.findings
    assert (found.evidence["match"], found.action, result.decision) == (
        "same-story",
        "flag",
        "flag",
    )
    post, article = story("wire", post_id="again", hours=3)  # the same article: removable
    result = stream_step(post, CheckResult(post.id, "allow", article), community, history)
    (found,) = result.findings
    assert (found.evidence["match"], found.action, result.decision) == (
        "same-article", "remove", "remove",
    )  # fmt: skip


@pytest.mark.parametrize("created_at", [None, "2026-03-02T09:00:00Z"])
def test_an_edited_line_is_checked_against_the_lines_made_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], created_at: str | None
) -> None:
    """Post 1, then post 2 (the same article), then post 1 edited: the edit is not a repeat of
    post 2, made after it; post 2 still repeats post 1 (no time given: the order of the lines;
    one time for all: a tie, the order of the lines again)."""
    when = {"created_at": created_at} if created_at else {}
    rows = [
        {"id": "1", "title": "Sweden drops Assange inquiry", "url": LINK, **when},
        {
            "id": "2",
            "title": "Sweden drops the Assange case",
            "url": LINK + "?utm_source=x",
            **when,
        },
        {"id": "1", "title": "Sweden drops the Assange inquiry (edited)", "url": LINK, **when},
    ]
    batch = _lines(tmp_path / "stream.jsonl", rows)
    code, out, err = _run(capsys, "check", "--batch", str(batch), "--stream", "--json", "--offline")
    assert (code, err) == (0, "")
    dupes = [[f for f in obj["findings"] if f["rule"] == "duplicate-post"] for obj in out]
    assert [len(found) for found in dupes] == [0, 1, 0]
    assert [e["post_id"] for e in dupes[1][0]["evidence"]["earlier"]] == ["1"]
    code, out, err = _run(capsys, "backtest", str(batch), "--offline", "--db",
                          str(tmp_path / "absent.db"), "--format", "json")  # fmt: skip
    assert (code, err) == (0, "")
    assert ["duplicate-post" in row["after"]["findings"] for row in out[:-1]] == [
        False, True, False,
    ]  # fmt: skip
