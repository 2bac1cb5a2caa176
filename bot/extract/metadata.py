"""Site name, publisher, canonical URL, publication date and language of a page."""

from __future__ import annotations

import re

from bot.extract.document import Document, clean_text
from bot.extract.jsonld import text_value
from bot.extract.sitename import strip_site_name

MAX_FIELD_CHARS = 200

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}|[a-zA-Z]{4}))?\b")
_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{8}|[A-Z][a-z]+ \d{1,2}, \d{4}"
)


def _short(value: str | None) -> str | None:
    text = clean_text(value)
    if not text or "://" in text:
        return None
    return text[:MAX_FIELD_CHARS]


def publisher(doc: Document) -> str | None:
    """The publishing organisation: JSON-LD ``publisher``, else a publisher meta tag."""
    for obj in doc.jsonld.articles():
        name = _short(text_value(doc.jsonld.resolve(obj.get("publisher"))))
        if name:
            return name
    for obj in doc.jsonld.of_type("NewsMediaOrganization"):
        name = _short(text_value(obj.get("name")))
        if name:
            return name
    return _short(
        doc.meta_first("publisher", "dc.publisher", "dcterms.publisher", "article:publisher")
    )


def declared_site_name(doc: Document) -> str | None:
    """The name the site declares in metadata: og:site_name, JSON-LD publisher/WebSite,
    application-name."""
    name = _short(doc.meta_first("og:site_name"))
    if name:
        return name
    name = publisher(doc)
    if name:
        return name
    for obj in doc.jsonld.of_type("WebSite"):
        name = _short(text_value(obj.get("name")))
        if name:
            return name
    return _short(doc.meta_first("application-name", "apple-mobile-web-app-title"))


def title_site_name(doc: Document, title: str | None) -> str | None:
    """The ``<title>`` part that names the site (matches its domain), if any."""
    if not title:
        return None
    _headline, site = strip_site_name(title, (), doc.url, guess=False)
    return _short(site)


def site_name(doc: Document, title: str | None = None) -> str | None:
    """The declared site name, else the ``<title>`` part that names the site (its domain)."""
    return declared_site_name(doc) or title_site_name(doc, title)


def canonical_url(doc: Document) -> str | None:
    """rel=canonical, else og:url, else JSON-LD ``mainEntityOfPage``/``url`` — absolute."""
    for attrs in doc.scan.links:
        rels = (attrs.get("rel") or "").lower().split()
        if "canonical" in rels:
            url = doc.absolute(attrs.get("href"))
            if url:
                return url
    url = doc.absolute(doc.meta_first("og:url"))
    if url:
        return url
    for obj in doc.jsonld.articles():
        for key in ("mainEntityOfPage", "url"):
            url = doc.absolute(text_value(obj.get(key)))
            if url:
                return url
    return None


def published(doc: Document) -> str | None:
    """The publication date as the page states it (usually ISO 8601)."""
    value = doc.meta_first(
        "article:published_time",
        "article:published",
        "og:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "dcterms.date",
        "sailthru.date",
        "parsely-pub-date",
        "citation_publication_date",
        "article.published",
    )
    if value and _DATE.search(value):
        return value[:64]
    # Articles first, then any typed object that dates itself (WebPage, ClaimReview...).
    for obj in [*doc.jsonld.articles(), *doc.jsonld.objects]:
        value = text_value(obj.get("datePublished")) or text_value(obj.get("dateCreated"))
        if value and _DATE.search(value):
            return value[:64]
    for node in doc.tree.css("[itemprop=datePublished], time[datetime], time[pubdate]"):
        attrs = node.attributes
        value = clean_text(attrs.get("datetime") or attrs.get("content") or node.text())
        if value and _DATE.search(value):
            return value[:64]
    return None


def normalize_language(value: str | None) -> str | None:
    """``"en_US"`` -> ``"en-US"``, ``"DE"`` -> ``"de"``; ``None`` when it is no language tag."""
    match = _LANG.match(clean_text(value))
    if not match:
        return None
    lang = match.group(1).lower()
    region = match.group(2)
    if region:
        region = region.title() if len(region) == 4 else region.upper()
        return f"{lang}-{region}"
    return lang


def language(doc: Document) -> str | None:
    """<html lang>, else og:locale, content-language, JSON-LD ``inLanguage``."""
    root = doc.tree.css_first("html")
    candidates = []
    if root is not None:
        candidates.append(root.attributes.get("lang") or root.attributes.get("xml:lang"))
    candidates.append(doc.meta_first("og:locale"))
    candidates.append(doc.meta_first("content-language", "language", "dc.language"))
    for obj in doc.jsonld.articles():
        candidates.append(text_value(obj.get("inLanguage")))
    for value in candidates:
        lang = normalize_language(value)
        if lang:
            return lang
    return None
