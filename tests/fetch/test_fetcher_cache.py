"""The fetcher with a PageCache: hits, expiry (injected clock), failures, the db runner."""

from __future__ import annotations

import threading

import sqlite_utils
from aiohttp import web

from bot.fetch import Fetcher, PageCache
from bot.fetch.cache import MIGRATIONS
from bot.store.db import open_db
from bot.store.writer import DbWriter

from .conftest import html, local_settings, redirect


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


async def test_second_fetch_comes_from_the_cache_until_it_expires(serve):
    server = await serve({"/a": redirect("/b"), "/b": html("<h1>Cached</h1>")})
    clock = Clock()
    cache = PageCache(sqlite_utils.Database(memory=True), ttl=600, clock=clock)
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
    cache = PageCache(sqlite_utils.Database(memory=True))
    async with Fetcher.open(local_settings(), cache) as fetcher:
        for _ in range(2):
            page = await fetcher.fetch(server.url("/down"))
            assert page.error == "HTTP 503 Service Unavailable"
    assert server.hits == {"/down": 2}
    assert len(cache) == 0


async def test_refused_urls_never_reach_the_cache():
    cache = PageCache(sqlite_utils.Database(memory=True))
    calls: list[str] = []

    async def runner(fn, *args):
        calls.append(fn.__name__)
        return fn(*args)

    async with Fetcher.open(local_settings(), cache, db_runner=runner) as fetcher:
        page = await fetcher.fetch("http://10.0.0.1/")
    assert page.error == "refused: 10.0.0.1 is a private address"
    assert calls == []


async def test_cache_calls_go_through_the_db_runner(serve):
    server = await serve({"/p": html()})
    cache = PageCache(sqlite_utils.Database(memory=True))
    calls: list[str] = []

    async def runner(fn, *args):
        calls.append(fn.__name__)
        return fn(*args)

    async with Fetcher.open(local_settings(), cache, db_runner=runner) as fetcher:
        await fetcher.fetch(server.url("/p"))
        await fetcher.fetch(server.url("/p"))
    assert calls == ["get", "put", "get"]


async def test_a_broken_cache_does_not_lose_the_page(serve):
    server = await serve({"/p": html("<p>still here</p>")})
    db = sqlite_utils.Database(memory=True)
    cache = PageCache(db)
    db.conn.close()
    async with Fetcher.open(local_settings(), cache) as fetcher:
        page = await fetcher.fetch(server.url("/p"))
    assert page.ok, page.error
    assert "still here" in page.text


async def test_production_wiring_open_db_and_db_writer(serve, tmp_path):
    """The bot's set-up: ``open_db`` applies the cache's migrations, ``DbWriter.run`` runs
    the cache calls on the database thread."""
    server = await serve({"/p": html("<p>wired</p>")})
    db = open_db(tmp_path / "newsmod.db", extra_migrations=[MIGRATIONS])
    assert MIGRATIONS.pending(db) == []
    threads: set[str] = set()
    cache = PageCache(db)
    original_get = cache.get

    def spy_get(url):
        threads.add(threading.current_thread().name)
        return original_get(url)

    cache.get = spy_get  # type: ignore[method-assign]
    async with (
        DbWriter() as writer,
        Fetcher.open(local_settings(), cache, db_runner=writer.run) as fetcher,
    ):
        first = await fetcher.fetch(server.url("/p"))
        second = await fetcher.fetch(server.url("/p"))
    assert first.ok
    assert second.from_cache
    assert threads == {"newsmod-db-writer"}
    assert server.hits == {"/p": 1}
