"""Headline candidates from a page, and ``best_headline`` to choose among them.

Candidates come in a fixed order of sources (og:title, twitter:title, JSON-LD headline, h1,
title with the site name stripped, full title). The best one is chosen by agreement: each
candidate votes for its text with the site name stripped, a text that several independent
sources give wins, the visible h1 weighs most, a "Kicker: Headline" supports "Headline", and site
names, page furniture and implausible lengths are marked down.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from bot.extract.document import Document, clean_text, node_text
from bot.extract.jsonld import text_value
from bot.extract.sitename import (
    compact,
    domain_labels,
    looks_like_site,
    normalize_title,
    strip_site_name,
)
from bot.models import HeadlineCandidate

MAX_HEADLINE_CHARS = 400
MAX_H1 = 3


def _add(out: list[HeadlineCandidate], source: str, text: str | None) -> None:
    text = clean_text(text)
    if not text or len(text) > MAX_HEADLINE_CHARS:
        return
    key = normalize_title(text)
    if any(c.source == source and normalize_title(c.text) == key for c in out):
        return
    out.append(HeadlineCandidate(source=source, text=text))


def _in_svg(node: LexborNode) -> bool:
    parent = node.parent
    hops = 0
    while parent is not None and hops < 1000:
        if parent.tag in ("svg", "math"):
            return True
        parent = parent.parent
        hops += 1
    return False


def page_title(doc: Document) -> str | None:
    """The document ``<title>`` (never one inside an inline ``<svg>``)."""
    if "title" not in doc.cache:
        doc.cache["title"] = next(
            (t for n in doc.scan.titles if not _in_svg(n) and (t := node_text(n))), None
        )
    title: str | None = doc.cache["title"]
    return title


_KICKER_CLASS = re.compile(
    r"kicker|dachzeile|overline|topline|roofline|eyebrow|supertitle|spitzmarke|titleheader|"
    r"pretitle|pre-title|hidden|sr-only|screen-reader|colon",
    re.IGNORECASE,
)


def _headline_text(node: LexborNode) -> str:
    """Text of a heading without a kicker/overline child ("<span class=kicker>Topic</span>")."""
    parts: list[str] = []
    dropped = False
    for child in node.iter(include_text=True):
        if child.tag != "-text" and _KICKER_CLASS.search(child.attributes.get("class") or ""):
            dropped = True
            continue
        parts.append(child.text(deep=True, separator=" "))
    text = clean_text(" ".join(parts)) if dropped else ""
    return text or node_text(node)


_INSIDE_H1 = "article h1, main h1, [role=main] h1, h1[itemprop=headline]"
_FOREIGN = frozenset({"svg", "math"})
#: Ancestors of an h1 looked at in Python; deeper ones (inline elements nest without bound) are
#: left to lexbor, which walks them in C.
MAX_H1_ANCESTORS = 500


def _inside(h1: LexborNode) -> bool | None:
    """Whether ``h1`` matches ``_INSIDE_H1``, read off its few ancestors (a second whole-tree
    query costs more). ``None`` under svg/math, whose namespaced attributes (``xlink:role``)
    Python does not compare the way lexbor does, and beyond ``MAX_H1_ANCESTORS``."""
    found = h1.attributes.get("itemprop") == "headline"
    node = h1.parent
    for _ in range(MAX_H1_ANCESTORS):
        if node is None:
            return found
        tag = node.tag
        if tag is None or tag.startswith("-"):  # the document node: no attributes
            return found
        if tag in _FOREIGN:
            return None
        if not found and (tag in ("article", "main") or node.attributes.get("role") == "main"):
            found = True
        node = node.parent
    return None


def _inside_h1s(doc: Document, h1s: list[LexborNode]) -> list[LexborNode]:
    """The h1 elements inside the article (``_INSIDE_H1``), in document order."""
    inside = []
    for node in h1s:
        verdict = _inside(node)
        if verdict is None:
            return doc.tree.css(_INSIDE_H1)
        if verdict:
            inside.append(node)
    return inside


def _h1s(doc: Document) -> list[str]:
    outside = doc.scan.h1s
    texts: list[str] = []
    read: set[int] = set()
    for node in [*_inside_h1s(doc, outside), *outside]:
        # The in-article h1s come twice: the second time their text is already decided.
        key = node.mem_id
        if key in read:
            continue
        read.add(key)
        text = _headline_text(node)
        if text and text not in texts and not _is_furniture(normalize_title(text)):
            texts.append(text)
        if len(texts) >= MAX_H1:
            break
    return texts


def site_names(doc: Document) -> list[str]:
    """Names the site goes by, from metadata (used to strip them from titles)."""
    if "site_names" not in doc.cache:
        doc.cache["site_names"] = _site_names(doc)
    return list(doc.cache["site_names"])


def _site_names(doc: Document) -> list[str]:
    names = []
    for key in ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher"):
        value = doc.meta_first(key)
        if value and "://" not in value:
            names.append(value)
    for obj in doc.jsonld.articles():
        name = text_value(doc.jsonld.resolve(obj.get("publisher")))
        if name and "://" not in name:
            names.append(name)
    for obj in doc.jsonld.of_type("WebSite", "Organization", "NewsMediaOrganization"):
        name = text_value(obj.get("name"))
        if name:
            names.append(name)
    return names


#: Headings that label page furniture, never an article ("Navigation", "You are here:").
_FURNITURE = frozenset(
    {
        "navigation", "main navigation", "hauptnavigation", "menu", "menü", "search", "suche",
        "sections", "about", "subscribe", "quicklink", "quicklinks", "you are here",
        "sie sind hier", "skip to content", "share", "related", "related articles",
        "advertisement", "anzeige", "newsletter", "login", "home", "startseite", "ask me",
    }
)  # fmt: skip


def headline_candidates(doc: Document) -> list[HeadlineCandidate]:
    """All headline candidates, in source order, de-duplicated per source."""
    out: list[HeadlineCandidate] = []
    _add(out, "og:title", doc.meta_first("og:title"))
    _add(out, "twitter:title", doc.meta_first("twitter:title"))
    for obj in doc.jsonld.articles():
        _add(out, "json-ld", text_value(obj.get("headline")) or text_value(obj.get("name")))
    for text in doc.jsonld.broken_headlines:
        _add(out, "json-ld", text)
    for text in _h1s(doc):
        _add(out, "h1", text)
    title = page_title(doc)
    if title:
        stripped, _site = strip_site_name(title, site_names(doc), doc.url)
        if stripped != title:
            _add(out, "title-stripped", stripped)
        _add(out, "title", title)
    return out


_KICKER_SEP = re.compile(r"(?:\s*[:|–—-]\s+|\s+[:|–—-]\s*|\s+)$")


def _is_furniture(key: str) -> bool:
    return key.rstrip(" :").strip() in _FURNITURE


def dedupe(candidates: Sequence[HeadlineCandidate]) -> list[HeadlineCandidate]:
    """Candidates with distinct texts (after ``normalize_title``), first source kept."""
    seen: set[str] = set()
    out = []
    for cand in candidates:
        key = normalize_title(cand.text)
        if key not in seen:
            seen.add(key)
            out.append(cand)
    return out


def _kicker_of(short: str, full: str) -> bool:
    """``full`` is ``"<kicker>: <short>"`` (a topic label before the headline)."""
    if len(full) <= len(short) + 2 or not full.endswith(short):
        return False
    head = full[: -len(short)]
    match = _KICKER_SEP.search(head)
    return match is not None and 0 < len(head[: match.start()].split()) <= 6


@dataclass(frozen=True)
class Weights:
    """How much each source's vote counts; tuned on the corpus dev split only."""

    og: float = 0.6
    twitter: float = 0.2  # usually a copy of og:title: adds little on its own
    jsonld: float = 1.4
    h1_single: float = 1.6  # the only h1 on the page
    h1_first: float = 1.2  # the first of several h1 (inside <article>/<main> first)
    h1_other: float = 0.6
    title_stripped: float = 0.0  # same family as title: the stripped form is what both vote for
    title: float = 0.6
    extra_member: float = 0.1  # a second candidate of the same family in a group
    one_word: float = 1.2
    too_long: float = 1.0
    site_like: float = 3.0
    kicker: float = 0.8  # share of a "Kicker: Headline" group's weight given to "Headline"


WEIGHTS = Weights()


def _family_weight(source: str, h1_index: int, h1_count: int, w: Weights) -> tuple[str, float]:
    if source == "h1":
        if h1_count == 1:
            return "h1", w.h1_single
        return "h1", w.h1_first if h1_index == 0 else w.h1_other
    if source == "og:title":
        return "social", w.og
    if source == "twitter:title":
        return "social", w.twitter
    if source == "json-ld":
        return "json-ld", w.jsonld
    if source == "title-stripped":
        return "title", w.title_stripped
    if source == "title":
        return "title", w.title
    return source, 0.5


_DISPLAY_ORDER = ("h1", "json-ld", "og:title", "title-stripped", "twitter:title", "title")


def best_headline(
    candidates: Sequence[HeadlineCandidate],
    *,
    site_names: Sequence[str] = (),
    url: str = "",
    weights: Weights | None = None,
) -> str | None:
    """The most likely headline among ``candidates`` (``None`` when there are none).

    Candidates vote for their text with the site name stripped; votes from one family of
    sources (og/twitter, title/stripped title) count once. The group with most weight wins.
    """
    w = weights or WEIGHTS
    labels = domain_labels(url)
    names = list(site_names)
    title = next((c.text for c in candidates if c.source == "title"), None)
    if title:
        _core, site_part = strip_site_name(title, names, url)
        if site_part:
            names.append(site_part)
    h1_count = sum(1 for c in candidates if c.source == "h1")
    groups: dict[str, dict[str, list[float]]] = {}
    texts: dict[str, list[tuple[int, str]]] = {}
    h1_index = 0
    for cand in candidates:
        core = cand.text
        if cand.source == "title":
            core = strip_site_name(cand.text, names, url)[0]
        elif cand.source != "title-stripped":
            core = strip_site_name(cand.text, names, url, guess=False)[0]
        family, weight = _family_weight(cand.source, h1_index, h1_count, w)
        if cand.source == "h1":
            h1_index += 1
        key = normalize_title(core)
        if not compact(key):
            continue
        groups.setdefault(key, {}).setdefault(family, []).append(weight)
        rank = _DISPLAY_ORDER.index(cand.source) if cand.source in _DISPLAY_ORDER else 9
        texts.setdefault(key, []).append((rank, core))
    raw: dict[str, float] = {}
    for key, families in groups.items():
        score = 0.0
        for votes in families.values():
            votes.sort(reverse=True)
            score += votes[0] + w.extra_member * (len(votes) - 1)
        raw[key] = score
    best: tuple[float, str] | None = None
    for key, score in raw.items():
        # "Kicker: Headline" elsewhere on the page supports the bare headline.
        score += w.kicker * sum(v for k, v in raw.items() if _kicker_of(key, k))
        n_words = len(key.split())
        if n_words < 2:
            score -= w.one_word
        if n_words > 40:
            score -= w.too_long
        if (n_words <= 5 and looks_like_site(key, names, labels)) or _is_furniture(key):
            score -= w.site_like
        if best is None or score > best[0]:
            best = (score, key)
    if best is None:
        return None
    return min(texts[best[1]])[1]
