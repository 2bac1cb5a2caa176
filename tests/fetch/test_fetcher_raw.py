"""Broken servers (raw TCP): malformed, cut-off or missing responses become one-line errors."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.fetch import Fetcher

from .conftest import LOCAL, html, local_settings


@pytest.fixture
async def raw_server() -> AsyncIterator:
    """``await raw_server(reply_bytes)`` answers every connection with exactly those bytes."""
    servers: list[asyncio.Server] = []

    async def start(reply: bytes, *, wait_for_request: bool = True) -> int:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if wait_for_request:
                await reader.readuntil(b"\r\n\r\n")
            writer.write(reply)
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(handle, LOCAL, 0)
        servers.append(server)
        return server.sockets[0].getsockname()[1]

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (b"HELLO THERE\r\n\r\n", "invalid HTTP response from 127.0.0.1"),
        (b"", "request to 127.0.0.1 failed (ServerDisconnectedError"),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html>",
            "the response from 127.0.0.1 was malformed or cut off",
        ),
        (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: 12\r\n\r\nnot gzip!!!!",
            "the response from 127.0.0.1 was malformed or cut off",
        ),
    ],
)
async def test_broken_responses(raw_server, reply, expected):
    port = await raw_server(reply)
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(f"http://{LOCAL}:{port}/")
    assert page.error is not None
    assert page.error.startswith(expected), page.error
    assert "\n" not in page.error
    assert page.text == ""


async def test_tls_to_a_plain_server_is_one_line(raw_server):
    # Plain HTTP bytes where the TLS handshake expects a ServerHello.
    reply = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
    port = await raw_server(reply, wait_for_request=False)
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(f"https://{LOCAL}:{port}/")
    assert page.error is not None
    assert page.error.startswith(f"TLS handshake with {LOCAL} failed"), page.error
    assert "\n" not in page.error
    assert len(page.error) <= 300


@pytest.fixture
def self_signed(tmp_path):
    """An SSL context with a throwaway self-signed certificate for 127.0.0.1 (needs openssl)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            f"/CN={LOCAL}",
            "-addext",
            f"subjectAltName=IP:{LOCAL}",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.mark.openssl
async def test_untrusted_certificate_is_one_line(aiohttp_server, self_signed):
    app = web.Application()
    app.router.add_get("/", html())
    server = await aiohttp_server(app, host=LOCAL, ssl=self_signed)
    async with Fetcher.open(local_settings()) as fetcher:
        page = await fetcher.fetch(f"https://{LOCAL}:{server.port}/")
    assert page.error is not None
    assert page.error.startswith(f"TLS certificate of {LOCAL} is not valid"), page.error
    assert "\n" not in page.error
