"""The page cache: recently fetched pages by URL, in memory, bounded in age and size.

A news community sees the same link again within the hour: a post edited and re-checked, the
same story posted twice. ``PageCache`` keeps the last pages fetched so those checks do not
fetch again. It holds each page as received (the bytes the fetcher read, not decoded), so storing
one costs a dictionary entry, never a copy or a database write. It is bounded twice: an entry is
used for ``ttl`` seconds at most, and when the pages held exceed ``max_bytes`` the least recently
used go first. A restart empties it (it is a cache: the next check fetches again).

It used to be a table of the bot's SQLite database: writing every fetched page there (170 KB on
average) cost the database writer more CPU than all the rest of a post's bookkeeping and grew the
file by the size of every page read in the last hour.

The methods are synchronous and not thread-safe: the fetcher calls them on its event loop.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urldefrag

from bot.errors import ConfigError
from bot.models import Page

#: Seconds a cached page is used for.
DEFAULT_TTL = 3600.0
#: Total size of the pages held (bytes as received, or characters of a text page).
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def cache_key(url: str) -> str:
    """The key a URL is cached under: stripped, without its fragment (never sent anyway)."""
    return urldefrag(url.strip())[0]


def page_size(page: Page) -> int:
    """What ``page`` costs the cache: its bytes as received, or its text's length."""
    return len(page.body) if page.body is not None else len(page.text)


def _hit(page: Page, url: str) -> Page:
    """A copy of ``page`` as a cache hit for ``url`` (which may differ in its #fragment)."""
    if page.body is not None:
        text, encoding, body = None, "", page.body
    else:
        text, encoding, body = page.text, page.encoding, None
    return Page(
        url=url,
        final_url=page.final_url,
        status=page.status,
        content_type=page.content_type,
        text=text,
        encoding=encoding,
        redirects=list(page.redirects),
        truncated=page.truncated,
        from_cache=True,
        body=body,
        charset=page.charset if body is not None else None,
    )


class PageCache:
    """Successful pages by URL (without ``#fragment``), for ``ttl`` seconds, at most
    ``max_bytes`` in all (least recently used out first). ``clock`` returns seconds."""

    def __init__(
        self,
        ttl: float = DEFAULT_TTL,
        max_bytes: int = DEFAULT_MAX_BYTES,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if (
            isinstance(ttl, bool)
            or not isinstance(ttl, int | float)
            or not math.isfinite(ttl)
            or ttl <= 0
        ):
            raise ConfigError("page cache: ttl: must be a positive number of seconds")
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
            raise ConfigError("page cache: max_bytes: must be a positive integer")
        self.ttl = float(ttl)
        self.max_bytes = max_bytes
        self._clock = clock
        # key -> (stored at, size, page); oldest use first
        self._pages: OrderedDict[str, tuple[float, int, Page]] = OrderedDict()
        self._size = 0

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def size(self) -> int:
        """The size of the pages held (see :func:`page_size`)."""
        return self._size

    def get(self, url: str) -> Page | None:
        """The cached page for ``url`` if it is younger than the TTL, marked ``from_cache``."""
        key = cache_key(url)
        entry = self._pages.get(key)
        if entry is None:
            return None
        stored_at, _, page = entry
        if self._clock() - stored_at >= self.ttl:
            self._drop(key)
            return None
        self._pages.move_to_end(key)
        return _hit(page, url)

    def put(self, page: Page) -> bool:
        """Keep a successful page (False, keeping nothing, for a failed one or one larger than
        the whole cache)."""
        if not page.ok:
            return False
        size = page_size(page)
        if size > self.max_bytes:
            return False
        key = cache_key(page.url)
        if key in self._pages:
            self._drop(key)
        self._pages[key] = (self._clock(), size, page)
        self._size += size
        while self._size > self.max_bytes:
            self._drop(next(iter(self._pages)))
        return True

    def _drop(self, key: str) -> None:
        _, size, _ = self._pages.pop(key)
        self._size -= size
