"""The fake Discord server refuses what Discord refuses (the rules newsmod must live with)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.discord.fake_discord import (
    BOT_PERMS,
    FORUM_ID,
    MANAGE_THREADS,
    MODQUEUE_ID,
    FakeDiscord,
)
from tests.discord.payloads import interaction_payload

Answer = tuple[int, Any]


class Client:
    def __init__(self, fake: FakeDiscord, session: aiohttp.ClientSession) -> None:
        self.fake = fake
        self.session = session

    async def call(self, method: str, path: str, body: Any = None) -> Answer:
        url = f"{self.fake.api_base}{path}"
        async with self.session.request(method, url, json=body) as response:
            self.headers = response.headers
            data = await response.json() if response.status != 204 else None
            return response.status, data


@pytest.fixture
async def client(fake: FakeDiscord) -> AsyncIterator[Client]:
    async with aiohttp.ClientSession() as session:
        yield Client(fake, session)


def code(answer: Answer) -> tuple[int, int | None]:
    status, data = answer
    return status, (data or {}).get("code")


async def test_an_archived_thread_takes_only_an_edit_that_unarchives_it(client: Client) -> None:
    fake = client.fake
    thread = fake.next_id()
    fake.thread_payload(thread, "quiet", 3000)
    await fake.archive(thread, tell=False)
    path = f"/channels/{thread}"
    assert code(await client.call("PATCH", path, {"locked": True})) == (400, 50083)
    assert code(await client.call("PATCH", path, {"locked": True, "archived": True})) == (
        400,
        50083,
    )
    status, data = await client.call("PATCH", path, {"locked": True, "archived": False})
    assert status == 200
    assert data["thread_metadata"] == {**data["thread_metadata"], "locked": True, "archived": False}


async def test_locking_needs_manage_threads(client: Client) -> None:
    fake = client.fake
    thread = fake.next_id()
    fake.thread_payload(thread, "post", 3000)
    fake.bot_permissions = BOT_PERMS & ~MANAGE_THREADS
    assert code(await client.call("PATCH", f"/channels/{thread}", {"locked": True})) == (403, 50013)


async def test_interaction_deadlines_and_a_single_answer(client: Client) -> None:
    fake = client.fake
    late, ok = fake.next_id(), fake.next_id()
    for iid in (late, ok):
        await fake.dispatch(
            "INTERACTION_CREATE", interaction_payload(iid, 2, {}, user_id=1, permissions=0)
        )
    fake.clock.advance(2.5)
    status, _ = await client.call("POST", f"/interactions/{ok}/tok{ok}/callback", {"type": 5})
    assert status == 200
    again = await client.call("POST", f"/interactions/{ok}/tok{ok}/callback", {"type": 5})
    assert code(again) == (400, 40060)
    fake.clock.advance(1.0)  # 3.5 s after the event
    late_answer = await client.call("POST", f"/interactions/{late}/tok{late}/callback", {"type": 5})
    assert code(late_answer) == (404, 10062)
    edit = f"/webhooks/900/tok{ok}/messages/@original"
    assert (await client.call("PATCH", edit, {"content": "done"}))[0] == 200
    fake.clock.advance(15 * 60)
    assert code(await client.call("PATCH", edit, {"content": "later"})) == (401, 50027)
    assert code(await client.call("POST", f"/webhooks/900/tok{ok}", {"content": "x"})) == (
        401,
        50027,
    )


def _embed(**parts: Any) -> dict[str, Any]:
    return {"embeds": [parts]}


async def test_embed_and_component_limits_are_50035(client: Client) -> None:
    send = f"/channels/{MODQUEUE_ID}/messages"
    fields = [{"name": "n", "value": "v" * 1000} for _ in range(5)]
    over_total = _embed(title="t", description="d" * 1000, fields=fields)  # 6,006 characters
    status, data = await client.call("POST", send, over_total)
    assert (status, data["code"]) == (400, 50035)
    assert data["errors"]["embeds"]["_errors"][0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    long_value = _embed(fields=[{"name": "n", "value": "v" * 1025}])
    assert code(await client.call("POST", send, long_value)) == (400, 50035)
    rows = [{"type": 1, "components": []} for _ in range(6)]
    assert code(await client.call("POST", send, {"content": "x", "components": rows})) == (
        400,
        50035,
    )
    fits = _embed(title="t", description="d" * 1000, fields=fields[:4])
    assert (await client.call("POST", send, fits))[0] == 200


async def test_deleted_channels_and_messages(client: Client) -> None:
    fake = client.fake
    thread = fake.next_id()
    fake.thread_payload(thread, "post", 3000)
    fake.messages[thread] = fake.message_payload(thread, "hi", message_id=thread)
    await fake.delete_thread(thread)
    assert code(await client.call("GET", f"/channels/{thread}")) == (404, 10003)
    assert code(await client.call("PATCH", f"/channels/{thread}", {"locked": True})) == (404, 10003)
    _, sent = await client.call("POST", f"/channels/{MODQUEUE_ID}/messages", {"content": "x"})
    fake.delete_message(int(sent["id"]))
    path = f"/channels/{MODQUEUE_ID}/messages/{sent['id']}"
    assert code(await client.call("GET", path)) == (404, 10008)
    assert code(await client.call("PATCH", path, {"content": "y"})) == (404, 10008)
    assert code(await client.call("DELETE", path)) == (404, 10008)


async def test_rate_limit_headers_and_no_nonce_deduplication(client: Client) -> None:
    fake = client.fake
    send = f"/channels/{MODQUEUE_ID}/messages"
    body = {"content": "x", "nonce": "n1", "enforce_nonce": True}
    first, second = await client.call("POST", send, body), await client.call("POST", send, body)
    assert first[1]["id"] != second[1]["id"]  # Discord dedupes for minutes only: never here
    assert client.headers["X-RateLimit-Remaining"] == "49"
    assert client.headers["X-RateLimit-Bucket"]
    fake.fail("POST", send, 429)
    status, data = await client.call("POST", send, body)
    assert (status, data["retry_after"]) == (429, 0.01)
    assert client.headers["X-RateLimit-Scope"] == "user"
    assert client.headers["Retry-After"] == "0.01"
    assert client.headers["X-RateLimit-Remaining"] == "0"
    assert code(await client.call("POST", f"/channels/{FORUM_ID}9/messages", body)) == (404, 10003)
