"""Discord API payloads for the fake server and the tests: one guild, its channels, users."""

from __future__ import annotations

from typing import Any

GUILD_ID = 1000
FORUM_ID = 1001
TEXT_ID = 1002
MODQUEUE_ID = 1003
MOD_ROLE_ID = 1100
APP_ID = 900
BOT_USER_ID = 900
OWNER_ID = 2000
TOKEN = "test-token"

MANAGE_MESSAGES = 1 << 13
ADMINISTRATOR = 1 << 3
EVERYONE_PERMS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)  # view, send, history, use cmds
TIMESTAMP = "2026-11-23T12:00:00.000000+00:00"


# -- permissions (developers/topics/permissions) ------------------------------------------------

VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MANAGE_THREADS = 1 << 34
SEND_MESSAGES_IN_THREADS = 1 << 38
BOT_ROLE_ID = 1101
#: What the install link asks for (docs/discord.md): the bot's role has exactly these.
BOT_PERMS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | READ_MESSAGE_HISTORY
    | MANAGE_MESSAGES
    | MANAGE_THREADS
    | SEND_MESSAGES_IN_THREADS
)


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "flags": 0,
        "public_flags": 0,
    }


def member_payload(
    user_id: int, name: str, roles: list[int] | None = None, *, bot: bool = False
) -> dict[str, Any]:
    return {
        "user": user_payload(user_id, name, bot=bot),
        "roles": [str(r) for r in roles or []],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
    }


def channel_payload(channel_id: int, name: str, kind: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(channel_id),
        "guild_id": str(GUILD_ID),
        "name": name,
        "type": kind,
        "position": channel_id - FORUM_ID,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "rate_limit_per_user": 0,
        "topic": None,
        "last_message_id": None,
    }
    if kind == 15:
        data.update(available_tags=[], flags=0, default_reaction_emoji=None)
    return data


def guild_payload(
    channels: list[dict[str, Any]], threads: list[dict[str, Any]], bot_permissions: int
) -> dict[str, Any]:
    """GUILD_CREATE: the guild, its roles (@everyone, Mods, the bot's managed role), channels."""
    everyone = {
        "id": str(GUILD_ID),
        "name": "@everyone",
        "permissions": str(EVERYONE_PERMS),
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    mods = dict(everyone, id=str(MOD_ROLE_ID), name="Mods", position=1)
    bot_role = dict(
        everyone, id=str(BOT_ROLE_ID), name="newsmod", position=2, managed=True,
        permissions=str(bot_permissions),
    )  # fmt: skip
    return {
        "id": str(GUILD_ID),
        "name": "World News",
        "icon": None,
        "owner_id": str(OWNER_ID),
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "features": ["COMMUNITY"],
        "mfa_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "unavailable": False,
        "large": False,
        "member_count": 3,
        "roles": [everyone, mods, bot_role],
        "emojis": [],
        "stickers": [],
        "members": [member_payload(BOT_USER_ID, "newsmod", [BOT_ROLE_ID], bot=True)],
        "channels": channels,
        "threads": threads,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
    }


def interaction_payload(
    interaction_id: int,
    kind: int,
    data: dict[str, Any],
    *,
    user_id: int,
    permissions: int,
    roles: list[int] | None = None,
    channel_id: int = TEXT_ID,
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload (2 = slash command, 3 = component, 5 = modal submit)."""
    member = member_payload(user_id, f"user{user_id}", roles)
    member["permissions"] = str(permissions)
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"tok{interaction_id}",
        "version": 1,
        "guild_id": str(GUILD_ID),
        "channel_id": str(channel_id),
        "channel": channel_payload(channel_id, "links", 0),
        "data": data,
        "member": member,
        "app_permissions": str(BOT_PERMS),  # what the bot's role has here
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "attachment_size_limit": 10_000_000,
    }
    if message is not None:
        payload["message"] = message
    return payload
