"""Guideline 6: social media is a source of last resort. The link is on the ``social`` list."""

from __future__ import annotations

from bot.models import Finding
from bot.rules.base import RuleContext

RULE_ID = "social-media-source"
NEEDS_ARTICLE = False


def check(ctx: RuleContext) -> Finding | None:
    sources = ctx.community.sources
    # A shortener or link shim (t.co, l.facebook.com) hides the destination: it is judged by
    # not-original-source, and the destination by the article's final URL.
    urls = [
        url
        for url in (ctx.post.url, ctx.article.final_url)
        if url and sources.match("shortener", url) is None
    ]
    hit = sources.first_match("social", urls)
    if hit is None:
        return None
    url, domain = hit
    return Finding(
        rule=RULE_ID,
        confidence=float(ctx.param("list_confidence", 0.9)),
        message=f"Links to {domain}, a social media platform; link a news report if there is one.",
        evidence=sources.evidence("social", url, domain),
    )
