"""Check one post end to end: read the article (saved page or fetch), extract it, check it.

This is the one function the CLI, the pipeline and the platforms share. Extraction and the rules
are CPU work, so they run in a worker thread: the event loop (and a Discord gateway heartbeat)
never waits on a large page. A fetched page arrives as the bytes the server sent; it is decoded
there too, when extraction first reads ``page.text`` (``check_page``), not in the event loop.
"""

from __future__ import annotations

import asyncio
import logging

from bot.checker import check_article
from bot.extract import article_from_page, extract_article
from bot.guidelines import Community, Guidelines
from bot.models import Article, CheckResult, Page, Post
from bot.pipeline.ports import PageFetcher
from bot.snapshot import read_snapshot

log = logging.getLogger(__name__)

NO_LINK = "the post has no link"


def check_snapshot(post: Post, community: Community, version: str) -> CheckResult:
    """Blocking: read the saved page, extract and check (InputError if it cannot be read)."""
    assert post.html_path is not None
    html = read_snapshot(post.html_path)
    article = extract_article(html, post.url or "", status="snapshot")
    return check_article(post, article, community, config_version=version)


def check_page(post: Post, page: Page, community: Community, version: str) -> CheckResult:
    """Blocking: extract the fetched page and check the post (unreachable if ``page.error``)."""
    article = article_from_page(page)
    return check_article(post, article, community, config_version=version)


def check_without_link(post: Post, community: Community, version: str) -> CheckResult:
    # Nothing to read: rules that need the article are skipped (listed in rules_skipped);
    # the title-only rules (ragebait, ...) still run.
    article = Article.unreachable("", NO_LINK)
    return check_article(post, article, community, config_version=version)


async def check_post(
    post: Post,
    fetcher: PageFetcher,
    guidelines: Guidelines,
    *,
    community: Community | None = None,
) -> CheckResult:
    """The check result for ``post`` under its community's rules (``community`` overrides).

    ``post.html_path`` set: the saved page is used and nothing is fetched (``snapshot``).
    No URL: only the rules that need no article run. Raises InputError for an unreadable
    saved page and ConfigError for an unknown community; network problems are not errors
    (the article is ``unreachable``).
    """
    community = community or guidelines.community(post.community)
    version = guidelines.version
    if post.html_path:
        return await asyncio.to_thread(check_snapshot, post, community, version)
    if not post.url:
        return check_without_link(post, community, version)
    page = await fetcher.fetch(post.url)
    if page.error:
        log.info("article for post %s unreachable: %s", post.id, page.error)
    return await asyncio.to_thread(check_page, post, page, community, version)
