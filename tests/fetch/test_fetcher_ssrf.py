"""SSRF end to end: refused URLs, every redirect hop, DNS answers and the connected peer."""

from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web

from bot.fetch import (
    BlockedAddressError,
    Fetcher,
    FetchSettings,
    GuardedConnector,
    GuardedResolver,
    make_session,
)

from .conftest import LOCAL, TableResolver, html, local_settings, redirect
from .test_ssrf import REFUSED_URLS

PUBLIC = "public-news.example"  # a public-looking name the test resolver maps to 127.0.0.1


@pytest.mark.parametrize(("url", "expected"), REFUSED_URLS)
async def test_fetch_refuses_without_touching_the_network(url, expected):
    resolver = TableResolver({})
    async with Fetcher.open(FetchSettings(), resolver=resolver) as fetcher:
        page = await fetcher.fetch(url)
    assert page.error is not None
    assert page.error.startswith("refused: ")
    assert expected in page.error
    assert "\n" not in page.error
    assert page.text == ""
    assert resolver.lookups == []


@pytest.mark.parametrize(
    "url", ["http://user@127.0.0.1/", "file:///etc/passwd", "ftp://127.0.0.1/", "http://127.1/"]
)
async def test_allow_hosts_does_not_open_other_doors(serve, url):
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(url)
    assert page.error is not None
    assert page.error.startswith("refused: ")


async def test_local_server_is_refused_without_allow_hosts(serve):
    server = await serve({"/": html()})
    async with Fetcher.open(FetchSettings()) as fetcher:
        page = await fetcher.fetch(server.url("/"))
    assert page.error == "refused: 127.0.0.1 is a loopback address"
    assert server.hits == {}


async def test_public_name_resolving_to_loopback_is_refused(serve):
    """DNS rebinding: the URL looks public, the answer is 127.0.0.1."""
    server = await serve({"/": html()})
    resolver = TableResolver({PUBLIC: LOCAL})
    async with Fetcher.open(FetchSettings(), resolver=resolver) as fetcher:
        page = await fetcher.fetch(server.url("/", PUBLIC))
    assert page.error == f"refused: {PUBLIC} resolves to 127.0.0.1, a loopback address"
    assert server.hits == {}


async def test_mixed_dns_answer_is_refused():
    resolver = GuardedResolver(frozenset(), TableResolver({PUBLIC: ["93.184.216.34", "10.1.2.3"]}))
    with pytest.raises(BlockedAddressError) as info:
        await resolver.resolve(PUBLIC, 80)
    assert str(info.value) == f"{PUBLIC} resolves to 10.1.2.3, a private address"


async def test_guarded_resolver_passes_public_answers_and_allowed_hosts():
    inner = TableResolver({PUBLIC: "93.184.216.34", "allowed.example": LOCAL})
    resolver = GuardedResolver(frozenset({"allowed.example"}), inner)
    assert [r["host"] for r in await resolver.resolve(PUBLIC, 80)] == ["93.184.216.34"]
    assert [r["host"] for r in await resolver.resolve("allowed.example", 80)] == [LOCAL]


def to_loopback(path: str, status: int = 302):
    """Redirect to the same server through its loopback address: http://127.0.0.1:PORT/path."""

    async def handler(request: web.Request) -> web.Response:
        location = f"http://{LOCAL}:{request.url.port}{path}"
        return web.Response(status=status, headers={"Location": location})

    return handler


@pytest.mark.parametrize("status", [301, 302, 307])
async def test_redirect_from_a_public_name_to_loopback_is_refused(serve, status):
    """An allowed public-looking host redirects to http://127.0.0.1:PORT/: refused."""
    server = await serve({"/go": to_loopback("/secret", status), "/secret": html("internal")})
    resolver = TableResolver({PUBLIC: LOCAL})
    settings = FetchSettings(allow_hosts=frozenset({PUBLIC}))
    async with Fetcher.open(settings, resolver=resolver) as fetcher:
        page = await fetcher.fetch(server.url("/go", PUBLIC))
    target = server.url("/secret")
    assert page.error == f"refused redirect to {target}: 127.0.0.1 is a loopback address"
    assert page.redirects == [server.url("/go", PUBLIC)]
    assert page.final_url == server.url("/go", PUBLIC)
    assert server.hits == {"/go": 1}


async def test_redirect_to_another_name_resolving_to_loopback_is_refused(serve):
    async def hop(request: web.Request) -> web.Response:
        location = f"http://evil.example:{request.url.port}/secret"
        return web.Response(status=302, headers={"Location": location})

    server = await serve({"/go": hop, "/secret": html("internal")})
    resolver = TableResolver({PUBLIC: LOCAL, "evil.example": LOCAL})
    settings = FetchSettings(allow_hosts=frozenset({PUBLIC}))
    async with Fetcher.open(settings, resolver=resolver) as fetcher:
        page = await fetcher.fetch(server.url("/go", PUBLIC))
    assert page.error == "refused: evil.example resolves to 127.0.0.1, a loopback address"
    assert server.hits == {"/go": 1}


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("file:///etc/passwd", "scheme 'file'"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://2130706433/", "non-canonical IPv4"),
        ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
        ("http://user@example.com/", "user info"),
        ("gopher://127.0.0.1:25/", "scheme 'gopher'"),
    ],
)
async def test_every_redirect_hop_is_checked(serve, location, expected):
    server = await serve({"/a": redirect("/b"), "/b": redirect(location)})
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(server.url("/a"))
    assert page.error is not None
    assert page.error.startswith(f"refused redirect to {location}: ")
    assert expected in page.error
    assert page.redirects == [server.url("/a"), server.url("/b")]


async def test_connector_checks_the_connected_peer_before_sending(serve):
    """Even with a resolver that lets anything through, no request reaches a forbidden peer."""
    server = await serve({"/": html()})
    connector = GuardedConnector(frozenset(), resolver=TableResolver({PUBLIC: LOCAL}))
    async with aiohttp.ClientSession(connector=connector) as session:
        for url in (server.url("/", PUBLIC), server.url("/")):  # a name, then an IP literal
            with pytest.raises(BlockedAddressError) as info:
                await session.get(url)
            assert info.value.address == LOCAL
            assert info.value.reason == "a loopback address"
    assert server.hits == {}


async def test_connector_allows_listed_hosts(serve):
    server = await serve({"/": html()})
    connector = GuardedConnector(frozenset({LOCAL}))
    async with (
        aiohttp.ClientSession(connector=connector) as session,
        session.get(server.url("/")) as response,
    ):
        assert response.status == 200


async def test_fetcher_only_takes_guarded_sessions():
    async with aiohttp.ClientSession() as plain:
        with pytest.raises(TypeError, match="make_session"):
            Fetcher(plain)
    session = make_session(FetchSettings(allow_hosts=frozenset({LOCAL})))
    try:
        with pytest.raises(ValueError, match="allow_hosts"):
            Fetcher(session, FetchSettings())
        fetcher = Fetcher(session, FetchSettings(allow_hosts=frozenset({LOCAL})))
        await fetcher.close()  # a borrowed session is left open for its owner
        assert not session.closed
    finally:
        await session.close()


async def test_environment_proxy_is_ignored(serve, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://10.0.0.1:3128")
    monkeypatch.setenv("http_proxy", "http://10.0.0.1:3128")
    server = await serve({"/": html("<p>direct</p>")})
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(server.url("/"))
    assert page.ok, page.error
    assert server.hits == {"/": 1}


class ClosingSpy(TableResolver):
    def __init__(self) -> None:
        super().__init__({})
        self.closed = 0

    async def close(self) -> None:
        self.closed += 1


async def test_resolvers_are_closed_by_their_owner_only():
    passed_in = ClosingSpy()
    await GuardedResolver(frozenset(), passed_in).close()
    assert passed_in.closed == 0  # the caller owns it
    owned = ClosingSpy()
    connector = GuardedConnector(frozenset(), owned_resolver=owned)
    await connector.close()
    assert owned.closed == 1
