"""Building slash-command, button and modal interactions for the fake server."""

from __future__ import annotations

from typing import Any

from tests.discord.fake_discord import (
    EVERYONE_PERMS,
    FORUM_ID,
    MANAGE_MESSAGES,
    MODQUEUE_ID,
    Call,
    FakeDiscord,
    channel_payload,
    press,
)
from tests.discord.payloads import interaction_payload

ADMINISTRATOR = 1 << 3
PLAIN = EVERYONE_PERMS
MODERATOR = EVERYONE_PERMS | MANAGE_MESSAGES
ADMIN = EVERYONE_PERMS | ADMINISTRATOR

#: Every slash command by who may run it (a meta-test checks this against the live tree).
MODERATOR_COMMANDS = (
    "check", "case", "approve", "remove", "note", "stats", "modlog",
    "sources list", "sources add", "sources remove",
)  # fmt: skip
ADMIN_COMMANDS = (
    "setup watch",
    "setup unwatch",
    "setup modqueue",
    "setup modrole",
    "setup mode",
    "setup community",
)
ANYONE_COMMANDS = ("rules",)


def option(name: str, value: Any) -> dict[str, Any]:
    kind = 4 if isinstance(value, int) else 3
    return {"name": name, "type": kind, "value": value}


def command_data(path: str, options: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    names = path.split()
    data: dict[str, Any] = {"id": "1", "name": names[0], "type": 1, "options": options or []}
    if len(names) == 2:
        data["options"] = [{"name": names[1], "type": 1, "options": options or []}]
    return data


def channel_resolved(channel_id: int) -> dict[str, Any]:
    kind = 15 if channel_id == FORUM_ID else 0
    channel = channel_payload(channel_id, f"c{channel_id}", kind)
    channel["permissions"] = str(MODERATOR)
    return {"channels": {str(channel_id): channel}}


async def slash(
    fake: FakeDiscord,
    path: str,
    options: list[dict[str, Any]] | None = None,
    *,
    permissions: int = MODERATOR,
    roles: list[int] | None = None,
    user_id: int = 4000,
    resolved: dict[str, Any] | None = None,
) -> Call:
    data = command_data(path, options)
    if resolved:
        data["resolved"] = resolved
    payload = interaction_payload(
        fake.next_id(), 2, data, user_id=user_id, permissions=permissions, roles=roles
    )
    return await press(fake, payload)


async def click(
    fake: FakeDiscord,
    custom_id: str,
    message: dict[str, Any],
    *,
    permissions: int = MODERATOR,
    user_id: int = 4000,
) -> Call:
    payload = interaction_payload(
        fake.next_id(),
        3,
        {"custom_id": custom_id, "component_type": 2},
        user_id=user_id,
        permissions=permissions,
        channel_id=int(message["channel_id"]),
        message=message,
    )
    return await press(fake, payload)


async def submit_modal(
    fake: FakeDiscord,
    custom_id: str,
    values: dict[str, Any],
    message: dict[str, Any],
    *,
    permissions: int = MODERATOR,
    user_id: int = 4000,
) -> Call:
    components = []
    for cid, value in values.items():
        if isinstance(value, list):
            inner = {"type": 3, "custom_id": cid, "values": value}
        else:
            inner = {"type": 4, "custom_id": cid, "value": value}
        components.append({"type": 18, "id": len(components) + 1, "component": inner})
    payload = interaction_payload(
        fake.next_id(),
        5,
        {"custom_id": custom_id, "components": components},
        user_id=user_id,
        permissions=permissions,
        channel_id=MODQUEUE_ID,
        message=message,
    )
    return await press(fake, payload)


def answer_text(call: Call) -> str:
    return str(call.json["data"].get("content") or "")


def is_ephemeral(call: Call) -> bool:
    return bool(call.json["data"].get("flags", 0) & 64)
