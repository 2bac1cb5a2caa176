"""Policy: configured actions, confidence thresholds and the decision."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.guidelines import Community, RuleConfig
from bot.models import Finding
from bot.policy import apply_policy

R = {
    "tabloid-source": RuleConfig("tabloid-source", action="remove", remove_confidence=0.9),
    "ragebait": RuleConfig("ragebait", action="flag", min_confidence=0.6),
    "paywall-no-archive": RuleConfig("paywall-no-archive", action="comment"),
    "us-domestic-news": RuleConfig("us-domestic-news", action="note"),
}
C = Community(key="test", name="Test", rules=R)


def finding(rule: str, confidence: float) -> Finding:
    return Finding(rule=rule, confidence=confidence, message="m.")


TABLE = [
    # findings (rule, confidence) -> decision, kept (rule, action)
    ([], "allow", []),
    ([("us-domestic-news", 0.9)], "allow", [("us-domestic-news", "note")]),
    ([("ragebait", 0.7)], "flag", [("ragebait", "flag")]),
    ([("ragebait", 0.59)], "allow", []),  # under min_confidence: dropped
    ([("ragebait", 0.6)], "flag", [("ragebait", "flag")]),  # at the threshold: kept
    ([("paywall-no-archive", 0.8)], "flag", [("paywall-no-archive", "comment")]),
    ([("tabloid-source", 0.95)], "remove", [("tabloid-source", "remove")]),
    ([("tabloid-source", 0.9)], "remove", [("tabloid-source", "remove")]),
    ([("tabloid-source", 0.89)], "flag", [("tabloid-source", "flag")]),  # downgraded
    (
        [("us-domestic-news", 0.9), ("tabloid-source", 0.95), ("ragebait", 0.7)],
        "remove",
        [("us-domestic-news", "note"), ("tabloid-source", "remove"), ("ragebait", "flag")],
    ),
    (
        [("us-domestic-news", 0.9), ("paywall-no-archive", 0.8)],
        "flag",
        [("us-domestic-news", "note"), ("paywall-no-archive", "comment")],
    ),
    ([("blogspam", 0.7)], "flag", [("blogspam", "flag")]),  # unconfigured rule: default flag
    ([("ragebait", 1.7)], "flag", [("ragebait", "flag")]),  # clamped to 1
    ([("ragebait", float("nan"))], "allow", []),
]


@pytest.mark.parametrize(("found", "decision", "kept"), TABLE)
def test_policy_table(found, decision, kept):
    findings = [finding(rule, conf) for rule, conf in found]
    got_decision, got = apply_policy(findings, C)
    assert got_decision == decision
    assert [(f.rule, f.action) for f in got] == kept
    assert all(0.0 <= f.confidence <= 1.0 for f in got)


def test_findings_are_not_mutated():
    original = finding("tabloid-source", 0.5)
    _, kept = apply_policy([original], C)
    assert original.action == "flag"
    assert kept[0] is not original


@pytest.mark.parametrize("mode", ["dry-run", "live", None])
def test_decision_is_the_same_in_every_mode(mode):
    found = [finding("tabloid-source", 0.95)]
    assert apply_policy(found, C, mode=mode)[0] == "remove"


def test_bad_mode():
    with pytest.raises(ConfigError, match="mode: must be one of dry-run, live, not 'test'"):
        apply_policy([], C, mode="test")


@pytest.mark.parametrize(
    ("rule", "cap", "action", "decision"),
    [
        ("ragebait", "note", "note", "allow"),  # flag capped to a note: the post is allowed
        ("tabloid-source", "flag", "flag", "flag"),  # remove capped to flag
        ("tabloid-source", "remove", "remove", "remove"),  # a cap above the config: no change
        ("paywall-no-archive", "note", "note", "allow"),
        ("us-domestic-news", "flag", "note", "allow"),  # a cap never raises the action
        ("ragebait", "bogus", "flag", "flag"),  # an unknown cap is ignored
    ],
)
def test_max_action_caps_the_configured_action(rule, cap, action, decision):
    capped = Finding(rule=rule, confidence=0.95, message="m.", max_action=cap)
    got_decision, got = apply_policy([capped], C)
    assert [f.action for f in got] == [action]
    assert got_decision == decision
