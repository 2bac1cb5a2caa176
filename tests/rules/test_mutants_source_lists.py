"""tabloid-source and social-media-source: their confidence param (default and configured),
their exact findings, and a link shim that is also a platform's domain (issue 19)."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType
from typing import Any

import pytest

from bot.guidelines import Community
from bot.models import Article, Finding, Post
from bot.rules import social_media_source, tabloid_source
from bot.rules.base import RuleContext

SUN = "https://www.thesun.co.uk/news/123/story/"
TWEET = "https://x.com/someone/status/1"
BBC = "https://www.bbc.com/news/world-1"


def _check(
    community: Community,
    module: ModuleType,
    url: str,
    *,
    final_url: str | None = None,
    params: dict[str, Any] | None = None,
) -> Finding | None:
    config = community.rules[module.RULE_ID]
    if params is not None:
        config = replace(config, params=params)
    article = Article(status="fetched", url=url, final_url=final_url or url)
    finding: Finding | None = module.check(
        RuleContext(Post("t1", "A title", url), article, config, community)
    )
    return finding


@pytest.mark.parametrize(
    ("module", "url", "default"),
    [(tabloid_source, SUN, 0.95), (social_media_source, TWEET, 0.9)],
)
def test_list_confidence_default_and_configured(
    community: Community, module: ModuleType, url: str, default: float
) -> None:
    found = _check(community, module, url, params={})
    assert found is not None
    assert found.confidence == default
    found = _check(community, module, url, params={"list_confidence": 0.55})
    assert found is not None
    assert found.confidence == 0.55


def test_a_tabloid_finding_in_full(community: Community) -> None:
    found = _check(community, tabloid_source, SUN)
    assert found is not None
    assert found.message == "Links to thesun.co.uk, a tabloid source."
    assert found.evidence["domain"] == "thesun.co.uk"
    assert found.evidence["url"] == SUN
    assert found.evidence["list"] == "tabloid"


def test_a_social_media_finding_in_full(community: Community) -> None:
    found = _check(community, social_media_source, TWEET)
    assert found is not None
    assert found.message == (
        "Links to x.com, a social media platform; link a news report if there is one."
    )
    assert found.evidence["url"] == TWEET


@pytest.mark.parametrize(
    "shim", ["https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bbc.com%2Fnews", "https://fb.me/x"]
)
def test_facebooks_link_shim_to_a_news_site_is_no_social_media_link(
    community: Community, shim: str
) -> None:
    assert _check(community, social_media_source, shim, final_url=BBC) is None
