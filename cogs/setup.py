"""``/setup``: administrators choose watched channels, the mod queue, the mod role, the mode and
the community (of ``guidelines.toml``) the server follows."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.platforms.discord import GuildConfig
from cogs.checks import actor_of, admin_only, reply
from cogs.core import Actor, Core, GuildChange, Mode

log = logging.getLogger(__name__)

WatchableChannel = discord.TextChannel | discord.ForumChannel


def describe(config: GuildConfig) -> str:
    watched = ", ".join(f"<#{c}>" for c in sorted(config.watched)) or "none"
    queue = f"<#{config.modqueue}>" if config.modqueue else "not set"
    role = f"<@&{config.modrole}>" if config.modrole else "not set (Manage Messages only)"
    return (
        f"Watching: {watched}\nMod queue: {queue}\nMod role: {role}\nMode: **{config.mode}**\n"
        f"Community: `{config.community}`"
    )


@admin_only()
class Setup(commands.GroupCog, group_name="setup"):
    """Configure newsmod for this server (administrators only)."""

    def __init__(self, core: Core) -> None:
        self.core = core
        super().__init__()

    async def _apply(
        self, interaction: discord.Interaction[Any], change: GuildChange, done: str
    ) -> None:
        assert interaction.guild is not None  # guild_only
        actor: Actor = actor_of(interaction)
        config = await self.core.update_guild(interaction.guild.id, change, actor)
        if config.watched and config.modqueue is None:
            done += "\nSet a mod queue with /setup modqueue: flagged posts wait for it."
        await reply(interaction, f"{done}\n{describe(config)}")

    @app_commands.command(name="watch")
    @app_commands.describe(channel="A forum or text channel whose posts are checked")
    async def watch(self, interaction: discord.Interaction[Any], channel: WatchableChannel) -> None:
        """Check every new post in a forum or text channel."""
        await self._apply(
            interaction, GuildChange(watch=channel.id), f"Now watching <#{channel.id}>."
        )

    @app_commands.command(name="unwatch")
    @app_commands.describe(channel="The channel to stop watching")
    async def unwatch(
        self, interaction: discord.Interaction[Any], channel: WatchableChannel
    ) -> None:
        """Stop checking a channel."""
        await self._apply(
            interaction, GuildChange(unwatch=channel.id), f"Stopped watching <#{channel.id}>."
        )

    @app_commands.command(name="modqueue")
    @app_commands.describe(channel="Where flagged posts are shown to moderators")
    async def modqueue(
        self, interaction: discord.Interaction[Any], channel: discord.TextChannel
    ) -> None:
        """Set the mod queue channel."""
        await self._apply(
            interaction, GuildChange(modqueue=channel.id), f"Mod queue is now <#{channel.id}>."
        )

    @app_commands.command(name="modrole")
    @app_commands.describe(role="Members with this role are moderators")
    async def modrole(self, interaction: discord.Interaction[Any], role: discord.Role) -> None:
        """Set the moderator role (Manage Messages always counts too)."""
        await self._apply(
            interaction, GuildChange(modrole=role.id), f"Mod role is now <@&{role.id}>."
        )

    @app_commands.command(name="mode")
    @app_commands.describe(mode="dry-run only flags; live also comments and removes")
    @app_commands.choices(mode=[app_commands.Choice(name=m, value=m) for m in ("dry-run", "live")])
    async def mode(
        self,
        interaction: discord.Interaction[Any],
        mode: app_commands.Choice[str],
    ) -> None:
        """Switch between dry-run and live."""
        value: Mode = "live" if mode.value == "live" else "dry-run"
        await self._apply(interaction, GuildChange(mode=value), f"Mode is now **{value}**.")

    @app_commands.command(name="community")
    @app_commands.describe(community="The community of guidelines.toml this server moderates")
    async def community(self, interaction: discord.Interaction[Any], community: str) -> None:
        """Choose the community whose rules apply here and whose cases this mod queue gets."""
        await self._apply(
            interaction,
            GuildChange(community=community),
            f"This server now follows community `{community}`.",
        )

    @community.autocomplete("community")
    async def _communities(
        self, _interaction: discord.Interaction[Any], current: str
    ) -> list[app_commands.Choice[str]]:
        """The communities of guidelines.toml (the choices are the configuration's, not fixed)."""
        communities = self.core.guidelines.communities.values()
        return [
            app_commands.Choice(name=f"{c.name or c.key} ({c.key})"[:100], value=c.key)
            for c in communities
            if current.lower() in f"{c.key} {c.name}".lower()
        ][:25]
