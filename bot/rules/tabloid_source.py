"""Guideline 5: no tabloid stories. The post links a domain on the ``tabloid`` list."""

from __future__ import annotations

from bot.models import Finding
from bot.rules.base import RuleContext

RULE_ID = "tabloid-source"
NEEDS_ARTICLE = False  # the link alone decides; an unreachable page is still a tabloid page


def check(ctx: RuleContext) -> Finding | None:
    sources = ctx.community.sources
    hit = sources.first_match("tabloid", (ctx.post.url, ctx.article.final_url))
    if hit is None:
        return None
    url, domain = hit
    return Finding(
        rule=RULE_ID,
        confidence=float(ctx.param("list_confidence", 0.95)),
        message=f"Links to {domain}, a tabloid source.",
        evidence=sources.evidence("tabloid", url, domain),
    )
