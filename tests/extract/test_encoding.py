"""``decode_html``: the fetcher's charset rules (tested in tests/fetch), returning text."""

from __future__ import annotations

import pytest

from bot.extract import decode_html


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (
            b'<meta charset="windows-1252"><p>caf\xe9 \x93quoted\x94</p>',
            "café “quoted”",
        ),
        ("<meta charset=koi8-r><p>привет</p>".encode("koi8-r"), "привет"),
        ("<p>grüße</p>".encode(), "grüße"),
        ("\ufeff<p>bom</p>".encode("utf-16"), "<p>bom</p>"),
        (b"", ""),
    ],
)
def test_decode_html(data, text):
    assert text in decode_html(data)


def test_header_charset_is_used():
    assert decode_html("<p>é</p>".encode("latin-1"), "iso-8859-1") == "<p>é</p>"


def test_undecodable_bytes_are_replaced_not_raised():
    text = decode_html(b"<p>" + bytes(range(256)) * 4 + b"</p>")
    assert text.startswith("<p>")
    assert text.endswith("</p>")
