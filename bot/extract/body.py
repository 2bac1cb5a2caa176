"""Find the article body: its lead paragraphs, text length and the links inside it.

The body is the element that holds most paragraph text: explicit containers (``<article>``,
``itemprop=articleBody``, common body classes) are preferred when they hold a fair share of it;
otherwise each paragraph's text is credited to its parent (and half to its grandparent) and the
best-credited element wins — a light version of Readability's scoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from bot.extract.document import Document, clean_text, node_text

LEAD_PARAGRAPHS = 3
MIN_LEAD_CHARS = 60
MAX_LINKS = 200
MAX_PARAGRAPHS = 2_000

_CONTAINERS = (
    "[itemprop=articleBody]",
    "article",
    "[class*=article-body]",
    "[class*=article__body]",
    "[class*=articleBody]",
    "[class*=story-body]",
    "[class*=entry-content]",
    "[class*=post-content]",
    "[class*=article-content]",
    "main",
    "[role=main]",
)
_BOILERPLATE = frozenset({"nav", "footer", "header", "aside", "form", "menu", "noscript"})
_BOILER_CLASS = re.compile(
    r"comment|footer|sidebar|related|newsletter|promo|share|social|cookie|subscribe|"
    r"recommend|teaser|advert|byline|caption",
    re.IGNORECASE,
)
_TEXT_TAGS = "p, h2, h3, h4, li, blockquote, pre"


@dataclass
class Body:
    """The located article body (``node`` is ``None`` when the page has no paragraph text)."""

    node: LexborNode | None
    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    text_length: int = 0


_NESTING = frozenset({"p", "li", "blockquote", "pre"})


def _skip(node: LexborNode, stop: LexborNode) -> bool:
    """Inside boilerplate (nav, comments, sharing...) or inside another text block."""
    parent = node.parent
    hops = 0
    while parent is not None and hops < 60:
        if parent.mem_id == stop.mem_id:
            return False
        if parent.tag in _BOILERPLATE or parent.tag in _NESTING:
            return True
        if _BOILER_CLASS.search(parent.attributes.get("class") or ""):
            return True
        parent = parent.parent
        hops += 1
    return False


def _scored_container(doc: Document) -> LexborNode | None:
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    for i, para in enumerate(doc.tree.css("p")):
        if i >= MAX_PARAGRAPHS:
            break
        length = len(node_text(para))
        if length < 25:
            continue
        parent = para.parent
        if parent is None:
            continue
        scores[parent.mem_id] = scores.get(parent.mem_id, 0.0) + length
        nodes[parent.mem_id] = parent
        grand = parent.parent
        if grand is not None:
            scores[grand.mem_id] = scores.get(grand.mem_id, 0.0) + length / 2
            nodes[grand.mem_id] = grand
    if not scores:
        return None
    return nodes[max(scores, key=scores.__getitem__)]


def _paragraph_text(node: LexborNode) -> int:
    return sum(len(node_text(p)) for p in node.css("p")[:MAX_PARAGRAPHS])


def find_body(doc: Document) -> Body:
    """Locate the article body and collect its paragraphs and headings."""
    scored = _scored_container(doc)
    best = scored
    best_len = _paragraph_text(scored) if scored is not None else 0
    for selector in _CONTAINERS:
        node = doc.tree.css_first(selector)
        if node is None or node.tag in ("html", "body"):
            continue
        length = _paragraph_text(node)
        # An explicit container wins unless it misses most of the paragraph text.
        if length >= 0.6 * best_len and length > 0:
            best, best_len = node, length
            break
    if best is None:
        return Body(node=None)
    paragraphs: list[str] = []
    headings: list[str] = []
    total = 0
    for node in best.css(_TEXT_TAGS)[:MAX_PARAGRAPHS]:
        if _skip(node, best):
            continue
        text = node_text(node)
        if not text:
            continue
        if node.tag in ("h2", "h3", "h4"):
            headings.append(text)
        elif node.tag == "p":
            paragraphs.append(text)
        total += len(text)
    return Body(node=best, paragraphs=paragraphs, headings=headings, text_length=total)


def lead(body: Body) -> list[str]:
    """The first substantial paragraphs of the body."""
    return [p for p in body.paragraphs if len(p) >= MIN_LEAD_CHARS][:LEAD_PARAGRAPHS]


def body_links(doc: Document, body: Body) -> list[str]:
    """Absolute http(s) links inside the body, de-duplicated, the page itself excluded."""
    if body.node is None:
        return []
    own = {clean_text(doc.url).split("#", 1)[0]}
    out: dict[str, None] = {}
    for anchor in body.node.css("a[href]"):
        url = doc.absolute(anchor.attributes.get("href"))
        if not url:
            continue
        url = url.split("#", 1)[0]
        if url in own or url in out:
            continue
        out[url] = None
        if len(out) >= MAX_LINKS:
            break
    return list(out)
