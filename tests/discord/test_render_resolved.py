"""The mod-queue message after the poster's edit fixed findings (``render_resolved``)."""

from __future__ import annotations

from dataclasses import replace

import discord
import pytest

from bot.models import Finding, Post
from bot.pipeline.adapter import ModQueueItem
from cogs.modqueue import render_decided, render_item, render_resolved
from cogs.render import DONE_COLOUR, FIXED_FIELD, FLAG_COLOUR

STILL = Finding("tabloid-source", 0.95, "A tabloid source.", {"domain": "x.co.uk"}, "flag")


def item(*findings: Finding) -> ModQueueItem:
    post = Post("1:2:2", "Title", "https://e.example/a", platform="discord")
    return ModQueueItem(5, post, findings, "flag", "review", key="k")


def fixed_field(embed: discord.Embed) -> str:
    [value] = [f.value for f in embed.fields if f.name == FIXED_FIELD]
    return str(value)


def disabled(view: discord.ui.View | None) -> list[bool]:
    assert view is not None
    out = []
    for child in view.children:
        assert isinstance(child, discord.ui.DynamicItem)
        out.append(bool(child.item.disabled))
    return out


@pytest.mark.parametrize(
    ("open_findings", "text", "colour", "buttons"),
    [
        ((STILL,), "`ragebait`\nStill open: `tabloid-source`", FLAG_COLOUR, [False] * 3),
        ((), "`ragebait`\nNothing left to decide.", DONE_COLOUR, [True] * 3),
    ],
)
def test_fixed_findings_are_shown_and_buttons_follow_what_is_open(
    open_findings: tuple[Finding, ...], text: str, colour: discord.Colour, buttons: list[bool]
) -> None:
    embed, _ = render_item(item(STILL))
    after, view = render_resolved(embed, item(*open_findings), ("ragebait",), True)
    assert fixed_field(after) == text
    assert after.colour == colour
    assert disabled(view) == buttons


def test_later_fixes_add_up_and_repeating_changes_nothing() -> None:
    embed, _ = render_item(item(STILL))
    first, _ = render_resolved(embed, item(STILL), ("ragebait",), True)
    again, _ = render_resolved(first, item(STILL), ("ragebait",), True)
    assert again.to_dict() == first.to_dict()  # a retried key edits to the same message
    last, _ = render_resolved(again, item(), ("tabloid-source",), True)
    assert fixed_field(last) == "`ragebait`, `tabloid-source`\nNothing left to decide."
    assert [f.name for f in last.fields].count(FIXED_FIELD) == 1


def test_a_message_without_buttons_keeps_none() -> None:
    embed, _ = render_item(replace(item(STILL), case=9))
    _, view = render_resolved(embed, item(), ("ragebait",), False)
    assert view is None


@pytest.mark.parametrize(
    ("removed", "has_buttons", "buttons"),
    [
        (False, True, [True, True, True]),
        (True, True, [True, True, True, False]),  # Restore stays enabled after a removal
        (True, False, None),  # a message without buttons (another community's case) gets none
    ],
)
def test_a_decision_made_elsewhere_is_shown_and_disables_the_buttons(
    removed: bool, has_buttons: bool, buttons: list[bool] | None
) -> None:
    embed, _ = render_item(item(STILL))
    after, view = render_decided(embed, 5, "Approved by Ann", removed, has_buttons)
    [decision] = [f.value for f in after.fields if f.name == "Decision"]
    assert decision == "Approved by Ann"
    assert after.colour == DONE_COLOUR
    assert (disabled(view) if view is not None else None) == buttons
