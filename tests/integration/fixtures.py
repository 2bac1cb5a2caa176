"""The ``both`` fixture (in its own module so its parameters can share the fixtures' names)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.writer import DbWriter
from tests.discord.fake_discord import FakeDiscord
from tests.integration.stack import Both, open_both
from tests.lemmy.conftest import Instance


@pytest.fixture
async def both(
    fake: FakeDiscord, lemmy: Instance, writer: DbWriter, tmp_path: Path
) -> AsyncIterator[Both]:
    """Discord and Lemmy served together as ``newsmod run`` serves them; the guild's mod queue
    is set up; the Lemmy watcher is polling."""
    async with open_both(fake, lemmy, writer, tmp_path / "newsmod.db") as running:
        yield running
