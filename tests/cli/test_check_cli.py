"""``newsmod check``: the DESIGN.md JSON contract, batch order, bad input → exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
BBC = EXAMPLES / "pages" / "bbc-kim-defector.html"
INDEPENDENT = EXAMPLES / "pages" / "independent-trump-kim.html"
DECISIONS = {"allow", "flag", "remove"}
ACTIONS = {"note", "flag", "comment", "remove"}


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_contract(obj: dict) -> None:
    assert set(obj) == {"id", "decision", "article", "findings"}
    assert obj["decision"] in DECISIONS
    article = obj["article"]
    for key in ("status", "final_url", "headline", "site_name", "paywalled"):
        assert key in article
    assert article["status"] in {"fetched", "snapshot", "unreachable"}
    assert isinstance(article["paywalled"], bool)
    for finding in obj["findings"]:
        assert set(finding) == {"rule", "confidence", "action", "message", "evidence"}
        assert 0.0 <= finding["confidence"] <= 1.0
        assert finding["action"] in ACTIONS
        assert isinstance(finding["evidence"], dict)
        assert "\n" not in finding["message"]


def test_single_snapshot_clean_post(capsys):
    code, out, _ = run_cli(
        capsys,
        "check", "--url", "https://www.bbc.com/news/articles/c4gxk7vj3kwo",
        "--title", "Kim Jong Un wants Trump back, elite defector tells BBC",
        "--html", str(BBC), "--json", "--id", "p1",
    )  # fmt: skip
    assert code == 0
    obj = json.loads(out)
    assert_contract(obj)
    assert obj["id"] == "p1"
    assert obj["decision"] == "allow"
    assert obj["findings"] == []
    assert obj["article"]["status"] == "snapshot"
    assert obj["article"]["headline"] == "Kim Jong Un wants Trump back, elite defector tells BBC"
    assert obj["article"]["site_name"] == "BBC News"


def test_single_snapshot_editorialized_title_is_flagged(capsys):
    code, out, _ = run_cli(
        capsys,
        "check", "--url", "https://www.independent.co.uk/news/x-b2813456.html",
        "--title", "Trump begs to rekindle bromance with starving North Korea's shameful dictator",
        "--html", str(INDEPENDENT), "--json",
    )  # fmt: skip
    assert code == 0
    obj = json.loads(out)
    assert_contract(obj)
    rules = {f["rule"] for f in obj["findings"]}
    assert "editorialized-title" in rules
    assert obj["decision"] == "flag"


def test_text_output_is_readable(capsys):
    code, out, _ = run_cli(
        capsys,
        "check", "--url", "https://x.com/someone/status/1", "--title", "A statement", "--offline",
    )  # fmt: skip
    assert code == 0
    assert "social-media-source" in out
    assert "unreachable" in out


def test_batch_keeps_order_and_reports_bad_lines(tmp_path, capsys):
    page = tmp_path / "bbc.html"
    page.write_bytes(BBC.read_bytes())
    lines = [
        json.dumps({"id": 1, "title": "Kim Jong Un wants Trump back, elite defector tells BBC",
                    "url": "https://www.bbc.com/news/articles/c4gxk7vj3kwo", "html": "bbc.html"}),
        "{not json",
        json.dumps({"id": "no-title", "url": "https://example.org/"}),
        json.dumps({"id": "social", "title": "A post", "url": "https://twitter.com/a/status/2"}),
    ]  # fmt: skip
    batch = tmp_path / "posts.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "check", "--batch", str(batch), "--json", "--offline")
    assert code == 2
    objs = [json.loads(line) for line in out.splitlines()]
    assert [o.get("id") for o in objs] == [1, None, "no-title", "social"]
    assert_contract(objs[0])
    assert objs[1]["line"] == 2
    assert "line 2: invalid JSON" in objs[1]["error"]
    assert objs[2]["line"] == 3
    assert '"title"' in objs[2]["error"]
    assert_contract(objs[3])
    assert {f["rule"] for f in objs[3]["findings"]} >= {"social-media-source"}
    assert objs[3]["article"]["status"] == "unreachable"
    assert err.count("\n") == 2
    assert "line 2" in err
    assert "line 3" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "--title", "x"], "give --title and --url"),
        (["check", "--url", "https://e.org/", "--title", "x", "--html", "/nonexistent.html"],
         "no such file"),
        (["check", "--batch", "/nonexistent.jsonl"], "cannot read"),
        (["check", "--batch", "x.jsonl", "--url", "https://e.org/"], "cannot be combined"),
        (["check", "--url", "https://e.org/", "--title", "x", "--community", "nope"],
         "unknown community"),
        (["check", "--url", "https://e.org/", "--title", "x", "--config", "/nonexistent.toml"],
         "file not found"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("newsmod: ")
    assert message in err


def test_unreachable_article_skips_rules_that_need_it(capsys):
    code, out, _ = run_cli(
        capsys, "check", "--url", "http://10.0.0.5/memo", "--title", "Leaked memo", "--json",
    )  # fmt: skip
    assert code == 0
    obj = json.loads(out)
    assert_contract(obj)
    assert obj["article"]["status"] == "unreachable"
    assert "private" in obj["article"]["error"]
    assert "editorialized-title" in obj["article"]["rules_skipped"]
    assert obj["decision"] == "allow"


def test_text_output_never_carries_terminal_escapes(tmp_path, capsys):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>Headline \x1b[31mred\x1b[0m here</title></head>"
        "<body><h1>Headline \x1b]0;pwned\x07 here</h1><p>Text.</p></body></html>",
        encoding="utf-8",
    )
    code, out, _ = run_cli(
        capsys, "check", "--url", "https://example.org/a", "--title", "Title \x1b[2J cleared",
        "--html", str(page),
    )  # fmt: skip
    assert code == 0
    assert "\x1b" not in out
    assert "\x07" not in out
