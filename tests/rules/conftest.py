"""Shared fixtures for the rule tests: the shipped World News community and a rule runner."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from bot.guidelines import Community, Guidelines, load_guidelines
from bot.models import Article, Finding, Post
from bot.rules.base import RuleContext


@pytest.fixture(scope="session")
def guidelines() -> Guidelines:
    return load_guidelines()


@pytest.fixture(scope="session")
def community(guidelines: Guidelines) -> Community:
    return guidelines.community("worldnews")


def article_for(url: str | None, **fields: Any) -> Article:
    """A readable article at ``url`` (``status="unreachable"`` in fields for an unreadable one)."""
    if fields.get("status") == "unreachable":
        return Article.unreachable(url or "", fields.get("error", "connection refused"))
    fields.setdefault("status", "fetched")
    fields.setdefault("final_url", url)
    return Article(url=url or "", **fields)


RunRule = Callable[..., Finding | None]


@pytest.fixture
def run_rule(community: Community) -> RunRule:
    """``run_rule(module, url, title=..., body=..., community=..., **article_fields)``."""

    def run(
        module: ModuleType,
        url: str | None,
        *,
        title: str = "A title",
        body: str = "",
        community: Community = community,
        **article_fields: Any,
    ) -> Finding | None:
        post = Post(id="t1", title=title, url=url, body=body)
        article = article_for(url, **article_fields)
        rule = community.rules[module.RULE_ID]
        finding = module.check(
            RuleContext(post=post, article=article, rule=rule, community=community)
        )
        if finding is not None:
            assert finding.rule == module.RULE_ID
            assert 0.0 <= finding.confidence <= 1.0
            assert finding.message.endswith(".")
            assert "\n" not in finding.message
        return finding

    return run
