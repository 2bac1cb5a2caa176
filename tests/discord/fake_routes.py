"""The fake Discord server's REST routes, with Discord's refusals (see ``fake_discord``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.discord.fake_limits import invalid_form_body, message_errors, modal_errors
from tests.discord.fake_state import FakeClock, FakeInteraction
from tests.discord.payloads import (
    ADMINISTRATOR,
    APP_ID,
    BOT_USER_ID,
    GUILD_ID,
    MANAGE_MESSAGES,
    MANAGE_THREADS,
    OWNER_ID,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    TIMESTAMP,
    VIEW_CHANNEL,
    user_payload,
)

Query = dict[str, str]


def json_response(
    data: Any, *, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    # discord.py only parses JSON when the Content-Type is exactly "application/json".
    response = web.Response(text=json.dumps(data), status=status, headers=headers)
    response.headers["Content-Type"] = "application/json"
    return response


def error_response(status: int, code: int, message: str) -> web.Response:
    return json_response({"message": message, "code": code}, status=status)


def _unknown_channel() -> web.Response:
    return error_response(404, 10003, "Unknown Channel")


def _unknown_message() -> web.Response:
    return error_response(404, 10008, "Unknown Message")


def _invalid(errors: dict[str, Any]) -> web.Response:
    return json_response(invalid_form_body(errors), status=400)


class Routes:
    """REST handlers over the server's state; mixed into ``FakeDiscord``."""

    messages: dict[int, dict[str, Any]]
    answers: dict[int, dict[str, Any]]  # interaction answers and follow-ups, by message id
    threads: dict[int, dict[str, Any]]
    channels: dict[int, dict[str, Any]]
    interactions: dict[str, FakeInteraction]
    bot_permissions: int
    clock: FakeClock
    next_id: Callable[[], int]

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def _routes(self) -> list[tuple[re.Pattern[str], Callable[..., Any]]]:
        msg = r"/channels/(?P<cid>\d+)/messages"
        hook = r"/webhooks/\d+/(?P<token>[^/]+)"
        table: list[tuple[str, Callable[..., Any]]] = [
            (r"GET /users/@me", self._me),
            (r"GET /oauth2/applications/@me", self._app_info),
            (r"PUT /applications/\d+(/guilds/\d+)?/commands", self._commands),
            (rf"GET {msg}/(?P<mid>\d+)", self._get_message),
            (rf"GET {msg}", self._history),
            (rf"POST {msg}", self._create_message),
            (rf"PATCH {msg}/(?P<mid>\d+)", self._edit_message),
            (rf"DELETE {msg}/(?P<mid>\d+)", self._delete_message),
            (r"GET /guilds/\d+/threads/active", self._active_threads),
            (r"GET /channels/(?P<cid>\d+)/threads/archived/public", self._archived_threads),
            (r"GET /channels/(?P<cid>\d+)", self._get_channel),
            (r"PATCH /channels/(?P<cid>\d+)", self._edit_channel),
            (r"POST /interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback", self._callback),
            (rf"(PATCH|GET) {hook}/messages/(?P<mid>[^/]+)", self._webhook_edit),
            (rf"POST {hook}", self._followup),
        ]
        return [(re.compile(p + "$"), h) for p, h in table]

    # -- permissions ---------------------------------------------------------------------------

    def has(self, permission: int) -> bool:
        perms = self.bot_permissions
        return bool(perms & ADMINISTRATOR) or perms & permission == permission

    def _denied(self, permission: int) -> web.Response | None:
        """403 when the bot's role lacks ``permission`` (50001 without View Channel)."""
        if not self.has(VIEW_CHANNEL):
            return error_response(403, 50001, "Missing Access")
        if not self.has(permission):
            return error_response(403, 50013, "Missing Permissions")
        return None

    def _channel(self, cid: str) -> dict[str, Any] | None:
        return self.threads.get(int(cid)) or self.channels.get(int(cid))

    # -- application ---------------------------------------------------------------------------

    async def _me(self, _body: Any, _query: Query) -> web.Response:
        return json_response(user_payload(BOT_USER_ID, "newsmod", bot=True))

    async def _app_info(self, _body: Any, _query: Query) -> web.Response:
        return json_response(
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

    async def _commands(self, body: Any, _query: Query) -> web.Response:
        out = []
        for command in body or []:
            out.append(dict(command, id=str(self.next_id()), application_id=str(APP_ID)))
        return json_response(out)

    # -- messages ------------------------------------------------------------------------------

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

    async def _create_message(self, body: Any, _query: Query, cid: str) -> web.Response:
        body = body or {}
        if self._channel(cid) is None:
            return _unknown_channel()
        thread = self.threads.get(int(cid))
        denied = self._denied(SEND_MESSAGES_IN_THREADS if thread else SEND_MESSAGES)
        if denied is not None:
            return denied
        if thread is not None:
            meta = thread["thread_metadata"]
            if meta["locked"] and not self.has(MANAGE_THREADS):
                return error_response(403, 160005, "Thread is locked")
            meta["archived"] = False  # sending unarchives a thread
        errors = message_errors(body)
        if errors:
            return _invalid(errors)
        extra = {"embeds": body.get("embeds") or [], "components": body.get("components") or []}
        for key in ("nonce", "message_reference"):  # a nonce is echoed, never deduplicated
            if body.get(key) is not None:
                extra[key] = body[key]
        data = self.message_payload(int(cid), body.get("content") or "", extra=extra)
        self.messages[int(data["id"])] = data
        return json_response(data)

    async def _history(self, _body: Any, query: Query, cid: str) -> web.Response:
        if self._channel(cid) is None:
            return _unknown_channel()
        denied = self._denied(VIEW_CHANNEL)
        if denied is not None:
            return denied
        if not self.has(READ_MESSAGE_HISTORY):
            return json_response([])  # Discord answers an empty history
        limit = min(int(query.get("limit", 50)), 100)
        found = sorted(
            (m for m in self.messages.values() if m["channel_id"] == cid),
            key=lambda m: int(m["id"]),
            reverse=True,
        )
        if "before" in query:
            found = [m for m in found if int(m["id"]) < int(query["before"])]
        if "after" in query:
            found = [m for m in found if int(m["id"]) > int(query["after"])][-limit:]
        return json_response(found[:limit])

    async def _get_message(self, _body: Any, _query: Query, cid: str, mid: str) -> web.Response:
        if self._channel(cid) is None:
            return _unknown_channel()
        data = self.messages.get(int(mid))
        if data is None or data["channel_id"] != cid:
            return _unknown_message()
        return json_response(data)

    async def _edit_message(self, body: Any, _query: Query, cid: str, mid: str) -> web.Response:
        if self._channel(cid) is None:
            return _unknown_channel()
        data = self.messages.get(int(mid))
        if data is None or data["channel_id"] != cid:
            return _unknown_message()
        if data["author"]["id"] != str(BOT_USER_ID):
            return error_response(403, 50005, "Cannot edit a message authored by another user")
        thread = self.threads.get(int(cid))
        if thread is not None and thread["thread_metadata"]["archived"]:
            return error_response(400, 50083, "Thread is archived")
        errors = message_errors(body or {})
        if errors:
            return _invalid(errors)
        for key in ("content", "embeds", "components"):
            if body and key in body:
                data[key] = body[key]
        return json_response(data)

    async def _delete_message(self, _body: Any, _query: Query, cid: str, mid: str) -> web.Response:
        if self._channel(cid) is None:
            return _unknown_channel()
        data = self.messages.get(int(mid))
        if data is None or data["channel_id"] != cid:
            return _unknown_message()
        if data["author"]["id"] != str(BOT_USER_ID):
            denied = self._denied(MANAGE_MESSAGES)
            if denied is not None:
                return denied
        del self.messages[int(mid)]
        return web.Response(status=204)

    # -- channels and threads ------------------------------------------------------------------

    async def _get_channel(self, _body: Any, _query: Query, cid: str) -> web.Response:
        channel = self._channel(cid)
        if channel is None:
            return _unknown_channel()
        return json_response(channel)

    async def _edit_channel(self, body: Any, _query: Query, cid: str) -> web.Response:
        body = body or {}
        thread = self.threads.get(int(cid))
        if thread is None:
            return _unknown_channel()
        meta = thread["thread_metadata"]
        if meta["archived"] and body.get("archived") is not False:
            return error_response(400, 50083, "Thread is archived")
        locked_after = body.get("locked", meta["locked"])
        unarchive_only = set(body) == {"archived"} and not body["archived"] and not locked_after
        if not unarchive_only:  # locking, archiving, renaming: Manage Threads (not the owner)
            denied = self._denied(MANAGE_THREADS)
            if denied is not None:
                return denied
        for key in ("locked", "archived"):
            if key in body:
                meta[key] = bool(body[key])
        if "name" in body:
            thread["name"] = body["name"]
        await self.dispatch("THREAD_UPDATE", thread)
        return json_response(thread)

    async def _active_threads(self, _body: Any, _query: Query) -> web.Response:
        active = [t for t in self.threads.values() if not t["thread_metadata"]["archived"]]
        return json_response({"threads": active, "members": []})

    async def _archived_threads(self, _body: Any, query: Query, cid: str) -> web.Response:
        if self._channel(cid) is None:
            return _unknown_channel()
        if not self.has(READ_MESSAGE_HISTORY):
            return error_response(403, 50013, "Missing Permissions")
        limit = int(query.get("limit", 50))
        archived = [
            t
            for t in sorted(self.threads.values(), key=lambda t: int(t["id"]), reverse=True)
            if t["parent_id"] == cid and t["thread_metadata"]["archived"]
        ]
        return json_response(
            {"threads": archived[:limit], "members": [], "has_more": len(archived) > limit}
        )

    # -- interactions --------------------------------------------------------------------------

    async def _callback(self, body: Any, _query: Query, iid: str, token: str) -> web.Response:
        body = body or {}
        found = self.interactions.get(iid)
        if found is None or found.token != token or found.too_late(self.clock.now):
            return error_response(404, 10062, "Unknown interaction")
        if found.answer is not None:
            return error_response(400, 40060, "Interaction has already been acknowledged.")
        kind, data = int(body.get("type", 4)), body.get("data") or {}
        errors = modal_errors(data) if kind == 9 else message_errors(data)
        if errors:
            return _invalid(errors)
        found.answer = kind
        if kind in (4, 5):  # a new message answers (5: "thinking" until edited)
            answer = self.message_payload(0, data.get("content") or "", extra=_parts(data))
            found.response_id = int(answer["id"])
            self.answers[found.response_id] = answer
        elif kind == 7 and found.message_id in self.messages:
            self.messages[found.message_id].update(_parts(data, keep=data))
        return json_response({"interaction": {"id": iid, "type": found.kind}})

    def _by_token(self, token: str) -> FakeInteraction | web.Response:
        found = next((i for i in self.interactions.values() if i.token == token), None)
        if found is None:
            return error_response(404, 10015, "Unknown Webhook")
        if found.expired(self.clock.now):
            return error_response(401, 50027, "Invalid Webhook Token")
        return found

    async def _webhook_edit(self, body: Any, _query: Query, token: str, mid: str) -> web.Response:
        found = self._by_token(token)
        if isinstance(found, web.Response):
            return found
        if mid == "@original" and found.answer is None:
            return _unknown_message()
        if mid == "@original" and found.answer in (6, 7):  # the message whose button was used
            data = self.messages.get(found.message_id or 0)
        else:
            data = self.answers.get(found.response_id if mid == "@original" else int(mid))
        if data is None:
            return _unknown_message()
        if body is not None:
            errors = message_errors(body)
            if errors:
                return _invalid(errors)
            data.update(_parts(body, keep=body))
        return json_response(data)

    async def _followup(self, body: Any, _query: Query, token: str) -> web.Response:
        body = body or {}
        found = self._by_token(token)
        if isinstance(found, web.Response):
            return found
        if found.answer is None:
            return error_response(404, 10015, "Unknown Webhook")
        errors = message_errors(body)
        if errors:
            return _invalid(errors)
        data = self.message_payload(0, body.get("content") or "", extra=_parts(body))
        self.answers[int(data["id"])] = data
        return json_response(data)


def _parts(data: dict[str, Any], *, keep: dict[str, Any] | None = None) -> dict[str, Any]:
    """The message parts an answer sets: all of them, or (``keep``) only those it names."""
    keys = ("content", "embeds", "components", "flags")
    if keep is not None:
        return {k: data[k] for k in keys if k in keep}
    return {
        "embeds": data.get("embeds") or [],
        "components": data.get("components") or [],
        "flags": data.get("flags") or 0,
    }
