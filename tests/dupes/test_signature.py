"""Signatures: the keys and the story a post is remembered by."""

from __future__ import annotations

from datetime import timedelta

from bot.dupes.match import Earlier, compare
from bot.dupes.signature import content_words, scan, signature
from bot.models import Article, Post

from .stories import T0, link_only, story


def test_entities_are_the_names_inside_sentences() -> None:
    names, _ = scan(
        "Prosecutors in Sweden dropped the case against Julian Assange on Tuesday. "
        "The U.S. Justice Department said nothing. NASA said it would wait."
    )
    assert {"sweden", "julian", "assange", "us", "justice", "department", "nasa"} <= names
    # a sentence's first word is no name unless it is one elsewhere; days are no names
    assert "prosecutor" not in names
    assert "the" not in names
    assert "tuesday" not in names


def test_content_words_leave_out_function_words_and_stem_plurals() -> None:
    assert content_words("The prosecutors drop the investigations") == {
        "prosecutor",
        "drop",
        "investigation",
    }


def test_a_title_case_headline_names_nothing_by_its_capitals() -> None:
    post, article = story("paper")  # "Sweden Drops Its Investigation Into Rape Allegation ..."
    sig = signature(post, article)
    assert "drop" not in sig.entities
    assert "investigation" not in sig.entities
    assert {"sweden", "assange", "julian", "persson"} <= set(sig.entities)
    assert {"sweden", "drop", "investigation", "rape", "allegation"} <= set(sig.headline_words)


def test_keys_cover_the_link_the_final_url_and_a_specific_canonical_url() -> None:
    post = Post("1", "Sweden drops the Assange investigation", "https://bit.ly/abc123")
    article = Article(
        status="fetched", url=post.url or "", headline="Sweden drops the Assange investigation",
        final_url="https://www.syndicator.example/a/sweden-drops-assange-1?ocid=x",
        canonical_url="https://origin.example/world/2026/03/02/sweden-drops-assange",
    )  # fmt: skip
    sig = signature(post, article)
    assert sig.url_keys == (
        "bit.ly/abc123",
        "origin.example/world/2026/03/02/sweden-drops-assange",
        "syndicator.example/a/sweden-drops-assange-1",
    )
    assert sig.site == "syndicator.example"


def test_a_canonical_url_pointing_at_a_home_page_is_ignored() -> None:
    post = Post("1", "A headline long enough here", "https://blog.example/posts/123-a-story")
    article = Article(status="fetched", url=post.url or "", final_url=post.url,
                      canonical_url="https://blog.example/")  # fmt: skip
    assert signature(post, article).url_keys == ("blog.example/posts/123-a-story",)


def test_an_unreadable_page_is_known_by_its_link_title_and_unwrapped_site() -> None:
    post, article = link_only(
        "https://archive.ph/newest/https://www.wire-example.com/world/x-1",
        "Sweden drops rape investigation into Julian Assange",
        post_id="1",
    )
    sig = signature(post, article)
    assert sig.site == "wire-example.com"
    assert sig.url_keys == ("wire-example.com/world/x-1",)
    assert sig.title_keys == ("sweden drops rape investigation into julian assange",)


def _page(url: str, headline: str, lead: str, language: str | None) -> Article:
    return Article(status="ok", url=url, headline=headline, lead=[lead], language=language,
                   text_length=2000)  # fmt: skip


def test_a_pages_own_function_words_are_no_story() -> None:
    # German pages: "wir", "über", "uns", "oder" are function words, not an event's rare words
    # (the background headlines that tell rare from common are English)
    post = Post("1", "Was wir über uns nicht hören wollen", "https://a.example/1")
    lead = "Was Wir über Uns sagen, hören wir nicht gern. Der Kabarettist spricht in Stuttgart."
    german = signature(post, _page(post.url or "", post.title, lead, "de-DE"))
    assert not {"wir", "über", "uns", "was", "nicht"} & set(german.headline_words)
    assert not {"wir", "über", "uns"} & set(german.entities)  # "Wir", "Uns" inside a sentence
    assert {"kabarettist", "stuttgart"} <= set(german.entities) | set(german.words)
    # the same words on a page that declares no language, or English, stay words
    plain = signature(post, _page(post.url or "", post.title, lead, None))
    assert {"wir", "über", "uns"} <= set(plain.headline_words)
    english = signature(post, _page(post.url or "", post.title, lead, "en"))
    assert english.headline_words == plain.headline_words
    # a language the stop-words package does not know adds nothing
    unknown = signature(post, _page(post.url or "", post.title, lead, "xx"))
    assert unknown.headline_words == plain.headline_words


def test_german_pages_sharing_only_function_words_are_not_one_story() -> None:
    old_post = Post("1", "Über uns", "https://a.example/ueber-uns", platform="t")
    old_lead = "Wir sind zwei Freunde. Über uns gibt es Kurzfilme und Zeichnungen."
    old = signature(old_post, _page(old_post.url or "", "Über uns", old_lead, "de"))
    new_post = Post("2", "Was wir über uns nicht hören wollen", "https://b.example/x", platform="t")
    new_lead = "Was wir über uns nicht hören wollen: ein Kabarettist über Politik."
    new = signature(new_post, _page(new_post.url or "", new_post.title, new_lead, "de"))
    earlier = Earlier("t", "1", old_post.url or "", old_post.title, T0, old)
    found = compare(new, T0 + timedelta(hours=1), [earlier], window=timedelta(days=7),
                    story_window=timedelta(hours=48))  # fmt: skip
    assert found == []
