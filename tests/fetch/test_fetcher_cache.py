"""The fetcher with a PageCache: hits, expiry (injected clock), failures, pages kept undecoded."""

from __future__ import annotations

from aiohttp import web

from bot.fetch import Fetcher, PageCache
from bot.models import Page

from .conftest import html, local_settings, redirect


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


async def test_second_fetch_comes_from_the_cache_until_it_expires(serve):
    server = await serve({"/a": redirect("/b"), "/b": html("<h1>Cached</h1>")})
    clock = Clock()
    cache = PageCache(ttl=600, clock=clock)
    async with Fetcher.open(local_settings(), cache) as fetcher:
        first = await fetcher.fetch(server.url("/a"))
        second = await fetcher.fetch(server.url("/a"))
        assert server.hits == {"/a": 1, "/b": 1}
        clock.now += 600
        third = await fetcher.fetch(server.url("/a"))
    assert (first.from_cache, second.from_cache, third.from_cache) == (False, True, False)
    assert second.text == first.text
    assert second.final_url == server.url("/b")
    assert second.redirects == [server.url("/a")]
    assert server.hits == {"/a": 2, "/b": 2}


async def test_failures_are_not_cached(serve):
    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=503)

    server = await serve({"/down": broken})
    cache = PageCache()
    async with Fetcher.open(local_settings(), cache) as fetcher:
        for _ in range(2):
            page = await fetcher.fetch(server.url("/down"))
            assert page.error == "HTTP 503 Service Unavailable"
    assert server.hits == {"/down": 2}
    assert len(cache) == 0


async def test_refused_urls_never_reach_the_cache():
    calls: list[str] = []

    class SpyCache(PageCache):
        def get(self, url: str) -> Page | None:
            calls.append("get")
            return super().get(url)

        def put(self, page: Page) -> bool:
            calls.append("put")
            return super().put(page)

    async with Fetcher.open(local_settings(), SpyCache()) as fetcher:
        page = await fetcher.fetch("http://10.0.0.1/")
    assert page.error == "refused: 10.0.0.1 is a private address"
    assert calls == []


async def test_a_cached_page_is_kept_undecoded_and_decodes_like_the_fetched_one(serve):
    server = await serve(
        {"/p": html("<p>caf\u00e9 \u2014 d\u00e9j\u00e0 vu</p>", charset="cp1252")}
    )
    cache = PageCache()
    async with Fetcher.open(local_settings(), cache) as fetcher:
        first = await fetcher.fetch(server.url("/p"))
        second = await fetcher.fetch(server.url("/p"))
    assert second.from_cache
    assert second.body is first.body  # held as received: no copy, no decode until read
    assert (second.text, second.encoding) == (first.text, first.encoding)
    assert "café — déjà vu" in second.text
    assert first.body is not None
    assert cache.size == len(first.body)
    assert server.hits == {"/p": 1}
