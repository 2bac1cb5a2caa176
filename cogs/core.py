"""What the cogs need from the core, as one narrow async interface.

The cogs never touch SQL or rule logic: they parse an interaction, call one of these methods and
render the answer. ``cogs.services.DiscordCore`` is the implementation over the real pipeline,
moderation, modlog and settings store (blocking SQLite work goes through the single writer).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.guidelines import Guidelines
from bot.models import CheckResult, Post
from bot.pipeline.stats import RuleStats
from bot.platforms.discord import GuildConfig
from bot.store.entries import Actor, Case, Entry
from bot.store.query import ModlogFilter

Decision = Literal["approve", "dismiss", "remove", "lock", "restore"]
Mode = Literal["dry-run", "live"]


@dataclass(frozen=True)
class GuildChange:
    """One ``/setup`` edit; exactly one field is set."""

    watch: int | None = None
    unwatch: int | None = None
    modqueue: int | None = None
    modrole: int | None = None
    mode: Mode | None = None
    community: str | None = None  # a community key of guidelines.toml


class Core(Protocol):
    """The core services the Discord face calls (all async; none blocks the event loop)."""

    @property
    def guidelines(self) -> Guidelines: ...

    async def guild_config(self, guild_id: int) -> GuildConfig: ...

    async def update_guild(self, guild_id: int, change: GuildChange, actor: Actor) -> GuildConfig:
        """Store a /setup change and log it as a config-change."""
        ...

    async def submit(self, post: Post) -> bool:
        """Queue a post for checking (durable); False when already seen unchanged."""
        ...

    async def known(self, post_ids: Sequence[str]) -> set[str]:
        """Which of these Discord posts the database already has (catching up skips them)."""
        ...

    async def check(self, post: Post) -> CheckResult:
        """Check a post now without queueing or acting (``/check``)."""
        ...

    async def get_case(self, community: str, number: int) -> Case | None: ...

    async def query_modlog(self, flt: ModlogFilter) -> list[Entry]: ...

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
        """Apply a moderator decision through the adapter and log it (InputError if invalid)."""
        ...

    async def show_decided(
        self, community: str, case: int, text: str, *, removed: bool, skip: int | None = None
    ) -> None:
        """Every mod-queue message of ``case`` shows ``text`` (who decided what), its buttons
        disabled, except message ``skip``; a failed edit is logged, never raised."""
        ...

    async def note(self, community: str, case: int, text: str, actor: Actor) -> Entry: ...

    async def source_lists(self, guild_id: int) -> Mapping[str, frozenset[str]]: ...

    async def edit_source(
        self, guild_id: int, list_name: str, domain: str, *, add: bool, actor: Actor
    ) -> str:
        """Add or remove a domain on a list for this guild (logged); the domain as stored."""
        ...

    async def stats(self, community: str) -> list[RuleStats]: ...
