"""tabloid-source: the link's domain (or a parent) is on the tabloid list."""

from __future__ import annotations

import pytest

from bot.rules import tabloid_source as rule

CASES = [
    ("https://www.dailymail.co.uk/news/article-123/x.html", "dailymail.co.uk"),
    ("https://m.dailymail.co.uk/news/x", "dailymail.co.uk"),
    ("https://amp.thesun.co.uk/news/1", "thesun.co.uk"),
    ("https://www.thesun.co.uk:443/news/1", "thesun.co.uk"),
    ("https://www.express.co.uk/news/world/1", "express.co.uk"),
    ("https://www.mirror.co.uk/news/x", "mirror.co.uk"),
    ("https://www.dailystar.co.uk/news/x", "dailystar.co.uk"),
    ("https://nypost.com/2024/05/01/world-news/x/", "nypost.com"),
    ("https://www.tmz.com/2024/x", "tmz.com"),
    ("https://www.bild.de/politik/ausland/x", "bild.de"),
    ("https://notdailymail.co.uk/x", None),
    ("https://dailymail.co.uk.example.net/x", None),
    ("https://www.bbc.com/news/world-asia-1", None),
    ("https://www.reuters.com/world/x", None),
    ("https://example.com/?next=https://www.dailymail.co.uk/", None),
]


@pytest.mark.parametrize(("url", "domain"), CASES)
def test_tabloid_domains(run_rule, url, domain):
    finding = run_rule(rule, url)
    if domain is None:
        assert finding is None
        return
    assert finding is not None
    assert finding.confidence == 0.95  # list_confidence in the shipped config
    assert finding.evidence["domain"] == domain
    assert finding.evidence["list"] == "tabloid"
    assert finding.evidence["list_source"].split(":")[0].startswith("tabloid")
    assert domain in finding.message


def test_final_url_after_redirect_counts(run_rule):
    finding = run_rule(rule, "https://bit.ly/abc", final_url="https://www.thesun.co.uk/news/1")
    assert finding is not None
    assert finding.evidence["url"] == "https://www.thesun.co.uk/news/1"


def test_works_when_the_article_is_unreachable(run_rule):
    assert not rule.NEEDS_ARTICLE
    finding = run_rule(rule, "https://www.dailymail.co.uk/x", status="unreachable")
    assert finding is not None


def test_wikipedia_origin_is_named(run_rule):
    finding = run_rule(rule, "https://www.bild.de/x")
    assert finding is not None
    assert "Wikipedia" in finding.evidence["list_source"]


def test_text_post_without_link(run_rule):
    assert run_rule(rule, None) is None
