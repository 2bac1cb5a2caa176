"""The mod queue: one embed per flagged post with persistent Confirm & remove / Dismiss / Lock
buttons, and Restore once the post was removed (by a moderator or by the bot in live mode). The
case number lives in each button's custom_id, so the buttons keep working after a restart
(``discord.ui.DynamicItem``). Every click is permission-checked, applied through the core (which
logs it) and the embed is updated to show who decided."""

from __future__ import annotations

import logging
import re
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
        try:
            await interaction.edit_original_response(embed=embed, view=view)
        except discord.NotFound:  # deleted meanwhile: the decision stands; say so
            await reply(interaction, f"{text}. (Its mod-queue message is gone.)")
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
        modal = RemoveModal(case)
        await interaction.response.send_modal(modal)
        modal.stop()  # not kept in memory: ModQueue.on_interaction handles its submission


class RemoveModal(discord.ui.Modal):
    """Asks which rule was broken and why before removing (a reason is required).

    Only the form: its submission is handled by ``ModQueue.on_interaction`` from the
    ``custom_id`` (``newsmod:remove:<case>``) and the submitted values, so a modal opened before
    a restart still works after it."""

    def __init__(self, case: Case) -> None:
        super().__init__(
            title=f"Remove post (case #{case.number})", custom_id=modal_id(case.number)
        )
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


REMOVE_MODAL = re.compile(r"newsmod:remove:(?P<case>[0-9]{1,12})")


def modal_id(case: int) -> str:
    return f"newsmod:remove:{case}"


def submitted_values(components: list[dict[str, Any]]) -> dict[str, Any]:
    """The values of a modal submission by custom_id: a select's list, a text input's text
    (components in labels, or in the older action rows)."""
    values: dict[str, Any] = {}
    for component in components:
        inner = [component.get("component")] if component.get("type") == 18 else []
        inner += component.get("components") or []
        for item in (i for i in inner if isinstance(i, dict)):
            if "values" in item:
                values[str(item.get("custom_id"))] = list(item["values"])
            elif "value" in item:
                values[str(item.get("custom_id"))] = str(item["value"])
    return values


async def submit_removal(interaction: discord.Interaction[Any], core: Core, case: int) -> None:
    """A removal modal was submitted: remove the post with the chosen rule and reason."""
    try:
        await interaction.response.defer()  # within Discord's 3 s, before any slow call
        await is_moderator(interaction, core)
        data: dict[str, Any] = dict(interaction.data or {})
        values = submitted_values(list(data.get("components") or []))
        rules = values.get("rule") or []
        reason = str(values.get("reason") or "").strip()
        if not rules:
            raise NewsmodError("choose the rule the post broke")
        community = await _community(interaction, core)
        await core.decide(
            community, case, "remove", actor_of(interaction), rule=str(rules[0]), reason=reason
        )
        detail = f"{rules[0]} — {escape(reason)}"
        await show_decision(interaction, core, community, case, "remove", detail)
    except EXPECTED as exc:
        await handle_error(interaction, exc)


class ModQueue(commands.Cog):
    """Holds the core for the persistent buttons (they find it through the bot) and handles
    the removal modal's submissions, before or after a restart."""

    def __init__(self, core: Core) -> None:
        self.core = core

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        match = REMOVE_MODAL.fullmatch(str(data.get("custom_id", "")))
        if match is not None:
            async with inflight(interaction):
                await submit_removal(interaction, self.core, int(match["case"]))
