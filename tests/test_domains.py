"""Registered domains and parent domains (offline Public Suffix List)."""

from __future__ import annotations

import pytest

from bot.domains import hostname, parent_domains, registered_domain
from bot.sources import SourceLists


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bbc.co.uk/news/world", "bbc.co.uk"),
        ("https://m.facebook.com/story", "facebook.com"),
        ("https://amp.theguardian.com/world/x", "theguardian.com"),
        ("http://news.yahoo.co.jp/articles/1", "yahoo.co.jp"),
        ("https://WWW.DailyMail.CO.UK./x", "dailymail.co.uk"),
        ("https://user:pw@example.com:8443/x", "example.com"),
        ("www.reuters.com", "reuters.com"),
        ("https://www.gossip-daily.example/x", "gossip-daily.example"),
        ("https://a.b.intranet.test/", "intranet.test"),
        ("http://127.0.0.1:8080/", "127.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://localhost/", "localhost"),
        ("not a url at all", ""),
        ("", ""),
    ],
)
def test_registered_domain(url, expected):
    assert registered_domain(url) == expected


def test_hostname_strips_port_userinfo_and_trailing_dot():
    assert hostname("https://u@Example.COM.:80/p") == "example.com"


def test_parent_domains_stop_at_the_registered_domain():
    assert parent_domains("https://a.b.example.co.uk/x") == [
        "a.b.example.co.uk",
        "b.example.co.uk",
        "example.co.uk",
    ]
    assert parent_domains("https://www.gossip-daily.example/") == [
        "www.gossip-daily.example",
        "gossip-daily.example",
    ]


@pytest.mark.parametrize(
    ("url", "listed"),
    [
        ("https://www.gossip-daily.example/story", "gossip-daily.example"),
        ("https://gossip-daily.example/story", "gossip-daily.example"),
        ("https://notgossip-daily.example/story", None),
        ("https://gossip-daily.example.evil.test/story", None),
    ],
)
def test_lists_match_reserved_tld_domains_through_subdomains(url, listed):
    lists = SourceLists({"tabloid": frozenset({"gossip-daily.example"})})
    assert lists.match("tabloid", url) == listed
