"""The speed-ups give what the plain formulations they replace give.

Each cheaper form (a trie regex, per-letter character classes instead of IGNORECASE, h1
ancestors read in Python, a superset query in front of an exact one, cached domain splits) is
checked against the straightforward form on inputs built to tell them apart.
"""

from __future__ import annotations

import random
import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from bot import domains
from bot.extract import document, headline, paywall
from bot.extract.document import parse_document

_NAMES = (
    "div|section|article|main|aside|header|footer|nav|blockquote|center|details|dialog|dir|dl|"
    "fieldset|figcaption|figure|form|hgroup|menu|ol|ul|summary|address|table"
)
#: The formulation the trie replaced: a plain alternation, IGNORECASE.
_PLAIN = re.compile(rf"<(/?)(?:{_NAMES})(?=[\s/>])", re.IGNORECASE)

_TAG_SOUP = [
    "<div><section></section></div>",
    "<DIV><Section><dialog><dir><dl><DL >",
    "<div\xa0><div\u2003><div\x1c>",  # Unicode spaces end a tag name for \s
    "<\u017fection><blockquote\u212a><d\u0131v><d\u0130v>",  # IGNORECASE folds
    "<dialogue><divs><olx><tablex><figure-x>",  # longer names: no block tags
    "</div<div></<div ><<div>",
    "<details/><DETAILS\t><fieldSET\n>",
]


@pytest.mark.parametrize("html", _TAG_SOUP)
def test_case_classes_match_ignorecase(html):
    assert document._BLOCK_START.findall(html) == _PLAIN.findall(html)


def test_case_classes_match_ignorecase_for_every_character():
    # Any character in place of any letter of a name: matched iff IGNORECASE matches it.
    names = _NAMES.split("|")
    probes = {chr(c) for c in range(0x2200)} | {"\u212a", "\u017f", "\u0130", "\u0131"}
    for name in names:
        for i in range(len(name)):
            for ch in probes:
                tag = f"<{name[:i]}{ch}{name[i + 1 :]}>"
                assert bool(document._BLOCK_START.match(tag)) == bool(_PLAIN.match(tag)), tag


_SOUP_PIECES = (
    "<", "</", "<", "</", "div", "DIV", "dIv", "dl", "dlx", "ol", "OL", "aside", "a", "A", "span",
    "sPan", "section", "\u017fection", "d\u0131v", ">", "/>", " ", "\xa0", "\n", "x", "<<",
)  # fmt: skip


def _soups(count: int) -> list[str]:
    """Random tag soup made of block names in several cases, other names and terminators."""
    rng = random.Random(7)
    return ["".join(rng.choices(_SOUP_PIECES, k=rng.randint(1, 16))) for _ in range(count)]


@pytest.mark.parametrize("html", [*_TAG_SOUP, "<div>" * 140, "<DIV>x" * 140 + "</DIV>" * 140])
def test_depths_match_the_plain_scan(html):
    # Case-insensitive only when some tag name has an ASCII upper-case letter.
    scan = _PLAIN if re.search(r"</?[a-z]*[A-Z]", html) else re.compile(_PLAIN.pattern)
    plain = [1 if slash == "" else -1 for slash in scan.findall(html)]
    running, expected = 0, []
    for step in plain:
        running += step
        expected.append(running)
    assert document._depths(html) == expected


def test_depths_match_the_plain_scan_on_random_tag_soup():
    for html in _soups(20_000):
        test_depths_match_the_plain_scan(html)


_H1_PAGES = [
    "<h1>a</h1><article><h1>b</h1></article><main><div><h1>c</h1></div></main>",
    '<div role="main"><h1>a</h1></div><div role="MAIN"><h1>b</h1></div><h1 itemprop="headline">c'
    '</h1><h1 itemprop="Headline">d</h1><div role="main navigation"><h1>e</h1></div>',
    "<h1>a</h1><svg><foreignObject><h1>b</h1></foreignObject></svg>",
    '<svg><g role="main"><foreignObject><h1>a</h1></foreignObject></g></svg><h1>b</h1>',
    "<article>" + "<span>" * 600 + "<h1>deep</h1>" + "</span>" * 600 + "</article><h1>x</h1>",
    "<p>no heading at all</p>",
]


@pytest.mark.parametrize("html", _H1_PAGES)
def test_inside_h1s_match_the_selector(html):
    doc = parse_document(html, "https://example.com/")
    expected = [n.mem_id for n in doc.tree.css(headline._INSIDE_H1)]
    got = [n.mem_id for n in headline._inside_h1s(doc, doc.tree.css("h1"))]
    assert got == expected


@pytest.mark.parametrize(
    "attrs",
    [
        'class="paywall"',
        'class="x-Paywall-y"',
        'class="pay-wall"',
        'class="regwall"',
        'id="site-paywall"',
        'class="premium-content"',
        'class="subscriber-only"',
        'class="subscribers-only"',
        'class="metered-content"',
        'class="wall"',  # in the superset only
    ],
)
def test_markup_superset_holds_every_markup_element(attrs):
    tree = LexborHTMLParser(f"<div {attrs}>x</div>")
    exact = {n.mem_id for n in tree.css(paywall._MARKUP_SELECTOR)}
    superset = {n.mem_id for n in tree.css(paywall._MARKUP_ANY)}
    assert exact <= superset
    assert superset


def test_domain_caches_are_bounded_and_agree_with_the_host_form():
    assert domains.hostname.cache_info().maxsize == domains.CACHE_SIZE
    assert domains.registered_domain.cache_info().maxsize == domains.CACHE_SIZE
    for url in ("https://news.bbc.co.uk/x", "http://[::1]:80/", "https://a.b.intranet.test/"):
        host = domains.hostname(url)
        assert domains.registered_domain(url) == domains._host_domain(host)


_SCAN_PAGE = (
    '<html><head><base target="_x"><base href="/b/"><meta charset="utf-8"><meta name="a" '
    'content="1"><title>T</title><link rel="canonical" href="/c"><link href="/no-rel">'
    '<link rel="icon"><script type="application/ld+json">{}</script><script src="/s.js">'
    "</script><script>inline</script></head><body><h1>One</h1><svg><title>s</title><script>"
    'v</script><link rel="x" href="/svg"></svg><article><h1 class="paywall">Two</h1><p>a</p>'
    '<div class="x-paragraph">b</div><div class="Paragraph">c</div><p class="paragraph">d</p>'
    "<svg><foreignObject><p>e</p></foreignObject></svg></article></body></html>"
)


def test_scan_lists_match_the_separate_queries():
    doc = parse_document(_SCAN_PAGE, "https://example.com/")
    tree, found = doc.tree, doc.scan

    def ids(nodes):
        return [n.mem_id for n in nodes]

    assert [n.mem_id for n, _ in found.scripts] == ids(tree.css("script"))
    assert ids(found.titles) == ids(tree.css("title"))
    assert ids(found.h1s) == ids(tree.css("h1"))
    assert found.meta == [n.attributes for n in tree.css("meta")]
    assert found.links == [n.attributes for n in tree.css("link[rel][href]")]
    assert found.bases == [n.attributes for n in tree.css("base[href]")]
    assert ids(found.paragraphs) == ids(tree.css("p, div[class*=paragraph]"))
    assert len(found.paragraphs) == 4
    for needle in ("inline", "v", "application", "absent"):
        assert found.scripts_contain(needle) == tree.scripts_contain(needle)


def _plain_script_signals(srcs):
    out = []
    for src in srcs:
        for needle, signal in paywall._VENDORS:
            if needle in src.lower():
                out.append(signal)
                break
    return out


@pytest.mark.parametrize(
    "srcs",
    [
        [],
        ["/a.js", "/b.js"],
        ["https://CDN.TinyPass.com/x.js", "/a.js", "https://x.piano.io/y.js", "/poool.js"],
        ["/leaky-paywall.js", "/paywall.js", "https://cxense.com/cx.cce.js"],
        ["/tiny\npass.js", "/pia", "no.io"],  # a name across a newline or two srcs is no name
    ],
)
def test_script_signals_match_the_plain_loop(srcs):
    html = "".join(f'<script src="{src}"></script>' for src in srcs) + "<script></script>"
    doc = parse_document(html, "https://example.com/")
    assert paywall._script_signals(doc) == _plain_script_signals(srcs)
