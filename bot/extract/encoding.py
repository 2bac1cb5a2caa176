"""Decode saved page bytes: declared charset (BOM, ``<meta charset>``), else UTF-8 with
replacement characters. Never raises; undecodable bytes become U+FFFD, nothing is dropped."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.I
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Labels browsers treat as another encoding (WHATWG Encoding Standard).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares: a BOM, else ``<meta charset>`` in its first 16 KB."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    match = _META_CHARSET.search(data, 0, 16384)
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Text of an HTML page: ``charset`` if given and known, else the declared one, else UTF-8."""
    for name in (charset, declared_charset(data), "utf-8"):
        if not name:
            continue
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        if name.startswith("utf-16") or name == "utf-8-sig":
            return data.decode(name, errors="replace")
        # A page declaring utf-16 in <meta> is ASCII-compatible in practice: such labels lie.
        if "16" in name or "32" in name:
            continue
        return data.decode(name, errors="replace")
    return data.decode("utf-8", errors="replace")
