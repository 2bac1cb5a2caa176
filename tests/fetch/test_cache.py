"""PageCache: get/put by URL, TTL with an injected clock, only successful pages."""

from __future__ import annotations

import pytest
import sqlite_utils

from bot.errors import ConfigError
from bot.fetch.cache import MIGRATIONS, TABLE, PageCache
from bot.models import Page


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def page(url: str = "https://news.example/a", **kw) -> Page:
    values = {
        "url": url,
        "final_url": "https://news.example/a-final",
        "status": 200,
        "content_type": "text/html",
        "text": "<h1>Héllo</h1>",
        "encoding": "utf-8",
        "redirects": [url],
    }
    values.update(kw)
    return Page(**values)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(clock: Clock) -> PageCache:
    return PageCache(sqlite_utils.Database(memory=True), ttl=60, clock=clock)


def test_round_trip(cache):
    assert cache.put(page(truncated=True)) is True
    got = cache.get("https://news.example/a")
    assert got is not None
    assert got.from_cache is True
    assert got.ok
    assert (got.final_url, got.status, got.text, got.encoding) == (
        "https://news.example/a-final",
        200,
        "<h1>Héllo</h1>",
        "utf-8",
    )
    assert got.redirects == ["https://news.example/a"]
    assert got.truncated is True


def test_miss(cache):
    assert cache.get("https://news.example/other") is None


def test_fragment_is_not_part_of_the_key(cache):
    cache.put(page("https://news.example/a#top"))
    got = cache.get("https://news.example/a#comments")
    assert got is not None
    assert got.url == "https://news.example/a#comments"


def test_expiry_follows_the_clock(cache, clock):
    cache.put(page())
    clock.now += 59.9
    assert cache.get("https://news.example/a") is not None
    clock.now += 0.1
    assert cache.get("https://news.example/a") is None


def test_put_replaces_and_refreshes(cache, clock):
    cache.put(page(text="old"))
    clock.now += 50
    cache.put(page(text="new"))
    clock.now += 50
    got = cache.get("https://news.example/a")
    assert got is not None
    assert got.text == "new"


def test_failed_pages_are_not_cached(cache):
    failed = Page(
        url="https://news.example/a",
        final_url="https://news.example/a",
        status=500,
        error="HTTP 500 Internal Server Error",
    )
    assert cache.put(failed) is False
    assert cache.get("https://news.example/a") is None
    assert len(cache) == 0


def test_expired_rows_are_deleted_on_write_and_purge(cache, clock):
    cache.put(page("https://news.example/1"))
    cache.put(page("https://news.example/2"))
    clock.now += 61
    cache.put(page("https://news.example/3"))
    assert len(cache) == 1
    clock.now += 61
    assert cache.purge() == 1
    assert len(cache) == 0


def test_works_with_a_real_file(tmp_path, clock):
    path = tmp_path / "cache.db"
    PageCache(sqlite_utils.Database(path), ttl=60, clock=clock).put(page())
    reopened = PageCache(sqlite_utils.Database(path), ttl=60, clock=clock)
    got = reopened.get("https://news.example/a")
    assert got is not None
    assert got.text == "<h1>Héllo</h1>"


def test_schema_comes_from_idempotent_migrations(cache):
    again = PageCache(cache.db, ttl=60)
    assert MIGRATIONS.pending(again.db) == []
    assert len(again) == 0


def test_table_schema(cache):
    table = cache.db.table(TABLE)
    assert table.pks == ["url"]
    assert {"url", "final_url", "status", "text", "fetched_at"} <= set(table.columns_dict)
    assert any(index.columns == ["fetched_at"] for index in table.indexes)


@pytest.mark.parametrize("ttl", [0, -1, float("nan"), float("inf"), "60", True])
def test_bad_ttl(ttl):
    with pytest.raises(ConfigError, match="ttl"):
        PageCache(sqlite_utils.Database(memory=True), ttl=ttl)


def raw_page(url: str = "https://news.example/a") -> Page:
    body = "<title>Café – “news”</title>".encode("cp1252")
    return Page(url=url, final_url=url, status=200, content_type="text/html",
                body=body, charset="windows-1252")  # fmt: skip


def test_fetched_bytes_are_stored_undecoded_and_come_back_as_bytes(cache):
    stored = raw_page()
    assert cache.put(stored) is True
    assert stored._text is None  # the writer thread did not decode it
    row = next(cache.db.query(f"SELECT text, encoding, body, charset FROM {TABLE}"))
    assert row == {"text": "", "encoding": "", "body": stored.body, "charset": "windows-1252"}
    got = cache.get("https://news.example/a")
    assert got is not None
    assert (got.body, got.charset, got.from_cache) == (stored.body, "windows-1252", True)
    assert (got.text, got.encoding) == ("<title>Café – “news”</title>", "cp1252")


def test_rows_written_before_bytes_were_stored_stay_readable(clock):
    db = sqlite_utils.Database(memory=True)
    MIGRATIONS.apply(db, stop_before="m002_page_cache_body")
    db.table(TABLE).insert(
        {"url": "https://news.example/a", "final_url": "https://news.example/a", "status": 200,
         "content_type": "text/html", "encoding": "utf-8", "text": "<h1>Old row</h1>",
         "redirects": "[]", "truncated": 0, "fetched_at": clock.now},
    )  # fmt: skip
    cache = PageCache(db, ttl=60, clock=clock)  # applies m002
    got = cache.get("https://news.example/a")
    assert got is not None
    assert (got.text, got.encoding, got.body) == ("<h1>Old row</h1>", "utf-8", None)
    assert {"body", "charset"} <= set(db.table(TABLE).columns_dict)
