"""Guideline 5: no blogspam. A domain on the ``blogspam`` list, or content-farm signs.

The signs come from extraction (``Article.blog_signals``: bot/extract/blog.py and farm.py) and
one from here: ``bait-headline``, the page's own headline in viral-bait style (bot/rules/
clickbait.py, a model trained in the repo). Each has a weight; the confidence is their
noisy-or, ``1 - prod(1 - weight)``, capped below a list match so that signs alone never reach
the default ``remove_confidence``. A finding from signs alone needs at least one sign about the
content (not only missing metadata: a small honest blog without a dateline or outbound links is
not a content farm) and either ``min_signals`` signs or content signs weighing
``min_content_weight`` together (a Blogger rewrite site, a sponsored brand post).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from bot.domains import registered_domain
from bot.models import Finding
from bot.rules import clickbait
from bot.rules.base import RuleContext

RULE_ID = "blogspam"
NEEDS_ARTICLE = False  # a list match needs only the link; the signs are read when there is a page

#: Signs about the text itself (any one of them is required for a finding from signs).
CONTENT_WEIGHTS: Mapping[str, float] = {
    "intro-conclusion": 0.45,  # "Introduction ... Conclusion" school-essay filler
    "ai-filler": 0.4,  # stock generated-text phrases
    "question-title": 0.25,  # an SEO question as the headline ("Has Any President Met ...")
    "comment-form": 0.25,  # a blog comment form under the piece
    "blogger": 0.5,  # hosted on Blogger
    "sponsored": 0.45,  # "#ad", "compensated by", "sponsored post" in the piece
    "brand-blog": 0.35,  # a company's blog, no news article markup
    "republished": 0.3,  # "originally appeared on": a story copied from elsewhere
    "listicle": 0.2,  # "15 Helpful Tips ..."
    "teaser-headline": 0.3,  # "... this is what she finds", "the real reason"
    "press-release": 0.4,  # "is pleased to announce", "today announced", "media contact"
    "bait-headline": 0.25,  # the page's own headline in viral-bait style
}
#: Signs about missing publisher metadata.
META_WEIGHTS: Mapping[str, float] = {
    "no-publisher": 0.25,
    "no-date": 0.2,
    "no-sources": 0.15,
    "wordpress": 0.1,
}
#: Signs about the page around the piece: they add to the content weight, but a finding still
#: needs a content sign.
PAGE_WEIGHTS: Mapping[str, float] = {
    "about-itself": 0.15,  # the headline or lead names the site's own brand
    "chumbox": 0.2,  # a low-quality recirculation ad network (MGID, Revcontent ...)
}
UNKNOWN_WEIGHT = 0.1
SIGNS_CAP = 0.85
BAIT_PROBABILITY = 0.99  # the clickbait model is sure (it is overconfident: see the module)
DEFAULT_MIN_CONTENT_WEIGHT = 0.5
STRONG_CONFIDENCE = 0.55


def signs_confidence(signals: list[str], weights: Mapping[str, float]) -> float:
    """Noisy-or of the signal weights, capped at ``SIGNS_CAP``."""
    miss = math.prod(1.0 - float(weights.get(s, UNKNOWN_WEIGHT)) for s in set(signals))
    return min(SIGNS_CAP, 1.0 - miss)


def _from_signs(ctx: RuleContext) -> Finding | None:
    if not ctx.article.readable:
        return None
    signals = list(dict.fromkeys(ctx.article.blog_signals))
    headline = ctx.article.headline
    if headline and clickbait.probability(headline) >= BAIT_PROBABILITY:
        # One sign of the headline, not two: an SEO question reads as bait to the model too.
        signals = [s for s in signals if s != "question-title"] + ["bait-headline"]
    weights = {**CONTENT_WEIGHTS, **PAGE_WEIGHTS, **META_WEIGHTS, **ctx.param("signal_weights", {})}
    content = [s for s in signals if s in CONTENT_WEIGHTS]
    content_weight = sum(
        float(weights.get(s, UNKNOWN_WEIGHT)) for s in signals if s not in META_WEIGHTS
    )
    strong = len(signals) >= 2 and content_weight >= float(
        ctx.param("min_content_weight", DEFAULT_MIN_CONTENT_WEIGHT)
    )
    if not content or not (strong or len(signals) >= int(ctx.param("min_signals", 3))):
        return None
    confidence = signs_confidence(signals, weights)
    if strong:  # content signs that weigh enough are worth a moderator's look on their own
        confidence = max(STRONG_CONFIDENCE, confidence)
    return Finding(
        rule=RULE_ID,
        confidence=round(confidence, 3),
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
