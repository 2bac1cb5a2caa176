"""Query parameters → a ``ModlogFilter``; anything malformed is an ``InputError`` (→ 400).

Parameters: community, rule, action, moderator, author, since, until (dates as in the CLI:
``2026-11-01``, ``2026-11-01T12:00Z`` or ``7d``), before (keyset paging: an entry id), limit;
``token`` never gets here (``bot.web.auth`` answers it with a sign-in redirect). An empty value
means "not set" (an HTML form sends every field); a repeated or unknown parameter is refused
rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from multidict import MultiMapping

from bot.cli.common import parse_time
from bot.errors import InputError
from bot.models import RULE_IDS
from bot.store import BUILTIN_ACTION_TYPES, ModlogFilter
from bot.store.query import MAX_LIMIT
from bot.web.settings import MAX_STATS_DAYS

FILTER_KEYS: tuple[str, ...] = (
    "community",
    "rule",
    "action",
    "moderator",
    "author",
    "since",
    "until",
)
PAGE_KEYS: tuple[str, ...] = ("before", "limit")
ACTION_NAMES: tuple[str, ...] = tuple(t.name for t in BUILTIN_ACTION_TYPES)
MAX_TEXT = 200
_COMMUNITY = re.compile(r"^[A-Za-z0-9_.@!-]{1,100}$")


def single_values(query: MultiMapping[str], allowed: tuple[str, ...]) -> dict[str, str]:
    """Each known parameter's one value, empty ones dropped; unknown or repeated → InputError."""
    values: dict[str, str] = {}
    for key in query:
        if key not in allowed and key != "token":
            raise InputError(f"unknown parameter {key!r} (known: {', '.join(allowed)})")
        found = query.getall(key)
        if len(found) > 1:
            raise InputError(f"parameter {key!r} given {len(found)} times")
        text = found[0].strip()
        if "\x00" in text or len(text) > MAX_TEXT:
            raise InputError(f"{key}: value too long or not text")
        if text and key != "token":
            values[key] = text
    return values


def _whole(value: str, key: str, low: int, high: int) -> int:
    if not value.isdigit():
        raise InputError(f"{key}: not a whole number: {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise InputError(f"{key}: must be between {low} and {high}, not {number}")
    return number


def community_key(value: str) -> str:
    if not _COMMUNITY.match(value):
        raise InputError(f"community: not a community key: {value!r}")
    return value


@dataclass(frozen=True)
class ListParams:
    """The parsed filters and page (``values`` keeps the filters as given, to build links)."""

    flt: ModlogFilter
    values: dict[str, str]


def parse_list_params(
    query: MultiMapping[str], *, default_limit: int, allow_moderator: bool
) -> ListParams:
    values = single_values(query, FILTER_KEYS + PAGE_KEYS)
    rule = values.get("rule")
    if rule is not None and rule not in RULE_IDS:
        raise InputError(f"rule: unknown rule {rule!r} (known: {', '.join(RULE_IDS)})")
    action = values.get("action")
    if action is not None and action not in ACTION_NAMES:
        raise InputError(f"action: unknown action {action!r} (known: {', '.join(ACTION_NAMES)})")
    moderator = values.get("moderator")
    if moderator is not None and not allow_moderator:
        raise InputError("moderator: filtering by moderator needs the moderator view")
    since = parse_time(values.get("since"), "since")
    until = parse_time(values.get("until"), "until", end=True)
    if since and until and since >= until:
        raise InputError("since must be earlier than until")
    before = values.get("before")
    limit = values.get("limit")
    flt = ModlogFilter(
        community=community_key(values["community"]) if "community" in values else None,
        rule=rule,
        action=action,
        actor=moderator,
        author=values.get("author"),
        since=since,
        until=until,
        limit=_whole(limit, "limit", 1, MAX_LIMIT) if limit else default_limit,
        before_id=_whole(before, "before", 1, 2**62) if before else None,
    )
    filters = {k: v for k, v in values.items() if k in FILTER_KEYS}
    return ListParams(flt=flt, values=filters)


@dataclass(frozen=True)
class StatsParams:
    community: str | None
    days: int


def parse_stats_params(query: MultiMapping[str], *, default_days: int) -> StatsParams:
    values = single_values(query, ("community", "days"))
    days = values.get("days")
    return StatsParams(
        community=community_key(values["community"]) if "community" in values else None,
        days=_whole(days, "days", 1, MAX_STATS_DAYS) if days else default_days,
    )


def parse_case_number(text: str) -> int:
    return _whole(text, "case", 1, 2**62)


def parse_case_query(query: MultiMapping[str]) -> str | None:
    values = single_values(query, ("community",))
    return community_key(values["community"]) if "community" in values else None


def query_string(values: Mapping[str, str | int | None]) -> str:
    """``?a=1&b=2`` from the values that are set (URL-encoded), or ``""``."""
    pairs = [(k, str(v)) for k, v in values.items() if v not in (None, "")]
    return "?" + urlencode(pairs) if pairs else ""
