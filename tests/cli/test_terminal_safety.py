"""Titles and other stored text echoed by the CLI's text output: no bidi controls, no zero-width
characters, no control characters, and one capped line however long the title."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.cli.render import render_result
from bot.cli.text import MAX_FIELD, terminal_safe
from bot.store import Actor, Modlog, PostRef, open_db

REPO = Path(__file__).resolve().parents[2]
BBC = REPO / "examples" / "pages" / "bbc-kim-defector.html"
#: Right-to-left override, isolates, marks, zero-width space/joiners, BOM, word joiner, a tag.
HIDDEN = "\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\ufeff\u2060\U000e0041"
SPOOF = f"Safe {HIDDEN[0]}txt.exe{HIDDEN[4]} title{HIDDEN[8]}"
LONG = "word " * 2_000  # 10,000 characters


def _assert_clean(text: str) -> None:
    for char in HIDDEN:
        assert char not in text, f"U+{ord(char):04X} survived"
    assert "\x1b" not in text


def test_terminal_safe_drops_invisible_and_caps() -> None:
    assert terminal_safe(SPOOF) == "Safe txt.exe title"
    assert terminal_safe("a\x1b[2Jb") == "a\ufffd[2Jb"
    assert terminal_safe(LONG, 50) == "word " * 8 + "word…"  # at most 50, cut at a word
    assert terminal_safe("x" * 80, 50) == "x" * 49 + "…"  # one word longer than the cap
    assert terminal_safe("Ελληνικά עברית 👍") == "Ελληνικά עברית 👍"  # real text stays


def test_check_text_output_is_clean_and_one_capped_line(capsys) -> None:
    title = SPOOF + " " + LONG
    code = main(
        ["check", "--url", "https://www.bbc.com/news/x", "--title", title, "--html", str(BBC)]
    )
    out = capsys.readouterr().out
    assert code == 0
    _assert_clean(out)
    title_lines = [line for line in out.splitlines() if line.startswith("  title:")]
    assert len(title_lines) == 1
    assert len(title_lines[0]) <= 120
    assert title_lines[0].endswith("…")
    assert all(len(line) <= 120 for line in out.splitlines())


def test_render_result_caps_every_field() -> None:
    obj = {
        "id": "p" + HIDDEN,
        "decision": "flag",
        "article": {
            "status": "unreachable",
            "error": LONG + HIDDEN,
            "rules_skipped": [],
        },
        "findings": [
            {"rule": "ragebait", "action": "flag", "confidence": 0.9, "message": LONG + SPOOF}
        ],
    }
    text = render_result(obj, title=SPOOF + LONG, width=80)
    _assert_clean(text)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert len(text) < 80 * 3 + MAX_FIELD + 200
    obj["article"] = {"status": "snapshot", "headline": LONG, "site_name": LONG, "paywalled": True}
    text = render_result(obj, title="t", width=80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "[paywalled]" in text


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "case.db"
    db = open_db(path)
    modlog = Modlog(db)
    post = PostRef("lemmy", "p1", "https://x.example/" + HIDDEN, SPOOF + " " + LONG, "a1", SPOOF)
    case = modlog.open_case("world", post)
    modlog.append(community="world", case=case, actor=Actor("b", "newsmod", "bot"), action="flag")
    db.close()
    return path


def test_case_view_is_clean_and_capped(capsys, db_path: Path) -> None:
    code = main(["case", "1", "--db", str(db_path)])
    out = capsys.readouterr().out
    assert code == 0
    _assert_clean(out)
    title = next(line for line in out.splitlines() if line.startswith("Title:"))
    assert title.startswith("Title:  Safe txt.exe title word word")
    assert len(title) <= 120


def test_a_duplicates_earlier_posts_are_one_short_line_each() -> None:
    from tests.dupes.stories import duplicate_finding

    found = duplicate_finding()
    obj = {
        "id": "again",
        "decision": "flag",
        "article": {"status": "fetched", "headline": "Sweden drops rape investigation"},
        "findings": [found.to_json()],
    }
    lines = render_result(obj, width=80).splitlines()
    start = lines.index("      Earlier posts:")
    assert lines[start - 1] == "      Already posted: the same article"
    assert lines[start + 1 :] == [
        "      - case 3 · lemmy post first · 2 h earlier · still up — same article URL",
        "      - lemmy post tv-1 · 3 h earlier · still up — same story on tv-example.org,",
        "        91% alike, names in common: assange, belmarsh, eva-marie, julian,",
        "        persson: “Julian Assange: Swedish prosecutors drop rape investigation”",
    ]
