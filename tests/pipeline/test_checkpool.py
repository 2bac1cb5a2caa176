"""ProcessChecker gives the same results as check_post, from worker processes; fetched pages
travel to the workers as bytes and are decoded there to the text the fetcher decoded before."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.errors import ConfigError
from bot.fetch import Fetcher, FetchSettings
from bot.fetch.decode import decode_html
from bot.guidelines import load_guidelines
from bot.models import Page, Post
from bot.pipeline.checkpool import ProcessChecker
from bot.pipeline.workers import WorkerPool, WorkerTimeout
from bot.service import check_page, check_post

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pipeline"
FETCH_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch"
UNDECLARED_UTF8 = (
    "<html><head><title>Zürich floods: “Köln next”, officials say</title></head>"
    "<body><h1>Zürich floods: “Köln next”, officials say</h1><p>Rain — again.</p></body></html>"
).encode()
#: (body, Content-Type): non-UTF-8 pages declared and undeclared, and undeclared UTF-8.
SERVED = {
    "latin1": ((FETCH_FIXTURES / "latin1.html").read_bytes(), "text/html; charset=ISO-8859-1"),
    "cp1252": ((FETCH_FIXTURES / "windows1252.html").read_bytes(), "text/html; charset=utf-8"),
    "sjis": ((FETCH_FIXTURES / "shift_jis.html").read_bytes(), "text/html"),
    "utf8": (UNDECLARED_UTF8, "text/html"),
}
URL = "https://herald.example/news/flood-defences"


class PageFetcher:
    def __init__(self) -> None:
        self.urls: list[str] = []

    async def fetch(self, url: str) -> Page:
        self.urls.append(url)
        html = (FIXTURES / "article.html").read_text(encoding="utf-8")
        return Page(url=url, final_url=url, status=200, content_type="text/html", text=html)


@pytest.mark.parametrize(
    "post",
    [
        Post("fetched", "SHOCKING!!! You won't BELIEVE what the council did", URL),
        Post("saved", "Flood defences to be raised along the river, council says", URL,
             html_path=str(FIXTURES / "article.html")),
        Post("no-link", "SHOCKING!!! You won't BELIEVE this"),
    ],
    ids=lambda p: p.id,
)  # fmt: skip
async def test_same_result_as_check_post(post: Post) -> None:
    guidelines = load_guidelines()
    async with ProcessChecker(workers=1) as checker:
        got = await checker(post, PageFetcher(), guidelines)
    want = await check_post(post, PageFetcher(), guidelines)
    assert got.to_json() == want.to_json()
    assert got.config_version == guidelines.version


async def test_bad_community_fails_before_any_work() -> None:
    fetcher: Any = PageFetcher()
    async with ProcessChecker(workers=1) as checker:
        with pytest.raises(ConfigError, match="unknown community 'nope'"):
            await checker(Post("x", "t", URL, community="nope"), fetcher, load_guidelines())
    assert fetcher.urls == []


async def test_moderators_source_edits_reach_the_workers(tmp_path: Path) -> None:
    """With OverridingChecker in front, the worker checks against the edited lists."""
    from bot.pipeline.sources import OverridingChecker
    from bot.store.db import open_db
    from bot.store.entries import Actor
    from bot.store.settings import SettingsStore
    from bot.store.writer import DbWriter

    guidelines = load_guidelines()
    post = Post("fetched", "Flood defences to be raised along the river, council says", URL)
    db = open_db(tmp_path / "n.db")
    settings = SettingsStore(db)
    async with DbWriter() as writer, ProcessChecker(workers=1) as workers:
        checker = OverridingChecker(writer, settings, workers)
        before = await checker(post, PageFetcher(), guidelines)
        mod = Actor("7", "mod", "moderator")
        await writer.run(settings.add_source, "worldnews", "tabloid", "herald.example", mod)
        after = await checker(post, PageFetcher(), guidelines)
    assert "tabloid-source" not in {f.rule for f in before.findings}
    assert "tabloid-source" in {f.rule for f in after.findings}


async def test_a_new_configuration_starts_new_workers_and_finishes_the_old_calls() -> None:
    from dataclasses import replace

    old = load_guidelines()
    new = replace(old, version=old.version + "-edited")
    post = Post("fetched", "SHOCKING!!! You won't BELIEVE what the council did", URL)
    async with ProcessChecker(workers=1) as checker:
        results = await asyncio.gather(
            checker(post, PageFetcher(), old), checker(post, PageFetcher(), new)
        )
        assert [r.config_version for r in results] == [old.version, new.version]
        assert await checker(post, PageFetcher(), new) == results[1]
    assert checker._pool is None  # closed with the context


async def test_start_brings_up_the_workers_the_posts_then_use() -> None:
    guidelines = load_guidelines()
    post = Post("fetched", "SHOCKING!!! You won't BELIEVE what the council did", URL)
    async with ProcessChecker(workers=2) as checker:
        await checker.start(guidelines)
        pool = checker._pool
        assert pool is not None
        assert len(pool._workers) == 2
        assert all(worker.process.is_alive() for worker in pool._workers)
        result = await checker(post, PageFetcher(), guidelines)
        assert checker._pool is pool  # the same workers, not a second pool
        assert result.config_version == guidelines.version


async def test_a_dead_worker_fails_its_post_with_a_one_line_error(monkeypatch: Any) -> None:
    from bot.pipeline import checkpool
    from bot.pipeline.workers import WorkerDied

    post = Post("fetched", "Flood defences to be raised", URL)
    async with ProcessChecker(workers=1) as checker:
        monkeypatch.setattr(checkpool, "_check_in_worker", _die)
        with pytest.raises(WorkerDied, match="check worker 1 stopped"):
            await checker(post, PageFetcher(), load_guidelines())
        monkeypatch.undo()
        result = await checker(post, PageFetcher(), load_guidelines())  # a new worker
    assert result.decision in {"allow", "flag", "remove"}


def _die(*_args: Any) -> None:
    os._exit(9)


# -- fetched bytes, decoded in the worker ------------------------------------------------------


def _page_in_worker(page: Page) -> tuple[bool, str, str]:
    """Run in a worker: did the page arrive undecoded, and what does it decode to there?"""
    arrived_undecoded = page.body is not None and page._text is None
    return arrived_undecoded, page.text, page.encoding


async def _fetch_served(aiohttp_server: Any, name: str) -> Page:
    body, content_type = SERVED[name]

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application()
    app.router.add_get("/p", handler)
    server = await aiohttp_server(app)
    settings = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}))
    async with Fetcher.open(settings) as fetcher:
        return await fetcher.fetch(f"http://127.0.0.1:{server.port}/p")


@pytest.mark.parametrize("name", sorted(SERVED))
async def test_fetched_bytes_decode_in_the_worker_to_the_fetchers_text(
    aiohttp_server: Any, name: str
) -> None:
    """The text a worker decodes is the one the fetcher decoded in the event loop before
    (``decode_html`` on the bytes with the header's charset)."""
    page = await _fetch_served(aiohttp_server, name)
    body, content_type = SERVED[name]
    header_charset = content_type.partition("charset=")[2] or None
    before = decode_html(body, header_charset)
    async with WorkerPool(1) as pool:
        arrived_undecoded, text, encoding = await pool.call(_page_in_worker, page)
    assert arrived_undecoded
    assert (text, encoding) == (before.text, before.encoding)
    assert encoding != "utf-8" or name == "utf8"


@pytest.mark.parametrize("name", ["latin1", "utf8"])
async def test_a_fetched_page_checks_as_its_decoded_text_did(
    aiohttp_server: Any, name: str
) -> None:
    page = await _fetch_served(aiohttp_server, name)
    body, content_type = SERVED[name]
    before = decode_html(body, content_type.partition("charset=")[2] or None)
    as_text = Page(url=page.url, final_url=page.final_url, status=200, content_type="text/html",
                   text=before.text, encoding=before.encoding)  # fmt: skip
    guidelines = load_guidelines()
    post = Post("p", "Zürich floods: Köln next, officials say", page.url)

    class Fetched:
        async def fetch(self, url: str) -> Page:
            return page

    async with ProcessChecker(workers=1) as checker:
        got = await checker(post, Fetched(), guidelines)
    community = guidelines.community(post.community)
    want = check_page(post, as_text, community, guidelines.version)
    assert got.to_json() == want.to_json()
    assert got.article.headline


async def test_a_timed_out_page_is_unreadable_not_retried(monkeypatch) -> None:
    """The pool's timeout is a limit like the extractor's: the post gets a result (article
    unreachable, title rules run) instead of failing for a retry that would cost the same."""

    async def timed_out(self, *args: Any, **kwargs: Any) -> Any:
        raise WorkerTimeout(f"check worker 1 took longer than {self.call_timeout:g}s; stopped it")

    monkeypatch.setattr(WorkerPool, "call", timed_out)
    guidelines = load_guidelines()
    post = Post("slow", "SHOCKING!!! You won't BELIEVE what the council did", URL)
    async with ProcessChecker(workers=1) as checker:
        result = await checker(post, PageFetcher(), guidelines)
    assert result.article.status == "unreachable"
    assert result.article.error == "reading the page took longer than 120s"
    assert "ragebait" in {f.rule for f in result.findings}
