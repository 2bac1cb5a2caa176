from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlite_utils import Database

from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.pipeline import Pipeline
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter
from tests.fakes import NullFetcher

from .helpers import FakeChecker, make_guidelines


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
