"""JSON-LD that is nested, listed, typed oddly, broken or huge."""

from __future__ import annotations

import json

import pytest

from bot.extract.jsonld import (
    MAX_BLOCK_CHARS,
    is_article_type,
    parse_jsonld,
    text_value,
    type_names,
)


def _headlines(*blocks: str) -> list[str | None]:
    data = parse_jsonld(list(blocks))
    return [text_value(o.get("headline")) for o in data.articles()]


@pytest.mark.parametrize(
    "block",
    [
        '{"@type": "NewsArticle", "headline": "H"}',
        '[{"@type": "NewsArticle", "headline": "H"}]',
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "S"},'
        ' {"@type": "NewsArticle", "headline": "H"}]}',
        '{"@type": ["NewsArticle", "Article"], "headline": "H"}',
        '{"@type": "http://schema.org/ReportageNewsArticle", "headline": "H"}',
        '{"@type": "schema:BlogPosting", "headline": "H"}',
        '{"@type": "WebPage", "mainEntity": {"@type": "Article", "headline": "H"}}',
        '{"@type": "NewsArticle", "headline": ["H", "ignored"]}',
        '{"@type": "NewsArticle", "headline": {"@value": "H"}}',
        # broken but repairable: trailing commas, an HTML comment wrapper, raw newlines
        '{"@type": "NewsArticle", "headline": "H",}',
        '<!-- {"@type": "NewsArticle", "headline": "H"} -->',
        '{"@type": "NewsArticle", "headline": "H", "description": "line\nbreak"}',
        # two objects pasted into one block
        '{"@type": "WebSite", "name": "S"} {"@type": "NewsArticle", "headline": "H"}',
    ],
)
def test_article_headline_found(block):
    assert _headlines(block) == ["H"]


def test_unrepairable_block_still_gives_headline_and_access_flag():
    data = parse_jsonld(
        ['{"@type": "NewsArticle", "headline": "H \\u00e9", "isAccessibleForFree": "False", oops']
    )
    assert data.articles() == []
    assert data.broken_blocks == 1
    assert data.broken_headlines == ["H é"]
    assert data.broken_not_free


def test_one_broken_block_does_not_hide_another():
    assert _headlines("{nope", '{"@type": "NewsArticle", "headline": "H"}') == ["H"]


@pytest.mark.parametrize(
    "block", ["", "   ", "null", "42", '"text"', "[]", "{}", "[" * 100_000, '{"a": ' * 5000]
)
def test_junk_blocks_give_nothing(block):
    data = parse_jsonld([block])
    assert data.articles() == []


def test_huge_block_is_scanned_not_parsed():
    filler = json.dumps({"x": "y" * (MAX_BLOCK_CHARS + 10)})
    block = (
        '{"@type": "NewsArticle", "headline": "Big", "isAccessibleForFree": false, ' + filler[1:]
    )
    data = parse_jsonld([block])
    assert data.objects == []
    assert data.broken_headlines == ["Big"]
    assert data.broken_not_free


def test_object_count_is_capped():
    many = json.dumps([{"@type": "Thing", "name": str(i)} for i in range(10_000)])
    assert len(parse_jsonld([many]).objects) == 2_000


@pytest.mark.parametrize(
    ("obj", "names"),
    [
        ({"@type": "NewsArticle"}, {"newsarticle"}),
        ({"@type": ["A", "b"]}, {"a", "b"}),
        ({"@type": "https://schema.org/Article"}, {"article"}),
        ({"@type": 3}, set()),
        ({}, set()),
    ],
)
def test_type_names(obj, names):
    assert type_names(obj) == names


@pytest.mark.parametrize(
    ("name", "article"),
    [
        ("newsarticle", True),
        ("blogposting", True),
        ("analysisnewsarticle", True),
        ("webpage", False),
    ],
)
def test_article_types(name, article):
    assert is_article_type(name) is article


def test_text_value_depth_is_bounded():
    value: object = "deep"
    for _ in range(1000):
        value = [value]
    assert text_value(value) is None
