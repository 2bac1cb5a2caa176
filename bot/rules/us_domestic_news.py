"""us-domestic-news (guideline 7): a US-only story with no international facet.

Reads the title and, when the article could be read, its first lead paragraphs, and looks for
two kinds of terms (bot/rules/data/, matched on word boundaries, longest phrase first):

- US signals (us_terms.txt): the states, major cities, federal and state institutions (Congress,
  FBI, ICE, the governor, the state legislature), US-only vocabulary (Medicaid, the Second
  Amendment). Institutions and places, not politicians' names. Ambiguous ones (Senate, Supreme
  Court, county) weigh half.
- the international facet (countries.txt, international.txt): every UN member state and its
  demonyms, foreign capitals and leaders, international organisations (UN, NATO, EU, WHO, G7,
  IMF), and words such as "foreign", "tariff", "embassy", "refugee".

A term in the title counts its weight; one only in the lead counts ``lead_weight`` of it. A
finding needs a US score of at least ``min_us_score`` and no international term at all, in the
title, the lead or the post body. Confidence grows with the US score and is lower when the lead
could not be read (the international facet may be there).

Params: ``min_us_score`` (1.0), ``lead_paragraphs`` (3), ``lead_weight`` (0.5).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain

from bot.models import Finding
from bot.rules.base import RuleContext
from bot.rules.data.lexicon import (
    Hit,
    TokenView,
    places,
    sentence_tokens,
    token_view,
)

log = logging.getLogger(__name__)

RULE_ID = "us-domestic-news"
NEEDS_ARTICLE = False

DEFAULT_MIN_US_SCORE = 1.0
DEFAULT_LEAD_PARAGRAPHS = 3
DEFAULT_LEAD_WEIGHT = 0.5
_US = "us_terms"
_LEAD_CHARS = 3000  # enough for three paragraphs; bounds the work on a pathological page


def check(ctx: RuleContext) -> Finding | None:
    title = ctx.post.title[:_LEAD_CHARS]
    lead_paragraphs = int(ctx.param("lead_paragraphs", DEFAULT_LEAD_PARAGRAPHS))
    lead_weight = float(ctx.param("lead_weight", DEFAULT_LEAD_WEIGHT))
    min_us_score = float(ctx.param("min_us_score", DEFAULT_MIN_US_SCORE))

    article = ctx.article
    lead_view = None
    if article.readable and lead_paragraphs > 0:
        lead_view = _lead_view(tuple(article.lead[:lead_paragraphs]))
    lead = lead_view.text if lead_view is not None else ""
    lexicon = places()
    # An international term anywhere (title, post body, lead) ends the check: the story belongs
    # in World News. Scanned shortest text first, each stopping at its first foreign term.
    title_hits = _us_hits(lexicon.iter_hits(title))
    if title_hits is None:
        return None
    body = ctx.post.body[:_LEAD_CHARS] if ctx.post.body else ""
    if body and _us_hits(lexicon.iter_hits(body)) is None:
        return None
    lead_hits = _us_hits(lexicon.iter_view_hits(lead_view)) if lead_view and lead else []
    if lead_hits is None:
        return None
    weights: dict[str, float] = {}
    for hit in title_hits:
        if hit.group == _US:
            weights[hit.label] = max(weights.get(hit.label, 0.0), hit.weight)
    for hit in lead_hits:
        if hit.group == _US and hit.label not in weights:
            weights[hit.label] = hit.weight * lead_weight
    score = sum(weights.values())
    if score < min_us_score or not weights:
        return None

    us_terms = _distinct(h for h in [*title_hits, *lead_hits] if h.group == _US)
    confidence = min(0.9, 0.45 + 0.15 * score)
    if not lead:
        confidence *= 0.85
    suggest = ctx.community.us_news_community
    where = suggest or "the US News community"
    return Finding(
        rule=RULE_ID,
        confidence=round(confidence, 3),
        message=(
            f"US-only story ({', '.join(us_terms)}) with no international facet; "
            f"suggest posting it to {where}"
        ),
        evidence={
            "us_terms": us_terms,
            "foreign_terms": [],
            "us_score": round(score, 3),
            "lead_checked": bool(lead),
            "suggest": suggest,
        },
    )


@lru_cache(maxsize=64)
def _lead_view(paragraphs: tuple[str, ...]) -> TokenView:
    """The lead's first paragraphs as one text (cut at ``_LEAD_CHARS``), tokenised.

    When nothing is cut, its tokens are those of the paragraphs joined by spaces, sentence by
    sentence: the tokens editorialized-title reads from the same lead (``sentence_tokens``).
    """
    lead = "\n".join(paragraphs)[:_LEAD_CHARS]
    spaced = " ".join(paragraphs)
    if len(spaced) > _LEAD_CHARS:
        return token_view(lead)
    return TokenView(lead, tuple(chain.from_iterable(sentence_tokens(spaced))))


def _us_hits(found: Iterator[Hit]) -> list[Hit] | None:
    """The (US) hits found; ``None`` as soon as an international one turns up."""
    hits = []
    for hit in found:
        if hit.group != _US:
            return None
        hits.append(hit)
    return hits


def _distinct(hits: Iterable[Hit]) -> list[str]:
    """The texts of the hits, one per canonical label, in order of appearance."""
    seen: set[str] = set()
    out: list[str] = []
    for hit in hits:
        if hit.label not in seen:
            seen.add(hit.label)
            out.append(hit.text)
    return out
