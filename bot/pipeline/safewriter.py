"""The DB writer, with SQLite's own errors turned into one-line StoreErrors.

Every blocking call the pipeline makes goes through here, so a locked, corrupt or read-only
database stops the pipeline with ``StoreError("newsmod.db: database is locked ...")`` instead
of a traceback; the posts it held stay claimed and are reclaimed on restart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlite_utils.db import Database

from bot.pipeline.ports import Writer
from bot.store.db import db_label, translate_errors

T = TypeVar("T")


def _translated(label: str, fn: Callable[..., T], *args: Any) -> T:
    with translate_errors(label):
        return fn(*args)


class SafeWriter:
    def __init__(self, writer: Writer, db: Database) -> None:
        self.inner = writer
        self.label = db_label(db)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return await self.inner.run(_translated, self.label, fn, *args)
