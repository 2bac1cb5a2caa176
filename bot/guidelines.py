"""The community rule set: config/guidelines.toml as typed, validated objects.

Every key is checked; an invalid file raises one ``ConfigError`` line naming the key, e.g.
``guidelines.toml: communities.worldnews.rules.ragebait.action: must be one of note, flag,
comment, remove``. A community may ``extends = "<other key>"`` and override only what differs.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.dupes.duration import is_duration
from bot.errors import ConfigError
from bot.models import ACTIONS, RULE_IDS
from bot.sources import LIST_NAMES, SourceLists, load_source_lists, normalise_domain


@dataclass(frozen=True)
class RuleConfig:
    """One guideline rule as a community configured it."""

    id: str
    enabled: bool = True
    guideline: int = 0  # the guideline's number in the community's list
    name: str = ""
    text: str = ""  # the guideline as the community words it
    action: str = "flag"  # note | flag | comment | remove
    min_confidence: float = 0.5  # findings below are dropped
    remove_confidence: float = 0.9  # a "remove" finding below this is only flagged
    params: Mapping[str, Any] = field(default_factory=dict)  # rule-specific thresholds

    def param(self, name: str, default: Any) -> Any:
        return self.params.get(name, default)


@dataclass(frozen=True)
class Community:
    key: str
    name: str
    description: str = ""
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    sources: SourceLists = field(default_factory=SourceLists)
    lemmy: tuple[str, ...] = ()  # "!name@instance" communities this rule set moderates
    us_news_community: str = ""  # where US-only news belongs
    suggest_archive_links: bool = False  # put archive links in public comments (opt-in)
    removal: str = "lock"  # Discord forum posts: "delete" the message or "lock" the thread
    mode: str = "dry-run"  # "dry-run" | "live"
    extends: str = ""  # the community this one inherits from ("" for none)


@dataclass(frozen=True)
class Guidelines:
    mode: str
    default: str
    communities: Mapping[str, Community]
    version: str = ""  # short hash of the file's bytes, stored with every modlog entry
    path: str = ""

    def for_lemmy(self, ref: str) -> Community | None:
        """The community moderating Lemmy community ``!name@instance`` (any case), else None."""
        wanted = "!" + ref.strip().lstrip("!").lower()
        for community in self.communities.values():
            if wanted in (name.lower() for name in community.lemmy):
                return community
        return None

    def community(self, key: str | None = None) -> Community:
        key = key or self.default
        try:
            return self.communities[key]
        except KeyError:
            known = ", ".join(sorted(self.communities))
            raise ConfigError(f"unknown community {key!r} (known: {known})") from None


def default_config_dir() -> Path:
    """``config/`` beside the package (a source checkout or editable install)."""
    return Path(__file__).resolve().parent.parent / "config"


MODES = ("dry-run", "live")
REMOVALS = ("delete", "lock")
_LEMMY = re.compile(r"^![\w.-]+@[\w.-]+\.[\w-]+$")

Check = Callable[[Any], str | None]  # returns the complaint, or None when the value is fine


def _is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be true or false"


def _is_str(v: Any) -> str | None:
    return None if isinstance(v, str) else "must be a string"


def _is_unit(v: Any) -> str | None:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and 0.0 <= v <= 1.0
    return None if ok else "must be a number between 0 and 1"


def _is_positive(v: Any) -> str | None:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and v > 0
    return None if ok else "must be a number above 0"


def _is_count(v: Any) -> str | None:
    ok = isinstance(v, int) and not isinstance(v, bool) and v >= 1
    return None if ok else "must be a whole number of at least 1"


def _is_templates(v: Any) -> str | None:
    ok = isinstance(v, list) and all(isinstance(t, str) and "{url}" in t for t in v)
    return None if ok else 'must be a list of strings containing "{url}"'


def _is_weights(v: Any) -> str | None:
    ok = isinstance(v, dict) and all(_is_unit(w) is None for w in v.values())
    return None if ok else "must be a table of names to numbers between 0 and 1"


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(v: Any) -> str | None:
        return None if v in choices else f"must be one of {', '.join(choices)}"

    return check


#: Keys every rule table accepts, and their checks.
RULE_KEYS: dict[str, Check] = {
    "enabled": _is_bool,
    "guideline": _is_count,
    "name": _is_str,
    "text": _is_str,
    "action": _one_of(ACTIONS),
    "min_confidence": _is_unit,
    "remove_confidence": _is_unit,
}
#: Rule-specific parameters that may be written directly in the rule table (any other
#: parameter goes in the rule's free-form ``params`` table).
RULE_PARAMS: dict[str, dict[str, Check]] = {
    "not-original-source": {"check_lead": _is_bool, "check_canonical": _is_bool},
    "paywall-no-archive": {
        "trust_markup": _is_bool,
        "archive_links": _is_templates,
        "list_file_confidence": _is_weights,
    },
    "editorialized-title": {"max_change": _is_positive, "translation_confidence": _is_unit},
    "ragebait": {"min_score": _is_positive, "caps_ratio": _is_unit, "min_caps_words": _is_count},
    "tabloid-source": {"list_confidence": _is_unit},
    "blogspam": {
        "min_signals": _is_count,
        "list_confidence": _is_unit,
        "signal_weights": _is_weights,
    },
    "social-media-source": {"list_confidence": _is_unit},
    "us-domestic-news": {
        "min_us_score": _is_positive,
        "lead_paragraphs": _is_count,
        "lead_weight": _is_unit,
    },
    "duplicate-post": {
        "window": is_duration,
        "story_window": is_duration,
        "story_threshold": _is_unit,
    },
}
COMMUNITY_KEYS = ("extends", "name", "description", "lemmy", "us_news_community",
                  "suggest_archive_links", "removal", "mode", "rules", "sources")  # fmt: skip
TOP_KEYS = ("mode", "default", "sources_dir", "communities")


class _Errors:
    """Builds the one-line messages: ``<file>: <dotted key>: <complaint>``."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, key: str, complaint: str) -> ConfigError:
        return ConfigError(
            f"{self.label}: {key}: {complaint}" if key else f"{self.label}: {complaint}"
        )

    def unknown(
        self, key: str, name: str, known: tuple[str, ...] | list[str], what: str
    ) -> ConfigError:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else f" (known: {', '.join(known)})"
        return self(key, f"unknown {what}{hint}")

    def table(
        self, key: str, value: Any, allowed: tuple[str, ...] | list[str], what: str = "key"
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self(key, "must be a table")
        for name in value:
            if name not in allowed:
                raise self.unknown(f"{key}.{name}" if key else name, name, allowed, what)
        return value

    def check(self, key: str, value: Any, check: Check) -> Any:
        complaint = check(value)
        if complaint:
            raise self(key, complaint)
        return value


def _read_toml(path: Path, err: _Errors) -> tuple[dict[str, Any], bytes]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise err("", f"file not found: {path}") from None
    except OSError as exc:
        raise err("", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise err("", f"not UTF-8 text (byte {exc.start})") from None
    try:
        return tomllib.loads(text), raw
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\(at .*\)$", "", message)
        reason = " ".join(reason.split())
        at = f"line {where.group(1)}, column {where.group(2)}: " if where else ""
        raise err("", f"{at}invalid TOML: {reason}") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (a list too) replaces the inherited one."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _depth(key: str, raw: dict[str, Any]) -> int:
    """How many ``extends`` links lead up from ``key`` (bad links are reported by _resolve)."""
    depth, seen = 0, {key}
    parent = raw[key].get("extends")
    while isinstance(parent, str) and parent in raw and parent not in seen:
        depth, seen = depth + 1, seen | {parent}
        table = raw[parent]
        parent = table.get("extends") if isinstance(table, dict) else None
    return depth


def _resolve(
    key: str, raw: dict[str, Any], err: _Errors, seen: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The community's table with its ``extends`` chain applied (parents first)."""
    table = raw[key]
    parent = table.get("extends")
    if parent is None:
        return table
    where = f"communities.{key}.extends"
    err.check(where, parent, _is_str)
    if parent not in raw:
        raise err.unknown(where, parent, sorted(raw), "community")
    if parent == key or parent in seen:
        raise err(where, f"circular extends ({' -> '.join([*seen, key, parent])})")
    base = _resolve(parent, raw, err, (*seen, key))
    merged = _merge(base, {k: v for k, v in table.items() if k != "sources"})
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


def _rule(rule_id: str, key: str, table: Any, err: _Errors) -> RuleConfig:
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


def _sources(key: str, table: Any, base: SourceLists, err: _Errors) -> SourceLists:
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


def _community(
    key: str, table: dict[str, Any], mode: str, lists: SourceLists, err: _Errors
) -> Community:
    where = f"communities.{key}"
    err.table(where, table, COMMUNITY_KEYS)
    strings = {}
    for name in ("name", "description", "us_news_community"):
        strings[name] = err.check(f"{where}.{name}", table.get(name, ""), _is_str)
    lemmy = table.get("lemmy", [])
    if not isinstance(lemmy, list):
        raise err(f"{where}.lemmy", 'must be a list of "!name@instance" strings')
    for index, value in enumerate(lemmy):
        if not isinstance(value, str) or not _LEMMY.match(value):
            raise err(f"{where}.lemmy[{index}]", f'must look like "!name@instance", not {value!r}')
    rules_table = err.table(f"{where}.rules", table.get("rules", {}), RULE_IDS, "rule id")
    missing = [rule_id for rule_id in RULE_IDS if rule_id not in rules_table]
    if missing:
        raise err(
            f"{where}.rules",
            f"missing rule {missing[0]} (add [{where}.rules.{missing[0]}], "
            f'with enabled = false to turn it off, or extends = "<community>")',
        )
    rules = {rid: _rule(rid, f"{where}.rules.{rid}", rules_table[rid], err) for rid in RULE_IDS}
    return Community(
        key=key,
        name=strings["name"] or key,
        description=strings["description"],
        rules=rules,
        sources=_sources(f"{where}.sources", table.get("sources", {}), lists, err),
        lemmy=tuple(lemmy),
        us_news_community=strings["us_news_community"],
        suggest_archive_links=err.check(
            f"{where}.suggest_archive_links", table.get("suggest_archive_links", False), _is_bool
        ),
        removal=err.check(f"{where}.removal", table.get("removal", "lock"), _one_of(REMOVALS)),
        mode=err.check(f"{where}.mode", table.get("mode", mode), _one_of(MODES)),
        extends=table.get("extends", ""),
    )


def load_guidelines(path: Path | None = None) -> Guidelines:
    """Load and validate guidelines.toml; raise ConfigError naming the bad key."""
    path = path or default_config_dir() / "guidelines.toml"
    err = _Errors(path.name)
    data, raw = _read_toml(path, err)
    err.table("", data, TOP_KEYS)
    mode = err.check("mode", data.get("mode", "dry-run"), _one_of(MODES))
    communities = data.get("communities")
    if communities is None:
        raise err("communities", "missing: define at least [communities.<key>]")
    if not isinstance(communities, dict) or not communities:
        raise err("communities", "must be a table with at least one [communities.<key>]")
    for key, table in communities.items():
        if not isinstance(table, dict):
            raise err(f"communities.{key}", "must be a table")
    default = err.check("default", data.get("default", next(iter(communities))), _is_str)
    if default not in communities:
        raise err.unknown("default", default, sorted(communities), "community")
    sources_dir = err.check("sources_dir", data.get("sources_dir", "sources"), _is_str)
    lists = load_source_lists((path.parent / sources_dir).resolve())
    built: dict[str, Community] = {}
    # parents first, so that a mistake in an inherited table is reported under its own key
    for key in sorted(communities, key=lambda k: _depth(k, communities)):
        built[key] = _community(key, _resolve(key, communities, err), mode, lists, err)
    built = {key: built[key] for key in communities}
    claimed: dict[str, str] = {}
    for key, community in built.items():
        for index, ref in enumerate(community.lemmy):
            owner = claimed.setdefault(ref.lower(), key)
            if owner != key:
                raise err(
                    f"communities.{key}.lemmy[{index}]",
                    f"{ref} is already moderated by communities.{owner}",
                )
    return Guidelines(
        mode=mode,
        default=default,
        communities=built,
        version=hashlib.sha256(raw).hexdigest()[:12],
        path=str(path),
    )
