"""Charset decoding: BOM, HTTP header, meta, detection, and bad bytes that must not crash."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from bot.fetch.decode import declared_in_document, decode_html, python_codec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize(
    ("label", "in_document", "expected"),
    [
        ("utf-8", False, "utf-8"),
        ("UTF8", False, "utf-8"),
        ('"utf-8"', False, "utf-8"),
        ("iso-8859-1", False, "cp1252"),  # WHATWG: latin-1 labels mean windows-1252
        ("latin1", False, "cp1252"),
        ("us-ascii", False, "cp1252"),
        ("windows-1252", False, "cp1252"),
        ("Shift_JIS", False, "cp932"),
        ("x-sjis", False, "cp932"),
        ("euc-kr", False, "cp949"),
        ("gb2312", False, "gb18030"),
        ("koi8-r", False, "koi8-r"),
        ("utf-16", False, "utf-16-le"),  # WHATWG: no BOM means little-endian
        ("utf-16", True, "utf-8"),  # a page cannot declare UTF-16 inside itself
        ("nonsense", False, None),
        ("base64", False, None),  # bytes-to-bytes codec
        ("rot13", False, None),  # str-to-str codec
        ("unicode_escape", False, None),
        ("utf-7", False, None),
        ("x-user-defined", False, None),
        ("", False, None),
        (None, False, None),
        ("utf-8; q=1", False, None),
    ],
)
def test_python_codec(label, in_document, expected):
    assert python_codec(label, in_document=in_document) == expected


@pytest.mark.parametrize(
    ("head", "label"),
    [
        (b'<meta charset="windows-1252">', "windows-1252"),
        (b"<META CHARSET=Shift_JIS>", "Shift_JIS"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "ISO-8859-1"),
        (b"<?xml version='1.0' encoding='euc-jp'?><html>", "euc-jp"),
        (b"<html><head><title>none</title>", None),
    ],
)
def test_declared_in_document(head, label):
    assert declared_in_document(head) == label


def test_header_charset_decides_latin1():
    decoded = decode_html(fixture("latin1.html"), "iso-8859-1")
    assert decoded.source == "header"
    assert decoded.encoding == "cp1252"
    assert "Élections en Côte d'Ivoire : le président sortant réélu" in decoded.text


def test_meta_charset_decides_windows_1252():
    decoded = decode_html(fixture("windows1252.html"))
    assert decoded.source == "meta"
    assert "“Record” turnout as euro hits €1.10 – analysts" in decoded.text


def test_http_equiv_decides_shift_jis():
    decoded = decode_html(fixture("shift_jis.html"))
    assert decoded.source == "meta"
    assert decoded.encoding == "cp932"
    assert "東京で新しい政策が発表されました" in decoded.text


def test_header_beats_meta():
    body = '<meta charset="shift_jis"><p>café</p>'.encode("cp1252")
    decoded = decode_html(body, "windows-1252")
    assert decoded.source == "header"
    assert "café" in decoded.text


def test_undeclared_page_is_detected():
    decoded = decode_html(fixture("undeclared_cp1252.html"))
    assert decoded.source == "detected"
    assert decoded.encoding == "cp1252"
    assert "Der Bürgermeister äußerte sich über die Straße" in decoded.text


def test_undeclared_shift_jis_is_detected():
    decoded = decode_html(fixture("shift_jis.html").replace(b"Shift_JIS", b"x"))
    assert decoded.source == "detected"
    assert "東京で新しい政策が発表されました" in decoded.text


def test_bogus_header_charset_falls_through_to_detection():
    decoded = decode_html(fixture("undeclared_cp1252.html"), "foobar-9")
    assert decoded.source == "detected"
    assert "Straße" in decoded.text


def test_header_that_does_not_fit_the_bytes_falls_through_to_meta():
    # The classic misconfiguration: the server says UTF-8, the page is windows-1252.
    decoded = decode_html(fixture("windows1252.html"), "utf-8")
    assert decoded.source == "meta"
    assert "€1.10" in decoded.text


def test_utf8_page_with_stray_bytes_stays_utf8():
    decoded = decode_html(fixture("utf8_bad_bytes.html"))
    assert decoded.encoding == "utf-8"
    assert decoded.source == "meta"
    assert "Café news" in decoded.text
    assert "ok – Zürich, Köln, São Paulo" in decoded.text
    assert "\ufffd" in decoded.text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_wins(bom, codec):
    body = bom + '<meta charset="iso-8859-1"><p>Zürich – “Ω”</p>'.encode(codec)
    decoded = decode_html(body, "iso-8859-1")
    assert decoded.source == "bom"
    assert decoded.text.startswith("<meta")
    assert "Zürich – “Ω”" in decoded.text


def test_truncated_multibyte_character_at_the_end_is_not_a_misfit():
    body = "<p>日本語</p>".encode()[:-6]  # cut inside a character
    decoded = decode_html(body, "utf-8")
    assert decoded.source == "header"
    assert decoded.text.startswith("<p>日本")


def test_empty_body():
    assert decode_html(b"").text == ""


def test_detection_prefers_utf8_when_valid():
    decoded = decode_html("Ünïcödé".encode())
    assert (decoded.text, decoded.encoding, decoded.source) == ("Ünïcödé", "utf-8", "detected")


def test_undeclared_utf8_cut_inside_a_character_is_still_utf8():
    body = "<p>日本語</p>".encode()[:-6]  # no declaration, cut inside a character
    decoded = decode_html(body)
    assert (decoded.encoding, decoded.source) == ("utf-8", "detected")
    assert decoded.text.startswith("<p>日本")


def test_random_bytes_never_crash():
    rng = random.Random(1234)
    labels = [None, "utf-8", "shift_jis", "utf-16", "nonsense", "iso-2022-jp", "gb18030"]
    for size in (1, 2, 3, 17, 512, 5000):
        for label in labels:
            body = bytes(rng.randrange(256) for _ in range(size))
            decoded = decode_html(body, label)
            assert isinstance(decoded.text, str)
            assert decoded.encoding
