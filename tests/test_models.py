"""The hand-written ``to_json`` of the core dataclasses stays equal to ``dataclasses.asdict``."""

from __future__ import annotations

from dataclasses import asdict, fields

from bot.models import Article, HeadlineCandidate, Post


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
