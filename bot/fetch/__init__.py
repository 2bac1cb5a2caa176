"""Fetching article pages: SSRF-guarded aiohttp, redirects, limits, decoding and a page cache.

Public API (see docs/internals.md, "Fetching"): :class:`FetchSettings`, :class:`Fetcher`,
:func:`make_session`, :class:`PageCache`, and the SSRF policy in :mod:`bot.fetch.ssrf`.
"""

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
