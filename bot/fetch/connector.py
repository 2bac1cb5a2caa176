"""aiohttp plumbing that enforces the SSRF rules where the network is actually touched.

:class:`GuardedResolver` refuses a host whose DNS answer contains a forbidden address (so no
socket is ever opened to it, which also defeats DNS rebinding between check and connect), and
:class:`GuardedConnector` re-checks the peer address of every connection it hands out — new or
pooled, IP literal or name — before a single request byte is sent. :func:`make_session` builds
the only kind of session :class:`bot.fetch.Fetcher` accepts.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.fetch.settings import FetchSettings
from bot.fetch.ssrf import forbidden_reason, normalize_allow_hosts, normalize_host

if TYPE_CHECKING:
    from aiohttp.client_reqrep import ClientRequest
    from aiohttp.connector import Connection
    from aiohttp.tracing import Trace

log = logging.getLogger(__name__)

#: News sites send long Content-Security-Policy and Set-Cookie headers; aiohttp's default
#: (8 KiB per field) would turn such pages into errors.
MAX_HEADER_FIELD_BYTES = 64 * 1024


class BlockedAddressError(aiohttp.ClientConnectionError):
    """A host resolved to, or a socket connected to, an address the fetcher must not reach."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(host, address, reason)
        self.host = host
        self.address = address
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.host} resolves to {self.address}, {self.reason}"


class GuardedResolver(AbstractResolver):
    """Wraps a resolver and refuses any answer that contains a forbidden address.

    One bad address poisons the whole answer: a name that mixes public and private addresses
    is either misconfigured or an attack, and a news site has no reason to do it.
    """

    def __init__(
        self, allow_hosts: Collection[str] = frozenset(), inner: AbstractResolver | None = None
    ) -> None:
        self._allow = normalize_allow_hosts(allow_hosts)
        self._owns_inner = inner is None
        self._inner = inner if inner is not None else aiohttp.DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        name = normalize_host(host)
        if name in self._allow:
            return results
        for result in results:
            why = forbidden_reason(result["host"])
            if why is not None:
                log.warning("refused DNS answer for %s: %s is %s", name, result["host"], why)
                raise BlockedAddressError(name, result["host"], why)
        return results

    async def close(self) -> None:
        """Close the inner resolver if this one created it (a passed-in one is its owner's)."""
        if self._owns_inner:
            await self._inner.close()


class GuardedConnector(aiohttp.TCPConnector):
    """A TCP connector that refuses connections whose peer address is forbidden.

    The check runs in :meth:`connect`, after the socket is open and before the request is
    written, so it covers IP literals (which skip the resolver), pooled connections and any
    resolver. Hosts in ``allow_hosts`` are exempt (tests only).
    """

    def __init__(
        self,
        allow_hosts: Collection[str] = frozenset(),
        *,
        owned_resolver: AbstractResolver | None = None,
        **kwargs: Any,
    ) -> None:
        """``owned_resolver`` is also passed as ``resolver`` and closed with the connector."""
        self._allow = normalize_allow_hosts(allow_hosts)
        self._owned_resolver = owned_resolver
        if owned_resolver is not None:
            kwargs["resolver"] = owned_resolver
        super().__init__(**kwargs)

    async def close(self, *args: Any, **kwargs: Any) -> None:
        await super().close(*args, **kwargs)
        if self._owned_resolver is not None:
            await self._owned_resolver.close()

    @property
    def allow_hosts(self) -> frozenset[str]:
        """Hosts exempt from the peer-address check."""
        return self._allow

    async def connect(
        self,
        req: ClientRequest,
        traces: list[Trace],
        timeout: aiohttp.ClientTimeout,  # noqa: ASYNC109 - aiohttp's signature
    ) -> Connection:
        conn = await super().connect(req, traces, timeout)
        host = normalize_host(req.url.raw_host or "")
        if host in self._allow:
            return conn
        transport = conn.transport
        peer = transport.get_extra_info("peername") if transport is not None else None
        address = str(peer[0]) if peer else ""
        why = forbidden_reason(address) if address else "an unknown peer address"
        if why is not None:
            conn.close()
            log.warning("refused connection to %s: peer %s is %s", host, address or "?", why)
            raise BlockedAddressError(host, address or "?", why)
        return conn


def make_session(
    settings: FetchSettings, *, resolver: AbstractResolver | None = None
) -> aiohttp.ClientSession:
    """A session whose DNS answers and peers are SSRF-checked; ``resolver`` is the inner one.

    Cookies are not kept between fetches (each fetch carries its own jar across redirects),
    proxies from the environment are ignored (a proxy would hide the real peer), header fields
    may be up to 64 KiB, and the per-host limit is enforced by the fetcher, not the connector.
    """
    connector = GuardedConnector(
        settings.allow_hosts,
        owned_resolver=GuardedResolver(settings.allow_hosts, resolver),
        limit=100,
        limit_per_host=0,
    )
    return aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        trust_env=False,
        headers={"User-Agent": settings.user_agent},
        max_field_size=MAX_HEADER_FIELD_BYTES,
    )
