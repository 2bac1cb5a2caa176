"""The guideline rules, one module per rule id, in DESIGN.md order.

Each module defines ``RULE_ID``, ``NEEDS_ARTICLE`` and ``check(ctx: RuleContext) -> Finding |
None``; ``RULES`` maps rule ids to modules for the checker.
"""

from __future__ import annotations

from types import ModuleType

from bot.rules import (
    blogspam,
    duplicate_post,
    editorialized_title,
    not_original_source,
    paywall_no_archive,
    ragebait,
    social_media_source,
    tabloid_source,
    us_domestic_news,
)

RULES: dict[str, ModuleType] = {
    module.RULE_ID: module
    for module in (
        not_original_source,
        paywall_no_archive,
        editorialized_title,
        ragebait,
        tabloid_source,
        blogspam,
        social_media_source,
        us_domestic_news,
        duplicate_post,
    )
}

__all__ = ["RULES"]
