"""Fetcher against a local server: pages, redirects, size cap, gzip, HTTP errors, charsets."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from aiohttp import web

from bot.fetch import DEFAULT_USER_AGENT, Fetcher

from .conftest import Handler, html, local_settings, redirect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch"


async def test_fetches_a_page_with_an_honest_user_agent(serve):
    seen: dict[str, str] = {}

    async def page(request: web.Request) -> web.Response:
        seen.update(request.headers)
        return await html("<h1>Ça marche</h1>")(request)

    server = await serve({"/a": page})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/a"))
    assert result.ok, result.error
    assert (result.status, result.content_type, result.encoding) == (200, "text/html", "utf-8")
    assert "<h1>Ça marche</h1>" in result.text
    assert result.final_url == server.url("/a")
    assert result.redirects == []
    assert result.truncated is False
    assert seen["User-Agent"] == DEFAULT_USER_AGENT
    assert "text/html" in seen["Accept"]


async def test_follows_a_chain_of_five_redirects(serve):
    routes = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(5)}
    routes["/r5"] = html("<h1>End</h1>")
    server = await serve(routes)
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/r0"))
    assert result.ok, result.error
    assert result.final_url == server.url("/r5")
    assert result.redirects == [server.url(f"/r{i}") for i in range(5)]
    assert "End" in result.text


async def test_six_redirects_are_too_many(serve):
    routes = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(6)}
    routes["/r6"] = html()
    server = await serve(routes)
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/r0"))
    assert result.error == "too many redirects (more than 5)"
    assert result.text == ""
    assert "/r6" not in server.hits  # the sixth target is never requested


async def test_redirect_limit_is_configurable(serve):
    server = await serve({"/a": redirect("/b"), "/b": html()})
    async with Fetcher.open(local_settings(max_redirects=0)) as fetcher:
        result = await fetcher.fetch(server.url("/a"))
    assert result.error == "too many redirects (more than 0)"


async def test_redirect_loop_is_detected(serve):
    server = await serve({"/a": redirect("/b", 301), "/b": redirect("/a", 308)})
    async with Fetcher.open(local_settings(max_redirects=20)) as fetcher:
        result = await fetcher.fetch(server.url("/a"))
    assert result.error == f"redirect loop: {server.url('/a')} was already visited"
    assert server.hits == {"/a": 1, "/b": 1}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_relative_and_absolute_redirects(serve, status):
    server = await serve(
        {"/x/a": redirect("b?page=2", status), "/x/b": redirect("/final", status), "/final": html()}
    )
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/x/a"))
    assert result.ok, result.error
    assert result.redirects == [server.url("/x/a"), server.url("/x/b?page=2")]
    assert result.final_url == server.url("/final")


async def test_cookie_check_redirect_back_to_the_article(serve):
    """/article -> /consent (sets a cookie) -> /article again, now with the cookie: not a loop."""

    async def consent(request: web.Request) -> web.Response:
        response = web.Response(status=302, headers={"Location": "/article"})
        response.set_cookie("consent", "yes")
        return response

    async def article(request: web.Request) -> web.Response:
        if request.cookies.get("consent") != "yes":
            return web.Response(status=302, headers={"Location": "/consent"})
        return await html("<h1>Article</h1>")(request)

    server = await serve({"/consent": consent, "/article": article})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/article"))
        assert result.ok, result.error
        assert "Article" in result.text
        assert result.redirects == [server.url("/article"), server.url("/consent")]
        # Cookies never leak from one fetch into the next: the check starts over.
        again = await fetcher.fetch(server.url("/article"))
    assert again.ok
    assert server.hits == {"/article": 4, "/consent": 2}


async def test_cookie_that_never_satisfies_the_server_still_ends_as_a_loop(serve):
    async def consent(request: web.Request) -> web.Response:
        response = web.Response(status=302, headers={"Location": "/article"})
        response.set_cookie("consent", "yes")
        return response

    server = await serve({"/consent": consent, "/article": redirect("/consent")})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/article"))
    assert result.error == f"redirect loop: {server.url('/article')} was already visited"
    assert server.hits == {"/article": 2, "/consent": 2}


async def test_size_cap_keeps_what_was_read(serve):
    body = b"<html><body>" + b"x" * 50_000 + b"</body></html>"

    async def big(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/html")

    server = await serve({"/big": big})
    async with Fetcher.open(local_settings(max_bytes=10_000)) as fetcher:
        result = await fetcher.fetch(server.url("/big"))
    assert result.ok, result.error
    assert result.truncated is True
    assert result.text == body[:10_000].decode()


async def test_size_cap_stops_an_endless_stream(serve):
    sent = {"bytes": 0}

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        await response.write(b"<html><body>")
        try:
            for _ in range(2000):  # 128 MB if nobody stops reading
                await response.write(b"y" * 65536)
                sent["bytes"] += 65536
        except (ConnectionResetError, ConnectionError):
            pass
        return response

    server = await serve({"/endless": endless})
    async with Fetcher.open(local_settings(max_bytes=200_000)) as fetcher:
        result = await fetcher.fetch(server.url("/endless"))
    assert result.ok, result.error
    assert result.truncated is True
    assert len(result.text) == 200_000


async def test_exact_size_is_not_truncated(serve):
    body = b"<p>" + b"z" * 997

    async def exact(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/html")

    server = await serve({"/exact": exact})
    async with Fetcher.open(local_settings(max_bytes=1000)) as fetcher:
        result = await fetcher.fetch(server.url("/exact"))
    assert (result.ok, result.truncated, len(result.text)) == (True, False, 1000)


async def test_gzip_is_decompressed(serve):
    page = "<html><body><h1>Компрессия</h1></body></html>"

    async def zipped(request: web.Request) -> web.Response:
        return web.Response(
            body=gzip.compress(page.encode()),
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        )

    server = await serve({"/gz": zipped})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/gz"))
    assert result.ok, result.error
    assert result.text == page


async def test_gzip_bomb_is_capped_after_decompression(serve):
    bomb = gzip.compress(b"<html>" + b" " * 20_000_000)  # ~20 kB on the wire

    async def zipped(request: web.Request) -> web.Response:
        return web.Response(
            body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
        )

    server = await serve({"/bomb": zipped})
    async with Fetcher.open(local_settings(max_bytes=1_000_000)) as fetcher:
        result = await fetcher.fetch(server.url("/bomb"))
    assert result.ok, result.error
    assert result.truncated is True
    assert len(result.text) == 1_000_000


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, "HTTP 404 Not Found"),
        (500, "HTTP 500 Internal Server Error"),
        (403, "HTTP 403 Forbidden"),
        (410, "HTTP 410 Gone"),
    ],
)
async def test_http_errors(serve, status, error):
    async def fail(request: web.Request) -> web.Response:
        return web.Response(status=status, text="<h1>nope</h1>", content_type="text/html")

    server = await serve({"/e": fail})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/e"))
    assert (result.status, result.error, result.text) == (status, error, "")


async def test_redirect_without_location_is_an_error(serve):
    async def odd(request: web.Request) -> web.Response:
        return web.Response(status=302)

    server = await serve({"/odd": odd})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/odd"))
    assert result.error == "HTTP 302 Found"


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "content type image/png"),
        ("application/pdf", b"%PDF-1.7\n", "content type application/pdf"),
        ("application/octet-stream", b"%PDF-1.7\n" + b"\x00" * 50, "PDF document"),
        ("text/html", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG image"),
        ("text/plain", b"Just a plain text file.", "does not look like HTML"),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42", "content type video/mp4"),
    ],
)
async def test_non_html_is_a_clear_error(serve, content_type, body, expected):
    async def binary(request: web.Request) -> web.Response:
        return web.Response(body=body, headers={"Content-Type": content_type})

    server = await serve({"/f": binary})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/f"))
    assert result.error is not None
    assert result.error.startswith("not an HTML page")
    assert expected in result.error
    assert result.text == ""


async def test_missing_content_type_is_sniffed(serve):
    async def bare(request: web.Request) -> web.Response:
        response = web.Response(body=b"<!DOCTYPE html><html><h1>Bare</h1></html>")
        response.headers.popall("Content-Type", None)
        return response

    server = await serve({"/bare": bare})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/bare"))
    assert result.ok, result.error
    assert "Bare" in result.text


async def test_empty_body_is_an_error(serve):
    async def empty(request: web.Request) -> web.Response:
        return web.Response(status=200, content_type="text/html")

    server = await serve({"/empty": empty})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/empty"))
    assert result.error == "HTTP 200: empty response"


def bytes_handler(name: str, content_type: str):
    async def handler(request: web.Request) -> web.Response:
        return web.Response(
            body=(FIXTURES / name).read_bytes(), headers={"Content-Type": content_type}
        )

    return handler


@pytest.mark.parametrize(
    ("name", "content_type", "expected", "encoding"),
    [
        ("latin1.html", "text/html; charset=ISO-8859-1", "Côte d'Ivoire : le président", "cp1252"),
        ("windows1252.html", "text/html", "“Record” turnout as euro hits €1.10", "cp1252"),
        ("windows1252.html", "text/html; charset=utf-8", "€1.10 – analysts", "cp1252"),
        ("shift_jis.html", "text/html", "東京で新しい政策が発表されました", "cp932"),
        ("shift_jis.html", "text/html; charset=Shift_JIS", "新しい経済政策", "cp932"),
        ("undeclared_cp1252.html", "text/html; charset=bogus-charset", "Straße", "cp1252"),
        ("utf8_bad_bytes.html", "text/html; charset=utf-8", "Zürich, Köln", "utf-8"),
    ],
)
async def test_charsets_over_http(serve, name, content_type, expected, encoding):
    server = await serve({"/p": bytes_handler(name, content_type)})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/p"))
    assert result.ok, result.error
    # handed out undecoded: the bytes as received and the header's charset, decoded on reading
    assert result.body == (FIXTURES / name).read_bytes()
    declared = content_type.partition("charset=")[2] or None
    assert result.charset == declared
    assert result._text is None
    assert expected in result.text
    assert result.encoding == encoding


def refresh_page(target: str, delay: int = 0, *, noscript: bool = False) -> Handler:
    tag = f'<meta http-equiv="refresh" content="{delay}; url={target}">'
    if noscript:
        tag = f"<noscript>{tag}</noscript>"
    return html_head(tag, "<p>Redirecting…</p>")


def html_head(head: str, body: str) -> Handler:
    async def handler(request: web.Request) -> web.Response:
        page = f"<html><head>{head}</head><body>{body}</body></html>"
        return web.Response(text=page, content_type="text/html")

    return handler


async def test_immediate_meta_refresh_is_followed_as_a_redirect(serve):
    server = await serve(
        {"/short": refresh_page("/r1"), "/r1": redirect("/article"), "/article": html("Story")}
    )
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(server.url("/short"))
    assert page.ok, page.error
    assert "Story" in page.text
    assert page.final_url == server.url("/article")
    assert page.redirects == [server.url("/short"), server.url("/r1")]


@pytest.mark.parametrize(
    "page_handler",
    [
        refresh_page("/article", delay=600),  # an auto-reload, not a redirect
        refresh_page("/article", noscript=True),  # meant for browsers without JavaScript
        refresh_page("/page"),  # refreshes to itself
        refresh_page("http://10.0.0.1:8080/article"),  # refused target
        refresh_page("file:///etc/passwd"),
    ],
)
async def test_meta_refresh_that_is_not_followed_keeps_the_page(serve, page_handler):
    server = await serve({"/page": page_handler, "/article": html("Story")})
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(server.url("/page"))
    assert page.ok, page.error
    assert "Redirecting" in page.text
    assert page.redirects == []
    assert server.hits == {"/page": 1}


async def test_meta_refresh_counts_towards_the_redirect_limit(serve):
    server = await serve({"/a": redirect("/b"), "/b": refresh_page("/c"), "/c": html("C")})
    async with Fetcher.open(local_settings(max_redirects=1)) as fetcher:
        page = await fetcher.fetch(server.url("/a"))
    assert page.ok, page.error
    assert "Redirecting" in page.text  # the refresh would be a second redirect: not followed
    assert page.final_url == server.url("/b")
    assert "/c" not in server.hits


async def test_redirect_location_with_raw_spaces_is_encoded(serve):
    server = await serve({"/old": redirect("/news/a story.html"), "/news/a story.html": html("S")})
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(server.url("/old"))
    assert page.ok, page.error
    assert server.hits.get("/news/a story.html") == 1


async def test_long_header_fields_are_accepted(serve):
    async def long_headers(request: web.Request) -> web.Response:
        policy = "default-src 'self'; " + " ".join(f"https://cdn{i}.example" for i in range(1500))
        return web.Response(
            text="<html><h1>CSP</h1></html>",
            content_type="text/html",
            headers={"Content-Security-Policy": policy},
        )

    server = await serve({"/csp": long_headers})
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(server.url("/csp"))
    assert page.ok, page.error


@pytest.mark.parametrize(
    ("codec", "content_type"),
    [
        ("cp932", "text/html; charset=Shift_JIS"),  # the full-width space is 0x81 0x40
        ("gb18030", "text/html; charset=gb18030"),
        ("utf-16", "text/html"),  # with a BOM: not searchable as bytes, decoded first
        ("iso2022_jp", "text/html; charset=iso-2022-jp"),
    ],
)
async def test_meta_refresh_is_found_in_any_charset(serve, codec, content_type):
    tag = '<meta http-equiv\u3000=\u3000"refresh" content="0; url=/article">'
    body = f"<html><head><title>速報</title>{tag}</head><body>転送中</body></html>"

    async def short(request: web.Request) -> web.Response:
        return web.Response(body=body.encode(codec), headers={"Content-Type": content_type})

    server = await serve({"/short": short, "/article": html("Story")})
    async with Fetcher.open(local_settings()) as fetcher:
        result = await fetcher.fetch(server.url("/short"))
    assert result.ok, result.error
    assert result.final_url == server.url("/article")
    assert result.redirects == [server.url("/short")]
