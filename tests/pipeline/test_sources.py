"""Moderators' source-list edits apply on every platform: the pipeline's default checker and the
``SourceEditor`` that moderator commands use (edit + modlog entry together)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from bot.errors import InputError
from bot.guidelines import Community, Guidelines, load_guidelines
from bot.models import Article, CheckResult, Page, Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.sources import OverridingChecker, SourceEditor
from bot.store.db import open_db
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.query import ModlogFilter
from bot.store.settings import SettingsStore
from bot.store.writer import DbWriter

MOD = Actor("7", "mod", "moderator")


class UnreachableFetcher:
    """Every page is unreachable: the link-only rules (tabloid, social…) still decide."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    async def fetch(self, url: str) -> Page:
        self.urls.append(url)
        return Page(url=url, final_url=url, status=0, error="not served in this test")


async def test_moderator_source_edits_reach_the_checker(tmp_path: Path) -> None:
    db = open_db(tmp_path / "n.db")
    settings = SettingsStore(db)
    seen: list[tuple[str | None, str | None]] = []

    async def check(
        post: Post, _fetcher: Any, _guidelines: Guidelines, *, community: Community | None = None
    ) -> CheckResult:
        assert community is not None
        seen.append(
            (
                community.sources.match("tabloid", post.url or ""),
                community.sources.match("paywall", "https://www.nytimes.com/x"),
            )
        )
        return CheckResult(post.id, "allow", Article.unreachable(post.url or "", "not read"))

    async with DbWriter() as writer:
        checker = OverridingChecker(writer, settings, check)
        guidelines = load_guidelines()
        post = Post("1:2:3", "t", "https://m.news.example.com/a", platform="discord")
        await checker(post, None, guidelines)
        await writer.run(settings.add_source, "worldnews", "tabloid", "news.example.com", MOD)
        await writer.run(settings.remove_source, "worldnews", "paywall", "nytimes.com", MOD)
        await checker(post, None, guidelines)
        await checker(post, None, guidelines)  # unchanged edits: the same community is reused
    assert seen == [(None, "nytimes.com"), ("news.example.com", None), ("news.example.com", None)]
    assert len(checker._built) == 1


@pytest.mark.parametrize("platform", ["lemmy", "cli"])
async def test_an_override_changes_the_pipeline_check_on_any_platform(
    db: Database, writer: DbWriter, platform: str
) -> None:
    guidelines = load_guidelines()
    adapter = InProcessAdapter(platform)
    pipe = Pipeline(db, writer, UnreachableFetcher(), guidelines, {platform: adapter})
    settings = SettingsStore(db)

    def decision(post_id: str) -> str:
        row = db.execute(
            "SELECT decision FROM posts WHERE platform = ? AND post_id = ?", [platform, post_id]
        ).fetchone()
        return str(row[0])

    url = "https://www.gossipdaily-news.com/story"
    await pipe.submit(Post("1", "Minister resigns", url, platform=platform))
    await pipe.run_until_empty()
    assert decision("1") == "allow"

    await writer.run(settings.add_source, "worldnews", "tabloid", url, MOD)
    # another story of the site (the same link again would also be a duplicate-post)
    await pipe.submit(Post("2", "Minister resigns", url + "-2", platform=platform))
    await pipe.run_until_empty()
    assert decision("2") == "remove"  # tabloid-source removes; the config is in dry-run mode
    assert [c.kind for c in adapter.calls] == ["notify_mods"]
    item = adapter.calls[0].item
    assert item is not None
    assert item.rules == ("tabloid-source",)
    assert item.dry_run


async def test_source_editor_logs_each_edit_and_refuses_bad_input(
    db: Database, writer: DbWriter, modlog: Modlog
) -> None:
    editor = SourceEditor(writer, SettingsStore(db), modlog, load_guidelines(), platform="lemmy")
    stored = await editor.edit(
        "worldnews", "tabloid", "https://www.gossipdaily-news.com/x", add=True, actor=MOD
    )
    assert stored == "gossipdaily-news.com"
    assert "gossipdaily-news.com" in (await editor.lists("worldnews"))["tabloid"]
    await editor.edit("worldnews", "tabloid", stored, add=False, actor=MOD)
    assert "gossipdaily-news.com" not in (await editor.lists("worldnews"))["tabloid"]
    entries = modlog.query(ModlogFilter(community="worldnews"))
    assert sorted((e.action, e.platform, e.reason) for e in entries) == [
        ("source-add", "lemmy", "tabloid: gossipdaily-news.com"),
        ("source-remove", "lemmy", "tabloid: gossipdaily-news.com"),
    ]
    with pytest.raises(InputError, match="unknown source list"):
        await editor.edit("worldnews", "gossip", stored, add=True, actor=MOD)
    with pytest.raises(InputError, match="not a domain"):
        await editor.edit("worldnews", "tabloid", "not a domain", add=True, actor=MOD)


async def test_edits_from_another_process_are_read_at_most_every_max_age(tmp_path: Path) -> None:
    """The checker does not query the database for every post: it re-reads the edits when this
    process made one, or once ``max_age`` has passed (another process's edit, simulated here by
    a second connection that bypasses this process's SettingsStore)."""
    db = open_db(tmp_path / "n.db")
    reads: list[str] = []

    class CountingSettings(SettingsStore):
        def source_overrides(self, community: str) -> Any:
            reads.append(community)
            return super().source_overrides(community)

    settings = CountingSettings(db)
    seen: list[str | None] = []

    async def check(
        post: Post, _fetcher: Any, _guidelines: Guidelines, *, community: Community | None = None
    ) -> CheckResult:
        assert community is not None
        seen.append(community.sources.match("tabloid", post.url or ""))
        return CheckResult(post.id, "allow", Article.unreachable(post.url or "", "not read"))

    now = [100.0]
    post = Post("1", "t", "https://news.example.com/a", platform="lemmy")
    guidelines = load_guidelines()
    other = open_db(tmp_path / "n.db")  # "another process"
    async with DbWriter() as writer:
        checker = OverridingChecker(writer, settings, check, max_age=5.0, clock=lambda: now[0])
        await checker(post, None, guidelines)
        await checker(post, None, guidelines)
        assert len(reads) == 1  # the second post used the edits read for the first
        other.conn.execute(
            "INSERT INTO source_overrides (community, list_name, domain, op, actor_id, "
            "actor_name, updated_at) VALUES ('worldnews', 'tabloid', 'news.example.com', 'add', "
            "'7', 'mod', '2026-01-01T00:00:00+00:00')"
        )
        other.conn.commit()
        now[0] += 4.9
        await checker(post, None, guidelines)  # not yet re-read
        now[0] += 0.2
        await checker(post, None, guidelines)  # max_age passed: re-read, the edit applies
        assert len(reads) == 2
        await writer.run(settings.remove_source, "worldnews", "tabloid", "news.example.com", MOD)
        await checker(post, None, guidelines)  # this process's edit: re-read at once
        assert len(reads) == 3
    assert seen == [None, None, None, "news.example.com", None]


async def test_a_source_edit_and_its_modlog_entry_are_written_together(
    db: Database, writer: DbWriter, modlog: Modlog, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = SettingsStore(db)
    editor = SourceEditor(writer, settings, modlog, load_guidelines(), platform="lemmy")

    def broken_append(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(modlog, "append", broken_append)
    with pytest.raises(RuntimeError, match="disk full"):
        await editor.edit("worldnews", "tabloid", "gossipdaily-news.com", add=True, actor=MOD)
    assert await writer.run(settings.source_overrides, "worldnews") == ({}, {})
