"""Paywall signals in a page's markup: schema.org access flags, vendor scripts, paywall markup.

Known paywall *domains* are matched by the ``paywall-no-archive`` rule, not here. A signal is a
short string (``json-ld:isAccessibleForFree=false``, ``script:tinypass``) that the moderator sees
as evidence.
"""

from __future__ import annotations

from typing import Any

from bot.extract.document import Document

MAX_SIGNALS = 10

#: Script URL / inline-script fragments of paywall vendors -> signal name.
_VENDORS: tuple[tuple[str, str], ...] = (
    ("tinypass", "script:tinypass"),
    ("piano.io", "script:piano"),
    ("pianoio", "script:piano"),
    ("poool", "script:poool"),
    ("zephr", "script:zephr"),
    ("pelcro", "script:pelcro"),
    ("laterpay", "script:laterpay"),
    ("steadyhq", "script:steady"),
    ("memberful", "script:memberful"),
    ("cxense.com/cx.cce", "script:cxense"),
    ("paywall", "script:paywall"),
    ("cxense", "script:cxense"),
    ("leaky-paywall", "script:leaky-paywall"),
    ("fewcents", "script:fewcents"),
    ("plenigo", "script:plenigo"),
)
#: Fragments of inline script code that only paywall vendors' loaders contain.
_INLINE: tuple[tuple[str, str], ...] = (
    ("tinypass", "script:tinypass"),
    ("tp.push(", "script:tinypass"),
    ("window.tp", "script:tinypass"),
    ("piano.io", "script:piano"),
    ("poool", "script:poool"),
    ("zephr", "script:zephr"),
    ("pelcro", "script:pelcro"),
    ("laterpay", "script:laterpay"),
    ("steadyhq", "script:steady"),
    ("memberful", "script:memberful"),
    ("plenigo", "script:plenigo"),
)
#: Paywall words in markup; a hit counts when it sits inside a class or id attribute.
_MARKUP_WORDS = (
    "paywall",
    "Paywall",
    "PayWall",
    "pay-wall",
    "premium-content",
    "subscriber-only",
    "subscribers-only",
    "metered-content",
    "regwall",
)
MAX_MARKUP_HITS = 50
_LOCKED_TIERS = frozenset({"locked", "metered", "premium", "subscriber", "subscription", "paid"})


def _not_free(value: Any) -> bool:
    if isinstance(value, bool):
        return value is False
    if isinstance(value, str):
        return value.strip().lower() in ("false", "no", "0")
    return False


def _jsonld_signals(doc: Document) -> list[str]:
    out: list[str] = []
    for obj in doc.jsonld.objects:
        if _not_free(obj.get("isAccessibleForFree")):
            out.append("json-ld:isAccessibleForFree=false")
        parts = obj.get("hasPart")
        for part in parts if isinstance(parts, list) else [parts]:
            if isinstance(part, dict) and _not_free(part.get("isAccessibleForFree")):
                out.append("json-ld:hasPart.isAccessibleForFree=false")
    if doc.jsonld.broken_not_free:
        out.append("json-ld:isAccessibleForFree=false")
    return out


def _meta_signals(doc: Document) -> list[str]:
    out: list[str] = []
    tier = (doc.meta_first("article:content_tier") or "").lower()
    if tier in _LOCKED_TIERS:
        out.append(f"meta:article:content_tier={tier}")
    access = (doc.meta_first("access") or "").lower()
    if access in ("subscription", "registration", "premium", "paid"):
        out.append(f"meta:access={access}")
    free = doc.meta_first("isaccessibleforfree")
    if free is not None and _not_free(free):
        out.append("meta:isAccessibleForFree=false")
    if (doc.meta_first("cxenseparse:pageclass") or "").lower() == "paywall":
        out.append("meta:cxense-paywall")
    return out


def _script_signals(doc: Document) -> list[str]:
    out: list[str] = []
    inline: list[str] = []
    for node in doc.tree.css("script"):
        src = (node.attributes.get("src") or "").lower()
        if not src:
            inline.append(node.text(deep=True))
            continue
        for needle, signal in _VENDORS:
            if needle in src:
                out.append(signal)
                break
    code = "\n".join(inline).lower()
    out.extend(signal for needle, signal in _INLINE if needle in code)
    return out


def _attribute_at(html: str, pos: int) -> str | None:
    """``"class"``/``"id"`` when ``pos`` lies inside the value of that attribute of a tag."""
    lt = html.rfind("<", max(0, pos - 300), pos)
    if lt < 0:
        return None
    segment = html[lt:pos]
    eq = segment.rfind("=")
    if eq < 0 or ">" in segment:
        return None
    name_part = segment[:eq].rstrip().rsplit(None, 1)
    if not name_part:
        return None
    name = name_part[-1].lower()
    if name not in ("class", "id"):
        return None
    value = segment[eq + 1 :].lstrip()
    if value[:1] in ("'", '"') and value[0] in value[1:]:
        return None  # the attribute value closed before pos
    return name


def _markup_signals(doc: Document) -> list[str]:
    out: list[str] = []
    html = doc.html  # str.find per spelling: lower-casing a large page costs more than this
    for word in _MARKUP_WORDS:
        start = html.find(word)
        hits = 0
        while start >= 0 and hits < MAX_MARKUP_HITS:
            hits += 1
            attr = _attribute_at(html, start)
            if attr is not None and not html[start - 1 : start].isalnum():
                signal = f"markup:{attr}={word.lower()}"
                if signal not in out:
                    out.append(signal)
                break
            start = html.find(word, start + len(word))
    return out[:3]


def paywall_signals(doc: Document) -> list[str]:
    """All paywall signals on the page, de-duplicated, strongest first."""
    signals = [
        *_jsonld_signals(doc),
        *_meta_signals(doc),
        *_script_signals(doc),
        *_markup_signals(doc),
    ]
    return list(dict.fromkeys(signals))[:MAX_SIGNALS]
