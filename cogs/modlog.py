"""``/modlog``: the modlog filtered by member, rule and action, ephemeral and paged with buttons."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.models import RULE_IDS
from bot.store.actiontypes import BUILTIN_ACTION_TYPES
from bot.store.entries import Entry
from bot.store.query import ModlogFilter
from cogs.checks import moderator_only, reply
from cogs.core import Core
from cogs.render import modlog_embed

log = logging.getLogger(__name__)

LOG_ACTIONS = tuple(a.name for a in BUILTIN_ACTION_TYPES)[:25]  # Discord allows 25 choices


class ModlogPager(discord.ui.View):
    """Older/Newer buttons over ``before_id`` pages; only the moderator who asked can page."""

    def __init__(self, core: Core, query: ModlogFilter, owner_id: int) -> None:
        super().__init__(timeout=600)
        self.core = core
        self.query = query
        self.owner_id = owner_id
        self.starts: list[int | None] = [None]  # before_id of each page seen, newest first
        self.entries: list[Entry] = []

    async def load(self) -> discord.Embed:
        page = replace(self.query, before_id=self.starts[-1], limit=self.query.limit + 1)
        rows = await self.core.query_modlog(page)
        self.entries = rows[: self.query.limit]
        self.older.disabled = len(rows) <= self.query.limit
        self.newer.disabled = len(self.starts) == 1
        return modlog_embed(self.entries, len(self.starts))

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id != self.owner_id:
            await reply(interaction, "Only the moderator who ran /modlog can page it.")
            return False
        return True

    @discord.ui.button(label="Newer", style=discord.ButtonStyle.secondary)
    async def newer(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        if len(self.starts) > 1:
            self.starts.pop()
        await interaction.response.edit_message(embed=await self.load(), view=self)

    @discord.ui.button(label="Older", style=discord.ButtonStyle.secondary)
    async def older(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        if self.entries:
            self.starts.append(self.entries[-1].id)
        await interaction.response.edit_message(embed=await self.load(), view=self)


class Modlog(commands.Cog):
    def __init__(self, core: Core) -> None:
        self.core = core

    @app_commands.command(name="modlog")
    @app_commands.describe(
        user="Only posts by this member",
        rule="Only this rule",
        action="Only this action",
        limit="Entries per page (1-50)",
    )
    @app_commands.choices(
        rule=[app_commands.Choice(name=r, value=r) for r in RULE_IDS],
        action=[app_commands.Choice(name=a, value=a) for a in LOG_ACTIONS],
    )
    @moderator_only()
    async def modlog(
        self,
        interaction: discord.Interaction[Any],
        user: discord.Member | None = None,
        rule: app_commands.Choice[str] | None = None,
        action: app_commands.Choice[str] | None = None,
        limit: app_commands.Range[int, 1, 50] = 10,
    ) -> None:
        """Browse the modlog: every finding, action and moderator decision."""
        assert interaction.guild is not None  # guild_only
        config = await self.core.guild_config(interaction.guild.id)
        query = ModlogFilter(
            community=config.community or self.core.guidelines.default,
            author=str(user.id) if user is not None else None,
            rule=rule.value if rule is not None else None,
            action=action.value if action is not None else None,
            limit=limit,
        )
        pager = ModlogPager(self.core, query, interaction.user.id)
        await reply(interaction, embed=await pager.load(), view=pager)
