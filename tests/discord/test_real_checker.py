"""The whole path with the real checker: a forum post whose link is served by a local article
server is fetched, extracted, checked by the shipped rules and flagged into the mod queue."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot import service
from bot.fetch import Fetcher, FetchSettings
from tests.discord.stack import StackFactory

HEADLINE = "Central bank raises interest rates by a quarter point"
ARTICLE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{HEADLINE} | Example News</title>
<meta property="og:title" content="{HEADLINE}">
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="{{url}}">
</head><body><article><h1>{HEADLINE}</h1>
<p>FRANKFURT (Example) - The central bank raised its main interest rate by a quarter of a
percentage point on Thursday, its first increase this year, citing stubborn inflation in the
services sector across the euro zone and beyond.</p>
<p>Economists had expected the move. Markets in Asia and Europe were little changed.</p>
</article></body></html>"""


@pytest.fixture
async def article_url() -> AsyncIterator[str]:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text=ARTICLE.format(url=str(request.url)), content_type="text/html")

    app = web.Application()
    app.router.add_get("/news/rates", page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/news/rates"
    await runner.cleanup()


async def test_editorialized_forum_post_flagged_with_the_real_headline(
    stacks: StackFactory, article_url: str
) -> None:
    settings = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}))
    async with Fetcher.open(settings) as fetcher:
        stack = await stacks(checker=service.check_post, fetcher=fetcher)
        await stack.configure()
        await stack.forum_post("Bank finally CRUSHES savers with rate hike", article_url)
        clean = await stack.text_post(f"{HEADLINE} {article_url}")
        assert clean
        await stack.core.pipeline.run_until_empty()

    [send] = stack.modqueue_sends()  # the clean text post is not flagged
    embed = send.json["embeds"][0]
    assert embed["title"] == "Bank finally CRUSHES savers with rate hike"
    fields = {f["name"].split(" · ")[0]: f["value"] for f in embed["fields"]}
    assert fields["Article headline"].startswith(HEADLINE)
    assert "editorialized-title" in fields
    assert HEADLINE in fields["editorialized-title"]
