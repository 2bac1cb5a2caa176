"""Decoding saved pages: declared charset, BOM, UTF-8 fallback with replacement."""

from __future__ import annotations

import pytest

from bot.extract.encoding import declared_charset, decode_html


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        (b'<meta charset="utf-8">', "utf-8"),
        (b"<meta charset=ISO-8859-1>", "cp1252"),  # browsers read latin-1 labels as windows-1252
        (b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "shift_jis"),
        (b"\xef\xbb\xbf<html>", "utf-8-sig"),
        (b'<meta charset="no-such-codec">', None),
        (b"<html>", None),
    ],
)
def test_declared_charset(data, charset):
    assert declared_charset(data) == charset


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (
            '<meta charset="windows-1252"><p>caf\xe9 \x93quoted\x94</p>'.encode("latin-1"),
            "café “quoted”",
        ),
        ("<meta charset=koi8-r><p>привет</p>".encode("koi8-r"), "привет"),
        ("<p>grüße</p>".encode(), "grüße"),  # no declaration: UTF-8
        (b"<p>bad \xff\xfe utf-8</p>", "bad \ufffd\ufffd utf-8"),  # nothing lost, nothing raised
        (b'<meta charset="utf-16"><p>ascii really</p>', "ascii really"),  # a lying utf-16 label
        ("\ufeff<p>bom</p>".encode("utf-16"), "<p>bom</p>"),
    ],
)
def test_decode_html(data, text):
    assert text in decode_html(data)


def test_explicit_charset_wins():
    assert decode_html("é".encode("latin-1"), "latin-1") == "é"
    assert decode_html("é".encode(), "bogus") == "é"
