"""Small, explicit stand-ins for the pipeline tests: a rule set built in code and a checker
whose findings are spelled out in the post title (``"Title [ragebait] [tabloid-source]"``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from bot.guidelines import Community, Guidelines, RuleConfig
from bot.models import RULE_IDS, Article, CheckResult, Finding, Post

MARK = re.compile(r"\[([a-z-]+)\]")


def make_guidelines(
    *,
    mode: str = "dry-run",
    actions: Mapping[str, str] | None = None,
    communities: tuple[str, ...] = ("worldnews",),
    version: str = "v1",
) -> Guidelines:
    actions = actions or {}
    rules = {
        rid: RuleConfig(id=rid, guideline=n, name=rid, text=f"Rule text {n}.",
                        action=actions.get(rid, "flag"))
        for n, rid in enumerate(RULE_IDS, start=1)
    }  # fmt: skip
    built = {
        key: Community(key=key, name=key.title(), rules=rules, mode=mode) for key in communities
    }
    return Guidelines(mode=mode, default=communities[0], communities=built, version=version)


class FakeChecker:
    """Findings from ``[rule-id]`` marks in the title; ``[boom]`` raises; policy as in
    bot/policy.py (decision ``remove`` if any action is remove, ``flag`` on flag/comment)."""

    def __init__(self) -> None:
        self.calls: Counter[tuple[str, str]] = Counter()

    async def __call__(self, post: Post, fetcher: object, guidelines: Guidelines) -> CheckResult:
        self.calls[(post.platform, post.id)] += 1
        marks = MARK.findall(post.title)
        if "boom" in marks:
            raise RuntimeError("extractor exploded\non two lines")
        community = guidelines.community(post.community)
        findings = [
            Finding(rule, 0.9, f"{rule} broken", {"mark": rule}, community.rules[rule].action)
            for rule in marks
            if rule in community.rules
        ]
        acts = {f.action for f in findings}
        decision = "allow"
        if "remove" in acts:
            decision = "remove"
        elif acts & {"flag", "comment"}:
            decision = "flag"
        article = Article(status="fetched", url=post.url or "", headline=post.title)
        return CheckResult(post.id, decision, article, findings, community.key, guidelines.version)  # type: ignore[arg-type]


def post(pid: str, title: str = "Plain news", **kw: object) -> Post:
    return Post(id=pid, title=title, url=f"https://example.org/{pid}", platform="test", **kw)  # type: ignore[arg-type]
