"""A fake Discord server for driving the real discord.py client in tests, strict like Discord.

aiohttp on 127.0.0.1: REST under ``/api/v10`` (every call recorded as method, path, JSON body)
and the gateway websocket (HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeat ACK, RESUME).
Tests push gateway events with :meth:`FakeDiscord.dispatch` and wait on recorded calls with
:meth:`FakeDiscord.wait_for_call` (a condition variable with a bounded wait, never a sleep).

It refuses what Discord refuses (the pages are in discord/discord-api-docs; the routes are in
``tests/discord/fake_routes.py``, the form limits in ``fake_limits.py``):

- ``developers/resources/channel`` (Modify Channel, thread fields) and
  ``developers/topics/threads``: an archived thread takes an edit only with ``archived: false``
  in the same request (else 400 / 50083); locking, and archiving or unarchiving a locked thread,
  needs Manage Threads; a message in a locked thread needs it too (160005); a message in an
  archived, unlocked thread unarchives it.
- ``developers/interactions/receiving-and-responding``: the initial response must come within
  3 s of the event (else 404 / 10062 Unknown interaction), an interaction is answered once
  (400 / 40060), its token works for 15 minutes (401 / 50027), ``@original`` exists only once
  answered; ``DEFERRED_UPDATE_MESSAGE`` + an edit of ``@original`` updates the clicked message.
  Time is a :class:`~tests.discord.fake_state.FakeClock` that only tests and scripted slow
  answers (:meth:`slow`) move.
- ``developers/resources/message`` (Embed Limits, Create Message) and
  ``developers/components/reference``: content, embed (6,000 characters in total too), component
  and modal limits, 400 / 50035 with Discord's ``errors`` object. Nonces are not deduplicated:
  Discord only does so for a few minutes, so a test counting sends sees every one.
- ``developers/topics/permissions``: the bot's role has :data:`BOT_PERMS` (what the install
  link asks for); a request needing a permission it lacks is 403 / 50013, or 50001 without View
  Channel. Tests take permissions away through :attr:`FakeDiscord.bot_permissions`.
- ``developers/topics/opcodes-and-status-codes``: 10003 Unknown Channel for deleted channels and
  threads, 10008 Unknown Message for deleted messages.
- ``developers/topics/rate-limits``: every answer carries ``X-RateLimit-*`` headers; a scripted
  429 has ``Retry-After``, ``X-RateLimit-Scope`` and the JSON body with ``retry_after``.

Failures can be scripted per route: ``fake.fail("POST", r"/channels/\\d+/messages", 429, 500)``;
slowness with :meth:`slow`, a request held mid-flight with :meth:`hold`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.discord.fake_routes import Routes, error_response, json_response
from tests.discord.fake_state import FakeClock, FakeInteraction, Hold, Slow
from tests.discord.payloads import (  # noqa: F401 - re-exported for the tests
    ADMINISTRATOR,
    APP_ID,
    BOT_PERMS,
    BOT_ROLE_ID,
    BOT_USER_ID,
    EVERYONE_PERMS,
    FORUM_ID,
    GUILD_ID,
    MANAGE_MESSAGES,
    MANAGE_THREADS,
    MOD_ROLE_ID,
    MODQUEUE_ID,
    OWNER_ID,
    TEXT_ID,
    TIMESTAMP,
    TOKEN,
    channel_payload,
    guild_payload,
    member_payload,
    user_payload,
)


@dataclass
class Call:
    method: str
    path: str  # without the /api/v10 prefix and without the query string
    json: Any
    query: dict[str, str] = field(default_factory=dict)


class FakeDiscord(Routes):
    """One fake guild with a forum, a text channel, a mod queue channel and a mod role."""

    def __init__(self, *, token: str = TOKEN, refuse_privileged_intents: bool = False) -> None:
        self.token = token
        self.gateway_token = token  # the gateway may disagree with REST (token reset meanwhile)
        self.refuse_privileged_intents = refuse_privileged_intents
        self.calls: list[Call] = []
        self.identifies: list[dict[str, Any]] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.answers: dict[int, dict[str, Any]] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        self.channels: dict[int, dict[str, Any]] = {
            FORUM_ID: channel_payload(FORUM_ID, "world-news", 15),
            TEXT_ID: channel_payload(TEXT_ID, "links", 0),
            MODQUEUE_ID: channel_payload(MODQUEUE_ID, "mod-queue", 0),
        }
        self.interactions: dict[str, FakeInteraction] = {}
        #: What the bot's role may do (developers/topics/permissions bits).
        self.bot_permissions = BOT_PERMS
        self.clock = FakeClock()
        self._failures: list[tuple[str, re.Pattern[str], list[int]]] = []
        self._slow: list[Slow] = []
        self._holds: list[Hold] = []
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
        for hold in self._holds:
            hold.release()
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

    def slow(self, method: str, path_pattern: str, seconds: float, *, times: int = 1) -> None:
        """The next ``times`` matching requests take ``seconds`` each (on the fake clock)."""
        rx = re.compile(path_pattern + "$")
        self._slow.append(Slow(method, rx, seconds=seconds, times=times))

    def hold(self, method: str, path_pattern: str) -> Hold:
        """The next matching request is applied, then its answer waits for ``release()``."""
        held = Hold(method, re.compile(path_pattern + "$"))
        self._holds.append(held)
        return held

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
        if event == "INTERACTION_CREATE":
            self._received(data)
        frame = json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data})
        for ws in list(self._sockets):
            if not ws.closed:
                await ws.send_str(frame)

    def _received(self, data: dict[str, Any]) -> None:
        message = data.get("message") or {}
        self.interactions[str(data["id"])] = FakeInteraction(
            id=str(data["id"]),
            token=str(data["token"]),
            kind=int(data["type"]),
            created=self.clock.now,
            message_id=int(message["id"]) if message.get("id") else None,
        )

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
        active = [t for t in self.threads.values() if not _archived(t)]
        return guild_payload(list(self.channels.values()), active, self.bot_permissions)

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
        for slow in self._slow:
            if slow.times > 0 and slow.matches(request.method, path):
                slow.times -= 1
                self.clock.advance(slow.seconds)
        response = await self._answer(request, path, body)
        for held in self._holds:
            if not held.used and held.matches(request.method, path):
                held.used = True
                held.arrived.set()
                await held.released.wait()
        _rate_limit_headers(response, request.method, path)
        return response

    async def _answer(self, request: web.Request, path: str, body: Any) -> web.Response:
        for method, rx, statuses in self._failures:
            if method == request.method and rx.match(path) and statuses:
                return self._failure(statuses.pop(0))
        if path == "/users/@me" and request.headers.get("Authorization") != f"Bot {self.token}":
            return error_response(401, 0, "401: Unauthorized")
        for rx, handler in self._routes():
            m = rx.match(f"{request.method} {path}")
            if m:
                return await handler(body, dict(request.query), **m.groupdict())
        return error_response(404, 0, "Unknown route")

    @staticmethod
    def _failure(status: int) -> web.Response:
        if status == 429:
            return json_response(
                {"message": "You are being rate limited.", "retry_after": 0.01, "global": False},
                status=429,
                headers={
                    "Via": "1.1 google",
                    "Retry-After": "0.01",
                    "X-RateLimit-Scope": "user",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset-After": "0.01",
                },
            )
        return error_response(status, 0, f"scripted failure {status}")

    # -- what tests do to the server's state ---------------------------------------------------

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

    async def archive(self, thread_id: int, *, tell: bool = True) -> None:
        """The thread was quiet longer than its auto-archive timer; ``tell``: the gateway says
        so (THREAD_UPDATE), else the bot's cache still has it active."""
        thread = self.threads[thread_id]
        thread["thread_metadata"]["archived"] = True
        if tell:
            await self.dispatch("THREAD_UPDATE", thread)

    async def delete_thread(self, thread_id: int) -> None:
        """The author deleted the thread (and its messages)."""
        thread = self.threads.pop(thread_id)
        for mid in [m for m, data in self.messages.items() if data["channel_id"] == str(thread_id)]:
            del self.messages[mid]
        await self.dispatch(
            "THREAD_DELETE",
            {k: thread[k] for k in ("id", "guild_id", "parent_id", "type")},
        )

    def delete_message(self, message_id: int) -> None:
        """Someone (a moderator, the author) deleted the message."""
        del self.messages[message_id]


def _archived(thread: dict[str, Any]) -> bool:
    return bool(thread["thread_metadata"]["archived"])


def _rate_limit_headers(response: web.Response, method: str, path: str) -> None:
    """``X-RateLimit-*`` as Discord sends them on every answer (a bucket per route shape)."""
    shape = re.sub(r"\d{4,}", "id", path)
    bucket = format(zlib.crc32(f"{method} {shape}".encode()), "x")
    response.headers.setdefault("X-RateLimit-Limit", "50")
    response.headers.setdefault("X-RateLimit-Remaining", "49")
    response.headers.setdefault("X-RateLimit-Reset-After", "1")
    response.headers.setdefault("X-RateLimit-Reset", "1893456000")
    response.headers.setdefault("X-RateLimit-Bucket", bucket)


async def press(fake: FakeDiscord, payload: dict[str, Any]) -> Call:
    """Dispatch an interaction and wait for the bot's answer: its callback, or for a deferred
    one (types 5 and 6), the edit or follow-up that completes it, as
    ``{"type": <callback type>, "data": <that edit or follow-up>}``."""
    iid, token = payload["id"], payload["token"]
    await fake.dispatch("INTERACTION_CREATE", payload)
    [first] = await fake.wait_for_call(
        lambda c: c.method == "POST" and c.path.startswith(f"/interactions/{iid}/")
    )
    kind = (first.json or {}).get("type")
    if kind not in (5, 6):
        return first
    [final, *_] = await fake.wait_for_call(
        lambda c: c.method in {"POST", "PATCH"} and c.path.startswith(f"/webhooks/{APP_ID}/{token}")
    )
    return Call(final.method, final.path, {"type": kind, "data": final.json}, final.query)
