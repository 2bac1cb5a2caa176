"""Same article: every way of linking one article gives one key; other articles keep theirs."""

from __future__ import annotations

import pytest

from bot.dupes.urls import article_key, is_specific, unwrap

ARTICLE = "https://www.example-news.com/world/2019/11/19/sweden-drops-inquiry"
KEY = "example-news.com/world/2019/11/19/sweden-drops-inquiry"


@pytest.mark.parametrize(
    "link",
    [
        ARTICLE,
        "http://www.example-news.com/world/2019/11/19/sweden-drops-inquiry",
        "https://example-news.com/world/2019/11/19/sweden-drops-inquiry",
        "https://m.example-news.com/world/2019/11/19/sweden-drops-inquiry",
        "https://amp.example-news.com/world/2019/11/19/sweden-drops-inquiry",
        "https://www.example-news.com/world/2019/11/19/sweden-drops-inquiry/amp",
        "https://www.example-news.com/amp/world/2019/11/19/sweden-drops-inquiry",
        "https://www.example-news.com/world/2019/11/19/sweden-drops-inquiry.amp",
        "https://www.example-news.com/world/2019/11/19/sweden-drops-inquiry/",
        "https://www.example-news.com/world/2019/11/19/sweden-drops-inquiry#comments",
        "https://WWW.Example-News.com/world/2019/11/19/sweden-drops-inquiry",
        f"{ARTICLE}?utm_source=twitter&utm_medium=social&utm_campaign=x",
        f"{ARTICLE}?fbclid=IwAR0abc",
        f"{ARTICLE}?gclid=Cj0KCQiA&ref=newsletter",
        f"{ARTICLE}?CMP=share_btn_tw&ito=792",
        f"https://archive.ph/newest/{ARTICLE}",
        f"https://archive.today/2019.11.20-101010/{ARTICLE}",
        f"https://archive.is/o/AbCdE/{ARTICLE}",
        f"https://web.archive.org/web/20191120083000/{ARTICLE}",
        f"https://web.archive.org/web/20191120083000id_/{ARTICLE}",
        f"https://12ft.io/{ARTICLE}",
        f"https://12ft.io/proxy?q={ARTICLE}",
        "https://www.google.com/amp/s/www.example-news.com/world/2019/11/19/sweden-drops-inquiry",
        "https://www-example-news-com.cdn.ampproject.org/c/s/www.example-news.com/world/2019/11/19/sweden-drops-inquiry",
        f"https://web.archive.org/web/2019/https://archive.ph/newest/{ARTICLE}?utm_source=x",
    ],
)
def test_every_link_to_the_article_has_its_key(link: str) -> None:
    assert article_key(link) == KEY


@pytest.mark.parametrize(
    "link",
    [
        "https://www.example-news.com/world/2019/11/19/sweden-drops-inquiry-2",
        "https://www.example-news.com/world/2019/11/20/sweden-drops-inquiry",
        "https://www.other-news.com/world/2019/11/19/sweden-drops-inquiry",
        "https://www.example-news.com/world/2019/11/19/sweden-drops-inquiry?page=2",
        "https://news.example-news.com/world/2019/11/19/sweden-drops-inquiry",
    ],
)
def test_another_article_keeps_another_key(link: str) -> None:
    assert article_key(link) != KEY


def test_the_parameters_that_pick_an_article_stay_and_are_sorted() -> None:
    assert article_key("https://site.example/story.php?id=12&utm_source=x&b=2") == (
        "site.example/story.php?b=2&id=12"
    )


def test_not_a_web_link_has_no_key() -> None:
    assert article_key("mailto:someone@example.com") is None
    assert article_key("ftp://files.example.com/a") is None
    assert article_key("not a link") is None


def test_unwrap_leaves_an_archive_short_link_alone() -> None:
    # archive.ph/AbCdE names a snapshot, not the page it archived: nothing to unwrap
    assert unwrap("https://archive.ph/AbCdE") == "https://archive.ph/AbCdE"
    assert unwrap(f"https://archive.ph/newest/{ARTICLE}") == ARTICLE


def test_a_home_or_section_page_is_not_specific() -> None:
    assert not is_specific("example-news.com")
    assert not is_specific("example-news.com/world")
    assert is_specific(KEY)
    assert is_specific("bbc.com/news/50473792")
