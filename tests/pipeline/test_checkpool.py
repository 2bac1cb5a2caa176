"""ProcessChecker gives the same results as check_post, from worker processes."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ConfigError
from bot.guidelines import load_guidelines
from bot.models import Page, Post
from bot.pipeline.checkpool import ProcessChecker
from bot.service import check_post

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pipeline"
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
