"""Content-farm signs beyond bot.extract.blog's: who made the page and why, not how it is built.

Each is a string the ``blogspam`` rule weighs (all of them about the content, see
``bot.rules.blogspam.CONTENT_WEIGHTS``):

- ``blogger``: hosted on Blogger (generator "blogger", a blogspot host): rewrite sites
- ``sponsored``: the piece discloses that a brand paid for it ("#ad", "compensated by",
  "sponsored post", "affiliate links") in its own paragraphs
- ``brand-blog``: a company's blog (a ``/blog/`` path, a ``blog.`` host or "blog" in the
  domain's name) with no news article markup (schema.org NewsArticle)
- ``about-itself``: the headline or the first paragraph names the site's own brand (a press
  release or a product pitch: "my6sense names ...")
- ``republished``: "originally appeared on", "republished from" in the piece's paragraphs: a
  viral story copied from elsewhere
- ``chumbox``: a low-quality recirculation ad network's script (MGID, Revcontent, Zergnet ...),
  which newsrooms do not load
- ``listicle``: a list headline ("15 Helpful Tips ...", "20 Clever Small Nursery Ideas")
- ``slideshow``: most of the piece's paragraphs sit inside slides ("gamma-slide",
  "slideshow", "gallery"): a story cut into slides to show an ad with each
- ``teaser-headline``: a headline that withholds its payoff ("... this is what she finds",
  "then the star confirmed the real cause", "here's why")
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.domains import registered_domain
from bot.extract.document import Document

FARM_SIGNALS: tuple[str, ...] = (
    "blogger",
    "sponsored",
    "brand-blog",
    "about-itself",
    "republished",
    "chumbox",
    "listicle",
    "slideshow",
    "teaser-headline",
)

_PARAGRAPHS = 12  # the piece's first paragraphs are read for disclosures and credits
_SPONSORED = re.compile(
    r"#ad\b|#sponsored\b|#collectivebias|\bcompensated by\b|\bsponsored (?:post|by|content)\b|"
    r"\bpaid (?:partnership|post)\b|\baffiliate (?:links?|commissions?)\b|"
    r"\bthis (?:post|shop|article) (?:is|was|has been) sponsored\b",
    re.IGNORECASE,
)
_REPUBLISHED = re.compile(
    r"\b(?:originally (?:appeared|published|posted) (?:on|in|at)|republished (?:with permission )?"
    r"(?:from|on)|this (?:story|article|post) first appeared)\b",
    re.IGNORECASE,
)
_CHUMBOX = ("mgid.com", "revcontent", "zergnet", "content.ad", "adnow", "adsterra", "propeller")
_LISTICLE = re.compile(
    r"^\s*(?:the\s+)?\d{1,3}\+?\s+(?:[\w'’-]+\s+){0,3}?(?:ways|things|tips|ideas|reasons|photos|"
    r"pictures|items|facts|signs|secrets|tricks|hacks|foods|celebrities|times|places|products|"
    r"questions|costumes|recipes|mistakes|habits|moments|gifts|deals)\b",
    re.IGNORECASE,
)
_SLIDE_WORDS = ("slide", "sldshw", "gallery-item")
_SLIDE_READ, _SLIDE_MIN, _SLIDE_DEPTH, _SLIDE_SHARE = 60, 5, 8, 0.4
_TEASER = re.compile(
    r"\b(?:the real (?:reason|cause|story|truth)|this is (?:what|why|how)|here'?s (?:what|why|how)|"
    r"what (?:happened|happens) (?:next|to)|(?:you|you'll) (?:won'?t|never) (?:believe|guess)|"
    r"the reason (?:why|is)|what (?:she|he|they) (?:found|finds|discovered|saw)|"
    r"then (?:the|she|he|they)\b.{0,40}\b(?:confirmed|revealed|found|discovered|noticed))",
    re.IGNORECASE,
)
_NEWS_TYPES = ("NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "LiveBlogPosting")


def farm_signals(doc: Document, *, headline: str | None, paragraphs: Sequence[str]) -> list[str]:
    """The content-farm signs present on the page, in ``FARM_SIGNALS`` order."""
    found: set[str] = set()
    parts = urlsplit(doc.url)
    host = (parts.hostname or "").lower()
    domain = registered_domain(host) if host else ""
    label = domain.split(".", 1)[0]
    generator = " ".join(doc.meta.get("generator", ())).lower()
    if "blogger" in generator or ".blogspot." in f".{host}":
        found.add("blogger")
    text = " ".join(paragraphs[:_PARAGRAPHS])
    if _SPONSORED.search(text):
        found.add("sponsored")
    if _REPUBLISHED.search(text):
        found.add("republished")
    on_blog = (
        "/blog/" in parts.path.lower()
        or host.startswith("blog.")
        or "blog" in label
        or "blog" in generator
    )
    if on_blog and not doc.jsonld.of_type(*_NEWS_TYPES):
        found.add("brand-blog")
    if len(label) >= 5 and _names_itself(label, [headline or "", *paragraphs[:1]]):
        found.add("about-itself")
    if _chumbox(doc):
        found.add("chumbox")
    if headline and _LISTICLE.match(headline):
        found.add("listicle")
    if headline and _TEASER.search(headline.replace("’", "'")):
        found.add("teaser-headline")
    if _slideshow(doc):
        found.add("slideshow")
    return [s for s in FARM_SIGNALS if s in found]


def _names_itself(label: str, texts: Sequence[str]) -> bool:
    """A word of ``texts`` starts with the domain's name ("my6sense", "ExpApper")."""
    pattern = re.compile(r"(?<![\w.@/])" + re.escape(label), re.IGNORECASE)
    return any(pattern.search(text) for text in texts)


def _chumbox(doc: Document) -> bool:
    """A script of a chumbox network."""
    for _, attrs in doc.scan.scripts:
        src = (attrs.get("src") or "").lower()
        if src and any(name in src for name in _CHUMBOX):
            return True
    return False


def _slideshow(doc: Document) -> bool:
    """At least ``_SLIDE_SHARE`` of the page's paragraphs (of ``_SLIDE_MIN``) are in a slide."""
    paragraphs = doc.scan.paragraphs[:_SLIDE_READ]
    if len(paragraphs) < _SLIDE_MIN:
        return False
    inside = 0
    for node in paragraphs:
        parent, depth = node.parent, 0
        while parent is not None and depth < _SLIDE_DEPTH:
            cls = (parent.attributes.get("class") or "").lower()
            if cls and any(word in cls for word in _SLIDE_WORDS):
                inside += 1
                break
            parent, depth = parent.parent, depth + 1
    return inside >= _SLIDE_SHARE * len(paragraphs)
