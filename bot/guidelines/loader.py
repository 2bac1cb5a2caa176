"""Loading guidelines.toml: every key checked, one ``ConfigError`` line naming a bad one."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.guidelines.build import build_community
from bot.guidelines.checks import MODES, TOP_KEYS, is_str, one_of
from bot.guidelines.errors import Errors, read_toml
from bot.guidelines.inherit import depth, resolve
from bot.guidelines.locate import find_guidelines, sources_dir
from bot.guidelines.model import Community, Guidelines
from bot.sources import load_source_lists


def default_config_dir() -> Path:
    """The directory of the packaged default guidelines.toml (and its ``sources/``)."""
    from bot.defaults import CONFIG_DIR

    return CONFIG_DIR


def load_guidelines(path: Path | None = None) -> Guidelines:
    """Load and validate guidelines.toml; raise ConfigError naming the bad key.

    Without ``path``, the file is looked up as ``find_guidelines`` says (``$NEWSMOD_CONFIG``,
    ``./config/guidelines.toml``, the packaged default).
    """
    path = path or find_guidelines()
    err = Errors(path.name)
    data, raw = read_toml(path, err)
    err.table("", data, TOP_KEYS)
    mode = err.check("mode", data.get("mode", "dry-run"), one_of(MODES))
    communities = data.get("communities")
    if communities is None:
        raise err("communities", "missing: define at least [communities.<key>]")
    if not isinstance(communities, dict) or not communities:
        raise err("communities", "must be a table with at least one [communities.<key>]")
    for key, table in communities.items():
        if not isinstance(table, dict):
            raise err(f"communities.{key}", "must be a table")
    default = err.check("default", data.get("default", next(iter(communities))), is_str)
    if default not in communities:
        raise err.unknown("default", default, sorted(communities), "community")
    configured = data.get("sources_dir")
    if configured is not None:
        err.check("sources_dir", configured, is_str)
    lists = load_source_lists(sources_dir(path, configured))
    built: dict[str, Community] = {}
    # parents first, so that a mistake in an inherited table is reported under its own key
    for key in sorted(communities, key=lambda k: depth(k, communities)):
        built[key] = build_community(key, resolve(key, communities, err), mode, lists, err)
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
