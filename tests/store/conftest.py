from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.store import Actor, Modlog, PostRef, open_db

BOT = Actor("bot", "newsmod", "bot")
MOD = Actor("m1", "alice", "moderator")


def post(n: int, platform: str = "lemmy", author: str = "u1") -> PostRef:
    return PostRef(
        platform=platform,
        id=f"p{n}",
        url=f"https://news.example/{n}",
        title=f"Headline {n}",
        author_id=author,
        author_name=f"name-{author}",
    )


class StepClock:
    """A deterministic clock: each call is one second after the last."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "newsmod.db"


@pytest.fixture
def file_db(db_path: Path) -> Iterator[Database]:
    db = open_db(db_path)
    yield db
    db.close()


@pytest.fixture
def modlog(file_db: Database) -> Modlog:
    return Modlog(file_db, clock=StepClock())


@pytest.fixture
def mem_modlog() -> Modlog:
    return Modlog(Database(memory=True), clock=StepClock())


def fill(modlog: Modlog, n: int, community: str = "worldnews") -> None:
    """n flag entries on n cases, rules alternating."""
    rules = ["ragebait", "editorialized-title", "blogspam"]
    for i in range(1, n + 1):
        case = modlog.open_case(community, post(i, author=f"u{i % 3}"))
        modlog.append(
            community=community,
            case=case,
            actor=BOT,
            action="flag",
            rules=[rules[i % 3]],
            reason=f"finding {i}",
            evidence={"i": i},
            config_version="v1",
        )
