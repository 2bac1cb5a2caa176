"""``extends``: a community inherits another's tables and overrides only what differs."""

from __future__ import annotations

import copy
from typing import Any

from bot.guidelines.checks import is_str
from bot.guidelines.errors import Errors


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (a list too) replaces the inherited one."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def depth(key: str, raw: dict[str, Any]) -> int:
    """How many ``extends`` links lead up from ``key`` (bad links are reported by resolve)."""
    depth, seen = 0, {key}
    parent = raw[key].get("extends")
    while isinstance(parent, str) and parent in raw and parent not in seen:
        depth, seen = depth + 1, seen | {parent}
        table = raw[parent]
        parent = table.get("extends") if isinstance(table, dict) else None
    return depth


def resolve(
    key: str, raw: dict[str, Any], err: Errors, seen: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The community's table with its ``extends`` chain applied (parents first)."""
    table = raw[key]
    parent = table.get("extends")
    if parent is None:
        return table
    where = f"communities.{key}.extends"
    err.check(where, parent, is_str)
    if parent not in raw:
        raise err.unknown(where, parent, sorted(raw), "community")
    if parent == key or parent in seen:
        raise err(where, f"circular extends ({' -> '.join([*seen, key, parent])})")
    base = resolve(parent, raw, err, (*seen, key))
    merged = merge(base, {k: v for k, v in table.items() if k != "sources"})
    own_sources = table.get("sources", {})
    if not isinstance(own_sources, dict) or not isinstance(base.get("sources", {}), dict):
        merged["sources"] = own_sources  # _community reports the bad table with its key
        return merged
    sources: dict[str, Any] = copy.deepcopy(base.get("sources", {}))
    for kind, lists in own_sources.items():
        if isinstance(lists, dict) and isinstance(sources.get(kind), dict):
            for name, values in lists.items():
                old = sources[kind].get(name, [])
                sources[kind][name] = [*old, *values] if isinstance(values, list) else values
        else:
            sources[kind] = copy.deepcopy(lists)
    merged["sources"] = sources
    merged["extends"] = parent
    merged["lemmy"] = table.get(
        "lemmy", []
    )  # which Lemmy communities it moderates: never inherited
    return merged
