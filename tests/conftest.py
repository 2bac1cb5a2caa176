"""Fixtures shared across the test packages: a real database file and its writer thread."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.pipeline.schema import MIGRATIONS
from bot.store.db import open_db
from bot.store.writer import DbWriter
from tests.require import (  # noqa: F401  (NEWSMOD_REQUIRE: skips of required kinds fail)
    pytest_runtest_logreport,
    pytest_runtest_makereport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
from tests.scope import (  # noqa: F401  (NEWSMOD_TEST_SCOPE; caches under mutmut)
    _fresh_caches_under_mutmut,
    pytest_collection_modifyitems,
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A real SQLite file with the store's and the pipeline's schema."""
    database = open_db(tmp_path / "t.db", extra_migrations=[MIGRATIONS])
    yield database
    database.conn.close()


@pytest.fixture
async def writer() -> AsyncIterator[DbWriter]:
    async with DbWriter() as w:
        yield w
