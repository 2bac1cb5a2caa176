"""Who may run what: one decorator per role, declared as default permissions AND checked at call
time, and the one error handler for the command tree (ephemeral one-line answers)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import discord
from discord import app_commands

from bot.errors import NewsmodError
from bot.inflight import InFlight
from cogs.core import Actor, Core

log = logging.getLogger(__name__)

T = TypeVar("T")
NO_PINGS = discord.AllowedMentions.none()

NOT_IN_GUILD = "This command only works inside a server."
NOT_MODERATOR = "Only moderators (the mod role or Manage Messages) can do that."
NOT_ADMIN = "Only server administrators can change the bot's setup."


class Denied(app_commands.CheckFailure):
    """A permission check failed; ``str()`` is the one-line answer for the user."""


class HasCore(Protocol):
    core: Core


async def is_moderator(interaction: discord.Interaction[Any], core: Core) -> bool:
    """Manage Messages in the channel, or the configured mod role."""
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        raise Denied(NOT_IN_GUILD)
    if interaction.permissions.manage_messages or interaction.permissions.administrator:
        return True
    config = await core.guild_config(interaction.guild.id)
    if config.modrole is not None and any(r.id == config.modrole for r in interaction.user.roles):
        return True
    raise Denied(NOT_MODERATOR)


async def is_admin(interaction: discord.Interaction[Any]) -> bool:
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        raise Denied(NOT_IN_GUILD)
    if interaction.permissions.administrator:
        return True
    raise Denied(NOT_ADMIN)


def _core_of(interaction: discord.Interaction[Any]) -> Core:
    binding = getattr(interaction.command, "binding", None)
    core = getattr(binding, "core", None)
    if core is None:
        raise RuntimeError(f"command {interaction.command!r} is not bound to a cog with a core")
    return core


async def _moderator_predicate(interaction: discord.Interaction[Any]) -> bool:
    return await is_moderator(interaction, _core_of(interaction))


Access = str  # "moderator" | "admin" | "anyone"
ACCESS_ATTR = "__newsmod_access__"


def _restricted(
    access: Access, predicate: Callable[[discord.Interaction[Any]], Any], **perms: bool
) -> Callable[[T], T]:
    """Default permissions (who sees the command) AND a check when it is called.

    Works on a command callback or on a ``GroupCog`` class (then every subcommand is covered,
    through the cog's ``interaction_check``).
    """

    def decorator(obj: T) -> T:
        obj = app_commands.default_permissions(**perms)(obj)
        obj = app_commands.guild_only()(obj)
        if isinstance(obj, type):

            async def interaction_check(_cog: Any, interaction: discord.Interaction[Any]) -> bool:
                return bool(await predicate(interaction))

            obj.interaction_check = interaction_check  # type: ignore[attr-defined]
        else:
            obj = app_commands.check(predicate)(obj)
        setattr(obj, ACCESS_ATTR, access)
        return obj

    return decorator


def moderator_only() -> Callable[[T], T]:
    """Moderators: the configured mod role or Manage Messages."""
    return _restricted("moderator", _moderator_predicate, manage_messages=True)


def admin_only() -> Callable[[T], T]:
    """Server administrators."""
    return _restricted("admin", is_admin, administrator=True)


def anyone() -> Callable[[T], T]:
    """Explicitly open to every member (the meta-test requires every command to say who)."""

    def decorator(func: T) -> T:
        setattr(func, ACCESS_ATTR, "anyone")
        return func

    return decorator


def inflight(interaction: discord.Interaction[Any]) -> contextlib.AbstractAsyncContextManager[None]:
    """``async with inflight(interaction):`` around a handler that works on after answering
    (e.g. updating other mod-queue messages): the bot's ``close`` lets it finish."""
    busy = getattr(interaction.client, "inflight", None)
    return busy if isinstance(busy, InFlight) else contextlib.nullcontext()


def actor_of(interaction: discord.Interaction[Any]) -> Actor:
    return Actor(id=str(interaction.user.id), name=interaction.user.display_name)


async def reply(
    interaction: discord.Interaction[Any], text: str | None = None, **kwargs: Any
) -> None:
    """Answer ephemerally, whether or not the interaction was already responded to."""
    kwargs.setdefault("ephemeral", True)
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    if interaction.response.is_done():
        await interaction.followup.send(text or discord.utils.MISSING, **kwargs)
    else:
        await interaction.response.send_message(text, **kwargs)


def explain(error: BaseException) -> str | None:
    """The one-line answer for an expected failure, or None for a bug."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.CommandOnCooldown):  # a CheckFailure: ask it first
        return f"Slow down: try again in {error.retry_after:.0f}s."
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You are not allowed to do that."
    if isinstance(error, NewsmodError):
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    if isinstance(error, app_commands.TransformerError):
        return f"Invalid value {error.value!r}."
    return None


async def handle_error(interaction: discord.Interaction[Any], error: BaseException) -> None:
    """The tree's error handler (also used by buttons and modals)."""
    message = explain(error)
    if message is None:
        log.error("unexpected error in %r", interaction.command, exc_info=error)
        message = "Something went wrong; it has been logged."
    try:
        await reply(interaction, message)
    except discord.HTTPException as exc:
        log.warning("could not answer interaction %s: %s", interaction.id, exc)
