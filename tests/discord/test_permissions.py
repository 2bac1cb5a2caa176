"""Who may run what: every command declares it, and every call is checked."""

from __future__ import annotations

import pytest
from discord import app_commands
from discord.ext.commands import Cog

from bot.platforms.discord import NewsBot
from cogs.checks import ACCESS_ATTR, NOT_ADMIN, NOT_MODERATOR
from tests.discord.fake_discord import MOD_ROLE_ID
from tests.discord.interactions import (
    ADMIN_COMMANDS,
    ANYONE_COMMANDS,
    MODERATOR,
    MODERATOR_COMMANDS,
    PLAIN,
    answer_text,
    is_ephemeral,
    slash,
)
from tests.discord.stack import StackFactory


def leaf_commands(bot: NewsBot) -> dict[str, app_commands.Command]:  # type: ignore[type-arg]
    out = {}
    for command in bot.tree.walk_commands():
        if isinstance(command, app_commands.Command):
            out[command.qualified_name] = command
    return out


def access_of(command: app_commands.Command) -> str | None:  # type: ignore[type-arg]
    found = getattr(command.callback, ACCESS_ATTR, None)
    if found is None and command.binding is not None:
        found = getattr(type(command.binding), ACCESS_ATTR, None)
    return found


def default_permissions(command: app_commands.Command) -> int | None:  # type: ignore[type-arg]
    node: app_commands.Command | app_commands.Group | None = command  # type: ignore[type-arg]
    while node is not None:
        if node.default_permissions is not None:
            return node.default_permissions.value
        node = node.parent
    return None


async def test_every_command_has_a_description_and_a_permission_check(
    stacks: StackFactory,
) -> None:
    stack = await stacks()
    commands = leaf_commands(stack.bot)
    expected = {
        **dict.fromkeys(MODERATOR_COMMANDS, "moderator"),
        **dict.fromkeys(ADMIN_COMMANDS, "admin"),
        **dict.fromkeys(ANYONE_COMMANDS, "anyone"),
    }
    assert {name: access_of(c) for name, c in commands.items()} == expected
    for name, command in commands.items():
        assert command.description not in {"", "…"}, name
        for param in command.parameters:
            assert param.description not in {"", "…"}, f"{name} {param.name}"
        if expected[name] == "anyone":
            continue
        assert default_permissions(command), f"{name} has no default permissions"
        cog_check = type(command.binding).interaction_check  # GroupCog: one check for all
        assert command.checks or cog_check is not Cog.interaction_check, name
    # the sync sent them to Discord with the default permissions set
    [sync] = stack.fake.find("PUT", r"/applications/\d+/commands")
    synced = {c["name"]: c for c in sync.json}
    assert str(synced["setup"]["default_member_permissions"]) == str(1 << 3)
    assert str(synced["case"]["default_member_permissions"]) == str(1 << 13)
    assert synced["rules"]["default_member_permissions"] is None


@pytest.mark.parametrize("path", MODERATOR_COMMANDS)
async def test_moderator_commands_refused_for_a_plain_member(
    stacks: StackFactory, path: str
) -> None:
    stack = await stacks()
    before = len(await stack.modlog())
    call = await slash(stack.fake, path, permissions=PLAIN)
    assert call.json["type"] == 4
    assert is_ephemeral(call)
    assert answer_text(call) == NOT_MODERATOR
    assert len(await stack.modlog()) == before


@pytest.mark.parametrize("path", ADMIN_COMMANDS)
@pytest.mark.parametrize("permissions", [PLAIN, MODERATOR], ids=["member", "moderator"])
async def test_setup_refused_for_non_admins(
    stacks: StackFactory, path: str, permissions: int
) -> None:
    stack = await stacks()
    call = await slash(stack.fake, path, permissions=permissions, roles=[MOD_ROLE_ID])
    assert is_ephemeral(call)
    assert answer_text(call) == NOT_ADMIN


async def test_the_mod_role_makes_a_moderator(stacks: StackFactory) -> None:
    stack = await stacks()
    await stack.configure(modrole=MOD_ROLE_ID)
    call = await slash(stack.fake, "stats", permissions=PLAIN, roles=[MOD_ROLE_ID])
    assert is_ephemeral(call)
    assert call.json["data"]["embeds"][0]["title"] == "Per-rule precision"


async def test_rules_open_to_everyone(stacks: StackFactory) -> None:
    stack = await stacks()
    call = await slash(stack.fake, "rules", permissions=PLAIN)
    text = call.json["data"]["embeds"][0]["description"]
    assert text.startswith("1. ")
    assert "paywall" in text
