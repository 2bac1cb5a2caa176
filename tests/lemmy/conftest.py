"""Fixtures: a fake Lemmy (v3 and v4) on 127.0.0.1, a controllable clock, logged-in clients."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.lemmy import Backoff, LemmyCredentials
from bot.lemmy.base import LemmyBaseClient
from bot.lemmy.detect import CLIENTS
from tests.lemmy.fake.server import FakeLemmy
from tests.lemmy.fake.state import Community, User


class FakeClock:
    """Time that only moves when a test (or an injected sleep) moves it; no real waiting.

    It starts at the real time, so code that reads the real clock (``run_lemmy``'s poller) sees
    the fake's posts as recent.
    """

    def __init__(self, now: float | None = None) -> None:
        self.now = float(int(time.time())) if now is None else now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class Instance:
    fake: FakeLemmy
    server: TestServer
    clock: FakeClock
    bot: User
    poster: User
    mod: User
    news: Community  # moderated by bot and mod
    other: Community  # moderated by mod only

    @property
    def url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def credentials(self, password: str = "bot-pass") -> LemmyCredentials:
        return LemmyCredentials(self.url, "newsbot", password)


@pytest.fixture(params=["v3", "v4"])
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def lemmy(version: str, clock: FakeClock) -> AsyncIterator[Instance]:
    fake = FakeLemmy(version, clock)
    s = fake.state
    bot = s.add_user("newsbot", "bot-pass")
    poster = s.add_user("alice", "alice-pass")
    mod = s.add_user("human_mod", "mod-pass")
    news = s.add_community("worldnews", [mod.id, bot.id])
    other = s.add_community("pics", [mod.id])
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    try:
        yield Instance(fake, server, clock, bot, poster, mod, news, other)
    finally:
        await server.close()


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


@pytest.fixture
async def client(
    lemmy: Instance, session: aiohttp.ClientSession, clock: FakeClock
) -> LemmyBaseClient:
    api = CLIENTS[lemmy.fake.version](
        session, lemmy.credentials(), sleep=clock.sleep, backoff=Backoff(first=5, cap=600)
    )
    await api.login()
    return api
