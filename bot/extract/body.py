"""Find the article body: its paragraphs, lead, text length and the links inside it.

Each paragraph's text is credited to its parent (and half to its grandparent), as Readability
does; the best-credited element is the body, widened to an enclosing ``<article>``/``<main>``/
``itemprop=articleBody`` element when one is a few levels up. Navigation, comments, sharing and
promotion blocks inside the body are left out. Every step is a CSS query run by lexbor, so the
cost stays a small multiple of the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from bot.extract.document import Document, clean_text
from bot.extract.scan import PARAGRAPHS

LEAD_PARAGRAPHS = 3
MIN_LEAD_CHARS = 60
MIN_SCORED_CHARS = 25
MAX_LINKS = 200
MAX_PARAGRAPHS = 2_000
MAX_WIDEN_HOPS = 4
#: Paragraph credit for an element whose class names boilerplate (comments, sidebar, promo):
#: a penalty, not an exclusion, since layouts reuse the words ("l-sidebar-fixed").
BOILERPLATE_FACTOR = 0.25

_BOILERPLATE = (
    "nav, footer, aside, form, menu, noscript, figcaption, [role=navigation], "
    "[role=complementary], [class*=comment], [id*=comment], [class*=related], [class*=share], "
    "[class*=social], [class*=newsletter], [class*=promo], [class*=sidebar], [class*=advert], "
    "[class*=recommend], [class*=consent], [class*=tweet], [class*=instagram-media]"
)
_PARAGRAPHS = PARAGRAPHS
_TEXT_TAGS = f"{_PARAGRAPHS}, h2, h3, h4"
_INNER = f"{_TEXT_TAGS}, a[href]"  # what a boilerplate block takes out of the body with it


_BOILER_TAGS = frozenset({"nav", "footer", "aside", "form", "menu", "noscript", "figcaption"})
# A class/id token that names a boilerplate block ("article-share", "socialIcon", "comments")
# — but not a WordPress taxonomy class such as "category-social-media" or "tag-promotion".
_BOILER_TOKEN = re.compile(
    r"^(?!category-|tag-|post-|has-|format-|type-|status-)(?:.*[-_])?"
    r"(?:comment|related|share|sharing|social|newsletter|promo|sidebar|advert|recommend|footer|"
    r"cookie|consent|gdpr|modal|popup|subscribe|teaser|caption|tweet|instagram-media)",
    re.IGNORECASE,
)


@dataclass
class Body:
    """The located article body (``node`` is ``None`` when the page has no paragraph text)."""

    node: LexborNode | None
    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    text_length: int = 0
    skip: frozenset[int] = frozenset()  # mem_ids of boilerplate elements inside the body


def _boilerplate(node: LexborNode | None) -> bool:
    """A class token names a boilerplate block (see ``_BOILER_TOKEN``)."""
    if node is None:
        return False
    return any(_BOILER_TOKEN.match(t) for t in (node.attributes.get("class") or "").split())


def _is_container(node: LexborNode) -> bool:
    if node.tag in ("article", "main"):
        return True
    attrs = node.attributes
    return attrs.get("itemprop") == "articleBody" or attrs.get("role") == "main"


def _scored(doc: Document) -> tuple[LexborNode | None, dict[int, str]]:
    """The element credited with most paragraph text (boilerplate-named ones count a quarter),
    and the raw text of each paragraph read (by ``mem_id``), which the body reuses."""
    scores: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    factors: dict[int, float] = {}
    texts: dict[int, str] = {}
    for para in doc.scan.paragraphs[:MAX_PARAGRAPHS]:
        raw = texts[para.mem_id] = para.text(deep=True)
        length = len(raw)
        if length < MIN_SCORED_CHARS:
            continue
        parent = para.parent
        if parent is None:
            continue
        grand = parent.parent
        if grand is not None and grand.tag in ("body", "html"):
            grand = None
        # Credit the parent with the paragraph's length and the grandparent with half of it.
        for node, amount in ((parent, float(length)), (grand, length / 2)):
            if node is None:
                continue
            key = node.mem_id
            factor = factors.get(key)
            if factor is None:
                factor = factors[key] = BOILERPLATE_FACTOR if _boilerplate(node) else 1.0
                nodes[key] = node
            scores[key] = scores.get(key, 0.0) + amount * factor
    if not scores:
        return None, texts
    return nodes[max(scores, key=scores.__getitem__)], texts


def _widen(node: LexborNode) -> LexborNode:
    """The enclosing article/main container when it is a few levels up, else ``node``."""
    current: LexborNode | None = node
    for _ in range(MAX_WIDEN_HOPS + 1):
        if current is None or current.tag in ("body", "html"):
            break
        if _is_container(current):
            return current
        current = current.parent
    return node


def _is_boilerplate_block(block: LexborNode) -> bool:
    if block.tag in _BOILER_TAGS:
        return True
    attrs = block.attributes
    if attrs.get("role"):
        return True
    tokens = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".split()
    return any(_BOILER_TOKEN.match(token) for token in tokens)


def _skip_ids(node: LexborNode, paragraphs: int) -> frozenset[int]:
    """Boilerplate blocks inside the body and everything in them.

    A block holding most of the body's ``paragraphs`` (its ``_PARAGRAPHS`` elements) is
    layout, whatever its class says ("l-sidebar-fixed l-article-body-segment" on vox.com).
    """
    skip: set[int] = set()
    for block in node.css(_BOILERPLATE):
        if block.mem_id == node.mem_id or block.mem_id in skip:
            continue
        if not _is_boilerplate_block(block):
            continue
        inner = block.css(_INNER)
        held = sum(1 for n in inner if n.tag in ("p", "div"))
        if held >= 3 and held > paragraphs / 2:
            continue
        skip.add(block.mem_id)
        skip.update(n.mem_id for n in inner)
    return frozenset(skip)


def find_body(doc: Document) -> Body:
    """Locate the article body and collect its paragraphs and headings."""
    scored, texts = _scored(doc)
    if scored is None:
        return Body(node=None)
    best = _widen(scored)
    found = best.css(_TEXT_TAGS)
    # The _PARAGRAPHS elements are the p/div ones of _TEXT_TAGS (h2-h4 are never p or div).
    skip = _skip_ids(best, sum(1 for n in found if n.tag in ("p", "div")))
    paragraphs: list[str] = []
    headings: list[str] = []
    total = 0
    for node in found[:MAX_PARAGRAPHS]:
        key = node.mem_id
        if key in skip:
            continue
        # A paragraph's text was read for scoring (unless it came past MAX_PARAGRAPHS). No
        # separator: paragraph children are inline ("<a>Land mitteilte</a>." stays one word).
        raw = texts.get(key)
        text = clean_text(raw if raw is not None else node.text(deep=True))
        if not text:
            continue
        if node.tag in ("p", "div"):
            paragraphs.append(text)
        else:
            headings.append(text)
        total += len(text)
    return Body(node=best, paragraphs=paragraphs, headings=headings, text_length=total, skip=skip)


def lead(body: Body) -> list[str]:
    """The first substantial paragraphs of the body."""
    return [p for p in body.paragraphs if len(p) >= MIN_LEAD_CHARS][:LEAD_PARAGRAPHS]


def body_links(doc: Document, body: Body) -> list[str]:
    """Absolute http(s) links in the body (boilerplate left out), de-duplicated, page excluded."""
    if body.node is None:
        return []
    own = doc.url.split("#", 1)[0]
    out: dict[str, None] = {}
    for anchor in body.node.css("a[href]"):
        if anchor.mem_id in body.skip:
            continue
        url = doc.absolute(anchor.attributes.get("href"))
        if not url:
            continue
        url = url.split("#", 1)[0]
        if url == own or url in out:
            continue
        out[url] = None
        if len(out) >= MAX_LINKS:
            break
    return list(out)
