"""Policy: turn rule findings into actions and one decision, from the community's config.

Each finding gets its rule's configured ``action`` (capped by the finding's ``max_action``,
if any); a finding under the rule's
``min_confidence`` is dropped, and a ``remove`` under ``remove_confidence`` becomes ``flag``
(automatic removal needs high confidence). The decision is ``remove`` if any finding is
removed, ``flag`` if any is flagged or commented, else ``allow`` (notes alone allow).

The decision is the same in both modes: in ``dry-run`` it is what the bot *would* do, and it is
the adapters/pipeline that refrain from acting. ``mode`` is accepted (and checked) so a caller
can state the mode it decides under; it defaults to the community's.
"""

from __future__ import annotations

import logging
import math
from dataclasses import replace

from bot.errors import ConfigError
from bot.guidelines import MODES, Community, RuleConfig
from bot.models import ACTIONS, DecisionKind, Finding

log = logging.getLogger(__name__)


def _confidence(value: float) -> float:
    value = float(value)
    return 0.0 if math.isnan(value) else min(1.0, max(0.0, value))


def action_for(finding: Finding, rule: RuleConfig) -> str:
    """The configured action, with ``remove`` downgraded to ``flag`` below remove_confidence,
    and never stronger than the finding's own ``max_action``."""
    action = rule.action
    if action == "remove" and finding.confidence < rule.remove_confidence:
        action = "flag"
    cap = finding.max_action
    if cap in ACTIONS and ACTIONS.index(action) > ACTIONS.index(cap):
        action = cap
    return action


def decide(findings: list[Finding]) -> DecisionKind:
    actions = {f.action for f in findings}
    if "remove" in actions:
        return "remove"
    if actions & {"flag", "comment"}:
        return "flag"
    return "allow"


def apply_policy(
    findings: list[Finding], community: Community, *, mode: str | None = None
) -> tuple[DecisionKind, list[Finding]]:
    """``(decision, kept findings)``; the findings are copies with ``action`` set."""
    mode = mode or community.mode
    if mode not in MODES:
        raise ConfigError(f"mode: must be one of {', '.join(MODES)}, not {mode!r}")
    kept: list[Finding] = []
    for finding in findings:
        rule = community.rules.get(finding.rule)
        if rule is None:
            log.warning("finding for unconfigured rule %r; flagging it", finding.rule)
            rule = RuleConfig(id=finding.rule)
        confidence = _confidence(finding.confidence)
        if confidence < rule.min_confidence:
            log.debug("dropped %s at %.2f < %.2f", finding.rule, confidence, rule.min_confidence)
            continue
        out = replace(finding, confidence=confidence)
        out.action = action_for(out, rule)
        assert out.action in ACTIONS
        kept.append(out)
    return decide(kept), kept
