"""The meta-refresh test on undecoded bytes says no only where the exact scan of the text does.

``body_refresh(body, charset)`` must equal ``meta_refresh(decode_html(body, charset).text)`` for
every input; it skips decoding only for ASCII-transparent codecs (``bot.fetch.decode``), whose
promise is checked here byte by byte, and only when the byte test says no.
"""

from __future__ import annotations

import codecs
import gzip
import json
import random
import re
import sys
from pathlib import Path

import pytest

from bot.fetch.content import (
    REFRESH_PRESCAN_CHARS,
    body_refresh,
    may_refresh,
    meta_refresh,
    refresh_window,
    scan_refresh,
)
from bot.fetch.decode import (
    ASCII_TRANSPARENT,
    WEB_ENCODINGS,
    ascii_transparent,
    decode_html,
    python_codec,
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
#: Every character the exact scan's ``\s`` matches (ASCII and Unicode spaces).
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
#: Bytes the byte test lets stand for a space (see ``bot.fetch.content._GAP``).
GAP_BYTES = frozenset(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f 0123456789@") | frozenset(range(0x80, 256))
MULTIBYTE = ("utf-8", "utf-8-sig", "gb18030", "big5", "big5hkscs", "cp932", "euc_jp", "cp949")


@pytest.mark.parametrize("codec", sorted(ASCII_TRANSPARENT))
def test_ascii_bytes_are_themselves(codec: str) -> None:
    ascii_bytes = bytes(range(128))
    assert ascii_bytes.decode(codec) == ascii_bytes.decode("ascii")


@pytest.mark.parametrize("codec", sorted(ASCII_TRANSPARENT))
def test_no_other_bytes_decode_to_ascii(codec: str) -> None:
    """A character from bytes starting >= 0x80 is never ASCII; a trail byte that the decoder
    does not take stays itself, after the replaced lead byte."""
    for lead in range(0x80, 0x100):
        for trail in range(0x100) if codec in MULTIBYTE else (None,):
            data = bytes([lead]) if trail is None else bytes([lead, trail])
            text = data.decode(codec, errors="replace")
            ascii_chars = [c for c in text if c.isascii()]
            if ascii_chars:
                assert trail is not None, (codec, data, text)
                assert ascii_chars == [chr(trail)], (codec, data, text)
                assert text.endswith(chr(trail)), (codec, data, text)


@pytest.mark.parametrize("codec", sorted(ASCII_TRANSPARENT))
def test_spaces_are_encoded_with_gap_bytes(codec: str) -> None:
    for space in SPACES:
        try:
            data = space.encode(codec.removesuffix("-sig"))
        except UnicodeEncodeError:
            continue
        assert set(data) <= GAP_BYTES, (codec, hex(ord(space)), data)
        assert 1 <= len(data) <= 4


def test_detection_guesses_only_transparent_codecs_or_iso2022() -> None:
    guesses = {python_codec(name) for name in WEB_ENCODINGS}
    assert guesses - ASCII_TRANSPARENT == {"iso2022_jp"}


@pytest.mark.parametrize(
    ("body", "charset", "expected"),
    [
        (b"<p>plain</p>", None, True),
        (b"<p>plain</p>", "utf-8", True),
        (codecs.BOM_UTF8 + b"<p>x</p>", None, True),
        (codecs.BOM_UTF16_LE + "<p>x</p>".encode("utf-16-le"), None, False),
        (codecs.BOM_UTF16_BE + "<p>x</p>".encode("utf-16-be"), "utf-8", False),
        (b"<p>x</p>", "utf-16", False),
        (b"<p>x</p>", "cp500", False),  # EBCDIC
        (b"<p>x</p>", "hz-gb-2312", False),
        (b"<p>x</p>", "bogus-charset", True),  # ignored by decode_html too
        (b'<meta charset="iso-2022-jp"><p>x</p>', None, False),
        (b'<meta charset="shift_jis"><p>x</p>', None, True),
        (b"<p>\x1b$B$3$s\x1b(B</p>", None, False),  # ISO-2022-JP could be detected
    ],
)
def test_ascii_transparent(body: bytes, charset: str | None, expected: bool) -> None:
    assert ascii_transparent(body, charset) is expected


REFRESH = '<meta http-equiv{0}={0}"{0}Refresh" content="0; url=/next">'


def page(head: str, codec: str, *, bom: bytes = b"", filler: str = "") -> bytes:
    text = f"<html><head><title>Tëst — 新聞</title>{filler}{head}</head><body>ü</body></html>"
    return bom + text.encode(codec, errors="replace")


CASES = [  # (body, header charset, whether the page has a refresh to follow)
    (page(REFRESH.format(""), "utf-8"), None, True),
    (page(REFRESH.format(" \t"), "utf-8"), "utf-8", True),
    (page(REFRESH.format("\u3000"), "utf-8"), None, True),
    (page(REFRESH.format("\u3000"), "cp932"), "shift_jis", True),
    (page(REFRESH.format("\u3000"), "big5"), "big5", True),
    (page(REFRESH.format("\u2003"), "gb18030"), "gb18030", True),
    (page(REFRESH.format("\u00a0"), "gb18030"), "gbk", True),
    (page(REFRESH.format("\u00a0"), "cp1252"), "iso-8859-1", True),
    (page(REFRESH.format("\x1c"), "cp1252"), None, True),
    (page(REFRESH.format("\u3000"), "euc_jp"), "euc-jp", True),
    (page(REFRESH.format(" "), "utf-16-le", bom=codecs.BOM_UTF16_LE), None, True),
    (page(REFRESH.format(" "), "utf-16-le"), "utf-16", True),
    (page(REFRESH.format("\u3000"), "iso2022_jp"), "iso-2022-jp", True),
    (page(REFRESH.format(""), "utf-8", bom=codecs.BOM_UTF8), None, True),
    (page(REFRESH.format(""), "utf-8").replace(b"equiv", b"eq\x1b(Buiv"), None, False),
    (page('<meta http-equiv="refresh" content="300">', "utf-8"), None, False),  # a reload
    (page('<meta http-equiv="X-UA-Compatible" content="IE=edge">', "utf-8"), None, False),
    (page("<p>no refresh here</p>", "cp932"), "shift_jis", False),
    (page(REFRESH.format(""), "utf-8", filler="é" * (REFRESH_PRESCAN_CHARS - 100)), None, True),
    (page(REFRESH.format(""), "utf-8", filler="é" * REFRESH_PRESCAN_CHARS), None, False),
    (page(REFRESH.format(""), "utf-8", filler="x" * (REFRESH_PRESCAN_CHARS - 100)), None, True),
    (page(REFRESH.format(""), "utf-8", filler="x" * REFRESH_PRESCAN_CHARS), None, False),
    (
        page(REFRESH.format(""), "gb18030", filler="\u2003" * (REFRESH_PRESCAN_CHARS - 100)),
        None,
        True,
    ),
    # mostly UTF-8 with bad bytes (replaced), and the same page cut inside a character
    (
        page(REFRESH.format("\u00a0"), "utf-8", filler="€\x00" * 50).replace(b"\x00", b"\xc3("),
        "utf-8",
        True,
    ),
    (page(REFRESH.format(""), "utf-8", filler="€" * 10)[:-1] + "€".encode()[:2], None, True),
    (b"<meta http-equiv=" + b" " * 200_000 + b"refresh>", None, False),  # a pass, not n**2
]


def exact(body: bytes, charset: str | None) -> tuple[int, str] | None:
    """The refresh the exact scan finds in the decoded page, without any first test."""
    return scan_refresh(decode_html(body, charset).text[:REFRESH_PRESCAN_CHARS])


@pytest.mark.parametrize(("body", "charset", "found"), CASES)
def test_body_refresh_is_the_exact_scan_of_the_text(
    body: bytes, charset: str | None, found: bool
) -> None:
    want = exact(body, charset)
    assert (want is not None) is found
    assert body_refresh(body, charset) == want
    assert meta_refresh(decode_html(body, charset).text) == want


def test_the_byte_test_finds_refreshes_it_must() -> None:
    """Where the exact scan finds a refresh in a transparent page, so does the byte test."""
    for body, charset, _ in CASES:
        found = exact(body, charset)
        if found is not None and ascii_transparent(body, charset):
            assert may_refresh(refresh_window(body)), (body[:120], charset)


def test_refresh_window_holds_the_scanned_characters() -> None:
    ascii_page = b"x" * 100_000
    assert refresh_window(ascii_page) == ascii_page[:REFRESH_PRESCAN_CHARS]
    wide = "€".encode() * REFRESH_PRESCAN_CHARS  # three bytes each
    assert len(refresh_window(wide)) >= 3 * REFRESH_PRESCAN_CHARS


@pytest.mark.corpus
def test_corpus_pages_agree() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    checked = 0
    with (CORPUS / "news.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            with gzip.open(CORPUS / item["page"], "rb") as fh:
                raw = fh.read()
            for charset in (None, "utf-8", "windows-1252"):
                assert body_refresh(raw, charset) == exact(raw, charset), (item["id"], charset)
            checked += 1
    assert checked > 100


def random_page(codec: str, seed: int) -> bytes:
    """About 150 KB of text in ``codec`` (every kind of character it has, in runs of ASCII and
    of others), with a few stray bytes >= 0x80 the decoder has to replace."""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in range(0x20, 0x3100) if c != 0x7F]
    pieces: list[bytes] = []
    size = 0
    while size < 150_000:
        if rng.random() < 0.5:
            piece = "".join(
                rng.choice("<meta a=b> xyz") for _ in range(rng.randint(1, 60))
            ).encode()
        else:
            text = "".join(rng.choices(alphabet, k=rng.randint(1, 40)))
            piece = text.encode(codec.removesuffix("-sig"), errors="ignore")
            if rng.random() < 0.1:
                piece += bytes([rng.randint(0x80, 0xFF)])
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces)


@pytest.mark.parametrize("codec", sorted(ASCII_TRANSPARENT))
def test_refresh_window_holds_the_first_characters_in_every_codec(codec: str) -> None:
    decoding = "utf-8-sig" if codec == "utf-8-sig" else codec
    for seed in range(2):
        body = random_page(codec, seed)
        if codec == "utf-8-sig":
            body = codecs.BOM_UTF8 + body
        window = refresh_window(body)
        text = body.decode(decoding, errors="replace")[:REFRESH_PRESCAN_CHARS]
        assert window.decode(decoding, errors="replace")[:REFRESH_PRESCAN_CHARS] == text
        assert len(window) < len(body)
