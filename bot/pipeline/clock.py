"""Timestamps stored by the pipeline: ISO 8601 UTC with microseconds (sortable as text)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

#: What the pipeline asks for the time (tests pass their own to move it on).
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """``moment`` as the pipeline stores it."""
    return moment.isoformat(timespec="microseconds")


def now() -> str:
    return stamp(utcnow())


def parse_utc(text: str) -> datetime:
    """An ISO 8601 time (``Z`` or an offset; none means UTC) as an aware datetime; ValueError
    when it is not one."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
