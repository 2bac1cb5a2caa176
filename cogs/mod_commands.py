"""Moderator slash commands: /check /case /approve /remove /note /stats, and /rules for anyone."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import InputError
from bot.models import RULE_IDS, Post
from bot.platforms.discord import PLATFORM
from cogs.checks import actor_of, anyone, inflight, moderator_only, reply
from cogs.core import Core
from cogs.modqueue import decision_text
from cogs.render import case_embed, check_embed, escape, stats_embed

log = logging.getLogger(__name__)

RULE_CHOICES = [app_commands.Choice(name=r, value=r) for r in RULE_IDS]


def checked_url(url: str) -> str:
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) > 2000 or " " in url:
        raise InputError("url: give a full http(s):// link")
    return url


class ModCommands(commands.Cog):
    def __init__(self, core: Core) -> None:
        self.core = core

    async def _community(self, interaction: discord.Interaction[Any]) -> str:
        if interaction.guild is None:
            return ""
        return (await self.core.guild_config(interaction.guild.id)).community

    @app_commands.command(name="check")
    @app_commands.describe(url="The link to check", title="The title it would be posted with")
    @moderator_only()
    async def check(
        self, interaction: discord.Interaction[Any], url: str, title: str | None = None
    ) -> None:
        """Check a link and title against the guidelines (nothing is posted or logged)."""
        post = Post(
            id=f"check:{interaction.id}",
            title=title or "",
            url=checked_url(url),
            platform=PLATFORM,
            community=await self._community(interaction),
            author_id=str(interaction.user.id),
            author_name=interaction.user.display_name,
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.core.check(post)
        await reply(interaction, embed=check_embed(post, result))

    @app_commands.command(name="case")
    @app_commands.describe(number="The case number")
    @moderator_only()
    async def case(
        self, interaction: discord.Interaction[Any], number: app_commands.Range[int, 1]
    ) -> None:
        """Show a case: the post, its findings and every decision on it."""
        info = await self.core.get_case(await self._community(interaction), number)
        if info is None:
            raise InputError(f"case #{number} does not exist")
        await reply(interaction, embed=case_embed(info))

    @app_commands.command(name="approve")
    @app_commands.describe(case="The case number")
    @moderator_only()
    async def approve(
        self, interaction: discord.Interaction[Any], case: app_commands.Range[int, 1]
    ) -> None:
        """Approve a flagged post: the findings were wrong, the post stays."""
        async with inflight(interaction):
            await interaction.response.defer(ephemeral=True, thinking=True)  # within 3 s
            community = await self._community(interaction)
            await self.core.decide(community, case, "approve", actor_of(interaction))
            await reply(interaction, f"Case #{case} approved.")
            text = decision_text(escape(interaction.user.display_name), "approve")
            await self.core.show_decided(community, case, text, removed=False)

    @app_commands.command(name="remove")
    @app_commands.describe(case="The case number", rule="The rule it broke", reason="Why")
    @app_commands.choices(rule=RULE_CHOICES)
    @moderator_only()
    async def remove(
        self,
        interaction: discord.Interaction[Any],
        case: app_commands.Range[int, 1],
        rule: app_commands.Choice[str],
        reason: app_commands.Range[str, 3, 500],
    ) -> None:
        """Remove a post for breaking a rule (the reason is logged)."""
        async with inflight(interaction):
            await interaction.response.defer(ephemeral=True, thinking=True)  # within 3 s
            community = await self._community(interaction)
            await self.core.decide(
                community, case, "remove", actor_of(interaction), rule=rule.value, reason=reason
            )
            await reply(interaction, f"Case #{case} removed ({rule.value}): {escape(reason)}")
            detail = f"{rule.value} — {escape(reason)}"
            text = decision_text(escape(interaction.user.display_name), "remove", detail)
            await self.core.show_decided(community, case, text, removed=True)

    @app_commands.command(name="note")
    @app_commands.describe(case="The case number", text="The note")
    @moderator_only()
    async def note(
        self,
        interaction: discord.Interaction[Any],
        case: app_commands.Range[int, 1],
        text: app_commands.Range[str, 1, 1000],
    ) -> None:
        """Add a moderator note to a case."""
        await self.core.note(await self._community(interaction), case, text, actor_of(interaction))
        await reply(interaction, f"Note added to case #{case}.")

    @app_commands.command(name="stats")
    @moderator_only()
    async def stats(self, interaction: discord.Interaction[Any]) -> None:
        """Per-rule findings, confirmations, dismissals and precision so far."""
        rows = await self.core.stats(await self._community(interaction))
        await reply(interaction, embed=stats_embed(rows))

    @app_commands.command(name="rules")
    @anyone()
    async def rules(self, interaction: discord.Interaction[Any]) -> None:
        """The community's submission guidelines."""
        community = self.core.guidelines.community(await self._community(interaction) or None)
        by_number: dict[int, str] = {}
        for rule in community.rules.values():
            if rule.guideline and rule.text:
                by_number.setdefault(rule.guideline, rule.text)
        lines = [f"{n}. {escape(text)}" for n, text in sorted(by_number.items())]
        embed = discord.Embed(
            title=escape(community.name) or "Rules",
            description="\n".join(lines)[:4096] or "No guidelines configured.",
        )
        await reply(interaction, embed=embed)
