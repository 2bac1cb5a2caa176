"""Headline candidates, site-name stripping (sitename.py) and the choice of the best headline."""

from __future__ import annotations

import pytest

from bot.extract import headline
from bot.extract.document import parse_document
from bot.extract.headline import best_headline, dedupe, headline_candidates, page_title
from bot.extract.sitename import strip_site_name
from bot.models import HeadlineCandidate as C

STRIP = [
    # (title, site names, url, expected headline, expected site part)
    (
        "Storm hits coast - BBC News",
        ["BBC News"],
        "https://www.bbc.com/n",
        "Storm hits coast",
        "BBC News",
    ),
    ("Storm hits coast | Reuters", [], "https://www.reuters.com/x", "Storm hits coast", "Reuters"),
    (
        "Storm hits coast – ZEIT ONLINE",
        [],
        "https://www.zeit.de/x",
        "Storm hits coast",
        "ZEIT ONLINE",
    ),
    (
        "heise online :: Neue CPU vorgestellt",
        [],
        "https://www.heise.de/x",
        "Neue CPU vorgestellt",
        "heise online",
    ),
    (
        "Site » Blog Archive » My post title",
        ["Site"],
        "https://site.example/p",
        "My post title",
        "Site",
    ),
    # a headline part that merely contains the site's name is kept when the site part is at the end
    (
        "Welpen kaufen – Tipps zu jeder Hunderasse | Welpenkaufen24",
        ["Welpenkaufen24"],
        "https://www.welpenkaufen24.de/",
        "Welpen kaufen – Tipps zu jeder Hunderasse",
        "Welpenkaufen24",
    ),
    # "Headline | Section | Site": the section goes too
    (
        "Firms protect staff - Wirtschaft - Tagesspiegel",
        [],
        "https://www.tagesspiegel.de/x",
        "Firms protect staff",
        "Tagesspiegel",
    ),
    # "Headline – subtitle | Site": a different separator keeps the subtitle
    (
        "Remote support – AR service of the future? - Management Circle Blog",
        ["Management Circle Blog"],
        "https://www.management-circle.de/blog/x",
        "Remote support – AR service of the future?",
        "Management Circle Blog",
    ),
    # no match: a short last part after a longer headline is taken for the site
    (
        "A long headline about the economy · Foo Bar",
        [],
        "https://q.example/",
        "A long headline about the economy",
        "Foo Bar",
    ),
    # no separator, nothing to strip
    ("Just a headline", ["Site"], "https://s.example/", "Just a headline", None),
    # hyphen inside words is no separator
    (
        "Covid-19 cases rise in Wales",
        [],
        "https://x.example/",
        "Covid-19 cases rise in Wales",
        None,
    ),
    # French spacing before a colon: a long second part is headline, not site
    (
        "Covid : le gouvernement annonce de nouvelles mesures",
        [],
        "https://www.lemonde.fr/x",
        "Covid : le gouvernement annonce de nouvelles mesures",
        None,
    ),
    # a domain name as a part is a site name
    (
        "Was wir nicht hören wollen | FASSETTE.NET",
        [],
        "https://www.interscenar.io/x",
        "Was wir nicht hören wollen",
        "FASSETTE.NET",
    ),
    # "Headline | site.ch | Tagline": the site part in the middle ends the headline
    (
        "Bielersee-Winterhechte | petri-heil.ch | Dein Schweizer Fischereimagazin",
        [],
        "https://www.petri-heil.ch/de/x",
        "Bielersee-Winterhechte",
        "petri-heil.ch",
    ),
    # web.archive.org pages are judged by the archived URL's domain
    (
        "Muffins backen | Muffinrezept",
        [],
        "https://web.archive.org/web/2016/http://muffinrezept.net/x",
        "Muffins backen",
        "Muffinrezept",
    ),
]


@pytest.mark.parametrize(("title", "names", "url", "headline", "site"), STRIP)
def test_strip_site_name(title, names, url, headline, site):
    assert strip_site_name(title, names, url) == (headline, site)


def test_strip_without_guessing_keeps_unknown_suffix():
    title = "A long headline about the economy · Foo Bar"
    assert strip_site_name(title, [], "https://q.example/", guess=False) == (title, None)


BEST = [
    # agreement: og, json-ld and title agree; a logo h1 loses
    (
        [
            C("og:title", "Storm hits coast"),
            C("json-ld", "Storm hits coast"),
            C("h1", "BBC"),
            C("title", "Storm hits coast - BBC News"),
        ],
        ["BBC News"],
        "https://www.bbc.com/",
        "Storm hits coast",
    ),
    # the only h1 on the page beats a lone og:title (the visible headline is what readers see)
    (
        [
            C("og:title", "Interview with the author"),
            C("h1", "The author talks about her novel"),
            C("title", "Interview with the author › Litradio"),
        ],
        [],
        "https://litradio.net/x",
        "The author talks about her novel",
    ),
    # an h1 that is the site name loses to the title
    (
        [
            C("h1", "Krimiblog"),
            C("title-stripped", "Das Musikvideo der Woche"),
            C("title", "Das Musikvideo der Woche | Krimiblog"),
        ],
        ["Krimiblog"],
        "https://krimiblog.de/",
        "Das Musikvideo der Woche",
    ),
    # og:title carrying the site suffix votes for its stripped form
    (
        [
            C("og:title", "Saftiger Zitronenkuchen | Backen macht glücklich"),
            C("h1", "Saftiger Zitronenkuchen"),
            C("title", "Saftiger Zitronenkuchen | Backen macht glücklich"),
        ],
        ["Backen macht glücklich"],
        "https://www.backenmachtgluecklich.de/x",
        "Saftiger Zitronenkuchen",
    ),
    # "Kicker: Headline" elsewhere supports the bare headline
    (
        [
            C("og:title", "Wie Firmen ihre Beschäftigten schützen"),
            C("h1", "Abstandsregeln : Wie Firmen ihre Beschäftigten schützen"),
            C("title", "Abstandsregeln: Wie Firmen ihre Beschäftigten schützen - Tagesspiegel"),
        ],
        [],
        "https://www.tagesspiegel.de/x",
        "Wie Firmen ihre Beschäftigten schützen",
    ),
    # only a title
    ([C("title", "Just the title")], [], "", "Just the title"),
]


@pytest.mark.parametrize(("candidates", "names", "url", "expected"), BEST)
def test_best_headline(candidates, names, url, expected):
    assert best_headline(candidates, site_names=names, url=url) == expected


def test_best_headline_of_nothing():
    assert best_headline([]) is None
    assert best_headline([C("title", "—")]) is None  # no letters or digits at all


def test_dedupe_keeps_first_source():
    cands = [C("og:title", "A “Quote”"), C("h1", 'a "quote"'), C("title", "A quote - Site")]
    assert dedupe(cands) == [cands[0], cands[2]]


def _cands(html: str, url: str = "https://news.example/a") -> list[tuple[str, str]]:
    return [(c.source, c.text) for c in headline_candidates(parse_document(html, url))]


def test_candidate_sources_in_order():
    html = """<html><head><title>Big news | Example</title>
    <meta property="og:title" content="Big news">
    <meta name="twitter:title" content="Big news!">
    <script type="application/ld+json">
    {"@type": "ReportageNewsArticle", "headline": "Big news, really"}</script>
    </head><body><h1>Elsewhere</h1><article><h1>Big  news
    today</h1></article></body></html>"""
    assert _cands(html) == [
        ("og:title", "Big news"),
        ("twitter:title", "Big news!"),
        ("json-ld", "Big news, really"),
        ("h1", "Big news today"),  # the h1 inside <article> first, whitespace collapsed
        ("h1", "Elsewhere"),
        ("title-stripped", "Big news"),
        ("title", "Big news | Example"),
    ]


def test_svg_title_is_not_the_page_title():
    html = "<html><body><svg><title>Icon</title></svg><title>Real title</title></body></html>"
    assert page_title(parse_document(html, "")) == "Real title"
    only_svg = "<html><body><svg><title>Icon</title></svg></body></html>"
    assert page_title(parse_document(only_svg, "")) is None


def test_html_entities_in_meta_and_jsonld_are_decoded():
    html = """<html><head><meta property="og:title" content="Tom &amp; Jerry &#8211; reunited">
    <script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Tom &amp; Jerry"}</script>
    </head></html>"""
    assert _cands(html) == [("og:title", "Tom & Jerry – reunited"), ("json-ld", "Tom & Jerry")]


def test_kicker_span_is_dropped_from_h1():
    html = """<h1><span class="article-heading__kicker">Klimaschutz</span>
    <span class="visually-hidden">: </span>
    <span class="title">Bohren, bis es heiß wird</span></h1>"""
    assert _cands(html) == [("h1", "Bohren, bis es heiß wird")]


def test_overlong_candidates_are_ignored():
    html = f"<html><head><title>{'word ' * 200}</title></head><body><h1>Fine</h1></body></html>"
    assert _cands(html) == [("h1", "Fine")]


def test_h1s_inside_the_article_first_each_once():
    html = (
        "<h1>Site wide banner heading</h1><article><h1>The article headline itself</h1>"
        "</article><main><h1>Site wide banner heading</h1><h1>A third heading here</h1></main>"
        "<h1>The fourth heading, never read</h1>"
    )
    doc = parse_document(html, "https://example.com/a")
    assert headline._h1s(doc) == [
        "The article headline itself",
        "Site wide banner heading",
        "A third heading here",
    ]
