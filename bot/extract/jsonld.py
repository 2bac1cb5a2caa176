"""Read schema.org JSON-LD blocks that may be broken, huge, nested in ``@graph`` or lists.

Every block is parsed on its own (a broken block never hides a good one); what fails even after
light repair is scanned with regular expressions for the two fields that matter most
(``headline`` and ``isAccessibleForFree``).
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

#: A JSON-LD block larger than this is only regex-scanned, never ``json.loads``-ed.
MAX_BLOCK_CHARS = 1_000_000
#: Objects visited per page at most, and how deep into the JSON we walk.
MAX_OBJECTS = 2_000
MAX_JSON_DEPTH = 12

_ARTICLE_TYPES = frozenset(
    {"blogposting", "liveblogposting", "socialmediaposting", "report", "posting", "newsarticle"}
)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_COMMENT_WRAP = re.compile(
    r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$"
)
_HEADLINE = re.compile(r'"headline"\s*:\s*"((?:[^"\\]|\\.){1,1000})"')
_TYPE_PREFIX = re.compile(r"[/:#]")
_FREE_FALSE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(?:false|False|FALSE)\b')


@dataclass
class JsonLd:
    """The typed objects found in a page's JSON-LD, plus regex fallbacks from broken blocks."""

    objects: list[dict[str, Any]] = field(default_factory=list)
    broken_headlines: list[str] = field(default_factory=list)
    broken_not_free: bool = False
    broken_blocks: int = 0
    _articles: list[dict[str, Any]] | None = field(default=None, repr=False, compare=False)

    def of_type(self, *names: str) -> list[dict[str, Any]]:
        wanted = {n.lower() for n in names}
        return [o for o in self.objects if wanted & type_names(o)]

    def resolve(self, value: Any) -> Any:
        """A ``{"@id": ...}`` reference replaced by the object with that id (Yoast's @graph)."""
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, dict) and "@id" in value and len(value) <= 2 and "name" not in value:
            ref = value["@id"]
            for obj in self.objects:
                if obj is not value and obj.get("@id") == ref:
                    return obj
        return value

    def articles(self) -> list[dict[str, Any]]:
        """Article-like objects (NewsArticle, BlogPosting, ReportageNewsArticle, ...)."""
        if self._articles is None:
            self._articles = [
                o for o in self.objects if any(is_article_type(t) for t in type_names(o))
            ]
        return self._articles


def is_article_type(name: str) -> bool:
    return name.endswith("article") or name in _ARTICLE_TYPES


def type_names(obj: dict[str, Any]) -> set[str]:
    """Lower-case local type names: ``"schema:NewsArticle"`` / ``"http://schema.org/X"`` -> x."""
    raw = obj.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    out = set()
    for item in items:
        if isinstance(item, str) and item:
            out.add(_TYPE_PREFIX.split(item.strip())[-1].lower())
    return out


def text_value(value: Any, depth: int = 0) -> str | None:
    """A plain string from a JSON-LD value (string, list of strings, ``{"@value"|"name": ...}``)."""
    if isinstance(value, str):
        plain = html.unescape(value).strip() if "&" in value else value.strip()
        return plain or None
    if depth > 4:
        return None
    if isinstance(value, list):
        for item in value[:20]:
            found = text_value(item, depth + 1)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key in ("@value", "name", "@id", "url"):
            if key in value:
                return text_value(value[key], depth + 1)
    return None


def _loads(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except (ValueError, RecursionError):
        pass
    repaired = _COMMENT_WRAP.sub("", raw.strip())
    repaired = _TRAILING_COMMA.sub(r"\1", repaired)
    try:
        return json.loads(repaired, strict=False)
    except (ValueError, RecursionError):
        pass
    # Several objects pasted into one block without a surrounding list.
    try:
        return json.loads("[" + re.sub(r"}\s*{", "},{", repaired) + "]", strict=False)
    except (ValueError, RecursionError):
        return None


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict inside ``value`` that carries an ``@type`` (breadth of @graph, lists, nesting)."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            yield value
        for key, item in value.items():
            if isinstance(item, dict | list) and key != "@context":
                yield from _walk(item, depth + 1)


def parse_jsonld(blocks: list[str]) -> JsonLd:
    """Parse the text of every ``<script type="application/ld+json">`` on a page."""
    out = JsonLd()
    for raw in blocks:
        data = _loads(raw) if len(raw) <= MAX_BLOCK_CHARS else None
        if data is None:
            if raw.strip():
                out.broken_blocks += 1
                scan = raw[:MAX_BLOCK_CHARS]
                for match in _HEADLINE.finditer(scan):
                    try:
                        out.broken_headlines.append(json.loads(f'"{match.group(1)}"'))
                    except ValueError:
                        out.broken_headlines.append(match.group(1))
                    if len(out.broken_headlines) >= 5:
                        break
                out.broken_not_free = out.broken_not_free or bool(_FREE_FALSE.search(scan))
            continue
        for obj in _walk(data):
            out.objects.append(obj)
            out._articles = None
            if len(out.objects) >= MAX_OBJECTS:
                log.debug("JSON-LD object cap reached")
                return out
    return out
