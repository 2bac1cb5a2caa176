"""The checker: run every enabled rule of a community on a post and its article, then the policy."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from types import ModuleType

from bot.guidelines import Community
from bot.models import Article, CheckResult, Finding, Post
from bot.policy import apply_policy
from bot.rules import RULES
from bot.rules.base import RuleContext

log = logging.getLogger(__name__)


def run_rules(
    post: Post,
    article: Article,
    community: Community,
    rules: Mapping[str, ModuleType] | None = None,
) -> tuple[list[Finding], list[str]]:
    """``(findings, skipped rule ids)``. A rule that raises is logged and yields nothing."""
    findings: list[Finding] = []
    skipped: list[str] = []
    for rule_id, module in (RULES if rules is None else rules).items():
        config = community.rules.get(rule_id)
        if config is None or not config.enabled:
            continue
        if module.NEEDS_ARTICLE and not article.readable:
            skipped.append(rule_id)
            continue
        ctx = RuleContext(post, article, config, community)
        try:
            finding = module.check(ctx)
        except Exception:  # one broken rule must not lose the others' findings
            log.exception("rule %s failed on post %s (%s)", rule_id, post.id, post.url)
            continue
        if finding is not None:
            if finding.rule != rule_id:
                finding = replace(finding, rule=rule_id)
            findings.append(finding)
    return findings, skipped


def check_article(
    post: Post,
    article: Article,
    community: Community,
    *,
    config_version: str = "",
    rules: Mapping[str, ModuleType] | None = None,
) -> CheckResult:
    """Check one post against its community's rules; ``rules`` defaults to ``bot.rules.RULES``."""
    findings, skipped = run_rules(post, article, community, rules)
    article = replace(article, rules_skipped=[*article.rules_skipped, *skipped])
    decision, kept = apply_policy(findings, community)
    return CheckResult(
        id=post.id,
        decision=decision,
        article=article,
        findings=kept,
        community=community.key,
        config_version=config_version,
    )
