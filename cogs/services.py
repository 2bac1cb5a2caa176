"""``DiscordCore``: the cogs' ``Core`` over the real pipeline, moderation, modlog and settings.

Every blocking SQLite call goes through the single DB writer. Guild settings are cached and the
cache is dropped explicitly after each ``/setup`` change.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

import discord
from sqlite_utils.db import Database

from bot.errors import InputError
from bot.guidelines import Guidelines
from bot.models import CheckResult, Post
from bot.pipeline.actions import new_owner
from bot.pipeline.adapter import PlatformAdapter
from bot.pipeline.moderation import Moderation
from bot.pipeline.notices import NoticeLog
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.ports import PageFetcher, Writer
from bot.pipeline.sources import SourceEditor
from bot.pipeline.stats import RuleStats, rule_stats
from bot.pipeline.verdicts import RunningVerdicts
from bot.platforms.discord import PLATFORM, DiscordAdapter, GuildConfig, PostAddress
from bot.platforms.lemmy import LemmyAdapter
from bot.store.entries import Actor, Case, Entry
from bot.store.modlog import Modlog
from bot.store.query import ModlogFilter
from bot.store.settings import SettingsStore
from cogs.core import Decision, GuildChange
from cogs.modqueue import render_decided, render_item, render_resolved

log = logging.getLogger(__name__)

Checker = Callable[[Post, PageFetcher, Guidelines], Awaitable[CheckResult]]


class GuildSettings:
    """``/setup`` settings per guild over the SettingsStore, cached (the adapter's GuildConfigs)."""

    def __init__(
        self, writer: Writer, settings: SettingsStore, modlog: Modlog, guidelines: Guidelines
    ) -> None:
        self.writer = writer
        self.settings = settings
        self.modlog = modlog
        self.guidelines = guidelines
        self._configs: dict[int, GuildConfig] = {}

    def _config_from(self, guild_id: int, values: Mapping[str, object]) -> GuildConfig:
        community = str(values.get("community") or self.guidelines.default)
        if community not in self.guidelines.communities:
            log.warning("guild %s: unknown community %r, using the default", guild_id, community)
            community = self.guidelines.default
        mode = str(values.get("mode") or self.guidelines.community(community).mode)
        watched = values.get("watch_channels") or []
        assert isinstance(watched, list)
        queue, role = values.get("modqueue_channel"), values.get("modrole")
        return GuildConfig(
            guild_id=guild_id,
            watched=frozenset(int(c) for c in watched),
            modqueue=int(str(queue)) if queue else None,
            modrole=int(str(role)) if role else None,
            mode=mode,
            community=community,
        )

    async def guild_config(self, guild_id: int) -> GuildConfig:
        config = self._configs.get(guild_id)
        if config is None:
            values = await self.writer.run(self.settings.values, PLATFORM, str(guild_id))
            config = self._configs[guild_id] = self._config_from(guild_id, values)
        return config

    def mode_for(self, post: Post) -> str | None:
        """The guild's /setup mode for a Discord post (the pipeline calls this on its writer)."""
        if post.platform != PLATFORM:
            return None
        try:
            guild = PostAddress.parse(post.id).guild_id
        except ValueError:
            return None
        value = self.settings.get_value(PLATFORM, str(guild), "mode")
        return str(value) if value else None

    def _apply_change(self, guild_id: int, change: GuildChange, actor: Actor) -> str:
        scope = str(guild_id)
        value: object
        if change.watch is not None or change.unwatch is not None:
            watched = list(self.settings.get_value(PLATFORM, scope, "watch_channels", []))
            if change.watch is not None and str(change.watch) not in watched:
                watched.append(str(change.watch))
            if change.unwatch is not None:
                watched = [c for c in watched if c != str(change.unwatch)]
            key, value, summary = "watch_channels", watched, f"watch_channels = {watched}"
        elif change.modqueue is not None:
            key, value = "modqueue_channel", str(change.modqueue)
            summary = f"modqueue_channel = {value}"
        elif change.modrole is not None:
            key, value, summary = "modrole", str(change.modrole), f"modrole = {change.modrole}"
        elif change.mode is not None:
            key, value, summary = "mode", change.mode, f"mode = {change.mode}"
        elif change.community is not None:
            if change.community not in self.guidelines.communities:
                known = ", ".join(sorted(self.guidelines.communities))
                raise InputError(f"unknown community {change.community!r} (known: {known})")
            key, value = "community", change.community
            summary = f"community = {change.community}"
        else:
            raise InputError("nothing to change")
        self.settings.set_value(PLATFORM, scope, key, value)
        community = self._config_from(guild_id, self.settings.values(PLATFORM, scope)).community
        self.modlog.append(
            community=community,
            actor=actor,
            action="setting-change",
            reason=f"guild {guild_id}: {summary}",
            evidence={"guild": scope, "key": key, "value": value},
            platform=PLATFORM,
        )
        return key

    async def update_guild(self, guild_id: int, change: GuildChange, actor: Actor) -> GuildConfig:
        await self.writer.run(self._apply_change, guild_id, change, actor)
        self._configs.pop(guild_id, None)  # explicit invalidation after the write
        return await self.guild_config(guild_id)


@dataclass
class DiscordCore:
    db: Database
    writer: Writer
    guidelines: Guidelines
    pipeline: Pipeline
    moderation: Moderation
    modlog: Modlog
    settings: SettingsStore
    guilds: GuildSettings
    fetcher: PageFetcher
    checker: Checker
    adapter: DiscordAdapter
    sources: SourceEditor
    verdicts: RunningVerdicts = field(default_factory=RunningVerdicts)

    async def guild_config(self, guild_id: int) -> GuildConfig:
        return await self.guilds.guild_config(guild_id)

    async def update_guild(self, guild_id: int, change: GuildChange, actor: Actor) -> GuildConfig:
        return await self.guilds.update_guild(guild_id, change, actor)

    # -- posts and checks ----------------------------------------------------------------------

    async def submit(self, post: Post) -> bool:
        return await self.pipeline.submit(post)

    async def known(self, post_ids: Sequence[str]) -> set[str]:
        queue = self.pipeline.queue

        def lookup() -> set[str]:
            return {pid for pid in post_ids if queue.get(PLATFORM, pid) is not None}

        return await self.writer.run(lookup)

    async def check(self, post: Post) -> CheckResult:
        return await self.checker(post, self.fetcher, self.guidelines)

    # -- modlog and decisions ------------------------------------------------------------------

    async def get_case(self, community: str, number: int) -> Case | None:
        return await self.writer.run(self.modlog.get_case, community, number)

    async def query_modlog(self, flt: ModlogFilter) -> list[Entry]:
        return await self.writer.run(self.modlog.query, flt)

    async def decide(
        self,
        community: str,
        case: int,
        decision: Decision,
        actor: Actor,
        *,
        rule: str | None = None,
        reason: str = "",
    ) -> Entry:
        m = self.moderation
        if decision == "approve":
            return await m.approve(case, actor, community=community, reason=reason)
        if decision == "dismiss":  # the whole case: every open finding is dismissed
            reason = reason or "dismissed from the mod queue"
            return await m.approve(case, actor, community=community, reason=reason)
        if decision == "lock":
            return await m.lock(case, actor, community=community, reason=reason)
        if decision == "restore":
            reason = reason or "restored from the mod queue"
            return await m.restore(case, actor, community=community, reason=reason)
        if rule is None:
            raise InputError("a removal needs a rule")
        return await m.remove(case, rule, reason, actor, community=community)

    async def show_decided(
        self, community: str, case: int, text: str, *, removed: bool, skip: int | None = None
    ) -> None:
        info = await self.get_case(community, case)
        if info is None:
            return
        try:
            await self.adapter.decided(
                info.post.platform, info.post.id, case, text, removed=removed, skip=skip
            )
        except discord.HTTPException as exc:  # the decision stands and is logged
            log.warning("could not update the mod queue for case #%s: %s", case, exc)

    async def note(self, community: str, case: int, text: str, actor: Actor) -> Entry:
        return await self.moderation.note(case, text, actor, community=community)

    async def stats(self, community: str) -> list[RuleStats]:
        return await self.writer.run(rule_stats, self.db, community, self.verdicts)

    # -- source lists ---------------------------------------------------------------------------

    async def source_lists(self, guild_id: int) -> Mapping[str, frozenset[str]]:
        community = (await self.guild_config(guild_id)).community
        return await self.sources.lists(community)

    async def edit_source(
        self, guild_id: int, list_name: str, domain: str, *, add: bool, actor: Actor
    ) -> str:
        community = (await self.guild_config(guild_id)).community
        return await self.sources.edit(community, list_name, domain, add=add, actor=actor)


def build_core(
    client: discord.Client,
    db: Database,
    writer: Writer,
    guidelines: Guidelines,
    fetcher: PageFetcher,
    *,
    checker: Checker | None = None,
    concurrency: int = 4,
    extra_adapters: Mapping[str, PlatformAdapter] | None = None,
) -> DiscordCore:
    """Wire the Discord adapter, the pipeline and moderation over one database and writer.

    ``checker`` defaults to the pipeline's (the real ``check_post`` with the moderators'
    source-list edits, see ``bot.pipeline.sources``); ``/check`` uses the same one.
    ``extra_adapters`` are the other platforms run in the same process (``{"lemmy": ...}``):
    the pipeline acts on their posts through them, and a moderator's decision on their cases
    (buttons, slash commands; permission-checked against the Discord roles) acts there too.
    """
    modlog = Modlog(db)
    settings = SettingsStore(db)
    guilds = GuildSettings(writer, settings, modlog, guidelines)
    adapter = DiscordAdapter(
        client, guilds, guidelines, render_item,
        notices=NoticeLog(db, writer), render_resolved=render_resolved,
        render_decided=render_decided,
    )  # fmt: skip
    adapters: dict[str, PlatformAdapter] = {PLATFORM: adapter, **(extra_adapters or {})}
    if adapters[PLATFORM] is not adapter:
        raise ValueError("extra_adapters cannot replace the Discord adapter")
    for extra in adapters.values():
        if isinstance(extra, LemmyAdapter):  # an edit that fixes a Lemmy post: the embed shows it
            extra.forward_resolved = adapter.resolved
    owner = new_owner()  # a moderator's decision in flight is not the pipeline's to retry
    pipeline = Pipeline(
        db, writer, fetcher, guidelines, adapters, modlog=modlog, concurrency=concurrency,
        mode_for=guilds.mode_for, checker=checker, settings=settings, owner=owner,
    )  # fmt: skip
    return DiscordCore(
        db=db,
        writer=writer,
        guidelines=guidelines,
        pipeline=pipeline,
        moderation=Moderation(db, writer, modlog, adapters, owner=owner),
        modlog=modlog,
        settings=settings,
        guilds=guilds,
        fetcher=fetcher,
        checker=pipeline.checker,
        adapter=adapter,
        sources=SourceEditor(writer, settings, modlog, guidelines, platform=PLATFORM),
    )
