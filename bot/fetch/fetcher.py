"""Fetch an article page for the checker: SSRF-safe, bounded in time and size, never raising.

``Fetcher.fetch(url)`` returns a :class:`bot.models.Page`. Network, HTTP and SSRF problems are
not exceptions: the page comes back with ``error`` set to one line ("refused: 10.0.0.1 is a
private address", "HTTP 404 Not Found", "timed out after 20s in total"). Redirects are followed
by hand so that every hop is checked (see ``bot.fetch.ssrf``) and counted: ``Page.redirects``
lists every URL that answered with a redirect (or an immediate meta refresh), the requested one
first, and ``final_url`` is the URL the page (or the error) finally came from.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin

import aiohttp
from aiohttp.abc import AbstractResolver
from multidict import CIMultiDict
from yarl import URL

from bot.fetch.cache import PageCache, cache_key
from bot.fetch.connector import BlockedAddressError, GuardedConnector, make_session
from bot.fetch.content import body_refresh, content_problem, mime_type, refused_type
from bot.fetch.limiter import HostLimiter
from bot.fetch.settings import FetchSettings
from bot.fetch.ssrf import check_url, normalize_host
from bot.models import Page

log = logging.getLogger(__name__)


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
#: Most bytes taken from the response stream at a time: whatever has arrived, in one piece
#: (smaller pieces would be cut from it and joined again).
CHUNK_BYTES = 1024 * 1024
#: A ``<meta http-equiv="refresh">`` with at most this delay (seconds) is followed as a redirect.
MAX_REFRESH_DELAY = 5
MAX_ERROR_CHARS = 300


class FetchError(Exception):
    """One failed request; becomes ``Page.error`` (never escapes :meth:`Fetcher.fetch`)."""

    def __init__(self, message: str, *, status: int = 0, content_type: str = "") -> None:
        super().__init__(one_line(message))
        self.status = status
        self.content_type = content_type


@dataclass
class _Visit:
    """What one fetch carries across its redirect hops."""

    time_left: float  # seconds of the total timeout not yet spent
    jar: aiohttp.CookieJar | None = None  # cookies set along this fetch's redirects only
    seen: set[tuple[str, frozenset[tuple[str, str]]]] = field(default_factory=set)

    def key(self, url: str) -> tuple[str, frozenset[tuple[str, str]]]:
        """A URL together with the cookies it would be requested with (for loop detection)."""
        return cache_key(url), self.cookie_state()

    def cookie_state(self) -> frozenset[tuple[str, str]]:
        return (
            frozenset((c.key, c.value) for c in self.jar) if self.jar is not None else frozenset()
        )


@dataclass
class _Redirect:
    status: int
    target: str


@dataclass
class _Body:
    status: int
    content_type: str
    data: bytes  # as received: decoded by whoever reads the page (a check worker)
    charset: str | None  # from the Content-Type header
    truncated: bool


def one_line(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """Collapse whitespace and cap the length, so an error fits one log/CLI line."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class Fetcher:
    """Fetches pages with one guarded aiohttp session; see the module docstring.

    ``session`` must come from :func:`bot.fetch.make_session` (it carries the SSRF-checking
    resolver and connector); with ``None`` the fetcher makes its own on first use and
    :meth:`close` closes it. ``resolver`` (tests) is the inner resolver of that own session.
    ``cache`` (a :class:`PageCache`, in memory) answers a URL fetched again within its TTL.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        settings: FetchSettings | None = None,
        cache: PageCache | None = None,
        *,
        resolver: AbstractResolver | None = None,
    ) -> None:
        self.settings = settings if settings is not None else FetchSettings()
        if session is not None:
            connector = session.connector
            if not isinstance(connector, GuardedConnector):
                raise TypeError("Fetcher needs a session made by bot.fetch.make_session()")
            if connector.allow_hosts != self.settings.allow_hosts:
                raise ValueError("the session's allow_hosts differ from the fetcher settings")
        self.cache = cache
        self.limiter = HostLimiter(self.settings.per_host)
        self._session = session
        self._owns_session = session is None
        self._resolver = resolver
        # The same for every request: built once, not per hop.
        settings = self.settings
        self._timeout = aiohttp.ClientTimeout(
            total=None,
            connect=settings.connect_timeout,
            sock_connect=settings.connect_timeout,
            sock_read=settings.read_timeout,
        )
        self._headers = CIMultiDict(
            {
                "User-Agent": settings.user_agent,
                "Accept": ACCEPT,
                "Accept-Language": "en;q=0.9, *;q=0.5",
            }
        )

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        settings: FetchSettings | None = None,
        cache: PageCache | None = None,
        *,
        resolver: AbstractResolver | None = None,
    ) -> AsyncIterator[Fetcher]:
        """``async with Fetcher.open(settings, cache) as fetcher:`` owns and closes a session."""
        fetcher = cls(None, settings, cache, resolver=resolver)
        try:
            yield fetcher
        finally:
            await fetcher.close()

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = make_session(self.settings, resolver=self._resolver)
        return self._session

    async def fetch(self, url: str) -> Page:
        """The page at ``url`` (from the cache when fresh); problems are in ``Page.error``."""
        reason = check_url(url, self.settings.allow_hosts)
        if reason is not None:
            log.info("refused %s: %s", one_line(url, 200), reason)
            return Page(url=url, final_url=url, error=one_line(f"refused: {reason}"))
        if self.cache is not None:
            cached = self.cache.get(url)
            if cached is not None:
                return cached
        page = await self._follow(url)
        if page.ok and self.cache is not None:
            self.cache.put(page)
        log.debug("fetched %s -> %s (%s)", url, page.final_url, page.error or page.status)
        return page

    async def _follow(self, url: str) -> Page:
        """Request ``url`` and follow up to ``max_redirects`` redirects, checking each hop.

        A URL may be visited again only if cookies changed in between (a consent or
        cookie-check redirect back to the article); otherwise it is a redirect loop. An
        immediate ``<meta http-equiv="refresh">`` counts as a redirect, but one that cannot
        be followed (refused, a loop, over the limit) just leaves the page as it is.
        """
        limit = self.settings.max_redirects
        visit = _Visit(time_left=float(self.settings.total_timeout))
        history: list[str] = []
        current = url
        for hop in range(limit + 1):
            visit.seen.add(visit.key(current))
            try:
                result = await self._hop(current, visit)
            except FetchError as exc:
                return Page(
                    url=url,
                    final_url=current,
                    status=exc.status,
                    content_type=exc.content_type,
                    redirects=history,
                    error=str(exc),
                )
            if isinstance(result, _Redirect):
                error = self._redirect_problem(result.target, visit, at_limit=hop == limit)
                if error is not None:
                    history.append(current)
                    return Page(
                        url=url,
                        final_url=current,
                        status=result.status,
                        redirects=history,
                        error=one_line(error),
                    )
                target = result.target
            else:
                refresh = self._refresh_target(current, result, visit, at_limit=hop == limit)
                if refresh is None:
                    return Page(
                        url=url,
                        final_url=current,
                        status=result.status,
                        content_type=result.content_type,
                        redirects=history,
                        truncated=result.truncated,
                        body=result.data,
                        charset=result.charset,
                    )
                target = refresh
            history.append(current)
            current = target
        raise AssertionError("unreachable: the loop returns on its last hop")

    def _redirect_problem(self, target: str, visit: _Visit, *, at_limit: bool) -> str | None:
        """Why an HTTP redirect to ``target`` must not be followed, or None."""
        reason = check_url(target, self.settings.allow_hosts)
        if reason is not None:
            return f"refused redirect to {target}: {reason}"
        if visit.key(target) in visit.seen:
            return f"redirect loop: {target} was already visited"
        if at_limit:
            return f"too many redirects (more than {self.settings.max_redirects})"
        return None

    def _refresh_target(
        self, current: str, body: _Body, visit: _Visit, *, at_limit: bool
    ) -> str | None:
        """The URL an immediate meta refresh sends the reader to, if it may be followed."""
        refresh = body_refresh(body.data, body.charset)
        if refresh is None or refresh[0] > MAX_REFRESH_DELAY:
            return None
        target = urljoin(current, refresh[1])
        problem = self._redirect_problem(target, visit, at_limit=at_limit)
        if problem is not None:
            log.info("not following the meta refresh of %s: %s", current, problem)
            return None
        return target

    async def _hop(self, url: str, visit: _Visit) -> _Redirect | _Body:
        """One request, within one per-host slot and the fetch's remaining time budget."""
        target = URL(url)  # check_url has parsed it already: no ValueError here
        host = normalize_host(target.raw_host or "")
        async with self.limiter.slot(host):
            if visit.time_left <= 0:
                raise FetchError(f"timed out after {self.settings.total_timeout:g}s in total")
            loop = asyncio.get_running_loop()
            started = loop.time()
            try:
                async with asyncio.timeout(visit.time_left):
                    return await self._exchange(target, host, visit)
            except TimeoutError as exc:
                raise FetchError(self._timeout_message(exc, host)) from exc
            finally:
                visit.time_left -= loop.time() - started

    def _timeout_message(self, exc: TimeoutError, host: str) -> str:
        settings = self.settings
        if isinstance(exc, aiohttp.ConnectionTimeoutError):
            return f"timed out connecting to {host} (after {settings.connect_timeout:g}s)"
        if isinstance(exc, aiohttp.SocketTimeoutError):
            return f"timed out reading from {host} (no data for {settings.read_timeout:g}s)"
        return f"timed out after {settings.total_timeout:g}s in total"

    async def _exchange(self, url: URL, host: str, visit: _Visit) -> _Redirect | _Body:
        """Send the request and read the answer; network errors become :class:`FetchError`."""
        cookies = visit.jar.filter_cookies(url) if visit.jar is not None else None
        try:
            async with self._get_session().get(
                url,
                headers=self._headers,
                cookies=cookies,
                timeout=self._timeout,
                allow_redirects=False,
            ) as resp:
                if resp.cookies:
                    if visit.jar is None:
                        visit.jar = aiohttp.CookieJar(unsafe=True)
                    visit.jar.update_cookies(resp.cookies, resp.url)
                return await self._read(url, resp)
        except BlockedAddressError as exc:
            raise FetchError(f"refused: {exc}") from exc
        except aiohttp.ClientConnectorDNSError as exc:
            raise FetchError(f"could not resolve {host} ({exc.os_error.strerror or exc})") from exc
        except aiohttp.ClientConnectorCertificateError as exc:
            raise FetchError(f"TLS certificate of {host} is not valid ({exc})") from exc
        except aiohttp.ClientConnectorSSLError as exc:
            raise FetchError(f"TLS handshake with {host} failed ({exc.os_error})") from exc
        except aiohttp.ClientConnectorError as exc:
            raise FetchError(
                f"could not connect to {host} ({exc.os_error.strerror or exc})"
            ) from exc
        except aiohttp.ClientPayloadError as exc:
            raise FetchError(f"the response from {host} was malformed or cut off ({exc})") from exc
        except aiohttp.ClientResponseError as exc:
            raise FetchError(f"invalid HTTP response from {host} ({exc.message})") from exc
        except (aiohttp.ServerTimeoutError, TimeoutError):
            raise
        except aiohttp.ClientError as exc:
            raise FetchError(f"request to {host} failed ({type(exc).__name__}: {exc})") from exc
        except (ValueError, UnicodeError) as exc:
            raise FetchError(f"malformed URL ({exc})") from exc
        except OSError as exc:
            raise FetchError(f"network error talking to {host} ({exc})") from exc

    async def _read(self, url: URL, resp: aiohttp.ClientResponse) -> _Redirect | _Body:
        status = resp.status
        location = resp.headers.get("Location", "").strip()
        if status in REDIRECT_STATUSES and location:
            return _Redirect(status, urljoin(str(resp.url), location))
        mime = mime_type(resp.headers.get("Content-Type"))
        if not 200 <= status < 300:
            raise FetchError(
                f"HTTP {status} {resp.reason or ''}".strip(), status=status, content_type=mime
            )
        refused = refused_type(mime)
        if refused is not None:
            raise FetchError(refused, status=status, content_type=mime)
        body, truncated = await self._read_capped(resp)
        if not body:
            raise FetchError(f"HTTP {status}: empty response", status=status, content_type=mime)
        problem = content_problem(mime, body)
        if problem is not None:
            raise FetchError(problem, status=status, content_type=mime)
        if truncated:
            log.info("%s is larger than %d bytes; kept the first part", url, len(body))
        return _Body(status, mime or "text/html", body, resp.charset, truncated)

    async def _read_capped(self, resp: aiohttp.ClientResponse) -> tuple[bytes, bool]:
        """Read the (decompressed) body up to ``max_bytes``; True if there was more."""
        cap = self.settings.max_bytes
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.content.iter_chunked(CHUNK_BYTES):
            if size + len(chunk) > cap:
                chunks.append(chunk[: cap - size])
                return b"".join(chunks), True
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), False
