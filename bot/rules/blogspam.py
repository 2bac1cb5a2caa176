"""Guideline 5: no blogspam. A domain on the ``blogspam`` list, or content-farm signs.

The signs come from extraction (``Article.blog_signals``). Each has a weight; the confidence is
their noisy-or, ``1 - prod(1 - weight)``, capped below a list match so that signs alone never
reach the default ``remove_confidence``. A finding from signs alone needs ``min_signals`` signs,
at least one of them about the text itself (not only missing metadata): a small honest blog
without a dateline or outbound links is not a content farm.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from bot.domains import registered_domain
from bot.models import Finding
from bot.rules.base import RuleContext

RULE_ID = "blogspam"
NEEDS_ARTICLE = False  # a list match needs only the link; the signs are read when there is a page

#: Signs about the text itself (any one of them is required for a finding from signs).
CONTENT_WEIGHTS: Mapping[str, float] = {
    "intro-conclusion": 0.45,  # "Introduction ... Conclusion" school-essay filler
    "ai-filler": 0.4,  # stock generated-text phrases
    "question-title": 0.25,  # an SEO question as the headline ("Has Any President Met ...")
    "comment-form": 0.25,  # a blog comment form under the piece
}
#: Signs about missing publisher metadata.
META_WEIGHTS: Mapping[str, float] = {
    "no-publisher": 0.25,
    "no-date": 0.2,
    "no-sources": 0.15,
    "wordpress": 0.1,
}
UNKNOWN_WEIGHT = 0.1
SIGNS_CAP = 0.85


def signs_confidence(signals: list[str], weights: Mapping[str, float]) -> float:
    """Noisy-or of the signal weights, capped at ``SIGNS_CAP``."""
    miss = math.prod(1.0 - float(weights.get(s, UNKNOWN_WEIGHT)) for s in set(signals))
    return min(SIGNS_CAP, 1.0 - miss)


def _from_signs(ctx: RuleContext) -> Finding | None:
    if not ctx.article.readable:
        return None
    signals = list(dict.fromkeys(ctx.article.blog_signals))
    content = [s for s in signals if s in CONTENT_WEIGHTS]
    if len(signals) < int(ctx.param("min_signals", 3)) or not content:
        return None
    weights = {**CONTENT_WEIGHTS, **META_WEIGHTS, **ctx.param("signal_weights", {})}
    return Finding(
        rule=RULE_ID,
        confidence=round(signs_confidence(signals, weights), 3),
        message=f"Reads like blogspam: {', '.join(signals)}.",
        evidence={
            "signals": signals,
            "domain": registered_domain(ctx.article.final_url or ctx.post.url or ""),
        },
    )


def check(ctx: RuleContext) -> Finding | None:
    sources = ctx.community.sources
    by_signs = _from_signs(ctx)
    hit = sources.first_match("blogspam", (ctx.post.url, ctx.article.final_url))
    if hit is None:
        return by_signs
    url, domain = hit
    evidence: dict[str, object] = dict(sources.evidence("blogspam", url, domain))
    if by_signs is not None:
        evidence["signals"] = by_signs.evidence["signals"]
    confidence = float(ctx.param("list_confidence", 0.9))
    return Finding(
        rule=RULE_ID,
        confidence=max(confidence, by_signs.confidence if by_signs else 0.0),
        message=f"Links to {domain}, a known content farm / blogspam site.",
        evidence=evidence,
    )
