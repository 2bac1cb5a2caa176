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
- ``press-release``: a company announcing itself ("is pleased to announce", "today
  announced", "media contact", "for immediate release") in the piece's first paragraphs
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
    "teaser-headline",
    "press-release",
)

_PARAGRAPHS = 12  # the piece's first paragraphs are read for disclosures and credits
_PRESS_PARAGRAPHS = 3
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
_SPONSORED_WORDS = ("#", "compensated", "sponsored", "paid ", "affiliate")
_REPUBLISHED_WORDS = ("originally", "republished", "first appeared")
_PRESS = re.compile(
    r"\b(?:is|are|was) (?:pleased|thrilled|excited|proud|delighted|happy) to "
    r"(?:announce|welcome|have|introduce|share|unveil)|\b(?:today|proudly) announced?\b|"
    r"\bannounced today\b|\bfor immediate release\b|\bmedia contacts?:|\bpress contacts?:",
    re.IGNORECASE,
)
_PRESS_WORDS = ("pleased", "thrilled", "excited", "proud", "delighted", "happy", "announce",
                "release", "contact")  # fmt: skip
_CHUMBOX = ("mgid.com", "revcontent", "zergnet", "content.ad", "adnow", "adsterra", "propeller")
_LISTICLE = re.compile(
    r"^\s*(?:the\s+)?\d{1,3}\+?\s+(?:[\w'’-]+\s+){0,3}?(?:ways|things|tips|ideas|reasons|photos|"
    r"pictures|items|facts|signs|secrets|tricks|hacks|foods|celebrities|times|places|products|"
    r"questions|costumes|recipes|mistakes|habits|moments|gifts|deals)\b",
    re.IGNORECASE,
)
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
    lower = text.lower()
    # The regexes run only on text holding one of their words (most pages hold none).
    if any(word in lower for word in _SPONSORED_WORDS) and _SPONSORED.search(text):
        found.add("sponsored")
    if any(word in lower for word in _REPUBLISHED_WORDS) and _REPUBLISHED.search(text):
        found.add("republished")
    first = " ".join(paragraphs[:_PRESS_PARAGRAPHS])
    if any(word in first.lower() for word in _PRESS_WORDS) and _PRESS.search(first):
        found.add("press-release")
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
    return [s for s in FARM_SIGNALS if s in found]


def _names_itself(label: str, texts: Sequence[str]) -> bool:
    """A word of ``texts`` starts with the domain's name ("my6sense", "ExpApper")."""
    for text in texts:
        lower = text.lower()
        at = lower.find(label)
        while at >= 0:
            before = lower[at - 1] if at else " "
            if not (before.isalnum() or before in "_.@/"):
                return True
            at = lower.find(label, at + 1)
    return False


def _chumbox(doc: Document) -> bool:
    """A script of a chumbox network."""
    for _, attrs in doc.scan.scripts:
        src = (attrs.get("src") or "").lower()
        if src and any(name in src for name in _CHUMBOX):
            return True
    return False
