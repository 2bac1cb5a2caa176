"""Source lists: loading, label-boundary matching, overrides, and the build script."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.guidelines import default_config_dir
from bot.sources import (
    LIST_NAMES,
    SourceLists,
    ascii_parents,
    load_source_lists,
    normalise_domain,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURE_SOURCES = REPO / "tests" / "fixtures" / "config" / "sources"
CORPUS_SOURCES = REPO / ".." / "shared" / "corpus" / "sources"


@pytest.fixture(scope="module")
def shipped() -> SourceLists:
    return load_source_lists(default_config_dir() / "sources")


@pytest.fixture(scope="module")
def fixture_lists() -> SourceLists:
    return load_source_lists(FIXTURE_SOURCES)


MATCHES = [
    ("https://www.dailymail.co.uk/news/article-1.html", "dailymail.co.uk"),
    ("https://dailymail.co.uk/", "dailymail.co.uk"),
    ("https://m.dailymail.co.uk/x", "dailymail.co.uk"),
    ("https://amp.dailymail.co.uk/x", "dailymail.co.uk"),
    ("http://WWW.DailyMail.CO.UK:8080/x?y=1", "dailymail.co.uk"),
    ("https://www.dailymail.co.uk./x", "dailymail.co.uk"),
    ("https://user:pw@thesun.co.uk/x", "thesun.co.uk"),
    ("https://express.co.uk/x", "express.co.uk"),  # listed as WWW.Express.co.uk
    ("https://nypost.com/2024/x", "nypost.com"),  # from the second file, tabloid-extra.txt
    ("https://www.bücher.de/x", "xn--bcher-kva.de"),  # IDN, listed in Unicode
    ("https://xn--bcher-kva.de/x", "xn--bcher-kva.de"),  # the same host in punycode
    ("https://notdailymail.co.uk/x", None),
    ("https://dailymail.co.uk.evil.example/x", None),
    ("https://evil.example/www.dailymail.co.uk/x", None),
    ("https://evil.example/?u=https://dailymail.co.uk", None),
    ("https://dailymail.com/x", None),
    ("https://mail.co.uk/x", None),
    ("not a url", None),
    ("", None),
]


@pytest.mark.parametrize(("url", "expected"), MATCHES)
def test_match_on_label_boundaries(fixture_lists, url, expected):
    assert fixture_lists.match("tabloid", url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.b.example.co.uk/x", ("a.b.example.co.uk", "b.example.co.uk", "example.co.uk")),
        ("https://www.bücher.de/x", ("www.xn--bcher-kva.de", "xn--bcher-kva.de")),
        ("not a url", ()),
        ("", ()),
    ],
)
def test_ascii_parents(url, expected):
    assert ascii_parents(url) == expected
    assert ascii_parents(url) is ascii_parents(url)  # cached: the rules ask for the same URLs


def test_origin_comes_from_the_file_header(fixture_lists):
    assert fixture_lists.origin("tabloid", "dailymail.co.uk") == "tabloid.txt: tests/fixtures (CC0)"
    assert fixture_lists.origin("tabloid", "nypost.com") == (
        "tabloid-extra.txt: second file of the tabloid list"
    )
    assert fixture_lists.origin("tabloid", "unknown.example") == ""
    assert fixture_lists.source_file("tabloid", "nypost.com") == "tabloid-extra.txt"
    assert (
        fixture_lists.source_file("tabloid", "dailymail.co.uk") == "tabloid.txt"
    )  # base file wins
    added = fixture_lists.with_overrides({"tabloid": ["a.example"]}, origin="guidelines.toml x")
    assert added.source_file("tabloid", "a.example") == ""


def test_first_match_skips_missing_urls(fixture_lists):
    urls = (None, "https://bbc.co.uk/x", "https://www.thesun.co.uk/a")
    assert fixture_lists.first_match("tabloid", urls) == (
        "https://www.thesun.co.uk/a",
        "thesun.co.uk",
    )
    assert fixture_lists.first_match("tabloid", (None, "")) is None
    assert fixture_lists.first_match("no-such-list", ("https://thesun.co.uk",)) is None


def test_with_overrides_adds_and_removes(fixture_lists):
    edited = fixture_lists.with_overrides(
        {"tabloid": ["gossip.example"]}, {"tabloid": ["thesun.co.uk"]}, origin="mod: alice"
    )
    assert edited.match("tabloid", "https://gossip.example/") == "gossip.example"
    assert edited.origin("tabloid", "gossip.example") == "mod: alice"
    assert edited.match("tabloid", "https://thesun.co.uk/") is None
    assert fixture_lists.match("tabloid", "https://thesun.co.uk/") == "thesun.co.uk"  # unchanged


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Example.COM", "example.com"),
        ("www.example.com", "example.com"),
        ("example.com.", "example.com"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("sub.example.co.uk", "sub.example.co.uk"),
        ("https://example.com", None),
        ("example.com/path", None),
        ("example.com:80", None),
        ("example", None),
        ("exa mple.com", None),
        ("", None),
    ],
)
def test_normalise_domain(raw, expected):
    assert normalise_domain(raw) == expected


def test_bad_line_names_file_and_line(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "social.txt").write_text("# origin: x\nx.com\nhttps://bad.example/a\n")
    with pytest.raises(ConfigError) as info:
        load_source_lists(folder)
    assert str(
        info.value
    ) == "tmp/sources/social.txt:3: not a domain: 'https://bad.example/a'".replace(
        "tmp", tmp_path.name
    )


def test_unknown_list_file_is_an_error_with_a_hint(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "tabliod.txt").write_text("a.example\n")
    with pytest.raises(
        ConfigError, match=r"tabliod\.txt: not a known list \(did you mean tabloid\.txt\?\)"
    ):
        load_source_lists(folder)


def test_missing_directory(tmp_path):
    with pytest.raises(ConfigError, match=r"source list directory not found$"):
        load_source_lists(tmp_path / "nowhere")


def test_shipped_lists_have_headers_and_licences():
    folder = default_config_dir() / "sources"
    files = sorted(folder.glob("*.txt"))
    names = {f.stem.split("-", 1)[0] for f in files}
    assert names == set(LIST_NAMES)
    for path in files:
        header = [line for line in path.read_text("utf-8").splitlines()[:8] if line.startswith("#")]
        text = "\n".join(header).lower()
        assert "# origin:" in text, path.name
        assert "licen" in text or "cc0" in text, path.name
    share_alike = [f.name for f in files if "by-sa" in f.read_text("utf-8")[:1000].lower()]
    assert share_alike == ["tabloid-wikipedia.txt"]  # share-alike data stays in its own file


SHIPPED = [
    ("tabloid", "https://www.dailymail.co.uk/news/x.html", "dailymail.co.uk"),
    ("tabloid", "https://www.thesun.co.uk/news/1/", "thesun.co.uk"),
    ("tabloid", "https://nypost.com/2024/01/01/x/", "nypost.com"),
    ("tabloid", "https://www.express.co.uk/news/world/1", "express.co.uk"),
    ("tabloid", "https://www.bild.de/politik/x", "bild.de"),
    ("tabloid", "https://www.bbc.co.uk/news/x", None),
    ("tabloid", "https://www.theguardian.com/world/x", None),
    ("social", "https://x.com/user/status/1", "x.com"),
    ("social", "https://twitter.com/user/status/1", "twitter.com"),
    ("social", "https://www.facebook.com/page/posts/1", "facebook.com"),
    ("social", "https://m.facebook.com/story.php", "m.facebook.com"),
    ("social", "https://www.youtube.com/watch?v=1", "youtube.com"),
    ("social", "https://youtu.be/abc", "youtu.be"),
    ("social", "https://www.tiktok.com/@a/video/1", "tiktok.com"),
    ("social", "https://t.me/channel/1", "t.me"),
    ("social", "https://bsky.app/profile/a/post/1", "bsky.app"),
    ("social", "https://mastodon.social/@a/1", "mastodon.social"),
    ("social", "https://www.reddit.com/r/worldnews/", "reddit.com"),
    ("social", "https://truthsocial.com/@a/posts/1", "truthsocial.com"),
    ("social", "https://github.com/a/b", None),
    ("social", "https://t.co/abc", None),  # a shortener, not a platform
    ("paywall", "https://www.nytimes.com/2024/01/01/world/x.html", "nytimes.com"),
    ("paywall", "https://www.wsj.com/articles/x", "wsj.com"),
    ("paywall", "https://www.ft.com/content/x", "ft.com"),
    ("paywall", "https://www.thetimes.co.uk/article/x", "thetimes.co.uk"),
    ("paywall", "https://www.bbc.com/news/x", None),
    ("aggregator", "https://news.google.com/articles/x", "news.google.com"),
    ("aggregator", "https://www.google.com/search?q=x", None),
    ("aggregator", "https://flipboard.com/@x", "flipboard.com"),
    ("syndication", "https://www.msn.com/en-us/news/world/x/ar-AA1", "msn.com"),
    ("syndication", "https://www.yahoo.com/news/x-1.html", "yahoo.com"),
    ("syndication", "https://uk.news.yahoo.com/x", "yahoo.com"),
    ("shortener", "https://bit.ly/3abc", "bit.ly"),
    ("shortener", "https://t.co/abc", "t.co"),
    ("shortener", "https://trib.al/x", "trib.al"),
    ("archive", "https://archive.ph/AbCd1", "archive.ph"),
    ("archive", "https://archive.is/AbCd1", "archive.is"),
    ("archive", "https://web.archive.org/web/2024/https://x.example", "archive.org"),
    ("archive", "https://12ft.io/https://x.example", "12ft.io"),
    ("archive", "https://ghostarchive.org/archive/x", "ghostarchive.org"),
    ("archive", "https://notarchive.ph/x", None),
    ("blogspam", "https://www.lovethispic.com/x", "lovethispic.com"),
    ("blogspam", "https://www.bbc.com/news/x", None),
]


@pytest.mark.parametrize(("name", "url", "expected"), SHIPPED)
def test_shipped_lists_match(shipped, name, url, expected):
    assert shipped.match(name, url) == expected


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_SOURCES.is_dir(), reason="../shared/corpus/sources is absent")
def test_build_script_reproduces_the_committed_lists(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location(
        "build_sources", REPO / "scripts" / "build_sources.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_sources", module)
    spec.loader.exec_module(module)
    committed = default_config_dir() / "sources"
    date = re.search(r"# built: (\S+)", (committed / "social-matomo.txt").read_text("utf-8"))
    assert date
    assert (
        module.main(["--corpus", str(CORPUS_SOURCES), "--out", str(tmp_path), "--date", date[1]])
        == 0
    )
    built = sorted(p.name for p in tmp_path.glob("*.txt"))
    assert built == [
        "blogspam-content-farms.txt",
        "blogspam-opensources.txt",
        "paywall-bpc.txt",
        "social-matomo.txt",
        "tabloid-wikipedia.txt",
    ]
    for name in built:
        assert (tmp_path / name).read_text("utf-8") == (committed / name).read_text("utf-8"), name


def test_a_byte_order_mark_is_ignored(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "archive.txt").write_bytes("\ufeffarchive.ph\n".encode())
    assert load_source_lists(folder).match("archive", "https://archive.ph/x") == "archive.ph"
