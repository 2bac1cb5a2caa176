"""Community practice: the same article, or the same story from another outlet, already posted.

The rule compares the post with the community's history (``ctx.history``): the pipeline's
database, or the earlier lines of a ``newsmod check --batch --stream`` file or a backtest. With
no history (a single ``newsmod check``) there is nothing to compare and it finds nothing. Only
earlier posts still up count. A same-story finding is never more than a flag: another outlet's
report of one event is a judgement call, not a removal.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.dupes.duration import parse_duration
from bot.dupes.history import post_time
from bot.dupes.match import STORY_THRESHOLD, Match, compare
from bot.dupes.signature import Signature, signature
from bot.models import Finding
from bot.rules.base import RuleContext

RULE_ID = "duplicate-post"
NEEDS_ARTICLE = False  # the link alone can be the same article's; the story needs the page

#: Evidence lists at most this many earlier posts.
MAX_SHOWN = 5
ARTICLE_CONFIDENCE = 0.95


def windows(ctx: RuleContext) -> tuple[timedelta, timedelta]:
    return (
        parse_duration(ctx.param("window", "7d")),
        parse_duration(ctx.param("story_window", "48h")),
    )


def check(ctx: RuleContext) -> Finding | None:
    history = ctx.history
    if history is None:
        return None
    sig = signature(ctx.post, ctx.article)
    return judge(ctx, sig, post_time(ctx.post))


def judge(ctx: RuleContext, sig: Signature, at: datetime) -> Finding | None:
    """The finding for ``sig`` (a post made ``at``) against the community's history
    (``ctx.history``): only posts made before it count."""
    assert ctx.history is not None
    window, story_window = windows(ctx)
    earlier = ctx.history.candidates(
        ctx.community.key, sig, at, window=window, story_window=story_window,
        exclude=(ctx.post.platform, ctx.post.id),
    )  # fmt: skip
    threshold = float(ctx.param("story_threshold", STORY_THRESHOLD))
    matches = compare(sig, at, earlier, window=window, story_window=story_window,
                      threshold=threshold)  # fmt: skip
    return finding(matches) if matches else None


def finding(matches: list[Match]) -> Finding:
    best = matches[0]
    first = best.earlier
    where = f"case {first.case}" if first.case is not None else f"post {first.post_id}"
    if best.kind == "same-article":
        message = f"The same article was already posted ({where}, {best.why})."
        confidence, cap = ARTICLE_CONFIDENCE, None
    else:
        message = (
            f"The same story from another outlet ({first.signature.site}) was already posted "
            f"({where}: {best.why})."
        )
        confidence, cap = min(0.9, 0.5 + best.score / 2), "flag"
    return Finding(
        rule=RULE_ID,
        confidence=confidence,
        message=message,
        evidence={"match": best.kind, "earlier": [m.to_json() for m in matches[:MAX_SHOWN]]},
        max_action=cap,
    )
