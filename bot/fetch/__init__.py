"""Fetching article pages: SSRF-guarded aiohttp, redirects, limits, decoding and a page cache.

Public API (see docs/internals.md, "Fetching"): :class:`FetchSettings`, :class:`Fetcher`,
:func:`make_session`, :class:`PageCache`, and the SSRF policy in :mod:`bot.fetch.ssrf`.

The names are imported on first use: a check worker process, which only decodes pages
(``bot.fetch.decode``), never loads aiohttp or sqlite-utils (about 20 MB per worker).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.fetch.cache import PageCache
    from bot.fetch.connector import (
        BlockedAddressError,
        GuardedConnector,
        GuardedResolver,
        make_session,
    )
    from bot.fetch.decode import decode_html
    from bot.fetch.fetcher import Fetcher
    from bot.fetch.settings import DEFAULT_USER_AGENT, FetchSettings
    from bot.fetch.ssrf import check_url, forbidden_reason, is_forbidden_ip

_HOMES = {
    "DEFAULT_USER_AGENT": "settings",
    "BlockedAddressError": "connector",
    "FetchSettings": "settings",
    "Fetcher": "fetcher",
    "GuardedConnector": "connector",
    "GuardedResolver": "connector",
    "PageCache": "cache",
    "check_url": "ssrf",
    "decode_html": "decode",
    "forbidden_reason": "ssrf",
    "is_forbidden_ip": "ssrf",
    "make_session": "connector",
}

__all__ = [
    "DEFAULT_USER_AGENT",
    "BlockedAddressError",
    "FetchSettings",
    "Fetcher",
    "GuardedConnector",
    "GuardedResolver",
    "PageCache",
    "check_url",
    "decode_html",
    "forbidden_reason",
    "is_forbidden_ip",
    "make_session",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
