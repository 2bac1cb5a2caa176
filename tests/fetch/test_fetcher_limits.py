"""Timeouts and the per-host limit, made deterministic with events (no sleeps, no luck)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.fetch import Fetcher

from .conftest import LOCAL, TableResolver, html, local_settings


def stalled(gate: asyncio.Event, *, send_headers: bool = False):
    """A handler that waits for ``gate`` (set only when the test ends), optionally mid-body."""

    async def handler(request: web.Request) -> web.StreamResponse:
        if send_headers:
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            await response.prepare(request)
            await response.write(b"<html><body>first part")
            await gate.wait()
            return response
        await gate.wait()
        return web.Response(text="late", content_type="text/html")

    return handler


async def test_read_timeout_before_headers(serve):
    gate = asyncio.Event()
    server = await serve({"/slow": stalled(gate)})
    try:
        async with Fetcher.open(local_settings(read_timeout=0.2)) as fetcher:
            result = await fetcher.fetch(server.url("/slow"))
    finally:
        gate.set()
    assert result.error == f"timed out reading from {LOCAL} (no data for 0.2s)"


async def test_read_timeout_mid_body(serve):
    gate = asyncio.Event()
    server = await serve({"/slow": stalled(gate, send_headers=True)})
    try:
        async with Fetcher.open(local_settings(read_timeout=0.2)) as fetcher:
            result = await fetcher.fetch(server.url("/slow"))
    finally:
        gate.set()
    assert result.error == f"timed out reading from {LOCAL} (no data for 0.2s)"
    assert result.text == ""


async def test_total_timeout(serve):
    gate = asyncio.Event()
    server = await serve({"/slow": stalled(gate)})
    try:
        settings = local_settings(read_timeout=60, total_timeout=0.2)
        async with Fetcher.open(settings) as fetcher:
            result = await fetcher.fetch(server.url("/slow"))
    finally:
        gate.set()
    assert result.error == "timed out after 0.2s in total"


async def test_connect_timeout():
    # DNS that never answers is the part of connecting we can stall deterministically.
    hang = asyncio.Event()
    resolver = TableResolver({"stuck.example": LOCAL}, hang=hang)
    settings = local_settings(connect_timeout=0.2, allow_hosts=frozenset({"stuck.example"}))
    try:
        async with Fetcher.open(settings, resolver=resolver) as fetcher:
            result = await fetcher.fetch("http://stuck.example/")
    finally:
        hang.set()
    assert result.error == "timed out connecting to stuck.example (after 0.2s)"


async def test_connection_refused_is_one_line(unused_tcp_port):
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(f"http://{LOCAL}:{unused_tcp_port}/")
    assert result.error is not None
    assert result.error.startswith(f"could not connect to {LOCAL}")
    assert "\n" not in result.error


async def test_unknown_host_is_one_line():
    resolver = TableResolver({})
    async with Fetcher.open(local_settings(), resolver=resolver) as fetcher:
        result = await fetcher.fetch("http://missing.example/")
    assert result.error == "could not resolve missing.example (Name or service not known)"


async def wait_for(condition, rounds: int = 10_000) -> None:
    """Let other tasks run until ``condition()`` holds (bounded by rounds, not by time)."""
    for _ in range(rounds):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never became true")


async def test_per_host_limit(serve):
    gate = asyncio.Event()
    state = {"active": 0, "max": 0, "entered": 0}

    async def counted(request: web.Request) -> web.Response:
        state["active"] += 1
        state["entered"] += 1
        state["max"] = max(state["max"], state["active"])
        try:
            await gate.wait()
        finally:
            state["active"] -= 1
        return await html("<p>ok</p>")(request)

    server = await serve({"/c": counted})
    async with Fetcher.open(local_settings(per_host=2)) as fetcher:
        tasks = [asyncio.create_task(fetcher.fetch(server.url(f"/c?{i}"))) for i in range(5)]
        try:
            await wait_for(lambda: state["entered"] == 2 and fetcher.limiter.waiting(LOCAL) == 3)
            assert fetcher.limiter.in_use(LOCAL) == 2
        finally:
            gate.set()
        results = await asyncio.gather(*tasks)
    assert all(r.ok for r in results), [r.error for r in results]
    assert state == {"active": 0, "max": 2, "entered": 5}
    assert len(fetcher.limiter) == 0


async def test_busy_host_does_not_block_another(serve):
    gate = asyncio.Event()

    async def stuck(request: web.Request) -> web.Response:
        await gate.wait()
        return await html()(request)

    server = await serve({"/stuck": stuck, "/free": html("<p>free</p>")})
    resolver = TableResolver({"busy.example": LOCAL, "other.example": LOCAL})
    settings = local_settings(per_host=1, allow_hosts=frozenset({"busy.example", "other.example"}))
    async with Fetcher.open(settings, resolver=resolver) as fetcher:
        blocked = asyncio.create_task(fetcher.fetch(server.url("/stuck", "busy.example")))
        try:
            await wait_for(lambda: server.hits.get("/stuck") == 1)
            free = await fetcher.fetch(server.url("/free", "other.example"))
            assert free.ok, free.error
            assert not blocked.done()
        finally:
            gate.set()
        assert (await blocked).ok
