"""What every rule gets: the post, the article, its own config and the community."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from bot.guidelines import Community, RuleConfig
from bot.models import Article, Post

if TYPE_CHECKING:
    from bot.dupes.history import History


class RuleContext(NamedTuple):
    """Immutable, and a named tuple rather than a frozen dataclass: the checker makes one per
    rule per post, and a frozen dataclass sets each field through ``object.__setattr__``."""

    post: Post
    article: Article  # status may be "unreachable"; rules with NEEDS_ARTICLE are then skipped
    rule: RuleConfig
    community: Community
    history: History | None = None  # earlier posts of the community (``duplicate-post``)

    def param(self, name: str, default: Any) -> Any:
        return self.rule.param(name, default)
