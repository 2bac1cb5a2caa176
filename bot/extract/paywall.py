"""Paywall signals in a page's markup: schema.org access flags, vendor scripts, paywall markup.

Known paywall *domains* are matched by the ``paywall-no-archive`` rule, not here. A signal is a
short string (``json-ld:isAccessibleForFree=false``, ``script:tinypass``) that the moderator sees
as evidence.
"""

from __future__ import annotations

import re
from typing import Any

from bot.extract.document import Document

MAX_SIGNALS = 10

#: Script URL fragments of paywall vendors -> signal name (first match wins: specific first).
_VENDORS: tuple[tuple[str, str], ...] = (
    ("leaky-paywall", "script:leaky-paywall"),
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
    ("cxense", "script:cxense"),
    ("fewcents", "script:fewcents"),
    ("plenigo", "script:plenigo"),
    ("paywall", "script:paywall"),
)
#: Fragments of inline script code that load a paywall vendor dynamically. Kept short: each is
#: one scan of every inline script (vendors' other configuration comes with a script src).
_INLINE: tuple[tuple[str, str], ...] = (
    ("tinypass", "script:tinypass"),
    ("tp.push(", "script:tinypass"),
    ("piano.io", "script:piano"),
)
#: Paywall words in class/id attributes. lexbor matches the (case-sensitive: "i" selectors cost
#: 4x) selector, "aywall" covering paywall/Paywall/PayWall; the regex then keeps whole words.
_MARKUP_SELECTOR = (
    "[class*=aywall], [id*=aywall], [class*=ay-wall], [class*=regwall], "
    "[class*=premium-content], [class*=ubscriber-only], [class*=ubscribers-only], "
    "[class*=metered-content]"
)
#: Matches every element ``_MARKUP_SELECTOR`` matches, with five substring tests instead of
#: eight ("wall" covers aywall/ay-wall/regwall, "ubscriber" both subscriber(s)-only): substring
#: tests are what the selector costs, and most pages have no such element at all.
_MARKUP_ANY = (
    "[class*=wall], [id*=aywall], [class*=ubscriber], [class*=premium-content], "
    "[class*=metered-content]"
)
_MARKUP_WORD = re.compile(
    r"(?<![a-z0-9])(?:pay-?wall|regwall|premium-content|subscribers?-only|metered-content)"
    r"(?:ed)?(?![a-z0-9])",
    re.IGNORECASE,
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
    srcs = [src.lower() for _node, attrs in doc.scan.scripts if (src := attrs.get("src"))]
    # No vendor name holds a newline, so one occurs in the joined srcs only inside one of them:
    # most pages load no vendor script and skip the per-script loop.
    joined = "\n".join(srcs)
    if any(needle in joined for needle, _signal in _VENDORS):
        for src in srcs:
            for needle, signal in _VENDORS:
                if needle in src:
                    out.append(signal)
                    break
    # Inline loaders: the script texts are read once per page (``Scan.scripts_contain``).
    # A signal already found (from a src, or an earlier needle) is not searched for again: the
    # copy would be dropped by the de-duplication in ``paywall_signals``.
    for needle, signal in _INLINE:
        if signal not in out and doc.scan.scripts_contain(needle):
            out.append(signal)
    return out


def _markup_signals(doc: Document) -> list[str]:
    out: list[str] = []
    if doc.tree.css_first(_MARKUP_ANY) is None:
        return out
    for node in doc.tree.css(_MARKUP_SELECTOR)[:MAX_MARKUP_HITS]:
        attrs = node.attributes
        for attr in ("class", "id"):
            match = _MARKUP_WORD.search(attrs.get(attr) or "")
            if match:
                signal = f"markup:{attr}={match.group(0).lower()}"
                if signal not in out:
                    out.append(signal)
                break
    return out[:3]


def is_paywalled(signals: list[str]) -> bool:
    """Paywalled when the page declares it (JSON-LD, meta) or carries paywall markup.

    A vendor script alone is not enough: Piano/tinypass and friends also run metering,
    newsletters and analytics on free sites (nypost.com, cnbc.com, techcrunch.com).
    """
    return any(not s.startswith("script:") for s in signals)


def paywall_signals(doc: Document) -> list[str]:
    """All paywall signals on the page, de-duplicated, strongest first."""
    signals = [
        *_jsonld_signals(doc),
        *_meta_signals(doc),
        *_script_signals(doc),
        *_markup_signals(doc),
    ]
    return list(dict.fromkeys(signals))[:MAX_SIGNALS]
