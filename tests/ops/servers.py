"""Test servers on their own thread and loop, for a ``newsmod`` subprocess to talk to."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from aiohttp.test_utils import TestServer

from tests.lemmy.conftest import FakeClock
from tests.lemmy.fake.server import FakeLemmy
from tests.lemmy.fake.state import Community, User


@dataclass
class ThreadedLemmy:
    fake: FakeLemmy
    url: str
    bot: User
    poster: User
    news: Community
    other: Community


@contextmanager
def lemmy_in_thread(version: str = "v3") -> Iterator[ThreadedLemmy]:
    """The fake Lemmy (as in tests/lemmy/conftest.py) served from a thread on 127.0.0.1."""
    fake = FakeLemmy(version, FakeClock())
    s = fake.state
    bot = s.add_user("newsbot", "bot-pass")
    poster = s.add_user("alice", "alice-pass")
    mod = s.add_user("human_mod", "mod-pass")
    news = s.add_community("worldnews", [mod.id, bot.id])
    other = s.add_community("pics", [mod.id])
    loop = asyncio.new_event_loop()
    server = TestServer(fake.app(), host="127.0.0.1", loop=loop)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(server.start_server())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)
    try:
        url = str(server.make_url("")).rstrip("/")
        yield ThreadedLemmy(fake, url, bot, poster, news, other)
    finally:
        asyncio.run_coroutine_threadsafe(server.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@contextmanager
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers; yields its http URL."""
    loop = asyncio.new_event_loop()
    holder: dict[str, asyncio.Server] = {}
    started = threading.Event()
    held: list[asyncio.StreamWriter] = []

    async def accept(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)  # keep the connection open, say nothing

    def serve() -> None:
        asyncio.set_event_loop(loop)
        holder["server"] = loop.run_until_complete(asyncio.start_server(accept, "127.0.0.1", 0))
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)
    port = holder["server"].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:

        async def close() -> None:
            for writer in held:
                writer.close()
            holder["server"].close()

        asyncio.run_coroutine_threadsafe(close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
