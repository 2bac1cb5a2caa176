"""A fake Discord server for driving the real discord.py client in tests.

aiohttp on 127.0.0.1: REST under ``/api/v10`` (every call recorded as method, path, JSON body)
and the gateway websocket (HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeat ACK, RESUME).
Tests push gateway events with :meth:`FakeDiscord.dispatch` and wait on recorded calls with
:meth:`FakeDiscord.wait_for_call` (a condition variable with a bounded wait, never a sleep).
Failures can be scripted per route: ``fake.fail("POST", r"/channels/\\d+/messages", 429, 500)``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord.payloads import (  # noqa: F401 - re-exported for the tests
    ADMINISTRATOR,
    APP_ID,
    BOT_USER_ID,
    EVERYONE_PERMS,
    FORUM_ID,
    GUILD_ID,
    MANAGE_MESSAGES,
    MOD_ROLE_ID,
    MODQUEUE_ID,
    OWNER_ID,
    TEXT_ID,
    TIMESTAMP,
    TOKEN,
    channel_payload,
    member_payload,
    user_payload,
)


@dataclass
class Call:
    method: str
    path: str  # without the /api/v10 prefix and without the query string
    json: Any
    query: dict[str, str] = field(default_factory=dict)


class FakeDiscord:
    """One fake guild with a forum, a text channel, a mod queue channel and a mod role."""

    def __init__(self, *, token: str = TOKEN, refuse_privileged_intents: bool = False) -> None:
        self.token = token
        self.gateway_token = token  # the gateway may disagree with REST (token reset meanwhile)
        self.refuse_privileged_intents = refuse_privileged_intents
        self.calls: list[Call] = []
        self.identifies: list[dict[str, Any]] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        self._failures: list[tuple[str, re.Pattern[str], list[int]]] = []
        self._ids = itertools.count(500_000)
        self._seq = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    @property
    def api_base(self) -> str:
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.base_url.rsplit(':', 1)[1]}/gateway"

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def next_id(self) -> int:
        return next(self._ids)

    # -- scripting and waiting -----------------------------------------------------------------

    def fail(self, method: str, path_pattern: str, *statuses: int) -> None:
        """The next matching requests answer these statuses, in order, before succeeding."""
        self._failures.append((method, re.compile(path_pattern + "$"), list(statuses)))

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def wait_for_call(
        self, predicate: Callable[[Call], bool], *, count: int = 1, timeout: float = 10.0
    ) -> list[Call]:
        """Wait (bounded) until at least ``count`` recorded calls match; return them."""

        def matched() -> list[Call]:
            return [c for c in self.calls if predicate(c)]

        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: len(matched()) >= count), timeout=timeout
            )
        return matched()

    def find(self, method: str, pattern: str) -> list[Call]:
        rx = re.compile(pattern + "$")
        return [c for c in self.calls if c.method == method and rx.match(c.path)]

    def sends(self) -> list[Call]:
        """Every call that puts text in front of people (messages, interaction answers)."""
        rx = re.compile(r"/(channels/\d+/messages(/\d+)?|interactions/.*|webhooks/.*)")
        return [c for c in self.calls if c.method in {"POST", "PATCH"} and rx.match(c.path)]

    # -- gateway -------------------------------------------------------------------------------

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        frame = json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data})
        for ws in list(self._sockets):
            if not ws.closed:
                await ws.send_str(frame)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                op = payload.get("op")
                if op == 1:
                    await ws.send_json({"op": 11})
                elif op == 2:
                    await self._identify(ws, payload["d"])
                elif op == 6:
                    await ws.send_json({"op": 0, "t": "RESUMED", "s": next(self._seq), "d": {}})
        finally:
            self._sockets.remove(ws)
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        self.identifies.append(data)
        if data.get("token") != self.gateway_token:
            await ws.close(code=4004, message=b"Authentication failed.")
            return
        if self.refuse_privileged_intents and data.get("intents", 0) & (1 << 15):
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        ready = {
            "v": 10,
            "user": user_payload(BOT_USER_ID, "newsmod", bot=True),
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
            "shard": [0, 1],
        }
        await ws.send_json({"op": 0, "t": "READY", "s": next(self._seq), "d": ready})
        await ws.send_json(
            {"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": self.guild_payload()}
        )

    def guild_payload(self) -> dict[str, Any]:
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
            "roles": [everyone, mods],
            "emojis": [],
            "stickers": [],
            "members": [member_payload(BOT_USER_ID, "newsmod", bot=True)],
            "channels": [
                channel_payload(FORUM_ID, "world-news", 15),
                channel_payload(TEXT_ID, "links", 0),
                channel_payload(MODQUEUE_ID, "mod-queue", 0),
            ],
            "threads": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    # -- REST ----------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            if raw and request.content_type == "application/json":
                body = json.loads(raw)
            elif raw:
                body = {"_raw": raw.decode("utf-8", "replace")}
        await self._record(Call(request.method, path, body, dict(request.query)))
        for method, rx, statuses in self._failures:
            if method == request.method and rx.match(path) and statuses:
                return self._failure(statuses.pop(0))
        if path == "/users/@me" and request.headers.get("Authorization") != f"Bot {self.token}":
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        for rx, handler in self._routes():
            m = rx.match(f"{request.method} {path}")
            if m:
                return await handler(body, **m.groupdict())
        return _json({"message": "Unknown route", "code": 0}, status=404)

    @staticmethod
    def _failure(status: int) -> web.Response:
        if status == 429:
            return _json(
                {"message": "You are being rate limited.", "retry_after": 0.01, "global": False},
                status=429,
                headers={"Via": "1.1 google", "Retry-After": "0.01"},
            )
        return _json({"message": f"scripted failure {status}", "code": 0}, status=status)

    def _routes(self) -> list[tuple[re.Pattern[str], Callable[..., Any]]]:
        table: list[tuple[str, Callable[..., Any]]] = [
            (r"GET /users/@me", self._me),
            (r"GET /oauth2/applications/@me", self._app_info),
            (r"PUT /applications/\d+(/guilds/\d+)?/commands", self._commands),
            (r"GET /channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._get_message),
            (r"POST /channels/(?P<cid>\d+)/messages", self._create_message),
            (r"PATCH /channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._edit_message),
            (r"DELETE /channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._no_content),
            (r"GET /channels/(?P<cid>\d+)", self._get_channel),
            (r"PATCH /channels/(?P<cid>\d+)", self._edit_channel),
            (r"POST /interactions/(?P<iid>\d+)/[^/]+/callback", self._callback),
            (r"(PATCH|GET) /webhooks/\d+/[^/]+/messages/[^/]+", self._webhook_message),
            (r"POST /webhooks/\d+/[^/]+", self._webhook_message),
        ]
        return [(re.compile(p + "$"), h) for p, h in table]

    async def _me(self, _body: Any) -> web.Response:
        return _json(user_payload(BOT_USER_ID, "newsmod", bot=True))

    async def _app_info(self, _body: Any) -> web.Response:
        return _json(
            {
                "id": str(APP_ID),
                "name": "newsmod",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user_payload(OWNER_ID, "owner"),
                "verify_key": "0" * 64,
                "flags": 0,
                "interactions_endpoint_url": None,
            }
        )

    async def _commands(self, body: Any) -> web.Response:
        out = []
        for command in body or []:
            out.append(dict(command, id=str(self.next_id()), application_id=str(APP_ID)))
        return _json(out)

    def message_payload(
        self,
        channel_id: int,
        content: str,
        *,
        message_id: int | None = None,
        author: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        data = {
            "id": str(message_id or self.next_id()),
            "channel_id": str(channel_id),
            "guild_id": str(GUILD_ID),
            "author": author or user_payload(BOT_USER_ID, "newsmod", bot=True),
            "content": content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        data.update(extra or {})
        return data

    async def _create_message(self, body: Any, cid: str) -> web.Response:
        body = body or {}
        data = self.message_payload(
            int(cid),
            body.get("content") or "",
            extra={"embeds": body.get("embeds") or [], "components": body.get("components") or []},
        )
        self.messages[int(data["id"])] = data
        return _json(data)

    async def _get_message(self, _body: Any, cid: str, mid: str) -> web.Response:
        data = self.messages.get(int(mid))
        if data is None or data["channel_id"] != cid:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        return _json(data)

    async def _edit_message(self, body: Any, cid: str, mid: str) -> web.Response:
        data = self.messages.get(int(mid)) or self.message_payload(
            int(cid), "", message_id=int(mid)
        )
        for key in ("content", "embeds", "components"):
            if body and key in body:
                data[key] = body[key]
        self.messages[int(mid)] = data
        return _json(data)

    async def _no_content(self, _body: Any, **_ids: str) -> web.Response:
        return web.Response(status=204)

    async def _get_channel(self, _body: Any, cid: str) -> web.Response:
        thread = self.threads.get(int(cid))
        if thread is None:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        return _json(thread)

    async def _edit_channel(self, body: Any, cid: str) -> web.Response:
        thread = self.threads.get(int(cid))
        if thread is None:
            return _json({"message": "Unknown Channel", "code": 10003}, status=404)
        meta = thread["thread_metadata"]
        for key in ("locked", "archived"):
            if body and key in body:
                meta[key] = body[key]
        return _json(thread)

    async def _callback(self, body: Any, iid: str) -> web.Response:
        kind = (body or {}).get("type", 4)
        return _json({"interaction": {"id": iid, "type": kind}})

    async def _webhook_message(self, body: Any) -> web.Response:
        body = body or {}
        data = self.message_payload(
            MODQUEUE_ID,
            body.get("content") or "",
            extra={"embeds": body.get("embeds") or [], "components": body.get("components") or []},
        )
        return _json(data)

    # -- payload builders for tests ------------------------------------------------------------

    def thread_payload(self, thread_id: int, name: str, owner_id: int) -> dict[str, Any]:
        data = {
            "id": str(thread_id),
            "guild_id": str(GUILD_ID),
            "parent_id": str(FORUM_ID),
            "owner_id": str(owner_id),
            "name": name,
            "type": 11,
            "last_message_id": str(thread_id),
            "rate_limit_per_user": 0,
            "message_count": 1,
            "member_count": 1,
            "flags": 0,
            "applied_tags": [],
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 4320,
                "archive_timestamp": TIMESTAMP,
                "locked": False,
            },
        }
        self.threads[thread_id] = data
        return data


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses JSON when the Content-Type is exactly "application/json".
    response = web.Response(text=json.dumps(data), status=status, headers=headers)
    response.headers["Content-Type"] = "application/json"
    return response


async def press(fake: FakeDiscord, payload: dict[str, Any]) -> Call:
    """Dispatch an interaction and wait for the bot's callback (its first answer)."""
    iid = payload["id"]
    await fake.dispatch("INTERACTION_CREATE", payload)
    calls = await fake.wait_for_call(
        lambda c: c.method == "POST" and c.path.startswith(f"/interactions/{iid}/")
    )
    return calls[0]
