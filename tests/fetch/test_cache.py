"""PageCache: hits by URL, TTL (injected clock), LRU within a size bound, failures."""

from __future__ import annotations

from typing import Any

import pytest

from bot.errors import ConfigError
from bot.fetch.cache import PageCache, page_size
from bot.models import Page


class Clock:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def page(url: str = "https://news.example/a", **kw: Any) -> Page:
    values: dict[str, Any] = {
        "url": url,
        "final_url": url + "-final",
        "status": 200,
        "content_type": "text/html",
        "redirects": [url],
    }
    values.update(kw)
    if "text" not in values and "body" not in values:
        values["body"] = "<h1>Héllo</h1>".encode("latin-1")
        values["charset"] = "iso-8859-1"
    return Page(**values)


def test_a_hit_is_the_page_as_received_marked_from_cache() -> None:
    cache = PageCache(ttl=60, clock=Clock())
    stored = page(truncated=True)
    assert cache.put(stored)
    got = cache.get("https://news.example/a#comments")  # the fragment is never sent
    assert got is not None
    assert got is not stored
    assert got.from_cache
    assert got.ok
    assert got.truncated
    assert got.url == "https://news.example/a#comments"
    assert (got.final_url, got.status, got.redirects) == (
        "https://news.example/a-final",
        200,
        ["https://news.example/a"],
    )
    assert got.body is stored.body  # kept undecoded, not copied
    assert got.text == "<h1>Héllo</h1>"  # decoded by the header's charset, as fetched
    text_page = page("https://news.example/t", text="<p>saved</p>", encoding="utf-8")
    assert cache.put(text_page)
    hit = cache.get("https://news.example/t")
    assert hit is not None
    assert (hit.text, hit.encoding) == ("<p>saved</p>", "utf-8")
    assert cache.get("https://news.example/other") is None


def test_an_entry_expires_after_ttl() -> None:
    clock = Clock()
    cache = PageCache(ttl=60, clock=clock)
    cache.put(page())
    clock.now += 59.9
    assert cache.get("https://news.example/a") is not None
    clock.now += 0.1
    assert cache.get("https://news.example/a") is None
    assert len(cache) == 0
    assert cache.size == 0


def test_least_recently_used_pages_go_first_beyond_max_bytes() -> None:
    one = page("https://news.example/1", body=b"x" * 40)
    two = page("https://news.example/2", body=b"y" * 40)
    three = page("https://news.example/3", body=b"z" * 40)
    cache = PageCache(max_bytes=100, clock=Clock())
    cache.put(one)
    cache.put(two)
    assert cache.get("https://news.example/1") is not None  # now 2 is the least recent
    cache.put(three)
    assert cache.size == 80
    assert len(cache) == 2
    assert cache.get("https://news.example/2") is None
    assert cache.get("https://news.example/1") is not None
    assert cache.get("https://news.example/3") is not None
    cache.put(page("https://news.example/3", body=b"w" * 10))  # a re-fetch replaces the entry
    assert cache.size == 50
    hit = cache.get("https://news.example/3")
    assert hit is not None
    assert hit.body == b"w" * 10


def test_failed_and_oversized_pages_are_not_kept() -> None:
    cache = PageCache(max_bytes=100, clock=Clock())
    failed = Page("https://news.example/a", "https://news.example/a", status=404, error="HTTP 404")
    assert not cache.put(failed)
    assert not cache.put(page(body=b"x" * 101))
    assert len(cache) == 0
    assert cache.size == 0
    assert page_size(page(text="abc")) == 3


@pytest.mark.parametrize("ttl", [0, -1, float("nan"), float("inf"), "60", True])
def test_bad_ttl_is_refused_in_one_line(ttl: Any) -> None:
    with pytest.raises(ConfigError, match="ttl: must be a positive number of seconds"):
        PageCache(ttl=ttl)


@pytest.mark.parametrize("max_bytes", [0, -1, 1.5, "16", True])
def test_bad_max_bytes_is_refused_in_one_line(max_bytes: Any) -> None:
    with pytest.raises(ConfigError, match="max_bytes: must be a positive integer"):
        PageCache(max_bytes=max_bytes)
