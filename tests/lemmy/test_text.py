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
