"""The hand-written ``to_json`` of the core dataclasses stays equal to ``dataclasses.asdict``;
``Page`` holds text or bytes decoded where they are read."""

from __future__ import annotations

import pickle
from dataclasses import asdict, fields

import pytest

from bot.fetch.decode import decode_html
from bot.models import Article, HeadlineCandidate, Page, Post


def test_post_to_json_is_asdict() -> None:
    post = Post(
        "p1", "A title", "https://example.org/a", "body", "lemmy", "worldnews", "7", "ann",
        "/tmp/page.html", "Embed", "2026-11-23T12:00:00Z",
    )  # fmt: skip
    assert list(post.to_json()) == [f.name for f in fields(Post)]
    assert post.to_json() == asdict(post)


def test_article_to_json_is_asdict_and_copies_lists() -> None:
    article = Article(
        status="fetched", url="https://example.org/a", final_url="https://example.org/b",
        error=None, headline="Headline", candidates=[HeadlineCandidate("h1", "Headline")],
        site_name="Example", publisher="Example Ltd", canonical_url="https://example.org/c",
        published="2026-11-23", language="en", paywalled=True, paywall_signals=["json-ld"],
        lead=["First paragraph."], text_length=1200, links=["https://source.example/x"],
        blog_signals=["no-date"], rules_skipped=["paywall-no-archive"],
    )  # fmt: skip
    data = article.to_json()
    assert list(data) == [f.name for f in fields(Article)]
    assert data == asdict(article)
    data["links"].append("https://changed.example")
    data["candidates"][0]["text"] = "changed"
    assert article.links == ["https://source.example/x"]
    assert article.candidates[0].text == "Headline"


# -- Page: text, or bytes decoded where they are read ------------------------------------------

WINDOWS_1252 = "<title>“Record” turnout — €1.10</title>".encode("cp1252")


def raw_page(body: bytes = WINDOWS_1252, charset: str | None = "windows-1252") -> Page:
    return Page(url="https://n.example/a", final_url="https://n.example/a", status=200,
                content_type="text/html", body=body, charset=charset)  # fmt: skip


def test_page_from_text_keeps_text_and_encoding() -> None:
    page = Page(url="u", final_url="u", text="<p>é</p>", encoding="utf-8")
    assert (page.text, page.encoding, page.body, page.charset) == ("<p>é</p>", "utf-8", None, None)
    assert Page(url="u", final_url="u").text == ""
    assert Page(url="u", final_url="u", error="timed out").text == ""


def test_page_bytes_are_decoded_by_the_fetchers_rules() -> None:
    page = raw_page()
    want = decode_html(WINDOWS_1252, "windows-1252")
    assert (page.text, page.encoding) == (want.text, "cp1252")
    assert "“Record” turnout — €1.10" in page.text


def test_page_holds_text_or_bytes_not_both() -> None:
    with pytest.raises(ValueError, match="either text"):
        Page(url="u", final_url="u", text="<p>x</p>", body=b"<p>x</p>")


def test_raw_page_pickles_as_its_bytes_only() -> None:
    page = raw_page()
    assert page.text  # decoded here; the copy sent to a worker must not carry it
    data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
    assert WINDOWS_1252 in data
    assert "“Record”".encode() not in data  # no decoded text in UTF-8
    copy = pickle.loads(data)
    assert copy._text is None
    assert (copy.body, copy.charset) == (WINDOWS_1252, "windows-1252")
    assert copy == page
    assert copy.text == page.text


def test_text_page_round_trips_through_pickle() -> None:
    page = Page(url="u", final_url="v", status=301, content_type="text/html", text="<p>ü</p>",
                encoding="utf-8", redirects=["u"], truncated=True, from_cache=True)  # fmt: skip
    copy = pickle.loads(pickle.dumps(page))
    assert copy == page
    assert (copy.redirects, copy.truncated, copy.from_cache) == (["u"], True, True)


def test_pages_are_equal_by_what_a_reader_sees() -> None:
    text = decode_html(WINDOWS_1252, "windows-1252").text
    same = Page(url="https://n.example/a", final_url="https://n.example/a", status=200,
                content_type="text/html", text=text, encoding="cp1252")  # fmt: skip
    assert raw_page() == same
    assert raw_page() != Page(url="https://n.example/a", final_url="https://n.example/a")
    assert "body=<2 bytes>, charset='windows-1252'" in repr(raw_page(b"<p"))
