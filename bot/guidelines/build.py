"""One community's resolved table, checked key by key, as a ``Community`` with its rules."""

from __future__ import annotations

from typing import Any

from bot.guidelines.checks import (
    COMMUNITY_KEYS,
    LEMMY_HANDLE,
    MODES,
    REMOVALS,
    RULE_KEYS,
    RULE_PARAMS,
    is_bool,
    is_str,
    one_of,
)
from bot.guidelines.errors import Errors
from bot.guidelines.model import Community, RuleConfig
from bot.models import RULE_IDS
from bot.sources import LIST_NAMES, SourceLists, normalise_domain


def rule_config(rule_id: str, key: str, table: Any, err: Errors) -> RuleConfig:
    specific = RULE_PARAMS[rule_id]
    allowed = [*RULE_KEYS, *specific, "params"]
    err.table(key, table, allowed)
    values: dict[str, Any] = {}
    params: dict[str, Any] = {}
    for name, value in table.items():
        if name in RULE_KEYS:
            values[name] = err.check(f"{key}.{name}", value, RULE_KEYS[name])
        elif name in specific:
            params[name] = err.check(f"{key}.{name}", value, specific[name])
    extra = table.get("params", {})
    if not isinstance(extra, dict):
        raise err(f"{key}.params", "must be a table")
    for name, value in extra.items():
        if name in specific:
            params[name] = err.check(f"{key}.params.{name}", value, specific[name])
        elif name in RULE_KEYS:
            raise err(f"{key}.params.{name}", "belongs in the rule table, not in params")
        else:
            params[name] = value
    for name in ("min_confidence", "remove_confidence"):
        if name in values:
            values[name] = float(values[name])
    return RuleConfig(id=rule_id, params=params, **values)


def source_lists(key: str, table: Any, base: SourceLists, err: Errors) -> SourceLists:
    err.table(key, table, ("add", "remove"))
    changes: dict[str, dict[str, list[str]]] = {"add": {}, "remove": {}}
    for kind in ("add", "remove"):
        lists = err.table(f"{key}.{kind}", table.get(kind, {}), LIST_NAMES, "list")
        for name, values in lists.items():
            where = f"{key}.{kind}.{name}"
            if not isinstance(values, list):
                raise err(where, "must be a list of domains")
            for index, value in enumerate(values):
                domain = normalise_domain(value) if isinstance(value, str) else None
                if domain is None:
                    raise err(f"{where}[{index}]", f"not a domain: {value!r}")
                changes[kind].setdefault(name, []).append(domain)
    return base.with_overrides(
        changes["add"], changes["remove"], origin=f"guidelines.toml {key}.add"
    )


def build_community(
    key: str, table: dict[str, Any], mode: str, lists: SourceLists, err: Errors
) -> Community:
    where = f"communities.{key}"
    err.table(where, table, COMMUNITY_KEYS)
    strings = {}
    for name in ("name", "description", "us_news_community"):
        strings[name] = err.check(f"{where}.{name}", table.get(name, ""), is_str)
    lemmy = table.get("lemmy", [])
    if not isinstance(lemmy, list):
        raise err(f"{where}.lemmy", 'must be a list of "!name@instance" strings')
    for index, value in enumerate(lemmy):
        if not isinstance(value, str) or not LEMMY_HANDLE.match(value):
            raise err(f"{where}.lemmy[{index}]", f'must look like "!name@instance", not {value!r}')
    rules_table = err.table(f"{where}.rules", table.get("rules", {}), RULE_IDS, "rule id")
    missing = [rule_id for rule_id in RULE_IDS if rule_id not in rules_table]
    if missing:
        raise err(
            f"{where}.rules",
            f"missing rule {missing[0]} (add [{where}.rules.{missing[0]}], "
            f'with enabled = false to turn it off, or extends = "<community>")',
        )
    rules = {
        rid: rule_config(rid, f"{where}.rules.{rid}", rules_table[rid], err) for rid in RULE_IDS
    }
    return Community(
        key=key,
        name=strings["name"] or key,
        description=strings["description"],
        rules=rules,
        sources=source_lists(f"{where}.sources", table.get("sources", {}), lists, err),
        lemmy=tuple(lemmy),
        us_news_community=strings["us_news_community"],
        suggest_archive_links=err.check(
            f"{where}.suggest_archive_links", table.get("suggest_archive_links", False), is_bool
        ),
        removal=err.check(f"{where}.removal", table.get("removal", "lock"), one_of(REMOVALS)),
        mode=err.check(f"{where}.mode", table.get("mode", mode), one_of(MODES)),
        extends=table.get("extends", ""),
    )
