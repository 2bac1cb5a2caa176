"""Fixtures for the operating tests."""

from __future__ import annotations

import os

import pytest

PREFIXES = ("LEMMY_", "DISCORD_", "NEWSMOD_")
KNOWN = ("LEMMY_URL", "LEMMY_USERNAME", "LEMMY_PASSWORD", "LEMMY_JWT", "LEMMY_POLL_SECONDS",
         "DISCORD_TOKEN", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "DISCORD_DEV_GUILD",
         "NEWSMOD_DB", "NEWSMOD_CONFIG")  # fmt: skip


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """No newsmod setting in the environment, and whatever a ``.env`` loads is undone after."""
    for key in {*KNOWN, *(k for k in os.environ if k.startswith(PREFIXES))}:
        monkeypatch.setenv(key, "")  # recorded, so that the teardown restores (or removes) it
        monkeypatch.delenv(key)
