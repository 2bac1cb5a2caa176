"""Modlog filters and the SQL behind them: keyset pages, newest first, index-friendly.

Times only grow along the chain (``append`` never writes a time earlier than the last entry's),
so a ``since``/``until`` window is first turned into an id range with the ``time`` index; every
page then walks one ``(..., id)`` index backwards from ``before_id`` and stops after ``limit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.errors import InputError
from bot.models import RULE_IDS
from bot.store.entries import utc_iso

MAX_LIMIT = 1000


@dataclass(frozen=True)
class ModlogFilter:
    """Which entries to list. ``since`` is inclusive, ``until`` exclusive (UTC datetimes).

    ``actor``/``author`` match an id or, failing that, a name; ``post`` matches the platform's
    post id, or the post URL when it contains ``://``. ``case`` needs ``community``.
    Pages are newest first: pass the last id you saw as ``before_id`` for the next page.
    """

    community: str | None = None
    rule: str | None = None
    action: str | None = None
    actor: str | None = None
    author: str | None = None
    post: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    case: int | None = None
    limit: int = 50
    before_id: int | None = None

    def validate(self) -> None:
        if self.rule is not None and self.rule not in RULE_IDS:
            raise InputError(f"unknown rule {self.rule!r} (known: {', '.join(RULE_IDS)})")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InputError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if self.before_id is not None and self.before_id < 1:
            raise InputError(f"before id must be a positive entry id, not {self.before_id}")
        if self.case is not None and not self.community:
            raise InputError("a case number needs a community (case numbers are per community)")
        if self.since and self.until and self.since >= self.until:
            raise InputError("since must be earlier than until")


def _first_id_at_or_after(db: Database, moment: datetime) -> int | None:
    row = db.conn.execute(
        "SELECT id FROM modlog WHERE time >= ? ORDER BY time, id LIMIT 1", (utc_iso(moment),)
    ).fetchone()
    return int(row[0]) if row else None


def _who_column(db: Database, prefix: str, value: str) -> str:
    """``<prefix>_id`` if some entry has that id, else ``<prefix>_name`` (one index each)."""
    hit = db.conn.execute(
        f"SELECT 1 FROM modlog WHERE {prefix}_id = ? LIMIT 1", (value,)
    ).fetchone()
    return f"{prefix}_id" if hit else f"{prefix}_name"


def build_where(db: Database, f: ModlogFilter) -> tuple[str, str, list[Any]] | None:
    """``(from_clause, where_clause, params)`` for ``f``; None when nothing can match."""
    f.validate()
    joins = "modlog AS m"
    where: list[str] = []
    params: list[Any] = []
    if f.rule is not None:
        joins += " JOIN modlog_rules AS r ON r.entry_id = m.id"
        where.append("r.rule = ?")
        params.append(f.rule)
        if f.community:
            where.append("r.community = ?")
            params.append(f.community)
    key = "r.entry_id" if f.rule is not None else "m.id"
    if f.community:
        where.append("m.community = ?")
        params.append(f.community)
    if f.action is not None:
        where.append("m.action = ?")
        params.append(f.action)
    if f.case is not None:
        where.append("m.case_number = ?")
        params.append(f.case)
    if f.actor:
        where.append(f"m.{_who_column(db, 'actor', f.actor)} = ?")
        params.append(f.actor)
    if f.author:
        where.append(f"m.{_who_column(db, 'author', f.author)} = ?")
        params.append(f.author)
    if f.post:
        where.append("m.post_url = ?" if "://" in f.post else "m.post_platform_id = ?")
        params.append(f.post)
    if f.since is not None:
        low = _first_id_at_or_after(db, f.since)
        if low is None:
            return None
        where.extend([f"{key} >= ?", "m.time >= ?"])
        params.extend([low, utc_iso(f.since)])
    if f.until is not None:
        high = _first_id_at_or_after(db, f.until)
        if high is not None:
            where.extend([f"{key} < ?", "m.time < ?"])
            params.extend([high, utc_iso(f.until)])
    return joins, " AND ".join(where) or "1", params


def page_sql(db: Database, f: ModlogFilter) -> tuple[str, list[Any]] | None:
    """The SELECT for one page of entries matching ``f`` (newest first), or None."""
    built = build_where(db, f)
    if built is None:
        return None
    joins, where, params = built
    key = "r.entry_id" if f.rule is not None else "m.id"
    if f.before_id is not None:
        where += f" AND {key} < ?"
        params.append(f.before_id)
    sql = f"SELECT m.* FROM {joins} WHERE {where} ORDER BY {key} DESC LIMIT ?"
    params.append(f.limit)
    return sql, params


def count_sql(db: Database, f: ModlogFilter) -> tuple[str, list[Any]] | None:
    """The COUNT over every entry matching ``f`` (``limit`` and ``before_id`` ignored)."""
    built = build_where(db, f)
    if built is None:
        return None
    joins, where, params = built
    return f"SELECT count(*) FROM {joins} WHERE {where}", params
