"""Hostile and broken input: extraction always returns an Article, in bounded work."""

from __future__ import annotations

import json
import logging
import random

import pytest

from bot.extract import extract_article
from bot.extract.document import (
    FLATTEN_DEPTH,
    MAX_DEPTH,
    MAX_HTML_CHARS,
    max_depth,
    prepare_html,
)
from bot.models import Article

URL = "https://news.example/a"
LD = '<script type="application/ld+json">'


def _garbage(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n)).decode("latin-1")


INPUTS = {
    "empty": "",
    "whitespace": " \n\t ",
    "text only": "just some words, no markup",
    "binary garbage": _garbage(200_000, 1),
    "nul bytes": "<html>\x00<title>a\x00b</title>\x00</html>",
    "bytes decoded badly": "Ã¤Ã¶Ã¼ \ufffd\ufffd <title>MÃ¼nchen \ufffd</title>",
    "no head": "<title>Only a title</title><h1>Only a title</h1><p>text</p>",
    "title in svg only": "<svg><title>icon</title></svg><h1>Real</h1>",
    "unclosed everything": "<html><head><title>t<body><div><p><a href='x'><h1>h" * 1000,
    "broken json-ld": f'{LD}{{"@type": "NewsArticle", "headline": </script>',
    "deep json-ld": '<script type="application/ld+json">'
    + "[" * 50_000
    + "]" * 50_000
    + "</script>",
    "huge json-ld": f'{LD}{{"@type": "NewsArticle", "headline": "H", "x": "'
    + "y" * 3_000_000
    + '"}</script>',
    "many json-ld blocks": '<script type="application/ld+json">{"@type": "Article"}</script>'
    * 20_000,
    "nested divs": "<div>" * 200_000 + "<p>deep</p>" + "</div>" * 200_000,
    "mixed-case nesting": "<dIv><SECTION>" * 100_000,
    "nested lists": "<ul><li>" * 100_000,
    "nested blockquotes": "<blockquote>" * 100_000 + "x",
    "nested tables": "<table><tr><td>" * 50_000,
    "anchor storm": "<a href='/x'>" * 100_000,
    "misnested formatting": "<b><p>x</b>y</p>" * 50_000,
    "many h1": "<h1>headline</h1>" * 50_000,
    "many meta": '<meta property="og:title" content="t">' * 50_000,
    "long attribute": '<div class="' + "paywall " * 200_000 + '">x</div>',
    "bad urls": '<link rel="canonical" href="http://[::1"><article><p>'
    + "word " * 30
    + '<a href="http://[bad">x</a><a href="https://ok.example/">y</a></p></article>',
    "script soup": "<script>" + "if (a < b) { document.write('<div>'); }" * 20_000 + "</script>",
    "comment soup": "<!--" + "<div>" * 100_000,
    "cdata and pi": "<?xml version='1.0'?><![CDATA[<div>]]><title>t</title>",
    "null-ish json": f"{LD}null</script>{LD}[]</script>",
    "json-ld wrong types": '<script type="application/ld+json">'
    + json.dumps(
        {"@type": "NewsArticle", "headline": 5, "publisher": [None, 3], "datePublished": {}}
    )
    + "</script>",
}


@pytest.mark.parametrize("name", list(INPUTS))
def test_never_raises(name, caplog):
    with caplog.at_level(logging.ERROR, logger="bot.extract"):
        article = extract_article(INPUTS[name], URL)
    # extract_article would swallow a crash and log it: nothing may have been logged either
    assert [r.getMessage() for r in caplog.records] == []
    assert isinstance(article, Article)
    assert article.status == "fetched"
    assert len(article.links) <= 200
    for text in article.lead:
        assert isinstance(text, str)


def test_fifty_megabytes_of_nested_divs():
    html = "<div>" * 10_000_000  # 50 MB
    article = extract_article(html, URL)
    assert article.headline is None


def test_input_is_capped_and_nesting_flattened():
    html = "<div>" * 1_000_000
    prepared = prepare_html(html)
    assert len(prepared) <= MAX_HTML_CHARS
    assert max_depth(prepared) == FLATTEN_DEPTH


def test_flattening_keeps_the_text():
    html = "<div>" * (MAX_DEPTH + 50) + "<p>still here</p>" + "</div>" * (MAX_DEPTH + 50)
    prepared = prepare_html(html)
    assert "<p>still here</p>" in prepared
    assert max_depth(prepared) <= FLATTEN_DEPTH


def test_upper_and_mixed_case_nesting_is_flattened_too():
    for tag in ("DIV", "Div", "dIV"):
        assert max_depth(prepare_html(f"<{tag}>" * 1000)) == FLATTEN_DEPTH


def test_deep_but_legal_nesting_is_left_alone():
    html = "<div>" * MAX_DEPTH + "<p>x</p>" + "</div>" * MAX_DEPTH
    assert prepare_html(html) == html


def test_ordinary_page_is_left_alone():
    html = "<html><body>" + "<div><section><p>x</p></section></div>" * 1000 + "</body></html>"
    assert prepare_html(html) == html


def test_bytes_are_decoded_not_rejected():
    article = extract_article(b"<title>Caf\xc3\xa9 opens</title>", URL)  # type: ignore[arg-type]
    assert article.headline == "Café opens"


def test_headline_from_badly_decoded_page_is_kept_as_is():
    article = extract_article(INPUTS["bytes decoded badly"], URL)
    assert article.headline is not None
    assert "\ufffd" in article.headline


def test_a_surprise_costs_fields_not_the_article(monkeypatch, caplog):
    """If a step still blows up, the fields read before it are kept and the error is logged."""
    import bot.extract.article as article_module

    def explode(_doc):
        raise ValueError("boom")

    monkeypatch.setattr(article_module, "find_body", explode)
    with caplog.at_level(logging.ERROR, logger="bot.extract"):
        article = extract_article("<title>Kept</title><p>text</p>", URL)
    assert article.headline == "Kept"
    assert article.lead == []
    assert any("extraction failed" in r.getMessage() for r in caplog.records)
