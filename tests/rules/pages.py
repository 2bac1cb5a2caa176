"""One rule on one post and the page it links, with the community's settings (or others)."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import Any

from bot.guidelines import Community
from bot.models import Article, Finding, Post
from bot.rules.base import RuleContext


def check_page(
    rule: ModuleType,
    community: Community,
    url: str | None,
    *,
    post_url: str | None = None,
    params: dict[str, Any] | None = None,
    **fields: Any,
) -> Finding | None:
    """``rule`` on a post linking ``post_url`` (else ``url``), its page read at ``url`` with the
    Article ``fields`` (fetched, final URL ``url``, unless given); ``params`` replace the
    community's parameters of the rule."""
    fields.setdefault("status", "fetched")
    fields.setdefault("final_url", url)
    config = community.rules[rule.RULE_ID]
    if params is not None:
        config = replace(config, params=params)
    post = Post("t1", "A title", post_url or url)
    return rule.check(RuleContext(post, Article(url=url or "", **fields), config, community))
