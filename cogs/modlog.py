"""``/modlog``: the modlog filtered by member, rule and action, ephemeral and paged with buttons.

The Older/Newer buttons carry the whole query and the page in their ``custom_id``
(``discord.ui.DynamicItem``), so paging keeps working after the bot restarts; only the moderator
who ran ``/modlog`` can page it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.models import RULE_IDS
from bot.store.actiontypes import BUILTIN_ACTION_TYPES
from bot.store.query import ModlogFilter
from cogs.checks import moderator_only, reply
from cogs.core import Core
from cogs.render import modlog_embed

log = logging.getLogger(__name__)

LOG_ACTIONS = tuple(a.name for a in BUILTIN_ACTION_TYPES)[:25]  # Discord allows 25 choices
CUSTOM_ID_MAX = 100  # Discord's limit on a component's custom_id
NOT_OWNER = "Only the moderator who ran /modlog can page it."


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


@dataclass(frozen=True)
class Page:
    """One page of a /modlog query: who asked, the filter, and the ``before_id`` of each page
    after the first up to this one (the most recent ones, as many as fit a custom_id)."""

    owner: int
    author: int | None
    rule: str | None
    action: str | None
    limit: int
    number: int = 1
    starts: tuple[int, ...] = ()

    def encode(self, direction: str) -> str:
        rule = str(RULE_IDS.index(self.rule)) if self.rule else ""
        action = str(LOG_ACTIONS.index(self.action)) if self.action else ""
        author = _b36(self.author) if self.author is not None else ""
        head = (
            f"newsmod:log:{direction}:{_b36(self.owner)}:{author}:{rule}:{action}:"
            f"{self.limit}:{self.number}:"
        )
        starts = [_b36(s) for s in self.starts]
        while starts and len(head) + len(".".join(starts)) > CUSTOM_ID_MAX:
            starts.pop(0)  # the oldest pages are forgotten first
        return head + ".".join(starts)

    @classmethod
    def decode(cls, match: re.Match[str]) -> Page:
        def number(text: str) -> int | None:
            return int(text, 36) if text else None

        rule, action = match["rule"], match["action"]
        return cls(
            owner=int(match["owner"], 36),
            author=number(match["author"]),
            rule=RULE_IDS[int(rule)] if rule else None,
            action=LOG_ACTIONS[int(action)] if action else None,
            limit=int(match["limit"]),
            number=int(match["page"]),
            starts=tuple(int(s, 36) for s in match["starts"].split(".") if s),
        )

    def newer(self) -> Page:
        if not self.starts:  # the first page, or the way back was forgotten: the newest
            return replace(self, number=1)
        return replace(self, number=max(1, self.number - 1), starts=self.starts[:-1])

    def older(self, last_id: int) -> Page:
        return replace(self, number=self.number + 1, starts=(*self.starts, last_id))

    def query(self, community: str) -> ModlogFilter:
        return ModlogFilter(
            community=community,
            author=str(self.author) if self.author is not None else None,
            rule=self.rule,
            action=self.action,
            limit=self.limit + 1,  # one more: is there an older page?
            before_id=self.starts[-1] if self.starts else None,
        )


async def render_page(core: Core, guild_id: int, page: Page) -> tuple[discord.Embed, Any]:
    """The page's embed and its Older/Newer buttons."""
    config = await core.guild_config(guild_id)
    rows = await core.query_modlog(page.query(config.community or core.guidelines.default))
    entries = rows[: page.limit]
    view = discord.ui.View(timeout=None)
    newer = PagerButton("n", page.newer(), disabled=page.number == 1 and not page.starts)
    has_older = len(rows) > page.limit and bool(entries)
    older_page = page.older(entries[-1].id) if has_older else page
    view.add_item(newer)
    view.add_item(PagerButton("o", older_page, disabled=not has_older))
    return modlog_embed(entries, page.number), view


class PagerButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=(
        r"newsmod:log:(?P<dir>[no]):(?P<owner>[0-9a-z]+):(?P<author>[0-9a-z]*):"
        r"(?P<rule>[0-9]*):(?P<action>[0-9]*):(?P<limit>[0-9]{1,2}):(?P<page>[0-9]{1,6}):"
        r"(?P<starts>[0-9a-z.]*)"
    ),
):
    """Newer (``n``) or Older (``o``): the page it leads to is in its custom_id."""

    def __init__(self, direction: str, page: Page, *, disabled: bool = False) -> None:
        label = "Newer" if direction == "n" else "Older"
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.secondary,
                custom_id=page.encode(direction), disabled=disabled,
            )
        )  # fmt: skip
        self.page = page

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> PagerButton:
        return cls(match["dir"], Page.decode(match))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.user.id != self.page.owner or interaction.guild is None:
            await reply(interaction, NOT_OWNER)
            return
        core = _core(interaction)
        embed, view = await render_page(core, interaction.guild.id, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


def _core(interaction: discord.Interaction[Any]) -> Core:
    cog = interaction.client.get_cog(Modlog.__cog_name__)
    if not isinstance(cog, Modlog):
        raise RuntimeError("the Modlog cog is not loaded")
    return cog.core


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
        page = Page(
            owner=interaction.user.id,
            author=user.id if user is not None else None,
            rule=rule.value if rule is not None else None,
            action=action.value if action is not None else None,
            limit=limit,
        )
        embed, view = await render_page(self.core, interaction.guild.id, page)
        await reply(interaction, embed=embed, view=view)
