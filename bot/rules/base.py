"""What every rule gets: the post, the article, its own config and the community."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.guidelines import Community, RuleConfig
from bot.models import Article, Post


@dataclass(frozen=True)
class RuleContext:
    post: Post
    article: Article  # status may be "unreachable"; rules with NEEDS_ARTICLE are then skipped
    rule: RuleConfig
    community: Community

    def param(self, name: str, default: Any) -> Any:
        return self.rule.param(name, default)
