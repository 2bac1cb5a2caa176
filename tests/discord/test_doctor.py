"""``newsmod doctor`` for Discord against the fake Discord: token, intent, channel permissions."""

from __future__ import annotations

from cogs.doctor import check_discord
from tests.discord.fake_discord import (
    BOT_PERMS,
    EVERYONE_PERMS,
    FORUM_ID,
    MODQUEUE_ID,
    TOKEN,
    FakeDiscord,
)


def env_for(server: FakeDiscord, token: str = TOKEN) -> dict[str, str]:
    return {"DISCORD_TOKEN": token, "DISCORD_API_BASE": server.base_url,
            "DISCORD_GATEWAY_URL": server.gateway_url}  # fmt: skip


def set_up(_guild_id: int) -> tuple[list[int], int]:
    return [FORUM_ID], MODQUEUE_ID


def lines(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.line() for f in findings]


async def test_missing_permissions_are_named_with_the_fix(fake: FakeDiscord) -> None:
    fake.bot_permissions = EVERYONE_PERMS  # a role without the install link's extra permissions
    found = lines(await check_discord(env_for(fake), set_up, delete=True))
    assert found[:2] == [
        "ok       discord: token accepted: logged in as newsmod",
        "ok       discord: gateway connected with the Message Content intent",
    ]
    missing = "send_messages_in_threads, manage_threads, manage_messages"
    assert found[2:] == [
        f"PROBLEM  discord: World News #world-news (watched): missing {missing} -> grant the "
        f"bot's role {missing} in #world-news",
        "PROBLEM  discord: World News #mod-queue (mod-queue): missing embed_links -> grant the "
        "bot's role embed_links in #mod-queue",
    ]


async def test_all_good_with_the_install_links_permissions(fake: FakeDiscord) -> None:
    assert fake.bot_permissions == BOT_PERMS
    found = await check_discord(env_for(fake), set_up)
    assert all(f.ok for f in found), lines(found)
    assert lines(found)[-1] == "ok       discord: World News #mod-queue (mod-queue): permissions ok"


async def test_nothing_set_up_yet(fake: FakeDiscord) -> None:
    found = lines(await check_discord(env_for(fake), lambda _g: ([], None)))
    assert found[2:] == [
        "PROBLEM  discord: World News: no watched channel -> run /setup watch in that server",
        "PROBLEM  discord: World News: no mod-queue channel -> run /setup modqueue",
    ]


async def test_a_rejected_token(fake: FakeDiscord) -> None:
    (found,) = await check_discord(env_for(fake, "wrong"), set_up)
    assert found.line() == (
        "PROBLEM  discord: DISCORD_TOKEN: rejected by Discord (401 Unauthorized) -> copy the "
        "token again from the Developer Portal (Bot > Reset Token)"
    )


async def test_the_message_content_intent_not_enabled(endpoints: None) -> None:
    server = FakeDiscord(refuse_privileged_intents=True)
    await server.start()
    try:
        found = await check_discord(env_for(server), set_up)
    finally:
        await server.close()
    assert found[-1].line() == (
        "PROBLEM  discord: the Message Content intent is not enabled -> Developer Portal > "
        "your app > Bot > Privileged Gateway Intents > Message Content"
    )
