"""Turn the bytes of an HTML page into text without ever failing on bad bytes.

Order, as browsers do it: a byte-order mark, then the HTTP ``charset``, then ``<meta charset>``
/ ``http-equiv`` / the XML declaration in the first bytes, then detection (valid UTF-8, else
charset-normalizer). A declared charset the bytes do not fit (the classic "server says UTF-8,
page is windows-1252") falls through to the next source, except a UTF-8 page with a few stray
bytes, which stays UTF-8; the last resort decodes with replacement characters. Labels follow
the WHATWG mapping (``iso-8859-1`` means windows-1252, ``shift_jis`` means cp932, ...); bogus
labels and non-text codecs are ignored.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import NamedTuple

import charset_normalizer

log = logging.getLogger(__name__)

#: How far into the page to look for a declaration, and how much to hand to detection.
PRESCAN_BYTES = 4096
DETECT_BYTES = 256 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# WHATWG Encoding Standard: legacy labels are decoded with the superset browsers use.
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "utf-16": "utf-16-le",  # WHATWG: the label "utf-16" means little-endian without a BOM
    "utf-32": "utf-32-le",
}
# WHATWG labels Python's codec registry does not know.
_EXTRA_LABELS = {
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "csshiftjis": "cp932",
    "x-euc-jp": "euc_jp",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "x-mac-roman": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic",
    "dos-874": "cp874",
    "x-cp1252": "cp1252",
}
#: What detection may guess: the legacy encodings Firefox's detector (chardetng) considers,
#: as Python codecs. Never DOS, Mac or HP code pages: no news site is written in them.
WEB_ENCODINGS = (
    "utf_8", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "cp874", "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "cp866", "koi8_u", "gb18030", "big5", "euc_jp", "cp949", "shift_jis", "cp932",
    "iso2022_jp",
)  # fmt: skip
#: The legacy encoding browsers assume for undeclared Western pages; wins detection ties.
WESTERN_DEFAULT = "cp1252"
#: Codecs in which every ASCII character of a decoded text is the very same byte of the input
#: (in the same order, nothing between) and every other character comes from one to four
#: bytes, the first of them >= 0x80: markup written in ASCII can be looked for in the bytes
#: themselves. Not UTF-16/32, EBCDIC or the stateful ISO-2022 and HZ codecs. Verified byte by
#: byte in tests/fetch/test_transparent.py.
ASCII_TRANSPARENT = frozenset(
    {
        "utf-8", "utf-8-sig", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255",
        "cp1256", "cp1257", "cp1258", "cp874", "cp866", "koi8-r", "koi8-u", "mac-roman",
        "mac-cyrillic", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6",
        "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
        "iso8859-16", "gb18030", "big5", "big5hkscs", "cp932", "euc_jp", "cp949",
    }
)  # fmt: skip
# Python codecs that are not a way to encode a web page.
_REFUSED = frozenset(
    {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7", "charmap"}
)
_LABEL = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,39}$")
_META = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]{1,40})", re.I)


class Decoded(NamedTuple):
    """Decoded text, the Python codec used and where the choice came from."""

    text: str
    encoding: str
    source: str  # "bom" | "header" | "meta" | "detected" | "fallback"


def python_codec(label: str | None, *, in_document: bool = False) -> str | None:
    """The Python codec for a charset label, or None if the label is unknown or unsafe.

    ``in_document``: a page cannot declare UTF-16/32 inside itself (it would not be readable
    as ASCII), so such a declaration means UTF-8, as the HTML standard says.
    """
    if not label:
        return None
    cleaned = label.strip().strip("\"'").strip().lower()
    if not _LABEL.match(cleaned):
        return None
    cleaned = _EXTRA_LABELS.get(cleaned, cleaned)
    try:
        info = codecs.lookup(cleaned)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED:
        return None
    name = _SUPERSETS.get(info.name, info.name)
    if in_document and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def declared_in_document(body: bytes) -> str | None:
    """The charset label a page declares in its first bytes (meta or XML declaration)."""
    head = body[:PRESCAN_BYTES]
    match = _META.search(head) or _XML_DECL.search(head)
    return match.group(1).decode("ascii") if match else None


def _fits(body: bytes, encoding: str) -> bool:
    """True if ``body`` decodes without errors, ignoring a sequence cut off at the very end."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        decoder.decode(body, final=False)
    except UnicodeError:
        return False
    return True


def _if_fits(body: bytes, encoding: str) -> str | None:
    """The text if ``body`` fits ``encoding`` (as ``_fits`` says), else None: valid bytes are
    decoded in one pass; a sequence cut off at the very end is replaced."""
    try:
        return body.decode(encoding)
    except UnicodeError:
        return _decode(body, encoding) if _fits(body, encoding) else None


def _decode(body: bytes, encoding: str) -> str:
    """Decode with replacement characters; a codec that still fails falls back to UTF-8."""
    try:
        return body.decode(encoding, errors="replace")
    except (UnicodeError, LookupError):
        log.debug("codec %s failed even with errors=replace; using utf-8", encoding)
        return body.decode("utf-8", errors="replace")


def _mostly_utf8(body: bytes) -> bool:
    """True if ``body`` is UTF-8 with a few bad bytes (valid multi-byte characters dominate)."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - bad > bad


def detect_legacy(body: bytes) -> str | None:
    """Best guess for undeclared bytes that are not UTF-8 (``decode_html`` tries UTF-8 first):
    charset-normalizer limited to :data:`WEB_ENCODINGS`.

    Single-byte Latin code pages often tie (the same bytes read as cp1250 and cp1252); a tie
    goes to windows-1252, the encoding browsers assume for undeclared Western pages.
    """
    results = charset_normalizer.from_bytes(body[:DETECT_BYTES], cp_isolation=list(WEB_ENCODINGS))
    best = results.best()
    if best is None:
        return None
    for result in results:
        if (
            result.chaos <= best.chaos
            and result.coherence >= best.coherence
            and WESTERN_DEFAULT in result.could_be_from_charset
        ):
            return WESTERN_DEFAULT
    return python_codec(best.encoding)


def decode_html(body: bytes, header_charset: str | None = None) -> Decoded:
    """Decode an HTML page; never raises, whatever the bytes or the labels."""
    if not body:
        return Decoded("", "utf-8", "fallback")
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return Decoded(_decode(body, encoding), encoding.removesuffix("-sig"), "bom")
    first_declared: tuple[str, str] | None = None
    declared = (
        (python_codec(header_charset), "header"),
        (python_codec(declared_in_document(body), in_document=True), "meta"),
    )
    for label, source in declared:
        if label is None:
            continue
        try:
            return Decoded(body.decode(label), label, source)  # the common case: one pass
        except UnicodeError:
            pass
        if _fits(body, label) or (label == "utf-8" and _mostly_utf8(body)):
            return Decoded(_decode(body, label), label, source)
        log.debug("declared %s charset %s does not fit the bytes", source, label)
        first_declared = first_declared or (label, source)
    text = _if_fits(body, "utf-8")  # detection's first guess, decoded in the same pass
    if text is not None:
        return Decoded(text, "utf-8", "detected")
    guessed = detect_legacy(body)
    if guessed is not None and _fits(body, guessed):
        return Decoded(_decode(body, guessed), guessed, "detected")
    encoding, source = first_declared or (guessed or "utf-8", "fallback")
    return Decoded(_decode(body, encoding), encoding, source)


def ascii_transparent(body: bytes, header_charset: str | None = None) -> bool:
    """True if the codec :func:`decode_html` picks for ``body`` is sure to be one of
    :data:`ASCII_TRANSPARENT`, found without decoding anything.

    That codec is the byte-order mark's, the header's, the document's, UTF-8 or a detected
    one. Detection only guesses among :data:`WEB_ENCODINGS`, where ISO-2022-JP is the one
    codec that is not transparent, and it shifts with ESC bytes: bytes with an ESC are not
    vouched for.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding in ASCII_TRANSPARENT
    for label in (
        python_codec(header_charset),
        python_codec(declared_in_document(body), in_document=True),
    ):
        if label is not None and label not in ASCII_TRANSPARENT:
            return False
    return b"\x1b" not in body
