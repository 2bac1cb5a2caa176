"""Guideline 1: post the original source.

Reasons, each with its own confidence (the finding takes the highest and lists them all):
- ``syndication``: the page's canonical URL (rel=canonical / og:url) is on another site, or the
  link is on the ``syndication`` list (MSN, Yahoo, ...);
- ``aggregator``: the link is on the ``aggregator`` list (Google News, Flipboard, ...);
- ``amp``: an AMP copy (``/amp/``, ``amp.`` host, ``?amp``, ``outputType=amp``, AMP caches);
- ``shortener``: a short link or link shim that hides the destination;
- ``attribution``: the lead credits another outlet ("as first reported by X", "according to a
  report by X", "told the BBC", "X reported ..." at the start). A wire dateline such as
  "LONDON (Reuters) -" is not an attribution, nor is an outlet crediting itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bot.domains import hostname, registered_domain
from bot.models import Finding
from bot.rules.base import RuleContext
from bot.sources import to_ascii

RULE_ID = "not-original-source"
NEEDS_ARTICLE = False  # link-based reasons work on an unreachable page; the rest are skipped


@dataclass(frozen=True)
class Reason:
    kind: str
    confidence: float
    detail: str  # completes "Not the original source: ..."
    original: str = ""  # the original's URL or outlet, when known
    evidence: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=4096)
def _brand(url: str) -> str:
    """``https://www.bbc.co.uk/x`` -> ``bbc`` (bbc.com and bbc.co.uk are one publisher)."""
    reg = registered_domain(to_ascii(hostname(url)))
    return reg.split(".", 1)[0] if reg else ""


@lru_cache(maxsize=4096)
def _absolute(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and bool(hostname(url))


def _syndication(ctx: RuleContext, linked: str) -> Reason | None:
    article, sources = ctx.article, ctx.community.sources
    listed = sources.match("syndication", linked)
    canonical = article.canonical_url if article.readable else None
    if (
        canonical
        and ctx.param("check_canonical", True)
        and _absolute(canonical)
        and _brand(canonical) != _brand(linked)
        and not _is_amp(canonical)
        and sources.match("shortener", canonical) is None
    ):
        domain = registered_domain(canonical)
        return Reason(
            "syndication",
            0.9 if listed else 0.8,
            f"the page names {domain} as its canonical source",
            canonical,
            {"canonical_url": canonical, "canonical_domain": domain},
        )
    if listed:
        return Reason(
            "syndication",
            0.6,
            f"{listed} republishes other outlets' articles",
            "",
            {"syndication_domain": listed},
        )
    return None


def _aggregator(ctx: RuleContext) -> Reason | None:
    hit = ctx.community.sources.first_match("aggregator", (ctx.post.url, ctx.article.final_url))
    if hit is None:
        return None
    final = ctx.article.final_url or ""
    original = final if final and ctx.community.sources.match("aggregator", final) is None else ""
    return Reason("aggregator", 0.8, f"{hit[1]} is a news aggregator", original,
                  {"aggregator_domain": hit[1]})  # fmt: skip


def _shortener(ctx: RuleContext) -> Reason | None:
    url = ctx.post.url or ""
    domain = ctx.community.sources.match("shortener", url)
    if domain is None:
        return None
    final = ctx.article.final_url or ""
    original = final if final and ctx.community.sources.match("shortener", final) is None else ""
    return Reason("shortener", 0.7, f"{domain} is a link shortener", original,
                  {"shortener_domain": domain})  # fmt: skip


@lru_cache(maxsize=4096)
def _is_amp(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    query = {k.lower(): v.lower() for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    return (
        (host.startswith("amp.") and host != registered_domain(host))
        or host.endswith(".cdn.ampproject.org")
        or (_brand(host) == "google" and path.startswith("/amp/"))
        or "/amp/" in path
        or path.endswith(("/amp", ".amp", ".amp.html", "/amp.html"))
        or "amp" in query
        or query.get("outputtype") == "amp"
        or query.get("_amp") == "true"
    )


def _amp(ctx: RuleContext) -> Reason | None:
    for url in (ctx.post.url, ctx.article.final_url):
        if url and _is_amp(url):
            canonical = ctx.article.canonical_url or ""
            original = canonical if canonical and not _is_amp(canonical) else ""
            return Reason("amp", 0.75, "it is an AMP copy of the article", original,
                          {"amp_url": url})  # fmt: skip
    return None


# --- attribution in the lead ---------------------------------------------------------------
_OUTLET = r"(?P<outlet>(?:[Tt]he\s+)?[A-Z][\w&.!'’-]*(?:\s+(?:of\s+)?[A-Z][\w&.!'’-]*){0,4})"
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w .,'’-]{0,60}?\s*)?\((?:Reuters|AP|AFP|Bloomberg|dpa|UPI|CNN|AA)\)\s*[-—–:]\s*"
)
_FIRST = re.compile(r"(?i:\b(?:as\s+)?(?:was\s+)?first\s+reported\s+(?:by|in|on)\s+)" + _OUTLET)
_REPORT = re.compile(
    r"(?i:\baccording\s+to\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:report|article|investigation|story|interview)\s+(?:in|by|from|with|published\s+by)\s+)"
    + _OUTLET
)
_TOLD = re.compile(r"(?i:\b(?:told|tells|telling|said\s+in\s+an\s+interview\s+with)\s+)" + _OUTLET)
_REPORTED = re.compile(
    r"^" + _OUTLET + r"(?i:\s+(?:has\s+|had\s+)?(?:reported|reports|revealed))\b"
)
#: The only non-ASCII characters that match an ASCII letter under ``re.IGNORECASE`` (found by
#: trying every code point): mapped to that letter, then ``str.lower`` folds the ASCII ones, so
#: a pattern's case-insensitive keyword can only match where the folded text contains it.
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})


def _fold(text: str) -> str:
    """Lower-case ``text`` so that it contains a keyword wherever ``(?i:keyword)`` matches."""
    if not text.isascii() and any(ch in text for ch in "\u0130\u0131\u212a\u017f"):
        text = text.translate(_ASCII_FOLD)
    return text.lower()


#: The phrase each case-insensitive pattern starts with, as it reads in the folded text (case
#: folded as above, whitespace as it was): a case-sensitive search for it starts at a literal,
#: which re finds quickly, and a paragraph without it cannot match the pattern.
_FIRST_PHRASE = re.compile(r"first\s+reported\s+(?:by|in|on)\s")
_REPORT_PHRASE = re.compile(r"according\s+to\s")
_TOLD_PHRASE = re.compile(r"(?:told|tells|telling|said\s+in\s+an\s+interview\s+with)\s")

_Keywords = tuple[tuple[str, ...], ...]

#: (pattern, confidence, needs a known outlet, keywords, phrase): the folded text must hold a
#: word of every keyword group (a cheap test that skips most regex scans) and the phrase, when
#: there is one, for the pattern to match.
_PATTERNS: tuple[tuple[re.Pattern[str], float, bool, _Keywords, re.Pattern[str] | None], ...] = (
    (_FIRST, 0.75, False, (("first",), ("reported",)), _FIRST_PHRASE),
    (_REPORT, 0.65, False, (("according",), ("report", "article", "investigation", "story",
                                             "interview")), _REPORT_PHRASE),
    (_TOLD, 0.6, True, (("told", "tell", "interview"),), _TOLD_PHRASE),
    (_REPORTED, 0.6, True, (("report", "revealed"),), None),  # anchored: a quick scan
)  # fmt: skip

#: Outlets named without a newsy word ("told Reuters"); compared as lower-case letters/digits.
_KNOWN_OUTLETS = (
    "bbc cnn reuters ap associatedpress afp agencefrancepresse bloomberg politico axios npr pbs "
    "nbc nbcnews cbs cbsnews abc abcnews fox foxnews msnbc aljazeera sky skynews dw france24 "
    "euronews haaretz yonhap kyodo xinhua tass interfax nhk ani pti efe ansa dpa lemonde "
    "derspiegel spiegel bild guardian times telegraph economist financialtimes ft nytimes "
    "newyorktimes washingtonpost wallstreetjournal wsj atlantic vice buzzfeed semafor "
    "intercept propublica kyivindependent meduza nikkei asahi yomiuri cbc rfi rferl "
    "radiofreeeurope voa voiceofamerica"
)
KNOWN_OUTLETS = frozenset(_KNOWN_OUTLETS.split())
#: News agencies (as ``_key`` spells them): "told AFP" credits a quote, not the story.
_WIRE_AGENCIES = (
    "reuters ap associatedpress theassociatedpress afp agencefrancepresse dpa efe ansa kyodo "
    "kyodonews yonhap xinhua tass interfax ani pti upi anadolu anadoluagency aa bloomberg "
    "bloombergnews"
)
WIRE_AGENCIES = frozenset(_WIRE_AGENCIES.split())
_NEWSY_WORDS = (
    "news times post journal guardian telegraph herald tribune press gazette mail express "
    "independent observer chronicle insider wire daily today magazine radio tv television "
    "agency broadcasting network newspaper review standard mirror sun star globe examiner "
    "monitor bulletin courier dispatch reporter pravda zeitung"
)
_NEWSY = frozenset(_NEWSY_WORDS.split())


def _key(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[\W_]+", "", name.lower())


def _is_outlet(name: str) -> bool:
    """``name`` (as ``_OUTLET`` matched it: never blank) is a known outlet or ends in a newsy
    word ("the Irish News'")."""
    last = re.sub(r"[\W_]+", "", name.split()[-1].lower())
    return _key(name) in KNOWN_OUTLETS or last in _NEWSY


def _has_keywords(folded: str, groups: _Keywords) -> bool:
    """Whether ``folded`` holds a word of every group (plain loops: this runs per paragraph)."""
    for group in groups:
        for word in group:
            if word in folded:
                break
        else:
            return False
    return True


def _is_self(outlet: str, ctx: RuleContext) -> bool:
    """The outlet is the article's own publisher ("told the BBC" on bbc.com)."""
    key = _key(outlet)
    initials = "".join(w[0] for w in outlet.split() if w[0].isupper() and w != "The").lower()
    names = [ctx.article.site_name, ctx.article.publisher, ctx.article.final_url, ctx.post.url]
    keys = {_key(n) for n in names[:2] if n} | {_brand(u) for u in names[2:] if u}
    for k in filter(None, keys):
        if len(initials) >= 2 and k.startswith(initials):
            return True  # "The Wall Street Journal" on wsj.com, "New York Times" on nytimes.com
        short = min(len(k), len(key))
        if k == key or (short >= 2 and (k.startswith(key) or key.startswith(k))):
            return True
        if short >= 5 and (k in key or key in k):
            return True
    return False


def _attribution(ctx: RuleContext) -> Reason | None:
    if not ctx.article.readable or not ctx.param("check_lead", True):
        return None
    for paragraph in ctx.article.lead[:3]:
        text = _DATELINE.sub("", paragraph, count=1) if "(" in paragraph else paragraph
        folded = _fold(text)
        for pattern, confidence, needs_outlet, keywords, phrase in _PATTERNS:
            if not _has_keywords(folded, keywords):
                continue
            if phrase is not None and phrase.search(folded) is None:
                continue
            for match in pattern.finditer(text):
                outlet = re.split(r"['’]s\b", match.group("outlet"))[0].strip().rstrip(".!")
                if (needs_outlet and not _is_outlet(outlet)) or _is_self(outlet, ctx):
                    continue
                if pattern is _TOLD and _key(outlet) in WIRE_AGENCIES:
                    continue  # a quote given to a wire agency, not the story
                return Reason(
                    "attribution",
                    confidence,
                    f"the lead credits {outlet}",
                    outlet,
                    {"attribution": match.group(0).strip(), "outlet": outlet},
                )
    return None


def reasons(ctx: RuleContext) -> list[Reason]:
    linked = ctx.article.final_url or ctx.post.url or ""
    found = [
        _syndication(ctx, linked) if linked else None,
        _aggregator(ctx),
        _amp(ctx),
        _shortener(ctx),
        _attribution(ctx),
    ]
    return [r for r in found if r is not None]


def check(ctx: RuleContext) -> Finding | None:
    found = reasons(ctx)
    if not found:
        return None
    best = max(found, key=lambda r: r.confidence)
    original = best.original or next((r.original for r in found if r.original), "")
    evidence: dict[str, Any] = {"reasons": [r.kind for r in found], "original": original or None}
    for reason in found:
        evidence.update(reason.evidence)
    tail = f"; original: {original}" if original else ""
    return Finding(
        rule=RULE_ID,
        confidence=best.confidence,
        message=f"Not the original source: {best.detail}{tail}.",
        evidence=evidence,
    )
