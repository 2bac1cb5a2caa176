"""Guideline 2: a paywalled link needs an archive link in the body.

Paywalled means the article's own markup says so (``Article.paywalled`` with its
``paywall_signals``, e.g. schema.org ``isAccessibleForFree: false``) or the domain is on the
``paywall`` list. The list alone is enough when the page could not be fetched (paywalls often
refuse bots), so the rule does not need the article. An archive link is any URL in the body
whose domain is on the ``archive`` list (archive.today family, web.archive.org, 12ft.io, ...).

A declaration alone is not trusted when the page contradicts it: schema.org
``isAccessibleForFree: false`` with no paywall markup or script, the whole text on the page
(``DECLARED_FULL_TEXT`` characters or more) and the site on no hand-picked paywall list is a
free site's template (sites copy the markup). Then only the list files speak (Bypass Paywalls
Clean alone stays under ``min_confidence``), and a finding that remains says so.
"""

from __future__ import annotations

import math
import re

from bot.models import Finding
from bot.rules.base import RuleContext

RULE_ID = "paywall-no-archive"
NEEDS_ARTICLE = False

DEFAULT_ARCHIVE_LINKS = ("https://archive.ph/newest/{url}", "https://web.archive.org/web/{url}")

# URLs with or without a scheme ("archive.ph/AbCd1" is how people often paste them).
_URL = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z][\w-]{1,62}(?::\d+)?(?:/[^\s<>\"'\])]*)?", re.I)

#: Evidence strengths; several signals combine as a noisy-or, ``1 - prod(1 - c)``.
LIST_CONFIDENCE = 0.85  # a hand-picked paywall list entry (paywall.txt, config additions)
#: By list file. Bypass Paywalls Clean lists every site with any kind of wall (metered,
#: registration, ad-block), CNN and Fox News among them: alone it stays under the default
#: min_confidence; with the page's own markup it corroborates.
FILE_CONFIDENCE = {"paywall-bpc.txt": 0.45}
DECLARED_CONFIDENCE = 0.9  # the publisher's own declaration: JSON-LD isAccessibleForFree, meta
MARKUP_CONFIDENCE = 0.75  # paywall elements in the page
SCRIPT_CONFIDENCE = 0.45  # a paywall vendor's script: also loaded by free sites (metering, ads)
MAX_CONFIDENCE = 0.97
DECLARED_FULL_TEXT = 4000  # characters of body text: the piece is served whole


def signal_confidence(signal: str) -> float:
    """How strongly one of extraction's paywall signals (bot/extract/paywall.py) says
    "paywalled": the publisher's declaration (``json-ld:``, ``meta:``), a vendor's script
    (``script:``) or paywall markup (the rest)."""
    lowered = signal.lower()
    if lowered.startswith(("json-ld:", "meta:")):
        return DECLARED_CONFIDENCE
    if lowered.startswith("script:"):
        return SCRIPT_CONFIDENCE
    return MARKUP_CONFIDENCE


def _declaration(signal: str) -> bool:
    """A schema.org ``isAccessibleForFree`` declaration (not a paywall element or script)."""
    return "isaccessibleforfree" in signal.lower()


def combine(confidences: list[float]) -> float:
    return round(min(MAX_CONFIDENCE, 1.0 - math.prod(1.0 - c for c in confidences)), 3)


def archive_links_in(text: str, ctx: RuleContext) -> list[str]:
    """URLs in ``text`` whose domain is on the archive list."""
    sources = ctx.community.sources
    return [m.group(0) for m in _URL.finditer(text) if sources.match("archive", m.group(0))]


def check(ctx: RuleContext) -> Finding | None:
    post, article, sources = ctx.post, ctx.article, ctx.community.sources
    url = article.final_url or post.url
    if not url or sources.first_match("archive", (post.url, article.final_url)):
        return None  # no link, or the post links an archive copy itself
    signals: list[str] = []
    strengths: list[float] = []
    if article.readable and article.paywalled and ctx.param("trust_markup", True):
        signals = list(dict.fromkeys(article.paywall_signals)) or ["paywall markup"]
        strengths = [signal_confidence(s) for s in signals]
    hit = sources.first_match("paywall", (post.url, article.final_url))
    evidence: dict[str, object] = {}
    listed = 0.0
    if hit is not None:
        domain = hit[1]
        by_file = {**FILE_CONFIDENCE, **ctx.param("list_file_confidence", {})}
        listed = float(by_file.get(sources.source_file("paywall", domain), LIST_CONFIDENCE))
    if (
        signals
        and all(map(_declaration, signals))
        and article.text_length >= DECLARED_FULL_TEXT
        and listed < LIST_CONFIDENCE
    ):
        evidence["declaration_ignored"] = "isAccessibleForFree=false, but the full text is served"
        signals, strengths = [], []
    if hit is not None:
        domain = hit[1]
        signals.append(f"paywall list: {domain}")
        strengths.append(listed)
        evidence.update(
            domain=domain, list="paywall", list_source=sources.origin("paywall", domain)
        )
    if not signals or archive_links_in(post.body, ctx):
        return None
    templates = ctx.param("archive_links", list(DEFAULT_ARCHIVE_LINKS))
    suggested = [template.replace("{url}", url) for template in templates]
    evidence.update(
        signals=signals,
        suggested_archive_links=suggested,
        suggest_in_comment=ctx.community.suggest_archive_links,
    )
    strongest = signals[strengths.index(max(strengths))]
    hint = f"; suggest {suggested[0]}" if suggested else ""
    return Finding(
        rule=RULE_ID,
        confidence=combine(strengths),
        message=f"Paywalled ({strongest}) and the body has no archive link{hint}.",
        evidence=evidence,
    )
