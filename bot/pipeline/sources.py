"""Moderators' source-list edits, applied on every platform.

Moderators put domains on or take them off a community's source lists (Discord ``/sources``, or
any caller of ``SettingsStore.add_source``/``remove_source``). The edits live in the database, so
they survive restarts and reach every process sharing the database: the ``Pipeline`` checks every
post (Discord, Lemmy, CLI) through an ``OverridingChecker`` by default. An edit made in the
checking process applies to the next post checked; one made by another process within
``OverridingChecker.max_age`` seconds (the edits are re-read at most that often).

``SourceEditor`` is the one way to edit a list from a moderator command: the edit and its modlog
entry (``source-add`` / ``source-remove``) are written together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Protocol

from bot.errors import ConfigError, InputError
from bot.guidelines import Community, Guidelines
from bot.models import CheckResult, Post
from bot.pipeline.ports import PageFetcher, Writer
from bot.sources import SourceLists
from bot.store.db import db_label, translate_errors, write_transaction
from bot.store.entries import Actor
from bot.store.modlog import Modlog
from bot.store.settings import SOURCE_EDITS, SettingsStore

log = logging.getLogger(__name__)

Overrides = tuple[dict[str, set[str]], dict[str, set[str]]]
_Signature = tuple[str, str, frozenset[tuple[str, str, str]]]


class CommunityChecker(Protocol):
    """A checker that can be handed the community to check against (``bot.service.check_post``,
    ``ProcessChecker``)."""

    async def __call__(
        self,
        post: Post,
        fetcher: PageFetcher,
        guidelines: Guidelines,
        *,
        community: Community | None = None,
    ) -> CheckResult: ...


def _signature(community: Community, version: str, overrides: Overrides) -> _Signature:
    added, removed = overrides
    items = {("add", name, domain) for name, domains in added.items() for domain in domains}
    items |= {("remove", name, domain) for name, domains in removed.items() for domain in domains}
    return community.key, version, frozenset(items)


class OverridingChecker:
    """Checks a post with its community's source lists plus the moderators' edits.

    The edits are read through the writer (one small query) when this process has made an edit
    since the last read (``SOURCE_EDITS``), and otherwise at most once every ``max_age`` seconds,
    for edits made by another process sharing the database: a busy pipeline does not query the
    database for every post. The community with the edits applied is rebuilt only when they or
    the configuration change."""

    def __init__(
        self,
        writer: Writer,
        settings: SettingsStore,
        check: CommunityChecker,
        *,
        max_age: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.writer = writer
        self.settings = settings
        self.check = check
        self.max_age = max_age
        self._clock = clock
        self._read: dict[str, tuple[float, int, Overrides]] = {}
        self._built: dict[str, tuple[_Signature, Community]] = {}

    async def overrides(self, community: str) -> Overrides:
        """The moderators' edits of ``community``: ``(added, removed)`` by list name."""
        edits = SOURCE_EDITS.value  # read before the query: an edit made during it re-reads
        now = self._clock()
        cached = self._read.get(community)
        if cached is not None and cached[1] == edits and now - cached[0] < self.max_age:
            return cached[2]
        overrides = await self.writer.run(self.settings.source_overrides, community)
        self._read[community] = (now, edits, overrides)
        return overrides

    async def community(self, guidelines: Guidelines, key: str | None) -> Community:
        """``key``'s community (the default if None) with the moderators' edits applied."""
        community = guidelines.community(key or None)
        overrides = await self.overrides(community.key)
        if not any(overrides):
            return community
        signature = _signature(community, guidelines.version, overrides)
        cached = self._built.get(community.key)
        if cached is not None and cached[0] == signature:
            return cached[1]
        built = replace(community, sources=community.sources.with_overrides(*overrides))
        self._built[community.key] = (signature, built)
        return built

    async def __call__(
        self, post: Post, fetcher: PageFetcher, guidelines: Guidelines
    ) -> CheckResult:
        community = await self.community(guidelines, post.community)
        return await self.check(post, fetcher, guidelines, community=community)


class SourceEditor:
    """Moderators' source-list edits for one platform's commands: read, add, remove (logged)."""

    def __init__(
        self,
        writer: Writer,
        settings: SettingsStore,
        modlog: Modlog,
        guidelines: Guidelines,
        *,
        platform: str,
    ) -> None:
        self.writer = writer
        self.settings = settings
        self.modlog = modlog
        self.guidelines = guidelines
        self.platform = platform

    async def lists(self, community: str) -> Mapping[str, frozenset[str]]:
        """Every list of ``community`` as the checker sees it (shipped lists plus edits)."""
        added, removed = await self.writer.run(self.settings.source_overrides, community)
        base: SourceLists = self.guidelines.community(community).sources
        return base.with_overrides(added, removed).lists

    def _edit(self, community: str, list_name: str, domain: str, add: bool, actor: Actor) -> str:
        """Writer thread: the edit and its modlog entry in one transaction (both or neither)."""
        edit = self.settings.add_source if add else self.settings.remove_source
        with translate_errors(db_label(self.settings.db)), write_transaction(self.settings.db):
            stored = edit(community, list_name, domain, actor)
            self.modlog.append(
                community=community,
                actor=actor,
                action="source-add" if add else "source-remove",
                reason=f"{list_name}: {stored}",
                evidence={"list": list_name, "domain": stored},
                platform=self.platform,
            )
        return stored

    async def edit(
        self, community: str, list_name: str, domain: str, *, add: bool, actor: Actor
    ) -> str:
        """Add ``domain`` (a domain or a URL) to ``list_name`` or take it off; the stored
        registered domain. InputError for an unknown list or something that is not a domain."""
        try:
            return await self.writer.run(self._edit, community, list_name, domain, add, actor)
        except ConfigError as exc:
            raise InputError(str(exc)) from None
