"""The modlog: append-only, hash-chained entries and per-community cases (see docs/internals.md).

``Modlog`` is handed its ``sqlite_utils.Database``. Every write runs inside ``BEGIN IMMEDIATE``,
so reading the previous hash (or the next case number) and inserting are one atomic step, safe
across threads with their own connections and across processes. The database itself refuses
UPDATE and DELETE on ``modlog``, ``modlog_rules`` and ``cases`` (triggers).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.errors import InputError
from bot.models import RULE_IDS
from bot.store.actiontypes import ActionType, action_registry, check_action
from bot.store.chain import (
    CHAIN_VERSION,
    GENESIS,
    HASHED_COLUMNS,
    canonical_json,
    entry_hash_v2,
    public_proof,
    read_key,
    verify_chain,
)
from bot.store.db import db_label, translate_errors, write_transaction
from bot.store.entries import (
    ACTOR_KINDS,
    Actor,
    Case,
    Entry,
    PostRef,
    VerifyResult,
    utc_iso,
    utc_now,
)
from bot.store.migrations import ensure_store_schema
from bot.store.query import MAX_LIMIT, ModlogFilter, count_sql, page_sql

log = logging.getLogger(__name__)

_INSERT_ENTRY = (
    f"INSERT INTO modlog ({', '.join(HASHED_COLUMNS)}, hash, chain) "
    f"VALUES ({', '.join('?' for _ in HASHED_COLUMNS)}, ?, {CHAIN_VERSION})"
)
_INSERT_RULE = "INSERT INTO modlog_rules (community, rule, entry_id) VALUES (?, ?, ?)"


@dataclass(frozen=True)
class NewEntry:
    """What a caller logs; ``Modlog.append`` takes the same fields as keyword arguments.

    ``post`` may be left out when ``case`` is given: the case's post is used. ``platform``
    defaults to the post's platform.
    """

    community: str
    actor: Actor
    action: str
    case: int | None = None
    post: PostRef | None = None
    rules: Sequence[str] = ()
    reason: str = ""
    evidence: Mapping[str, Any] | None = None
    config_version: str = ""
    platform: str = ""


def _entry_from_values(row: tuple[Any, ...], rules: tuple[str, ...], evidence: str) -> Entry:
    """The Entry for a row just inserted (values in HASHED_COLUMNS order, then the hash)."""
    (entry_id, time, platform, community, case, actor_id, actor_name, actor_kind, action,
     post_id, post_url, post_title, author_id, author_name, _, reason, _, config_version,
     prev_hash, entry_hash_) = row  # fmt: skip
    post = None
    if post_id or post_url:
        post = PostRef(platform, post_id, post_url, post_title, author_id, author_name)
    return Entry(
        id=entry_id,
        time=time,
        platform=platform,
        community=community,
        case_number=case,
        actor=Actor(actor_id, actor_name, actor_kind),
        action=action,
        post=post,
        rules=rules,
        reason=reason,
        evidence=json.loads(evidence),
        config_version=config_version,
        prev_hash=prev_hash,
        hash=entry_hash_,
        chain=CHAIN_VERSION,
    )


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class Modlog:
    """Append-only moderation log with per-community case numbers."""

    def __init__(
        self,
        db: Database,
        *,
        extra_action_types: Iterable[ActionType] = (),
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self._label = db_label(db)
        self._clock = clock
        self.action_types = action_registry(extra_action_types)
        with translate_errors(self._label):
            ensure_store_schema(db)
        self._key: bytes | None = None

    def _chain_key(self) -> bytes:
        if self._key is None:
            with translate_errors(self._label):
                self._key = read_key(self.db.conn)
        return self._key

    def public_proof(self, entry: Entry) -> dict[str, Any]:
        """What the public view may publish to prove ``entry``'s place in the chain
        (``bot.store.chain.public_proof``)."""
        with translate_errors(self._label):
            return public_proof(self.db.conn, self._chain_key(), entry.id)

    # -- cases ---------------------------------------------------------------------------------

    def open_case(self, community: str, post: PostRef) -> int:
        """The community's case number for ``post``, allocating the next one the first time."""
        if not community:
            raise InputError("a case needs a community")
        if not post.platform or not post.id:
            raise InputError("a case needs the post's platform and id")
        with translate_errors(self._label), write_transaction(self.db) as conn:
            row = conn.execute(
                "SELECT number FROM cases WHERE community = ? AND platform = ? "
                "AND post_platform_id = ?",
                (community, post.platform, post.id),
            ).fetchone()
            if row:
                return int(row[0])
            (number,) = conn.execute(
                "SELECT coalesce(max(number), 0) + 1 FROM cases WHERE community = ?",
                (community,),
            ).fetchone()
            conn.execute(
                "INSERT INTO cases (community, number, platform, post_platform_id, post_url, "
                "post_title, author_id, author_name, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    community,
                    number,
                    post.platform,
                    post.id,
                    post.url,
                    post.title,
                    post.author_id,
                    post.author_name,
                    utc_iso(self._clock()),
                ),
            )
        log.debug("opened case %s#%d for %s:%s", community, number, post.platform, post.id)
        return int(number)

    def find_case(self, community: str, platform: str, post_id: str) -> int | None:
        """The case number already opened for a post, if any."""
        with translate_errors(self._label):
            row = self.db.conn.execute(
                "SELECT number FROM cases WHERE community = ? AND platform = ? "
                "AND post_platform_id = ?",
                (community, platform, post_id),
            ).fetchone()
        return int(row[0]) if row else None

    def case_communities(self, number: int) -> list[str]:
        """Communities that have a case with this number (to resolve ``newsmod case N``)."""
        with translate_errors(self._label):
            rows = self.db.conn.execute(
                "SELECT community FROM cases WHERE number = ? ORDER BY community", (number,)
            ).fetchall()
        return [r[0] for r in rows]

    def _case_post(self, conn: sqlite3.Connection, community: str, number: int) -> PostRef:
        row = conn.execute(
            "SELECT platform, post_platform_id, post_url, post_title, author_id, author_name "
            "FROM cases WHERE community = ? AND number = ?",
            (community, number),
        ).fetchone()
        if row is None:
            raise InputError(f"unknown case {number} in community {community!r}")
        return PostRef(*row)

    def get_case(self, community: str, number: int) -> Case | None:
        """The case and all its entries, oldest first; None if there is no such case."""
        with translate_errors(self._label):
            cursor = self.db.conn.execute(
                "SELECT * FROM cases WHERE community = ? AND number = ?", (community, number)
            )
            found = _rows(cursor)
            if not found:
                return None
            row = found[0]
            entries = _rows(
                self.db.conn.execute(
                    "SELECT * FROM modlog WHERE community = ? AND case_number = ? ORDER BY id",
                    (community, number),
                )
            )
        post = PostRef(
            row["platform"],
            row["post_platform_id"],
            row["post_url"],
            row["post_title"],
            row["author_id"],
            row["author_name"],
        )
        return Case(
            community=community,
            number=number,
            post=post,
            opened_at=row["opened_at"],
            entries=[Entry.from_row(e) for e in entries],
        )

    # -- appending -----------------------------------------------------------------------------

    def append(
        self,
        *,
        community: str,
        actor: Actor,
        action: str,
        case: int | None = None,
        post: PostRef | None = None,
        rules: Sequence[str] = (),
        reason: str = "",
        evidence: Mapping[str, Any] | None = None,
        config_version: str = "",
        platform: str = "",
    ) -> Entry:
        """Log one entry at the end of the chain and return it as stored."""
        new = NewEntry(
            community=community,
            actor=actor,
            action=action,
            case=case,
            post=post,
            rules=rules,
            reason=reason,
            evidence=evidence,
            config_version=config_version,
            platform=platform,
        )
        return self.append_many([new])[0]

    def append_many(self, entries: Iterable[NewEntry]) -> list[Entry]:
        """Log several entries in order, in one transaction (all or none); the chain stays whole."""
        drafts = [self._validate(e) for e in entries]
        if not drafts:
            return []
        stored: list[Entry] = []
        with translate_errors(self._label), write_transaction(self.db) as conn:
            last = conn.execute(
                "SELECT id, hash, time, chain FROM modlog ORDER BY id DESC LIMIT 1"
            ).fetchone()
            last_id, prev_hash, last_time, prev_version = last or (0, GENESIS, "", CHAIN_VERSION)
            key = self._chain_key()
            now = max(utc_iso(self._clock()), last_time)
            rows: list[tuple[Any, ...]] = []
            rule_rows: list[tuple[str, str, int]] = []
            for offset, (new, rules, evidence) in enumerate(drafts, start=1):
                post = new.post
                if new.case is not None:
                    case_post = self._case_post(conn, new.community, new.case)
                    post = post or case_post
                if post is None and self.action_types[new.action].needs_post:
                    raise InputError(f"a {new.action!r} entry needs a post or a case")
                entry_id = last_id + offset
                values = (
                    entry_id,
                    now,
                    new.platform or (post.platform if post else ""),
                    new.community,
                    new.case,
                    new.actor.id,
                    new.actor.name,
                    new.actor.kind,
                    new.action,
                    post.id if post else "",
                    post.url if post else "",
                    post.title if post else "",
                    post.author_id if post else "",
                    post.author_name if post else "",
                    canonical_json(list(rules)),
                    new.reason,
                    evidence,
                    new.config_version,
                    prev_hash,
                )
                prev_hash = entry_hash_v2(key, values, prev_version)
                prev_version = CHAIN_VERSION
                rows.append((*values, prev_hash))
                rule_rows.extend((new.community, rule, entry_id) for rule in rules)
            conn.executemany(_INSERT_ENTRY, rows)
            if rule_rows:
                conn.executemany(_INSERT_RULE, rule_rows)
        for row, (_, rules, evidence) in zip(rows, drafts, strict=True):
            stored.append(_entry_from_values(row, rules, evidence))
        return stored

    def _validate(self, new: NewEntry) -> tuple[NewEntry, tuple[str, ...], str]:
        action_type = check_action(self.action_types, new.action)
        if not new.community:
            raise InputError("a modlog entry needs a community")
        if new.actor.kind not in ACTOR_KINDS:
            raise InputError(
                f"unknown actor kind {new.actor.kind!r} (known: {', '.join(ACTOR_KINDS)})"
            )
        if not new.actor.id:
            raise InputError("a modlog entry needs the actor's id")
        if action_type.needs_reason and not new.reason.strip():
            raise InputError(f"a {new.action!r} entry needs a reason")
        rules = tuple(dict.fromkeys(new.rules))
        for rule in rules:
            if rule not in RULE_IDS:
                raise InputError(f"unknown rule {rule!r} (known: {', '.join(RULE_IDS)})")
        try:
            evidence = canonical_json(dict(new.evidence or {}))
        except (TypeError, ValueError) as exc:
            raise InputError(f"modlog evidence is not JSON: {exc}") from None
        return new, rules, evidence

    # -- reading -------------------------------------------------------------------------------

    def query(self, flt: ModlogFilter | None = None) -> list[Entry]:
        """One page of entries matching ``flt``, newest first."""
        flt = flt or ModlogFilter()
        if flt.action is not None:
            check_action(self.action_types, flt.action)
        with translate_errors(self._label):
            built = page_sql(self.db, flt)
            if built is None:
                return []
            sql, params = built
            return [Entry.from_row(r) for r in _rows(self.db.conn.execute(sql, params))]

    def iter_all(
        self, flt: ModlogFilter | None = None, *, page: int = MAX_LIMIT
    ) -> Iterator[Entry]:
        """Every entry matching ``flt`` from ``flt.before_id`` back, newest first, a page at a
        time (for exports; memory stays flat). ``flt.limit`` is ignored."""
        flt = replace(flt or ModlogFilter(), limit=page)
        while entries := self.query(flt):
            yield from entries
            if len(entries) < page:
                return
            flt = replace(flt, before_id=entries[-1].id)

    def count(self, flt: ModlogFilter | None = None) -> int:
        """How many entries match ``flt`` in all (paging ignored)."""
        flt = flt or ModlogFilter()
        if flt.action is not None:
            check_action(self.action_types, flt.action)
        with translate_errors(self._label):
            built = count_sql(self.db, flt)
            if built is None:
                return 0
            sql, params = built
            return int(self.db.conn.execute(sql, params).fetchone()[0])

    def get(self, entry_id: int) -> Entry | None:
        with translate_errors(self._label):
            found = _rows(self.db.conn.execute("SELECT * FROM modlog WHERE id = ?", (entry_id,)))
        return Entry.from_row(found[0]) if found else None

    def verify(self) -> VerifyResult:
        """Walk the hash chain; ``first_bad_id`` and ``reason`` name the first broken entry."""
        with translate_errors(self._label):
            return verify_chain(self.db)
