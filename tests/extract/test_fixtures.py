"""Every Article field on small saved pages of the kinds a news community links to."""

from __future__ import annotations

from bot.extract import article_from_page, extract_article
from bot.models import Page

from .conftest import FIXTURES, URLS


def test_bbc_like_news_article(fixture_article):
    article = fixture_article("bbc_newsarticle")
    assert article.status == "fetched"
    assert article.headline == "Kim Jong Un wants Trump back, elite defector tells BBC"
    assert article.site_name == "BBC News"
    assert article.publisher == "BBC News"
    assert article.canonical_url == "https://www.bbc.com/news/articles/c4gxk7vj3kwo"
    assert article.published == "2024-10-15T04:12:00.000Z"
    assert article.language == "en-GB"
    assert not article.paywalled
    assert article.paywall_signals == []
    assert len(article.lead) == 3
    assert article.lead[0].startswith("North Korea's leader would welcome")
    assert "Short." not in article.lead
    # Links in the body, absolute; share buttons and "related" blocks left out.
    assert article.links == [
        "https://www.nknews.org/2024/defector-interview/",
        "https://www.bbc.com/news/world-asia-12345",
    ]
    assert article.text_length > 300
    assert article.blog_signals == []


def test_bbc_candidates_in_source_order_and_deduplicated(fixture_article):
    article = fixture_article("bbc_newsarticle")
    sources = [c.source for c in article.candidates]
    assert sources[0] == "og:title"
    assert sources[-1] == "title"
    texts = [c.text.casefold() for c in article.candidates]
    assert len(texts) == len(set(texts))
    assert article.candidates[-1].text.endswith(" - BBC News")


def test_paywalled_article(fixture_article):
    article = fixture_article("paywalled_news")
    assert article.paywalled
    for signal in (
        "json-ld:isAccessibleForFree=false",
        "json-ld:hasPart.isAccessibleForFree=false",
        "meta:article:content_tier=metered",
        "meta:access=subscription",
        "script:tinypass",
        "markup:class=paywall",
    ):
        assert signal in article.paywall_signals
    assert article.headline == (
        "Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play—and Pay"
    )
    assert article.site_name == "WSJ"
    assert article.publisher == "The Wall Street Journal"
    assert article.published == "2019-11-19T13:03:00.000Z"


def test_wordpress_blogspam(fixture_article):
    article = fixture_article("wordpress_blogspam")
    assert article.headline == "Has Any President Met With North Korea?"
    assert article.site_name == "Korea Summit Insights"  # from the <title>, not declared
    assert article.publisher is None
    assert article.published is None
    assert article.blog_signals == [
        "no-publisher",
        "no-date",
        "comment-form",
        "intro-conclusion",
        "question-title",
        "no-sources",  # only links to its own site
        "wordpress",
        "ai-filler",
    ]


def test_syndicated_copy_points_to_the_original(fixture_article):
    article = fixture_article("msn_syndicated")
    assert article.canonical_url is not None
    assert article.canonical_url.startswith("https://www.reuters.com/article/")
    assert article.site_name == "MSN"
    assert article.publisher == "Reuters"  # from the @graph NewsArticle
    assert article.published == "2019-11-20T03:10:00Z"
    assert article.headline == "Esper says US providing Vietnam with coast guard ship"
    assert any("as first reported by Reuters" in p for p in article.lead)


def test_german_page_with_kicker(fixture_article):
    article = fixture_article("german_kicker")
    assert article.language == "de-DE"
    # The visible headline without its kicker ("Nach Corona-Lockerungen") and site suffix.
    assert article.headline == "Autohäuser rechnen mit langsamem Anlaufen des Geschäfts"
    assert "Corona-Lockerungen: Autohäuser rechnen mit langsamem Anlaufen des Geschäfts" in [
        c.text for c in article.candidates
    ]
    assert "Suche" not in [c.text for c in article.candidates]  # the <title> inside <svg>
    assert article.published == "2020-04-20T16:45:00+02:00"
    assert article.publisher == "Mitteldeutscher Rundfunk"
    assert article.links == ["https://www.thueringen.de/corona"]
    assert article.lead[1].endswith("wie das Land mitteilte.")


def test_final_url_resolves_relative_links():
    html = (
        "<html><body><article><p>" + "Text " * 20 + '<a href="/x">x</a></p></article></body></html>'
    )
    article = extract_article(html, "https://short.example/a", final_url="https://news.example/s")
    assert article.final_url == "https://news.example/s"
    assert article.links == ["https://news.example/x"]


def test_base_href_is_honoured():
    html = (
        '<html><head><base href="https://cdn.example/base/"></head><body><article><p>'
        + "Text " * 20
        + '<a href="page">x</a></p></article></body></html>'
    )
    assert extract_article(html, "https://news.example/s").links == [
        "https://cdn.example/base/page"
    ]


def test_article_from_page():
    html = (FIXTURES / "bbc_newsarticle.html").read_text(encoding="utf-8")
    page = Page(url="https://bbc.in/x", final_url=URLS["bbc_newsarticle"], status=200, text=html)
    article = article_from_page(page)
    assert article.status == "fetched"
    assert article.url == "https://bbc.in/x"
    assert article.final_url == URLS["bbc_newsarticle"]
    assert article.headline == "Kim Jong Un wants Trump back, elite defector tells BBC"


def test_article_from_failed_page_is_unreachable():
    page = Page(url="https://x.example/", final_url="https://x.example/", error="timed out")
    article = article_from_page(page)
    assert article.status == "unreachable"
    assert article.error == "timed out"
    assert not article.readable
    assert article.headline is None


def test_snapshot_status_is_kept():
    html = (FIXTURES / "bbc_newsarticle.html").read_text(encoding="utf-8")
    article = extract_article(html, URLS["bbc_newsarticle"], status="snapshot")
    assert article.status == "snapshot"
