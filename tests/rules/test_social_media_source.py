"""social-media-source: links to social platforms, never to a shortener or a news site."""

from __future__ import annotations

import dataclasses

import pytest

from bot.rules import social_media_source as rule

CASES = [
    ("https://x.com/someone/status/1790000000000000000", "x.com"),
    ("https://twitter.com/someone/status/1", "twitter.com"),
    ("https://mobile.twitter.com/someone/status/1", "twitter.com"),
    ("https://www.facebook.com/news.page/posts/1", "facebook.com"),
    ("https://www.instagram.com/p/abc/", "instagram.com"),
    ("https://www.threads.net/@someone/post/1", "threads.net"),
    ("https://www.tiktok.com/@someone/video/1", "tiktok.com"),
    ("https://www.youtube.com/watch?v=abc", "youtube.com"),
    ("https://m.youtube.com/watch?v=abc", "youtube.com"),
    ("https://youtu.be/abc", "youtu.be"),
    ("https://old.reddit.com/r/worldnews/comments/1/x/", "reddit.com"),
    ("https://t.me/somechannel/123", "t.me"),
    ("https://bsky.app/profile/someone.bsky.social/post/1", "bsky.app"),
    ("https://mastodon.social/@someone/1", "mastodon.social"),
    ("https://truthsocial.com/@someone/posts/1", "truthsocial.com"),
    ("https://vk.com/wall-1_2", "vk.com"),
    ("https://weibo.com/1/2", "weibo.com"),
    ("https://www.bbc.com/news/world-1", None),
    ("https://notx.com/status/1", None),
    ("https://x.com.example.org/status/1", None),
    ("https://github.com/org/repo", None),
    ("https://t.co/abc", None),  # a shortener: not-original-source judges it
]


@pytest.mark.parametrize(("url", "domain"), CASES)
def test_social_platforms(run_rule, url, domain):
    finding = run_rule(rule, url)
    if domain is None:
        assert finding is None
        return
    assert finding is not None
    assert finding.evidence["domain"] == domain
    assert finding.evidence["list"] == "social"
    assert finding.evidence["list_source"]
    assert finding.confidence == 0.9


def test_shortener_to_social_platform_is_judged_by_destination(run_rule):
    finding = run_rule(rule, "https://t.co/abc", final_url="https://x.com/someone/status/1")
    assert finding is not None
    assert finding.evidence["url"] == "https://x.com/someone/status/1"


def test_community_can_remove_a_platform(run_rule, community):
    sources = community.sources.with_overrides(removed={"social": ["youtube.com"]})
    edited = dataclasses.replace(community, sources=sources)
    assert run_rule(rule, "https://www.youtube.com/watch?v=1", community=edited) is None
