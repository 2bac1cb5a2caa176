"""Decode saved page bytes: BOM, declared charset (``<meta charset>``), else UTF-8.

Never raises; undecodable bytes become U+FFFD, nothing is dropped.
"""

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


def _bom(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares: a BOM, else ``<meta charset>`` in its first 16 KB.

    A ``<meta>`` that claims UTF-16/32 is read as UTF-8, as browsers do: a page whose markup
    could be scanned as ASCII is not UTF-16.
    """
    bom = _bom(data)
    if bom:
        return bom
    match = _META_CHARSET.search(data, 0, 16384)
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Text of an HTML page: a BOM, else ``charset`` if given and known, else the declared one,
    else UTF-8 — undecodable bytes become U+FFFD."""
    for name in (_bom(data), charset, declared_charset(data)):
        if not name:
            continue
        try:
            return data.decode(name, errors="replace")
        except LookupError:
            continue
    return data.decode("utf-8", errors="replace")
