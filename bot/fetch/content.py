"""Is a response an HTML page (judged from the Content-Type and, when vague, the bytes), and
does it send the reader on at once with ``<meta http-equiv="refresh">``?"""

from __future__ import annotations

import re

from bot.fetch.decode import ascii_transparent, decode_html

#: Content types read as HTML without further ado.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Vague or missing content types: the first bytes decide.
SNIFF_TYPES = frozenset(
    {"", "text/plain", "application/octet-stream", "binary/octet-stream", "application/unknown"}
)
SNIFF_BYTES = 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"\x00\x00\x00", "a binary (MP4/ISO media) file"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|script|div|p\b"
    rb"|!--|h1|article|section|main|header|nav|table|style|base)",
    re.I | re.S,
)


def mime_type(content_type_header: str | None) -> str:
    """``"Text/HTML; charset=utf-8"`` -> ``"text/html"``; ``""`` when absent."""
    if not content_type_header:
        return ""
    return content_type_header.split(";", 1)[0].strip().lower()


def refused_type(mime: str) -> str | None:
    """Why a response of this content type is not read at all (images, PDFs, media, ...)."""
    if mime in HTML_TYPES or mime in SNIFF_TYPES:
        return None
    return f"not an HTML page (content type {mime})"


def binary_kind(head: bytes) -> str | None:
    """What binary file ``head`` (the first bytes) starts like, or None if it may be text."""
    if head.startswith(_UTF16_BOMS):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    sample = head[:SNIFF_BYTES]
    if sample.count(b"\x00") > 2:
        return "a binary file"
    return None


def looks_like_html(head: bytes) -> bool:
    """True if the first bytes of an undeclared response look like markup."""
    sample = head[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(sample))


def content_problem(mime: str, head: bytes) -> str | None:
    """Why the body cannot be used as an HTML page (given its type and first bytes), or None."""
    kind = binary_kind(head)
    if kind is not None:
        shown = mime or "none"
        return f"not an HTML page (content type {shown}, the body is {kind})"
    if mime in SNIFF_TYPES and not looks_like_html(head):
        shown = mime or "none"
        return f"not an HTML page (content type {shown}, the body does not look like HTML)"
    return None


#: Characters of a page searched for a refresh tag (it belongs in the head).
REFRESH_PRESCAN_CHARS = 32_768
#: Bytes of an ASCII-transparent page (see ``bot.fetch.decode``) that can hold its first
#: ``REFRESH_PRESCAN_CHARS`` characters: at most four bytes each, after a three-byte BOM.
REFRESH_PRESCAN_BYTES = 4 * REFRESH_PRESCAN_CHARS + 3
# ``http-equiv = "refresh"`` in lower-cased bytes of an ASCII-transparent codec. Where the
# exact scan below allows whitespace (``\s``: ASCII and Unicode spaces), this allows what a
# space can be encoded as in those codecs: ASCII whitespace (``\x1c``-``\x1f`` too), bytes
# >= 0x80, and the digits and "@" that follow a lead byte in GB18030, Shift_JIS and Big5. The
# test may say yes when the exact scan says no, never the reverse. The gaps are possessive
# (none of their bytes can start what follows them), so a long run of spaces costs one pass.
_GAP = rb"[\t\n\x0b\x0c\r\x1c-\x20\x30-\x39\x40\x80-\xff]*+"
_EQUIV = b"http-equiv"
_EQUIV_REFRESH = re.compile(_GAP + rb"=" + _GAP + rb"[\"']?" + _GAP + rb"refresh")
_NOSCRIPT = re.compile(r"<noscript\b.*?(?:</noscript\s*>|$)", re.I | re.S)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_REFRESH_VALUE = re.compile(
    r"""^\s*(\d+)(?:\.[\d.]*)?\s*(?:[;,]\s*)?(?:url\s*=\s*)?["']?([^"']*)""", re.I
)


def may_refresh(data: bytes) -> bool:
    """A cheap first test on the bytes of a page in an ASCII-transparent codec: is there an
    ``http-equiv="refresh"`` (any case) anywhere in ``data``?

    Most pages have no such attribute, and the exact scan costs far more (on bytes as they
    came: decoding them too). Lower-casing bytes touches ASCII letters only and is several
    times faster than ``str.lower`` on a page with any non-ASCII character.
    """
    lower = data.lower()
    at = lower.find(_EQUIV)
    while at >= 0:
        if _EQUIV_REFRESH.match(lower, at + len(_EQUIV)):
            return True
        at = lower.find(_EQUIV, at + len(_EQUIV))
    return False


def refresh_window(body: bytes) -> bytes:
    """The first bytes of ``body`` that hold its first ``REFRESH_PRESCAN_CHARS`` characters in
    any ASCII-transparent codec: exactly that many bytes when they are all ASCII.

    Otherwise a bound, found without knowing the codec. In such a codec every ASCII byte is a
    character, except a trail byte of a multibyte one, which has a byte >= 0x80 for each ASCII
    trail byte; so at least ``A - H`` characters start in a prefix with ``A`` ASCII bytes and
    ``H`` others. Decoding the prefix as UTF-8 and dropping what is not valid gives ``c``
    characters, each ASCII byte one and every other at least two bytes long: ``A >= 2c - w``
    for a prefix of ``w`` bytes, so ``A - H = 2A - w >= 4c - 3w``. Once that reaches the
    count, the last of those characters ends within three more bytes. (News pages: about 5%
    more bytes than characters, instead of the four bytes a character may take.)
    """
    count = REFRESH_PRESCAN_CHARS
    head = body[:count]
    if head.isascii():
        return head
    end = min(len(body), REFRESH_PRESCAN_BYTES)
    size = count
    chars = len(head.decode("utf-8", "ignore"))  # the pieces are decoded one by one: a
    while 4 * chars - 3 * size < count and size < end:  # character cut between two is
        missing = count - (4 * chars - 3 * size)  # dropped, which only lowers the bound
        piece = body[size : size + missing + missing // 4 + 64]
        chars += len(piece.decode("utf-8", "ignore"))
        size += len(piece)
    if size >= end:
        return body[:end]
    return body[: size + 3]


def body_refresh(body: bytes, charset: str | None = None) -> tuple[int, str] | None:
    """:func:`meta_refresh` of the text ``decode_html(body, charset)`` gives, decoding the
    bytes only when they may hold a refresh tag (or their codec cannot be searched as bytes).
    """
    if not ascii_transparent(body, charset):
        return meta_refresh(decode_html(body, charset).text)
    if not may_refresh(refresh_window(body)):
        return None
    # the first test passed on the bytes: only the exact scan is left to do on the text
    return scan_refresh(decode_html(body, charset).text[:REFRESH_PRESCAN_CHARS])


def meta_refresh(text: str) -> tuple[int, str] | None:
    """``(delay_seconds, target)`` of the page's ``<meta http-equiv="refresh">``, if any.

    Tags inside ``<noscript>`` are ignored: they are meant for browsers without JavaScript
    (often a "please enable JavaScript" page), not the article a reader sees.
    """
    prefix = text[:REFRESH_PRESCAN_CHARS]
    if not may_refresh(prefix.encode("utf-8", "surrogatepass")):
        return None
    return scan_refresh(prefix)


def scan_refresh(prefix: str) -> tuple[int, str] | None:
    """The exact scan behind :func:`meta_refresh`, over the text it is given (no first test)."""
    head = _NOSCRIPT.sub("", prefix)
    for tag in _META_TAG.finditer(head):
        attrs: dict[str, str] = {}
        for match in _ATTR.finditer(tag.group(0)):
            value = next((g for g in match.groups()[1:] if g is not None), "")
            attrs.setdefault(match.group(1).lower(), value)
        if attrs.get("http-equiv", "").strip().lower() != "refresh":
            continue
        parsed = _REFRESH_VALUE.match(attrs.get("content", ""))
        if parsed is None or not parsed.group(2).strip():
            continue
        return int(parsed.group(1)), parsed.group(2).strip()
    return None
