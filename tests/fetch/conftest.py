"""Shared helpers for the fetcher tests: a name table resolver and a local page server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.test_utils import TestServer

from bot.fetch import FetchSettings

LOCAL = "127.0.0.1"


class TableResolver(AbstractResolver):
    """Resolves names from a dict (no DNS); ``hang`` makes every lookup wait on an event."""

    def __init__(self, table: dict[str, list[str] | str], hang: asyncio.Event | None = None):
        self.table = {name: [ips] if isinstance(ips, str) else ips for name, ips in table.items()}
        self.hang = hang
        self.lookups: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.lookups.append(host)
        if self.hang is not None:
            await self.hang.wait()
        if host not in self.table:
            raise OSError(socket.EAI_NONAME, "Name or service not known")
        return [
            ResolveResult(
                hostname=host,
                host=ip,
                port=port,
                family=socket.AF_INET6 if ":" in ip else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for ip in self.table[host]
        ]

    async def close(self) -> None:
        return None


@dataclass
class PageServer:
    """A local aiohttp server; ``hits`` counts requests per path."""

    server: TestServer
    hits: dict[str, int] = field(default_factory=dict)

    @property
    def port(self) -> int:
        port = self.server.port
        assert port is not None
        return port

    def url(self, path: str, host: str = LOCAL) -> str:
        return f"http://{host}:{self.port}{path}"


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@pytest.fixture
async def serve(aiohttp_server):
    """``await serve({"/path": handler, ...})`` starts a server on 127.0.0.1 and counts hits."""

    async def start(routes: dict[str, Handler]) -> PageServer:
        hits: dict[str, int] = {}

        @web.middleware
        async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
            hits[request.path] = hits.get(request.path, 0) + 1
            return await handler(request)

        app = web.Application(middlewares=[count])
        for path, handler in routes.items():
            app.router.add_get(path, handler)
        server = await aiohttp_server(app, host=LOCAL)
        return PageServer(server, hits)

    return start


def html(body: str = "<h1>Hello</h1>", *, charset: str = "utf-8") -> Handler:
    """A handler answering with a small HTML page."""

    async def handler(request: web.Request) -> web.Response:
        page = f"<!doctype html><html><head><title>T</title></head><body>{body}</body></html>"
        return web.Response(
            body=page.encode(charset), headers={"Content-Type": f"text/html; charset={charset}"}
        )

    return handler


def redirect(location: str, status: int = 302) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=status, headers={"Location": location})

    return handler


def local_settings(**overrides) -> FetchSettings:
    """Settings that allow the local server (the only way to reach 127.0.0.1)."""
    values = {"allow_hosts": frozenset({LOCAL})}
    values.update(overrides)
    return FetchSettings(**values)
