"""What ``newsmod run`` says at INFO: its start-up banner and one line per decision."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from bot import __version__
from bot.guidelines import Guidelines
from bot.models import CheckResult, Post
from bot.pipeline.ports import PageFetcher

log = logging.getLogger(__name__)

Checker = Callable[[Post, PageFetcher, Guidelines], Awaitable[CheckResult]]


def banner(platforms: Sequence[str], guidelines: Guidelines, db: Path | str, workers: int) -> str:
    """``newsmod 0.1.0: platforms lemmy; mode dry-run; communities worldnews (dry-run:
    !worldnews@lemmy.world); config …; database …; workers: in-process``."""
    modes = sorted({c.mode for c in guidelines.communities.values()})
    communities = "; ".join(
        f"{key} ({c.mode}{': ' + ', '.join(c.lemmy) if c.lemmy else ''})"
        for key, c in guidelines.communities.items()
    )
    where = "in-process" if not workers else f"{workers} process{'es' if workers > 1 else ''}"
    return (
        f"newsmod {__version__} starting: platforms {', '.join(platforms)}; "
        f"mode {'/'.join(modes)}; communities {communities}; config {guidelines.path} "
        f"({guidelines.version}); database {db}; checks {where}"
    )


class LoggedChecker:
    """A checker that logs each decision: platform, post id, decision and the rules broken."""

    def __init__(self, inner: Checker) -> None:
        self.inner = inner

    async def __call__(
        self, post: Post, fetcher: PageFetcher, guidelines: Guidelines
    ) -> CheckResult:
        result = await self.inner(post, fetcher, guidelines)
        rules = ", ".join(f"{f.rule} {f.confidence:.2f}" for f in result.findings) or "none"
        log.info(
            "decision %s:%s %s (rules: %s; article %s)",
            post.platform,
            post.id,
            result.decision,
            rules,
            result.article.status if result.article else "none",
        )
        return result
