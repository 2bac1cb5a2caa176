"""Checker: every enabled rule runs, unreadable articles skip rules, a crash loses nothing else."""

from __future__ import annotations

import logging
from dataclasses import replace
from types import SimpleNamespace

import pytest

from bot.checker import check_article
from bot.guidelines import load_guidelines
from bot.models import RULE_IDS, Article, Finding, Post
from bot.rules import RULES


@pytest.fixture(scope="module")
def world():
    return load_guidelines().community()


def fake_rule(rule_id: str, *, needs_article: bool = False, confidence: float | None = 0.95):
    def check(ctx):
        if confidence is None:
            raise RuntimeError("boom")
        return Finding(rule=rule_id, confidence=confidence, message=f"{rule_id} broken.")

    return SimpleNamespace(RULE_ID=rule_id, NEEDS_ARTICLE=needs_article, check=check)


def post(url: str = "https://www.dailymail.co.uk/news/x") -> Post:
    return Post(id="p1", title="A title", url=url)


def test_registry_is_in_design_order():
    assert tuple(RULES) == RULE_IDS
    for rule_id, module in RULES.items():
        assert rule_id == module.RULE_ID
        assert isinstance(module.NEEDS_ARTICLE, bool)
        assert callable(module.check)


def test_a_crashing_rule_is_logged_and_the_others_still_count(world, caplog):
    rules = {
        "ragebait": fake_rule("ragebait", confidence=None),
        "tabloid-source": fake_rule("tabloid-source"),
        "social-media-source": fake_rule("social-media-source", confidence=0.9),
    }
    article = Article(status="fetched", url=post().url or "")
    with caplog.at_level(logging.ERROR, logger="bot.checker"):
        result = check_article(post(), article, world, rules=rules)
    assert [f.rule for f in result.findings] == ["tabloid-source", "social-media-source"]
    assert result.decision == "remove"
    assert "rule ragebait failed on post p1" in caplog.text
    assert "RuntimeError: boom" in caplog.text


def test_unreachable_article_skips_rules_that_need_it(world):
    rules = {
        "editorialized-title": fake_rule("editorialized-title", needs_article=True),
        "tabloid-source": fake_rule("tabloid-source"),
    }
    article = Article.unreachable("https://www.dailymail.co.uk/news/x", "timed out")
    result = check_article(post(), article, world, rules=rules, config_version="abc")
    assert result.article.rules_skipped == ["editorialized-title"]
    assert article.rules_skipped == []  # the caller's article is not changed
    assert [f.rule for f in result.findings] == ["tabloid-source"]
    assert result.config_version == "abc"
    assert result.community == "worldnews"
    assert result.to_json()["article"]["rules_skipped"] == ["editorialized-title"]


def test_disabled_rules_do_not_run(world):
    disabled = replace(world.rules["tabloid-source"], enabled=False)
    community = replace(world, rules={**world.rules, "tabloid-source": disabled})
    rules = {"tabloid-source": fake_rule("tabloid-source")}
    result = check_article(post(), Article(status="fetched", url="u"), community, rules=rules)
    assert result.findings == []
    assert result.decision == "allow"


def test_a_finding_is_filed_under_the_rule_that_made_it(world):
    rules = {"ragebait": fake_rule("something-else", confidence=0.9)}
    result = check_article(post(), Article(status="fetched", url="u"), world, rules=rules)
    assert [f.rule for f in result.findings] == ["ragebait"]


def test_real_rules_on_a_tabloid_link(world):
    url = "https://www.dailymail.co.uk/news/article-1/Kim.html"
    article = Article(status="fetched", url=url, final_url=url, canonical_url=url)
    result = check_article(Post(id="dm", title="Kim's sister warns Seoul", url=url), article, world)
    rules = {f.rule: f for f in result.findings}
    assert rules["tabloid-source"].action == "remove"
    assert result.decision == "remove"
    data = result.to_json()
    assert data["id"] == "dm"
    assert data["findings"][0]["rule"] in RULE_IDS


def test_real_rules_on_an_unreachable_paywalled_link(world):
    url = "https://www.nytimes.com/2024/05/01/world/asia/x.html"
    article = Article.unreachable(url, "HTTP 403")
    result = check_article(
        Post(id="ny", title="North Korea fires missile", url=url), article, world
    )
    assert [f.rule for f in result.findings] == ["paywall-no-archive"]
    assert result.findings[0].action == "comment"
    assert result.decision == "flag"
    assert set(result.article.rules_skipped) == {
        rule_id for rule_id, module in RULES.items() if module.NEEDS_ARTICLE
    }


def test_weak_paywall_list_alone_is_dropped_by_the_policy(world):
    url = "https://edition.cnn.com/2024/05/01/asia/x/index.html"
    article = Article(status="fetched", url=url, final_url=url, canonical_url=url)
    result = check_article(
        Post(id="cnn", title="North Korea fires missile", url=url), article, world
    )
    assert result.findings == []
    assert result.decision == "allow"
