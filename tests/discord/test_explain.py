"""The command tree's one error handler: which errors get which one-line answer, how it is sent
(ephemeral, no pings, follow-up once answered) and what happens when even that fails."""

from __future__ import annotations

import logging
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.errors import InputError, NewsmodError
from cogs.checks import NOT_MODERATOR, Denied, explain, handle_error, reply


@app_commands.command(name="probe", description="a command to wrap errors in")
async def probe(interaction: discord.Interaction[Any]) -> None:  # pragma: no cover - never run
    return None


class Transformer(app_commands.Transformer):
    async def transform(self, interaction: discord.Interaction[Any], value: Any) -> Any:
        return value  # pragma: no cover - never run


@pytest.mark.parametrize(
    ("error", "answer"),
    [
        (Denied(NOT_MODERATOR), NOT_MODERATOR),
        (app_commands.CheckFailure(), "You are not allowed to do that."),
        (InputError("unknown case 7\nmore detail"), "unknown case 7"),
        (InputError(""), "InputError"),
        (app_commands.CommandInvokeError(probe, NewsmodError("first\nsecond")), "first"),
        (app_commands.CommandInvokeError(probe, Denied("no")), "no"),
        (
            app_commands.TransformerError(
                "abc", discord.AppCommandOptionType.integer, Transformer()
            ),
            "Invalid value 'abc'.",
        ),
        (
            app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10.0), 2.6),
            "Slow down: try again in 3s.",
        ),
        (RuntimeError("bug"), None),
        (app_commands.CommandInvokeError(probe, KeyError("bug")), None),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else None,
)
def test_explain(error: BaseException, answer: str | None) -> None:
    assert explain(error) == answer


class Response:
    def __init__(self, done: bool, fail: BaseException | None = None) -> None:
        self.done = done
        self.fail = fail
        self.sent: list[tuple[Any, dict[str, Any]]] = []

    def is_done(self) -> bool:
        return self.done

    async def send_message(self, text: Any, **kwargs: Any) -> None:
        if self.fail is not None:
            raise self.fail
        self.sent.append((text, kwargs))


class Followup:
    def __init__(self) -> None:
        self.sent: list[tuple[Any, dict[str, Any]]] = []

    async def send(self, text: Any, **kwargs: Any) -> None:
        self.sent.append((text, kwargs))


class Interaction:
    """What ``reply`` and ``handle_error`` use of a discord.Interaction."""

    def __init__(self, *, done: bool = False, fail: BaseException | None = None) -> None:
        self.id = 77
        self.command = probe
        self.response = Response(done, fail)
        self.followup = Followup()


async def test_reply_answers_ephemerally_without_pings() -> None:
    interaction = Interaction()
    await reply(interaction, "hello")  # type: ignore[arg-type]
    [(text, kwargs)] = interaction.response.sent
    assert text == "hello"
    assert kwargs["ephemeral"] is True
    assert kwargs["allowed_mentions"].to_dict() == {"parse": []}
    assert interaction.followup.sent == []


async def test_reply_after_an_answer_is_a_followup_and_keeps_explicit_options() -> None:
    interaction = Interaction(done=True)
    await reply(interaction, None, ephemeral=False, embed="E")  # type: ignore[arg-type]
    [(text, kwargs)] = interaction.followup.sent
    assert text is discord.utils.MISSING  # no text: embed only
    assert kwargs["ephemeral"] is False
    assert kwargs["embed"] == "E"
    assert interaction.response.sent == []


async def test_an_unexpected_error_is_logged_and_answered_vaguely(
    caplog: pytest.LogCaptureFixture, fail_on_logged_errors: Any
) -> None:
    interaction = Interaction()
    with caplog.at_level(logging.ERROR, logger="cogs.checks"):
        await handle_error(interaction, RuntimeError("secret internals"))  # type: ignore[arg-type]
    [(text, _)] = interaction.response.sent
    assert text == "Something went wrong; it has been logged."
    [record] = caplog.records
    assert record.exc_info is not None
    assert "secret internals" in str(record.exc_info[1])
    fail_on_logged_errors.records.clear()  # logged on purpose


async def test_an_expected_error_is_answered_and_not_logged_as_a_bug(
    caplog: pytest.LogCaptureFixture,
) -> None:
    interaction = Interaction()
    with caplog.at_level(logging.WARNING, logger="cogs.checks"):
        await handle_error(interaction, InputError("unknown case 9"))  # type: ignore[arg-type]
    assert [t for t, _ in interaction.response.sent] == ["unknown case 9"]
    assert caplog.records == []


class _HttpResponse:
    status = 404
    reason = "Not Found"


async def test_an_answer_that_cannot_be_sent_is_a_warning_not_a_crash(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gone = discord.NotFound(_HttpResponse(), {"message": "Unknown interaction", "code": 10062})  # type: ignore[arg-type]
    interaction = Interaction(fail=gone)
    with caplog.at_level(logging.WARNING, logger="cogs.checks"):
        await handle_error(interaction, InputError("unknown case 9"))  # type: ignore[arg-type]
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("could not answer interaction 77:")


# -- the access decorators, applied here (mutation testing cannot see their import-time use) --


def fresh() -> Any:
    """A new callback each time: the decorators keep their marks on the function itself."""

    async def callback(interaction: discord.Interaction[Any]) -> None:  # pragma: no cover
        return None

    return callback


def test_moderator_only_sets_default_permissions_a_check_and_the_access() -> None:
    from cogs.checks import ACCESS_ATTR, _moderator_predicate, moderator_only

    command = app_commands.command(name="m", description="d")(moderator_only()(fresh()))
    assert command.default_permissions == discord.Permissions(manage_messages=True)
    assert command.guild_only is True
    assert command.checks == [_moderator_predicate]
    assert getattr(command.callback, ACCESS_ATTR) == "moderator"


def test_admin_only_sets_administrator() -> None:
    from cogs.checks import ACCESS_ATTR, admin_only, is_admin

    command = app_commands.command(name="a", description="d")(admin_only()(fresh()))
    assert command.default_permissions == discord.Permissions(administrator=True)
    assert command.guild_only is True
    assert command.checks == [is_admin]
    assert getattr(command.callback, ACCESS_ATTR) == "admin"


def test_anyone_only_declares_it() -> None:
    from cogs.checks import ACCESS_ATTR, anyone

    command = app_commands.command(name="r", description="d")(anyone()(fresh()))
    assert command.default_permissions is None
    assert command.checks == []
    assert getattr(command.callback, ACCESS_ATTR) == "anyone"


async def test_on_a_group_cog_every_subcommand_is_checked() -> None:
    from discord.ext import commands

    from cogs.checks import ACCESS_ATTR, admin_only

    @admin_only()
    class Setup(commands.GroupCog, name="setup"):
        pass

    assert getattr(Setup, ACCESS_ATTR) == "admin"
    assert Setup.__discord_app_commands_default_permissions__ == discord.Permissions(  # type: ignore[attr-defined]
        administrator=True
    )
    assert Setup.__discord_app_commands_guild_only__ is True  # type: ignore[attr-defined]

    class Member:
        pass

    class NotAdmin:
        guild = object()
        user = Member()

    with pytest.raises(Denied, match="only works inside a server"):
        await Setup.interaction_check(None, NotAdmin())  # type: ignore[arg-type]


class Bare:
    """An object with only the attributes given."""

    def __init__(self, **attrs: Any) -> None:
        self.__dict__.update(attrs)


@pytest.mark.parametrize(
    "command",
    [Bare(), Bare(binding=None), Bare(binding=Bare()), Bare(binding=Bare(core=None))],
    ids=["no-binding", "binding-none", "binding-without-core", "core-none"],
)
def test_a_command_not_bound_to_a_cog_with_a_core_is_a_bug(command: Any) -> None:
    from cogs.checks import _core_of

    with pytest.raises(RuntimeError, match=r"^command .* is not bound to a cog with a core$"):
        _core_of(Bare(command=command))  # type: ignore[arg-type]
    core = object()
    assert _core_of(Bare(command=Bare(binding=Bare(core=core)))) is core  # type: ignore[arg-type]


async def test_inflight_is_the_clients_tracker_or_nothing() -> None:
    import contextlib

    from bot.inflight import InFlight
    from cogs.checks import inflight

    tracker = InFlight()
    assert inflight(Bare(client=Bare(inflight=tracker))) is tracker  # type: ignore[arg-type]
    async with inflight(Bare(client=Bare(inflight=tracker))):  # type: ignore[arg-type]
        assert tracker.count == 1
    for client in (Bare(), Bare(inflight="not a tracker")):
        assert isinstance(inflight(Bare(client=client)), contextlib.nullcontext)  # type: ignore[arg-type]


def test_the_actor_is_the_users_id_and_display_name() -> None:
    from bot.store.entries import Actor
    from cogs.checks import actor_of

    user = Bare(id=4321, display_name="Alice A.")
    assert actor_of(Bare(user=user)) == Actor("4321", "Alice A.", "moderator")  # type: ignore[arg-type]


async def test_outside_a_server_is_refused_with_one_line() -> None:
    from cogs.checks import NOT_IN_GUILD, is_admin, is_moderator

    for interaction in (Bare(guild=None, user=Bare()), Bare(guild=Bare(), user=Bare())):
        with pytest.raises(Denied) as caught:
            await is_admin(interaction)  # type: ignore[arg-type]
        assert str(caught.value) == NOT_IN_GUILD
        with pytest.raises(Denied) as caught:
            await is_moderator(interaction, core=None)  # type: ignore[arg-type]
        assert str(caught.value) == NOT_IN_GUILD
