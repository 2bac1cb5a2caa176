"""Is a response an HTML page?"""

from __future__ import annotations

import pytest

from bot.fetch.content import content_problem, meta_refresh, mime_type, refused_type


@pytest.mark.parametrize(
    ("header", "mime"),
    [
        ("text/html; charset=UTF-8", "text/html"),
        ("Text/HTML", "text/html"),
        ("  application/xhtml+xml ;q=1", "application/xhtml+xml"),
        ("", ""),
        (None, ""),
    ],
)
def test_mime_type(header, mime):
    assert mime_type(header) == mime


@pytest.mark.parametrize(
    "mime",
    [
        "image/png",
        "image/jpeg",
        "application/pdf",
        "video/mp4",
        "application/zip",
        "text/css",
        "application/json",
        "font/woff2",
    ],
)
def test_non_html_types_are_refused_unread(mime):
    reason = refused_type(mime)
    assert reason == f"not an HTML page (content type {mime})"


@pytest.mark.parametrize("mime", ["text/html", "application/xhtml+xml", "", "text/plain"])
def test_html_and_vague_types_are_read(mime):
    assert refused_type(mime) is None


@pytest.mark.parametrize(
    ("mime", "head", "expected"),
    [
        ("text/html", b"<!doctype html><html>", None),
        ("", b"\xef\xbb\xbf  <!DOCTYPE html>", None),
        ("", b"<!-- generated --><html lang=en>", None),
        ("application/octet-stream", b"<html><body>", None),
        ("text/plain", b"just some words", "does not look like HTML"),
        ("", b"%PDF-1.7\n", "PDF document"),
        ("text/html", b"\x89PNG\r\n\x1a\n....", "PNG image"),
        ("text/html", b"GIF89a....", "GIF image"),
        ("application/octet-stream", b"PK\x03\x04...", "ZIP"),
        ("text/html", b"ab\x00\x00cd\x00\x00ef", "binary file"),
        ("text/html", b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", None),  # UTF-16 with a BOM
    ],
)
def test_content_problem(mime, head, expected):
    problem = content_problem(mime, head)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '<meta http-equiv="refresh" content="0; url=https://a.example/x">',
            (0, "https://a.example/x"),
        ),
        ("<META HTTP-EQUIV='Refresh' CONTENT='0;URL=\"/b\"'>", (0, "/b")),
        ('<meta content="0; url=/d" http-equiv="refresh">', (0, "/d")),
        ('<meta http-equiv=refresh content="5,https://c.example/">', (5, "https://c.example/")),
        ('<meta http-equiv="refresh" content="0.5; url = \'/e\'">', (0, "/e")),
        ('<meta http-equiv="refresh" content="300">', None),  # a reload, no target
        ('<noscript><meta http-equiv="refresh" content="0; URL=/nojs"></noscript>', None),
        ('<meta charset="utf-8"><title>x</title>', None),
        ("<p>" + "x" * 40_000 + '<meta http-equiv="refresh" content="0; url=/late">', None),
        # the cheap first test runs on bytes: non-ASCII text and spaces must not hide the tag
        ('<title>Süddeutsche Zeitung — Ärger</title><meta http-equiv="refresh" content="0;url=/ü">',
         (0, "/ü")),
        ('<meta http-equiv\u00a0=\u3000"refresh" content="0; url=/nbsp">', (0, "/nbsp")),
        ('<meta HTTP-EQUIV = "REFRESH" content="0; url=/caps"> \U0001f600', (0, "/caps")),
        ('<meta http-equiv="X-UA-Compatible" content="IE=edge"><p>refresh ü</p>', None),
    ],
)  # fmt: skip
def test_meta_refresh(text, expected):
    assert meta_refresh(text) == expected
