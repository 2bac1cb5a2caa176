"""A failing Lemmy poll: one warning line each, waits doubling while it keeps failing."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from bot.lemmy.base import LemmyCredentials, LemmyError
from bot.lemmy.settings import LemmySettings
from bot.platforms.lemmy import watch


class FlakyPoller:
    def __init__(self, failures: int, stop: asyncio.Event) -> None:
        self.failures = failures
        self.stop = stop
        self.calls = 0

    async def poll_once(self) -> int:
        self.calls += 1
        if self.calls <= self.failures:
            raise LemmyError("timeout: no answer from Lemmy", status=0, path="/post/list")
        if self.calls == self.failures + 2:
            self.stop.set()
        return 0


async def test_failed_polls_back_off_and_recover(caplog: pytest.LogCaptureFixture) -> None:
    stop = asyncio.Event()
    poller = FlakyPoller(3, stop)
    beats: list[str | None] = []

    async def beat(error: str | None) -> None:
        beats.append(error)

    settings = LemmySettings(LemmyCredentials("http://lemmy.test"), poll_seconds=0.01)
    caplog.set_level(logging.WARNING, "bot.platforms.lemmy")
    conn = SimpleNamespace(client=None)
    await asyncio.wait_for(watch(conn, poller, None, settings, stop, beat), 30)  # type: ignore[arg-type]
    error = "Lemmy API /post/list: timeout: no answer from Lemmy"
    assert [r.getMessage() for r in caplog.records] == [
        f"Lemmy poll failed, retrying in {wait} s: {error}" for wait in (0.01, 0.02, 0.04)
    ]
    assert beats == [error, error, error, None, None]
