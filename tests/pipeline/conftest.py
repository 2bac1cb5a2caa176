from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from sqlite_utils import Database

from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.schema import MIGRATIONS
from bot.store.db import open_db
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter

from .helpers import FakeChecker, make_guidelines


class NullFetcher:
    async def fetch(self, url: str) -> Any:
        raise AssertionError("the fake checker never fetches")


@pytest.fixture
def db(tmp_path: Any) -> Iterator[Database]:
    database = open_db(tmp_path / "t.db", extra_migrations=[MIGRATIONS])
    yield database
    database.conn.close()


@pytest.fixture
async def writer() -> AsyncIterator[DbWriter]:
    async with DbWriter() as w:
        yield w


@pytest.fixture
def modlog(db: Database) -> Modlog:
    return Modlog(db)


@pytest.fixture
def adapter() -> InProcessAdapter:
    return InProcessAdapter("test")


@pytest.fixture
def checker() -> FakeChecker:
    return FakeChecker()


@pytest.fixture
def make_pipeline(
    db: Database, writer: DbWriter, modlog: Modlog, adapter: InProcessAdapter, checker: FakeChecker
) -> Callable[..., Pipeline]:
    def build(guidelines: Any = None, **kw: Any) -> Pipeline:
        kw.setdefault("checker", checker)
        kw.setdefault("modlog", modlog)
        adapters = kw.pop("adapters", {"test": adapter})
        return Pipeline(db, writer, NullFetcher(), guidelines or make_guidelines(), adapters, **kw)

    return build
