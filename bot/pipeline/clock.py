"""Timestamps stored by the pipeline: ISO 8601 UTC with microseconds (sortable as text)."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
