"""What newsmod writes on Lemmy: reasons, reports, markers."""

from __future__ import annotations

import pytest

from bot.lemmy.text import (
    comment_body,
    marker_for,
    removal_reason,
    report_reason,
    rule_of_key,
)
from bot.models import Finding
from tests.lemmy.helpers import make_guidelines

COMMUNITY = make_guidelines().community()


@pytest.mark.parametrize(
    ("reason", "key", "expected"),
    [
        (
            "ragebait: shock wording",
            "lemmy:1:ragebait:remove:h",
            "Rule 4 (No ragebait): shock wording",
        ),
        (
            "ragebait: shock; editorialized-title: changed",
            "lemmy:1:ragebait:remove:h",
            "Rule 4 (No ragebait): shock; Rule 3 (Do not editorialize titles): changed",
        ),
        (
            "a moderator's words",
            "lemmy:1:ragebait:remove:h:mod3",
            "Rule 4 (No ragebait): a moderator's words",
        ),
        (
            "Rule 4 (No ragebait): already",
            "lemmy:1:ragebait:remove:h",
            "Rule 4 (No ragebait): already",
        ),
        ("no rule here", "lemmy:1:*:lock:h:mod1", "no rule here"),
        ("", "lemmy:1:ragebait:remove:h", "Rule 4 (No ragebait)"),
    ],
)
def test_removal_reason(reason: str, key: str, expected: str) -> None:
    assert removal_reason(reason, key, COMMUNITY) == expected


def test_rule_of_key() -> None:
    assert rule_of_key("lemmy:12:blogspam:comment:abc") == "blogspam"
    assert rule_of_key("lemmy:12:*:notify:abc") is None
    assert rule_of_key("nonsense") is None


def test_report_reason_is_capped_and_marked() -> None:
    findings = (
        Finding("ragebait", 0.9, "Sensational. " * 200, {"words": ["SHOCK", "OUTRAGE"]}),
        Finding("editorialized-title", 0.8, "Headline differs.", {"headline": "Minister resigns"}),
    )
    marker = marker_for("lemmy:1:*:notify:h")
    text = report_reason(findings, "review (ragebait)", COMMUNITY, marker)
    assert len(text) <= 1000
    assert text.startswith("Rule 4 (No ragebait): Sensational.")
    assert text.endswith(f"[{marker}]")
    short = report_reason(findings[1:], "review", COMMUNITY, marker)
    assert (
        "Rule 3 (Do not editorialize titles): Headline differs. (headline=Minister resigns)"
        in short
    )


def test_markers_are_stable_and_distinct() -> None:
    assert marker_for("a") == marker_for("a") != marker_for("b")
    body = comment_body("  Please fix the title.  ", marker_for("a"))
    assert body.startswith("Please fix the title.\n\n---\n")
    assert marker_for("a") in body


@pytest.mark.parametrize(
    ("hostile", "forbidden"),
    [
        ("[click me](http://evil.example/x)", "[click me]("),
        ("![](http://tracker.example/pixel.png)", "!["),
        ("**shouting** and _leaning_", "**"),
        ("ping @admin@lemmy.world now", "@admin@lemmy.world"),
        ("<script>alert(1)</script>", "<script>"),
        ("&#64;admin&#64;lemmy.world", "&#64;"),
        ("see http://evil.example/@mod@lemmy.world", "@mod@lemmy.world"),
    ],
)
def test_comment_echoes_no_markup_and_no_mentions(hostile, forbidden) -> None:
    body = comment_body(f'Title differs from the headline "{hostile}".', marker_for("k"))
    assert forbidden not in body
    assert "@" not in body.split("\n")[0].replace("\\@", "")


def test_comment_keeps_links_clickable() -> None:
    url = "https://archive.ph/newest/https://www.wsj.com/world/asia/kim-talks-2b8c1f3e"
    body = comment_body(f"Archive copies: {url}.", marker_for("k"))
    assert f"<{url}>." in body
    assert body.startswith("Archive copies: <https://")


@pytest.mark.parametrize("line_start", ["# Huge heading", "- list item", "1. numbered", "> quote"])
def test_comment_cannot_start_a_block(line_start) -> None:
    body = comment_body(line_start, marker_for("k"))
    assert body.startswith("\\")
