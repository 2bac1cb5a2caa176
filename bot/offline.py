"""A fetcher that never touches the network: ``newsmod demo`` and ``newsmod check --offline``."""

from __future__ import annotations

from bot.fetch.ssrf import check_url
from bot.models import Page


class OfflineFetcher:
    """Answers every fetch with an unreachable page, saying why (refused or offline)."""

    async def fetch(self, url: str) -> Page:
        reason = check_url(url)
        error = f"refused: {reason}" if reason else "not fetched: offline (no saved page)"
        return Page(url=url, final_url=url, error=error)
