"""Mutable bot state: settings per (platform, scope) and moderators' source-list overrides.

Unlike the modlog these rows change; logging a change to the modlog is the caller's job
(actions ``setting-change``, ``source-add``, ``source-remove``).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.domains import hostname
from bot.errors import InputError
from bot.sources import LIST_NAMES
from bot.store.db import db_label, translate_errors, write_transaction
from bot.store.entries import Actor, utc_iso, utc_now
from bot.store.migrations import ensure_store_schema

log = logging.getLogger(__name__)

MODES: tuple[str, ...] = ("dry-run", "live")


class EditCounter:
    """Counts the source-list edits made by this process (any database, any thread), so that a
    reader caching ``source_overrides`` (``bot.pipeline.sources.OverridingChecker``) sees its own
    process's edits at once without querying the database for every post."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    @property
    def value(self) -> int:
        return self._value

    def bump(self) -> None:
        with self._lock:
            self._value += 1


#: Every ``SettingsStore`` of this process bumps it after a source-list edit.
SOURCE_EDITS = EditCounter()


def _id_list(value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str | int) for v in value):
        raise ValueError("must be a list of ids")
    return [str(v) for v in dict.fromkeys(value)]


def _id(value: Any) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value):
        raise ValueError("must be an id")
    return str(value)


def _mode(value: Any) -> str:
    if value not in MODES:
        raise ValueError(f"must be one of {', '.join(MODES)}")
    return str(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


@dataclass(frozen=True)
class SettingSpec:
    """A known setting: its key, what it means, and a validator returning the stored value."""

    key: str
    description: str
    parse: Callable[[Any], Any]


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("watch_channels", "channels (forums) whose posts are checked", _id_list),
    SettingSpec("modqueue_channel", "channel where findings are posted for moderators", _id),
    SettingSpec("modrole", "role allowed to use the moderator commands", _id),
    SettingSpec("mode", "dry-run (report only) or live (act)", _mode),
    SettingSpec("community", "community key in guidelines.toml this scope follows", _text),
)

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def normalize_domain(value: str) -> str:
    """``https://www.Example.com/x`` -> ``example.com``; InputError if it is not a domain."""
    host = hostname(value)
    host = host.removeprefix("www.")
    try:
        host = host.encode("idna").decode("ascii") if host else host
    except UnicodeError:
        host = ""
    if not _DOMAIN.match(host):
        raise InputError(f"not a domain name: {value!r}")
    return host


class SettingsStore:
    """Settings scoped by (platform, scope_id), e.g. ("discord", guild id), and source overrides."""

    def __init__(
        self,
        db: Database,
        *,
        extra_settings: Iterable[SettingSpec] = (),
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self._label = db_label(db)
        self._clock = clock
        self.specs: dict[str, SettingSpec] = {s.key: s for s in (*SETTINGS, *extra_settings)}
        with translate_errors(self._label):
            ensure_store_schema(db)

    def _spec(self, key: str) -> SettingSpec:
        try:
            return self.specs[key]
        except KeyError:
            raise InputError(f"unknown setting {key!r} (known: {', '.join(self.specs)})") from None

    # -- settings ------------------------------------------------------------------------------

    def set_value(self, platform: str, scope_id: str, key: str, value: Any) -> Any:
        """Validate and store a setting; returns the value as stored."""
        spec = self._spec(key)
        try:
            parsed = spec.parse(value)
        except ValueError as exc:
            raise InputError(f"setting {key}: {exc}") from None
        with translate_errors(self._label), write_transaction(self.db) as conn:
            conn.execute(
                "INSERT INTO settings (platform, scope_id, key, value, updated_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (platform, scope_id, key) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at",
                (platform, str(scope_id), key, json.dumps(parsed), utc_iso(self._clock())),
            )
        return parsed

    def get_value(self, platform: str, scope_id: str, key: str, default: Any = None) -> Any:
        self._spec(key)
        with translate_errors(self._label):
            row = self.db.conn.execute(
                "SELECT value FROM settings WHERE platform = ? AND scope_id = ? AND key = ?",
                (platform, str(scope_id), key),
            ).fetchone()
        return json.loads(row[0]) if row else default

    def unset_value(self, platform: str, scope_id: str, key: str) -> bool:
        """Forget a setting; True if it was set."""
        self._spec(key)
        with translate_errors(self._label), write_transaction(self.db) as conn:
            cursor = conn.execute(
                "DELETE FROM settings WHERE platform = ? AND scope_id = ? AND key = ?",
                (platform, str(scope_id), key),
            )
        return cursor.rowcount > 0

    def values(self, platform: str, scope_id: str) -> dict[str, Any]:
        """Every setting stored for one scope."""
        with translate_errors(self._label):
            rows = self.db.conn.execute(
                "SELECT key, value FROM settings WHERE platform = ? AND scope_id = ? ORDER BY key",
                (platform, str(scope_id)),
            ).fetchall()
        return {key: json.loads(value) for key, value in rows}

    # -- source-list overrides -----------------------------------------------------------------

    def _override(self, op: str, community: str, list_name: str, domain: str, actor: Actor) -> str:
        if list_name not in LIST_NAMES:
            raise InputError(f"unknown source list {list_name!r} (known: {', '.join(LIST_NAMES)})")
        if not community:
            raise InputError("a source override needs a community")
        normal = normalize_domain(domain)
        with translate_errors(self._label), write_transaction(self.db) as conn:
            conn.execute(
                "INSERT INTO source_overrides (community, list_name, domain, op, actor_id, "
                "actor_name, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (community, list_name, domain) DO UPDATE SET op = excluded.op, "
                "actor_id = excluded.actor_id, actor_name = excluded.actor_name, "
                "updated_at = excluded.updated_at",
                (community, list_name, normal, op, actor.id, actor.name, utc_iso(self._clock())),
            )
        SOURCE_EDITS.bump()
        log.info("%s %s %s on %s/%s", actor.name, op, normal, community, list_name)
        return normal

    def add_source(self, community: str, list_name: str, domain: str, actor: Actor) -> str:
        """Put ``domain`` on ``list_name`` for ``community``; returns the normalised domain."""
        return self._override("add", community, list_name, domain, actor)

    def remove_source(self, community: str, list_name: str, domain: str, actor: Actor) -> str:
        """Take ``domain`` off ``list_name`` for ``community`` (wins over the shipped list)."""
        return self._override("remove", community, list_name, domain, actor)

    def source_overrides(self, community: str) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """``(added, removed)`` by list name, ready for ``SourceLists.with_overrides``."""
        added: dict[str, set[str]] = {}
        removed: dict[str, set[str]] = {}
        with translate_errors(self._label):
            rows = self.db.conn.execute(
                "SELECT list_name, domain, op FROM source_overrides WHERE community = ?",
                (community,),
            ).fetchall()
        for list_name, domain, op in rows:
            (added if op == "add" else removed).setdefault(list_name, set()).add(domain)
        return added, removed

    def overrides_table(self, community: str) -> list[Mapping[str, Any]]:
        """Every override for a community with who made it and when (for listings)."""
        with translate_errors(self._label):
            cursor = self.db.conn.execute(
                "SELECT list_name, domain, op, actor_id, actor_name, updated_at "
                "FROM source_overrides WHERE community = ? ORDER BY list_name, domain",
                (community,),
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
