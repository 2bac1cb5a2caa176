"""Site name, publisher, canonical URL, publication date and language."""

from __future__ import annotations

import pytest

from bot.extract import extract_article
from bot.extract.metadata import normalize_language

URL = "https://www.news.example/world/story"


def _article(head: str = "", body: str = "", html_attrs: str = ""):
    return extract_article(f"<html {html_attrs}><head>{head}</head><body>{body}</body></html>", URL)


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        ('<link rel="canonical" href="https://orig.example/a">', "https://orig.example/a"),
        ('<link rel="canonical" href="/a?x=1">', "https://www.news.example/a?x=1"),
        ('<link rel="alternate canonical" href="//cdn.example/a">', "https://cdn.example/a"),
        ('<meta property="og:url" content="https://orig.example/og">', "https://orig.example/og"),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"mainEntityOfPage": {"@type": "WebPage", "@id": "https://orig.example/ld"}}</script>',
            "https://orig.example/ld",
        ),
        ('<link rel="canonical" href="javascript:alert(1)">', None),
        ('<link rel="canonical" href="">', None),
        ("", None),
    ],
)
def test_canonical_url(head, canonical):
    assert _article(head).canonical_url == canonical


def test_canonical_prefers_link_over_og_url():
    head = (
        '<meta property="og:url" content="https://og.example/a">'
        '<link rel="canonical" href="https://link.example/a">'
    )
    assert _article(head).canonical_url == "https://link.example/a"


@pytest.mark.parametrize(
    ("head", "body", "published"),
    [
        (
            '<meta property="article:published_time" content="2024-05-01T10:00:00Z">',
            "",
            "2024-05-01T10:00:00Z",
        ),
        ('<meta name="date" content="2024-05-01">', "", "2024-05-01"),
        ('<meta name="date" content="yesterday">', "", None),  # not a date
        (
            '<script type="application/ld+json">'
            '{"@type": "NewsArticle", "datePublished": "2024-05-02"}</script>',
            "",
            "2024-05-02",
        ),
        (
            "",
            '<time datetime="2024-05-03T08:00:00+02:00">3 May</time>',
            "2024-05-03T08:00:00+02:00",
        ),
        ("", '<span itemprop="datePublished" content="2024-05-04">May 4</span>', "2024-05-04"),
        ("", "<time>soon</time>", None),
        (  # several itemprop tokens on one meta (nytimes.com)
            '<meta itemprop="datePublished dateCreated" content="2019-11-19T11:00:09.000Z">',
            "",
            "2019-11-19T11:00:09.000Z",
        ),
        (  # a non-article type that dates itself (a fact check's ClaimReview)
            '<script type="application/ld+json">'
            '{"@type": "ClaimReview", "datePublished": "2019-11-18T10:15:00+00:00"}</script>',
            "",
            "2019-11-18T10:15:00+00:00",
        ),
    ],
)
def test_published(head, body, published):
    assert _article(head, body).published == published


@pytest.mark.parametrize(
    ("head", "attrs", "language"),
    [
        ("", 'lang="en"', "en"),
        ("", 'lang="de-DE"', "de-DE"),
        ("", 'lang="pt_br"', "pt-BR"),
        ("", 'lang="zh-Hant"', "zh-Hant"),
        ('<meta property="og:locale" content="fr_FR">', "", "fr-FR"),
        ('<meta http-equiv="content-language" content="nl, en">', "", "nl"),
        ("", 'lang=""', None),
        ("", 'lang="x"', None),
        ("", "", None),
    ],
)
def test_language(head, attrs, language):
    assert _article(head, html_attrs=attrs).language == language


@pytest.mark.parametrize(
    ("raw", "tag"), [("EN-us", "en-US"), ("es-419", "es-419"), ("12", None), (None, None)]
)
def test_normalize_language(raw, tag):
    assert normalize_language(raw) == tag


def test_site_name_and_publisher_sources():
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"publisher": {"@type": "Organization", "name": "Example Media Group"}}</script>'
    )
    article = _article('<meta property="og:site_name" content="Example News">' + ld)
    assert article.site_name == "Example News"
    assert article.publisher == "Example Media Group"
    only_ld = _article(ld)
    assert only_ld.site_name == "Example Media Group"
    website = _article(
        '<script type="application/ld+json">{"@type": "WebSite", "name": "Ex"}</script>'
    )
    assert website.site_name == "Ex"
    assert website.publisher is None
    # a URL is no name (article:publisher is often a Facebook page)
    fb = _article('<meta property="article:publisher" content="https://facebook.com/ex">')
    assert fb.publisher is None


def test_publisher_reference_in_graph_is_resolved():
    """Yoast's @graph names the publisher once and refers to it by @id."""
    graph = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Organization", "@id": "https://ex.example/#org", "name": "Example Org"},'
        '{"@type": "Article", "headline": "H", "publisher": {"@id": "https://ex.example/#org"}}'
        "]}</script>"
    )
    article = _article(graph)
    assert article.publisher == "Example Org"
    assert article.site_name == "Example Org"


def test_site_name_from_title_suffix_when_nothing_is_declared():
    html = "<html><head><title>Storm hits coast | Daily Example</title></head></html>"
    article = extract_article(html, "https://www.dailyexample.com/a")
    assert article.site_name == "Daily Example"
    assert article.publisher is None
    assert "no-publisher" in article.blog_signals  # a <title> is no publisher declaration
    unknown = "<html><head><title>Storm hits coast | Some Words</title></head></html>"
    assert extract_article(unknown, "https://www.dailyexample.com/a").site_name is None
