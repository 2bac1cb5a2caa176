"""Each paywall signal on its own, and free pages that must stay unflagged."""

from __future__ import annotations

import pytest

from bot.extract import extract_article
from bot.extract.document import parse_document
from bot.extract.paywall import is_paywalled, paywall_signals


def _signals(head: str = "", body: str = "") -> list[str]:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return paywall_signals(parse_document(html, "https://news.example/a"))


def _ld(payload: str) -> str:
    return f'<script type="application/ld+json">{payload}</script>'


NOT_FREE = "json-ld:isAccessibleForFree=false"
ARTICLE = '{"@type": "NewsArticle", '


SIGNALS = [
    (_ld(ARTICLE + '"isAccessibleForFree": false}'), "", NOT_FREE),
    (_ld(ARTICLE + '"isAccessibleForFree": "False"}'), "", NOT_FREE),
    (_ld(ARTICLE + '"isAccessibleForFree": "false"}'), "", NOT_FREE),
    (
        _ld(ARTICLE + '"hasPart": [{"@type": "WebPageElement", "isAccessibleForFree": false}]}'),
        "",
        "json-ld:hasPart.isAccessibleForFree=false",
    ),
    (_ld(ARTICLE + '"isAccessibleForFree": "False", broken'), "", NOT_FREE),
    (
        '<meta property="article:content_tier" content="locked">',
        "",
        "meta:article:content_tier=locked",
    ),
    (
        '<meta property="article:content_tier" content="metered">',
        "",
        "meta:article:content_tier=metered",
    ),
    ('<meta name="access" content="subscription">', "", "meta:access=subscription"),
    ('<meta name="cXenseParse:pageclass" content="paywall">', "", "meta:cxense-paywall"),
    ('<script src="https://cdn.tinypass.com/api/tinypass.min.js"></script>', "", "script:tinypass"),
    (
        '<script src="https://experience.piano.io/xbuilder/experience/load"></script>',
        "",
        "script:piano",
    ),
    ('<script src="https://assets.poool.fr/poool.min.js"></script>', "", "script:poool"),
    ('<script src="https://assets.zephr.com/zephr-browser.js"></script>', "", "script:zephr"),
    ('<script src="https://js.pelcro.com/sdk/main.min.js"></script>', "", "script:pelcro"),
    ('<script src="https://connectormwi.laterpay.net/lp.js"></script>', "", "script:laterpay"),
    ('<script src="https://steadyhq.com/widget_loader/abc"></script>', "", "script:steady"),
    ('<script src="https://example.memberful.com/embed.js"></script>', "", "script:memberful"),
    ('<script src="https://scdn.cxense.com/cx.cce.js"></script>', "", "script:cxense"),
    (
        '<script src="/wp-content/plugins/leaky-paywall/js/leaky-paywall.js"></script>',
        "",
        "script:leaky-paywall",
    ),
    ('<script src="https://static.example.com/js/paywall.min.js"></script>', "", "script:paywall"),
    ("<script>tp = window.tp || []; tp.push(['setAid', 'x']);</script>", "", "script:tinypass"),
    ("", '<div class="article-body paywall">Subscribe</div>', "markup:class=paywall"),
    ("", '<section id="paywall-box"></section>', "markup:id=paywall"),
    ("", '<div class="js-Paywall">x</div>', "markup:class=paywall"),
    ("", '<div class="regwall-overlay">x</div>', "markup:class=regwall"),
]


@pytest.mark.parametrize(("head", "body", "signal"), SIGNALS)
def test_signal(head, body, signal):
    assert signal in _signals(head, body)


FREE = [
    (_ld(ARTICLE + '"isAccessibleForFree": true}'), ""),
    (_ld(ARTICLE + '"isAccessibleForFree": "True"}'), ""),
    ('<meta property="article:content_tier" content="free">', ""),
    ('<script src="https://static.example.com/app.js"></script>', ""),
    ("", "<p>The article explains how a paywall works and why readers dislike it.</p>"),
    ("", '<div class="nopaywallhere">x</div>'),  # a word inside another word
    ("", '<a href="/paywall-faq">About our paywall</a>'),  # in an href, not a class or id
]


@pytest.mark.parametrize(("head", "body"), FREE)
def test_free_page_has_no_signal(head, body):
    assert _signals(head, body) == []


def test_signals_are_deduplicated():
    head = _ld(ARTICLE + '"isAccessibleForFree": false}') * 3
    assert _signals(head) == [NOT_FREE]


@pytest.mark.parametrize(
    ("signals", "paywalled"),
    [
        ([NOT_FREE], True),
        (["meta:access=subscription"], True),
        (["markup:class=paywall"], True),
        (["script:tinypass", "markup:class=paywall"], True),
        (["script:tinypass"], False),  # Piano also runs on free sites
        (["script:tinypass", "script:cxense"], False),
        ([], False),
    ],
)
def test_is_paywalled(signals, paywalled):
    assert is_paywalled(signals) is paywalled


def test_vendor_script_alone_lists_the_signal_but_is_not_paywalled():
    html = '<html><head><script src="https://cdn.tinypass.com/tp.js"></script></head></html>'
    article = extract_article(html, "https://nypost.example/a")
    assert article.paywall_signals == ["script:tinypass"]
    assert not article.paywalled


# An attribute value spelt with character references still names a paywall.
@pytest.mark.parametrize(
    ("body", "signal"),
    [
        ('<div class="p&#97;ywall">x</div>', "markup:class=paywall"),
        ('<div id="p&#x61;ywall-box">x</div>', "markup:id=paywall"),
        ('<div class="subscribers-only">x</div>', "markup:class=subscribers-only"),
    ],
)
def test_markup_spelt_with_character_references(body, signal):
    assert signal in _signals(body=body)
