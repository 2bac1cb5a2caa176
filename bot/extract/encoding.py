"""Text of saved page bytes, for callers that hold bytes rather than a fetched ``Page``.

The charset rules live in one place, the fetcher's ``bot.fetch.decode`` (BOM, declared charset,
detection, WHATWG labels, replacement characters — never raises); this only returns the text.
"""

from __future__ import annotations

from bot.fetch.decode import decode_html as _decode


def decode_html(data: bytes, charset: str | None = None) -> str:
    """The page's text; ``charset`` is an HTTP header's charset, if there was one."""
    return _decode(data, charset).text
