"""``/sources list|add|remove``: moderators edit the guild's source lists (stored and logged)."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domains import registered_domain
from bot.errors import InputError
from bot.sources import LIST_NAMES
from cogs.checks import actor_of, moderator_only, reply
from cogs.core import Core
from cogs.render import clip, escape

log = logging.getLogger(__name__)

LIST_CHOICES = [app_commands.Choice(name=n, value=n) for n in LIST_NAMES]


def domain_of(text: str) -> str:
    """``https://www.dailymail.co.uk/news/x`` -> ``dailymail.co.uk``; InputError when none."""
    domain = registered_domain(text.strip())
    if not domain or "." not in domain:
        raise InputError(f"domain: {text.strip()[:80]!r} is not a domain or URL")
    return domain


@moderator_only()
class Sources(commands.GroupCog, group_name="sources"):
    """View and edit the source lists (tabloid, blogspam, paywall, ...)."""

    def __init__(self, core: Core) -> None:
        self.core = core
        super().__init__()

    @app_commands.command(name="list")
    @app_commands.describe(list="The list to show (all lists when empty)")
    @app_commands.choices(list=LIST_CHOICES)
    async def list_(
        self, interaction: discord.Interaction[Any], list: app_commands.Choice[str] | None = None
    ) -> None:
        """Show a source list, or how many domains each list holds."""
        assert interaction.guild is not None
        lists = await self.core.source_lists(interaction.guild.id)
        if list is None:
            text = "\n".join(f"`{n}`: {len(lists.get(n, ()))} domains" for n in LIST_NAMES)
        else:
            domains = sorted(lists.get(list.value, ()))
            text = ", ".join(escape(d) for d in domains) or "(empty)"
            text = f"`{list.value}` ({len(domains)}): {text}"
        await reply(interaction, clip(text, 2000))

    @app_commands.command(name="add")
    @app_commands.describe(list="The list", domain="A domain or a full URL")
    @app_commands.choices(list=LIST_CHOICES)
    async def add(
        self, interaction: discord.Interaction[Any], list: app_commands.Choice[str], domain: str
    ) -> None:
        """Add a domain (or a URL's registered domain) to a list."""
        assert interaction.guild is not None
        name = domain_of(domain)
        await self.core.edit_source(
            interaction.guild.id, list.value, name, add=True, actor=actor_of(interaction)
        )
        await reply(interaction, f"Added `{name}` to `{list.value}`.")

    @app_commands.command(name="remove")
    @app_commands.describe(list="The list", domain="A domain or a full URL")
    @app_commands.choices(list=LIST_CHOICES)
    async def remove(
        self, interaction: discord.Interaction[Any], list: app_commands.Choice[str], domain: str
    ) -> None:
        """Remove a domain (or a URL's registered domain) from a list."""
        assert interaction.guild is not None
        name = domain_of(domain)
        await self.core.edit_source(
            interaction.guild.id, list.value, name, add=False, actor=actor_of(interaction)
        )
        await reply(interaction, f"Removed `{name}` from `{list.value}`.")
