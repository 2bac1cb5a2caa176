"""The mod queue: one embed per flagged post with persistent Confirm & remove / Dismiss / Lock
buttons, and Restore once the post was removed (by a moderator or by the bot in live mode). The
case number lives in each button's custom_id, so the buttons keep working after a restart
(``discord.ui.DynamicItem``). Every click is permission-checked, applied through the core (which
logs it) and the embed is updated to show who decided."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.errors import NewsmodError
from bot.models import RULE_IDS
from bot.pipeline.adapter import ModQueueItem
from bot.store.entries import Case
from cogs.checks import actor_of, handle_error, inflight, is_moderator, reply
from cogs.core import Core, Decision
from cogs.render import case_rules, escape, mark_decided, mark_resolved, modqueue_embed

log = logging.getLogger(__name__)

QUEUE_KINDS = ("confirm", "dismiss", "lock")  # the buttons of an open case
LABELS = {"confirm": "Confirm & remove", "dismiss": "Dismiss", "lock": "Lock", "restore": "Restore"}
STYLES = {
    "confirm": discord.ButtonStyle.danger,
    "dismiss": discord.ButtonStyle.secondary,
    "lock": discord.ButtonStyle.primary,
    "restore": discord.ButtonStyle.success,
}
DONE = {
    "dismiss": "Dismissed",
    "lock": "Locked",
    "remove": "Removed",
    "approve": "Approved",
    "restore": "Restored",
}
EXPECTED = (NewsmodError, app_commands.AppCommandError, discord.HTTPException)


def case_view(case: int, *, disabled: bool = False, restorable: bool = False) -> discord.ui.View:
    """The case's buttons (``disabled`` once decided); ``restorable``: the post was removed, so
    a Restore button (always enabled) undoes it."""
    view = discord.ui.View(timeout=None)
    for kind in QUEUE_KINDS:
        button = CaseButton(kind, case)
        button.item.disabled = disabled
        view.add_item(button)
    if restorable:
        view.add_item(CaseButton("restore", case))
    return view


def render_item(item: ModQueueItem) -> tuple[discord.Embed, discord.ui.View]:
    """The mod-queue message for a flagged post (the adapter's ``render_item``); a post the bot
    removed (live mode) can be restored from it."""
    removed = item.decision == "remove" and not item.dry_run
    return modqueue_embed(item), case_view(item.case, restorable=removed)


def render_resolved(
    embed: discord.Embed, item: ModQueueItem, rules: tuple[str, ...], has_buttons: bool
) -> tuple[discord.Embed, discord.ui.View | None]:
    """The mod-queue message after an edit fixed ``rules`` (the adapter's ``render_resolved``):
    the buttons stay while findings are open, and are disabled when none is left."""
    embed = mark_resolved(embed, rules, item.rules)
    view = case_view(item.case, disabled=not item.rules) if has_buttons else None
    return embed, view


def render_decided(
    embed: discord.Embed, case: int, text: str, removed: bool, has_buttons: bool
) -> tuple[discord.Embed, discord.ui.View | None]:
    """A mod-queue message of a case a moderator decided elsewhere (a slash command, another
    message of the same case): who decided what, the buttons disabled (Restore after a
    removal)."""
    view = case_view(case, disabled=True, restorable=removed) if has_buttons else None
    return mark_decided(embed, text), view


def decision_text(who: str, decision: Decision, detail: str = "") -> str:
    """``Removed by Ann: ragebait — shock wording`` (``who`` and ``detail`` escaped already)."""
    return f"{DONE[decision]} by {who}" + (f": {detail}" if detail else "")


def _core(interaction: discord.Interaction[Any]) -> Core:
    cog = interaction.client.get_cog(ModQueue.__cog_name__)
    if not isinstance(cog, ModQueue):
        raise RuntimeError("the ModQueue cog is not loaded")
    return cog.core


async def _community(interaction: discord.Interaction[Any], core: Core) -> str:
    assert interaction.guild is not None  # is_moderator checked it
    return (await core.guild_config(interaction.guild.id)).community


async def show_decision(
    interaction: discord.Interaction[Any],
    core: Core,
    community: str,
    case: int,
    decision: Decision,
    detail: str = "",
) -> None:
    """Update the clicked mod-queue message (who decided what; the buttons are disabled), then
    the case's other mod-queue messages (other servers, earlier notifications). The interaction
    was deferred (``DEFERRED_UPDATE_MESSAGE``), so this edits its original message."""
    text = decision_text(escape(interaction.user.display_name), decision, detail)
    removed = decision == "remove"
    message = interaction.message
    if message is not None and message.embeds:
        embed = mark_decided(message.embeds[0], text)
        view = case_view(case, disabled=True, restorable=removed)
        await interaction.edit_original_response(embed=embed, view=view)
    else:
        await reply(interaction, text)
    skip = message.id if message is not None else None
    await core.show_decided(community, case, text, removed=removed, skip=skip)


class CaseButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"newsmod:(?P<kind>confirm|dismiss|lock|restore):(?P<case>[0-9]{1,12})",
):
    def __init__(self, kind: str, case: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=LABELS[kind], style=STYLES[kind], custom_id=f"newsmod:{kind}:{case}"
            )
        )
        self.kind = kind
        self.case = case

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: Any,
        /,
    ) -> CaseButton:
        return cls(match["kind"], int(match["case"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        async with inflight(interaction):
            try:
                await self._clicked(interaction)
            except EXPECTED as exc:
                await handle_error(interaction, exc)

    async def _clicked(self, interaction: discord.Interaction[Any]) -> None:
        core = _core(interaction)
        if self.kind == "confirm":  # a modal must be the first answer: it cannot be deferred
            await is_moderator(interaction, core)
            await self._confirm(interaction, core, await _community(interaction, core))
            return
        # Discord wants a first answer within 3 s: acknowledge now, act, then edit the message.
        await interaction.response.defer()
        await is_moderator(interaction, core)
        community = await _community(interaction, core)
        decisions: dict[str, Decision] = {
            "dismiss": "dismiss", "lock": "lock", "restore": "restore"
        }  # fmt: skip
        decision = decisions[self.kind]
        await core.decide(community, self.case, decision, actor_of(interaction))
        await show_decision(interaction, core, community, self.case, decision)

    async def _confirm(
        self, interaction: discord.Interaction[Any], core: Core, community: str
    ) -> None:
        case = await core.get_case(community, self.case)
        if case is None:
            raise NewsmodError(f"case #{self.case} does not exist")
        await interaction.response.send_modal(RemoveModal(case, core, community))


class RemoveModal(discord.ui.Modal):
    """Asks which rule was broken and why before removing (a reason is required)."""

    def __init__(self, case: Case, core: Core, community: str) -> None:
        super().__init__(
            title=f"Remove post (case #{case.number})", custom_id=f"newsmod:remove:{case.number}"
        )
        self.case = case
        self.core = core
        self.community = community
        rules = case_rules(case) or RULE_IDS
        self.rule: discord.ui.Select[Any] = discord.ui.Select(
            custom_id="rule",
            options=[
                discord.SelectOption(label=r, value=r, default=(r == rules[0])) for r in rules[:25]
            ],
        )
        self.reason: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id="reason", style=discord.TextStyle.paragraph, min_length=3, max_length=500
        )
        self.add_item(discord.ui.Label(text="Rule broken", component=self.rule))
        self.add_item(discord.ui.Label(text="Reason (shown in the modlog)", component=self.reason))

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        async with inflight(interaction):
            await self._submitted(interaction)

    async def _submitted(self, interaction: discord.Interaction[Any]) -> None:
        try:
            await interaction.response.defer()  # within Discord's 3 s, before any slow call
            await is_moderator(interaction, self.core)
            rule = self.rule.values[0] if self.rule.values else self.rule.options[0].value
            reason = self.reason.value.strip()
            await self.core.decide(
                self.community,
                self.case.number,
                "remove",
                actor_of(interaction),
                rule=rule,
                reason=reason,
            )
            await show_decision(
                interaction,
                self.core,
                self.community,
                self.case.number,
                "remove",
                f"{rule} — {escape(reason)}",
            )
        except EXPECTED as exc:
            await handle_error(interaction, exc)


class ModQueue(commands.Cog):
    """Holds the core for the persistent buttons (they find it through the bot)."""

    def __init__(self, core: Core) -> None:
        self.core = core
