"""Fetcher settings: limits, timeouts, identity and the test-only host allow-list."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bot import __version__
from bot.errors import ConfigError
from bot.fetch.ssrf import normalize_allow_hosts

PROJECT_URL = "https://github.com/newsmod/newsmod"
DEFAULT_USER_AGENT = f"newsmod/{__version__} (+{PROJECT_URL})"


@dataclass(frozen=True)
class FetchSettings:
    """How the fetcher behaves. Invalid values raise :class:`ConfigError` naming the field.

    ``allow_hosts`` exempts the listed hosts (``"127.0.0.1"``, ``"news.example"``) from the
    SSRF address checks. It exists for tests that serve pages on 127.0.0.1; nothing reads it
    from the environment or the command line.
    """

    max_bytes: int = 3_000_000
    max_redirects: int = 5
    connect_timeout: float = 5
    read_timeout: float = 10
    total_timeout: float = 20
    per_host: int = 2
    user_agent: str = DEFAULT_USER_AGENT
    allow_hosts: frozenset[str] = field(default_factory=frozenset)
    cache_ttl: float = 3600

    def __post_init__(self) -> None:
        for name in ("max_bytes", "per_host"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"fetch settings: {name}: must be a positive integer")
        if (
            isinstance(self.max_redirects, bool)
            or not isinstance(self.max_redirects, int)
            or self.max_redirects < 0
        ):
            raise ConfigError("fetch settings: max_redirects: must be an integer >= 0")
        for name in ("connect_timeout", "read_timeout", "total_timeout", "cache_ttl"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value <= 0
            ):
                raise ConfigError(f"fetch settings: {name}: must be a positive number of seconds")
        agent = self.user_agent
        if not isinstance(agent, str) or not agent.strip() or any(c in agent for c in "\r\n"):
            raise ConfigError("fetch settings: user_agent: must be one non-empty line")
        if isinstance(self.allow_hosts, str):
            raise ConfigError("fetch settings: allow_hosts: must be a set of host names, not a str")
        object.__setattr__(self, "allow_hosts", normalize_allow_hosts(self.allow_hosts))
