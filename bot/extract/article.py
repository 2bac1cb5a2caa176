"""``extract_article``: every ``Article`` field from a page's HTML, in bounded time, no raising."""

from __future__ import annotations

import logging

from selectolax.lexbor import SelectolaxError

from bot.extract import metadata
from bot.extract.blog import blog_signals
from bot.extract.body import body_links, find_body, lead
from bot.extract.document import Document, node_text, parse_document
from bot.extract.encoding import decode_html
from bot.extract.farm import farm_signals
from bot.extract.headline import (
    best_headline,
    dedupe,
    headline_candidates,
    page_title,
    site_names,
)
from bot.extract.paywall import is_paywalled, paywall_signals
from bot.extract.structure import PageTooComplex
from bot.models import Article, ArticleStatus, Page

log = logging.getLogger(__name__)

MAX_HEADINGS = 200
#: What a parser or a malformed page could raise deep inside extraction (never expected; each
#: is logged with its traceback and the Article keeps what was read before it).
_SURPRISES = (
    SelectolaxError,
    MemoryError,
    RecursionError,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
)


def _fill(article: Article, doc: Document) -> None:
    candidates = headline_candidates(doc)
    article.candidates = dedupe(candidates)
    declared = metadata.declared_site_name(doc)
    article.publisher = metadata.publisher(doc)
    article.site_name = declared or metadata.title_site_name(doc, page_title(doc))
    # Scored on every source's vote (before de-duplication): agreement is the evidence.
    article.headline = best_headline(candidates, site_names=site_names(doc), url=doc.url)
    article.canonical_url = metadata.canonical_url(doc)
    article.published = metadata.published(doc)
    article.language = metadata.language(doc)
    article.paywall_signals = paywall_signals(doc)
    article.paywalled = is_paywalled(article.paywall_signals)
    body = find_body(doc)
    article.lead = lead(body)
    article.text_length = body.text_length
    article.links = body_links(doc, body)
    # The body's own headings; the whole page's only when no body was found.
    headings = body.headings or [node_text(h) for h in doc.tree.css("h2, h3, h4")[:MAX_HEADINGS]]
    article.blog_signals = blog_signals(
        doc,
        headline=article.headline,
        # Declared in metadata: every site names itself in its <title>, content farms too.
        has_publisher=bool(declared or article.publisher),
        has_date=bool(article.published),
        headings=headings,
        paragraphs=body.paragraphs,
        links=article.links,
    ) + farm_signals(doc, headline=article.headline, paragraphs=body.paragraphs)


def extract_article(
    html: str,
    url: str,
    *,
    final_url: str | None = None,
    status: ArticleStatus = "fetched",
) -> Article:
    """Read an article out of ``html`` (the page at ``final_url``, linked as ``url``).

    Pure and total: any string (empty, binary garbage, megabytes of nesting) gives an
    ``Article``; what cannot be found stays empty. A page whose markup would cost the parser
    more than its budget (``bot.extract.structure``) is not parsed: the article is
    ``unreachable`` with a one-line ``error``.
    """
    article = Article(status=status, url=url, final_url=final_url)
    if not isinstance(html, str):  # defensive: the type says str, callers may hand bytes
        html = decode_html(html) if isinstance(html, bytes) else ""
    if not html or html.isspace():
        return article
    try:
        doc = parse_document(html, final_url or url or "")
    except PageTooComplex as exc:
        log.info("article %s not read: %s", final_url or url, exc)
        article.status, article.error = "unreachable", str(exc)
        return article
    try:
        _fill(article, doc)
    except _SURPRISES:
        # Defensive: a parser surprise on hostile input must cost fields, never the post.
        log.exception("extraction failed for %s", final_url or url)
    return article


def article_from_page(page: Page) -> Article:
    """The ``Article`` for a fetched ``Page``; unreachable (with the fetch error) when it failed."""
    if page.error is not None:
        return Article.unreachable(page.url, page.error)
    return extract_article(page.text, page.url, final_url=page.final_url or page.url)
