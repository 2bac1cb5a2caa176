"""Lemmy settings from the environment, and the watched communities from guidelines.toml.

``LEMMY_URL``, ``LEMMY_USERNAME`` + ``LEMMY_PASSWORD`` (or ``LEMMY_JWT``), ``LEMMY_POLL_SECONDS``
(default 60), ``LEMMY_RECHECK_HOURS`` (how far back edits are looked for, default 24),
``LEMMY_LOCK_REMOVED`` (``true``: lock a post when removing it; default ``false``). Every
problem is a one-line ConfigError naming the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.guidelines import Guidelines
from bot.lemmy.base import LemmyCredentials

HANDLE = re.compile(r"^!([A-Za-z0-9_]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,}|localhost)$")


def _number(env: Mapping[str, str], key: str, default: float, low: float, high: float) -> float:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key}: must be a number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{key}: must be between {low:g} and {high:g}, not {raw}")
    return value


def _flag(env: Mapping[str, str], key: str) -> bool:
    raw = env.get(key, "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{key}: must be true or false, not {raw!r}")


def is_configured(env: Mapping[str, str]) -> bool:
    """Whether Lemmy is meant to run (``newsmod run`` with no platform runs the configured ones)."""
    return bool(env.get("LEMMY_URL", "").strip())


@dataclass(frozen=True)
class LemmySettings:
    credentials: LemmyCredentials
    poll_seconds: float = 60.0
    recheck_hours: float = 24.0
    lock_removed: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LemmySettings:
        url = env.get("LEMMY_URL", "").strip()
        if not url:
            raise ConfigError("LEMMY_URL: missing (the Lemmy instance, e.g. https://lemmy.world)")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"LEMMY_URL: must be an http(s) URL, not {url!r}")
        username = env.get("LEMMY_USERNAME", "").strip()
        password = env.get("LEMMY_PASSWORD", "")
        jwt = env.get("LEMMY_JWT", "").strip()
        if not jwt and not (username and password):
            missing = "LEMMY_USERNAME" if not username else "LEMMY_PASSWORD"
            raise ConfigError(f"{missing}: missing (or set LEMMY_JWT)")
        return cls(
            credentials=LemmyCredentials(url, username, password, jwt),
            poll_seconds=_number(env, "LEMMY_POLL_SECONDS", 60.0, 5.0, 86400.0),
            recheck_hours=_number(env, "LEMMY_RECHECK_HOURS", 24.0, 0.0, 24.0 * 30),
            lock_removed=_flag(env, "LEMMY_LOCK_REMOVED"),
        )


def watched_communities(guidelines: Guidelines) -> dict[str, str]:
    """``{"!name@instance": community key}`` from every community's ``lemmy`` list."""
    out: dict[str, str] = {}
    for key, community in guidelines.communities.items():
        for raw in community.lemmy:
            handle = raw.strip().lower()
            where = f"guidelines.toml: communities.{key}.lemmy"
            if not HANDLE.match(handle):
                raise ConfigError(f"{where}: {raw!r} is not a Lemmy community (!name@instance)")
            if handle in out and out[handle] != key:
                raise ConfigError(f"{where}: {raw} is also watched by communities.{out[handle]}")
            out[handle] = key
    if not out:
        raise ConfigError(
            "guidelines.toml: communities.*.lemmy: no Lemmy community to watch "
            '(add e.g. lemmy = ["!worldnews@lemmy.world"])'
        )
    return out
