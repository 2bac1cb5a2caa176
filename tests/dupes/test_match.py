"""Matching a post against earlier ones: same article, same story, near misses, windows."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.dupes.match import Earlier, compare, story_score
from bot.dupes.signature import signature

from .stories import T0, link_only, story

WINDOW, STORY_WINDOW = timedelta(days=7), timedelta(hours=48)


def earlier(key: str, *, hours: float = 0.0, status: str = "up", post_id: str = "") -> Earlier:
    post, article = story(key, hours=hours)
    return Earlier(
        platform="test", post_id=post_id or key, link=post.url or "", title=post.title,
        when=T0 + timedelta(hours=hours), signature=signature(post, article), case=7,
        status=status,
    )  # fmt: skip


def match(new_key: str, olds: list[Earlier], *, hours: float = 5.0) -> list[str]:
    post, article = story(new_key, hours=hours)
    found = compare(signature(post, article), T0 + timedelta(hours=hours), olds,
                    window=WINDOW, story_window=STORY_WINDOW)  # fmt: skip
    return [f"{m.kind}:{m.earlier.post_id}" for m in found]


def test_reports_of_one_event_from_other_outlets_are_the_same_story() -> None:
    assert match("paper", [earlier("wire")]) == ["same-story:wire"]
    both = match("tv", [earlier("wire"), earlier("paper", hours=1)])
    assert sorted(both) == ["same-story:paper", "same-story:wire"]


def test_another_event_with_the_same_people_is_not_the_same_story() -> None:
    assert match("near-miss", [earlier("wire"), earlier("paper"), earlier("tv")]) == []
    score, shared = story_score(signature(*story("near-miss")), signature(*story("wire")))
    assert "assange" in shared
    assert score < 0.43


def test_the_same_link_in_another_form_is_the_same_article() -> None:
    old = earlier("wire")
    post, article = link_only(
        "http://wire-example.com/world/sweden-drops-assange-inquiry-1234/?utm_source=tw#top",
        "Sweden drops Assange case", post_id="again", hours=30,
    )  # fmt: skip
    found = compare(signature(post, article), T0 + timedelta(hours=30), [old],
                    window=WINDOW, story_window=STORY_WINDOW)  # fmt: skip
    assert [(m.kind, m.score) for m in found] == [("same-article", 1.0)]
    assert found[0].why.startswith("same article URL (wire-example.com/world/")


def test_the_same_headline_on_the_same_site_is_the_same_article() -> None:
    old = earlier("wire")
    post, article = link_only(
        "https://www.wire-example.com/world/sweden-drops-assange-inquiry-1234-updated",
        "Sweden drops rape investigation into Julian Assange", post_id="again", hours=2,
    )  # fmt: skip
    found = compare(signature(post, article), T0 + timedelta(hours=2), [old],
                    window=WINDOW, story_window=STORY_WINDOW)  # fmt: skip
    assert [(m.kind, m.why) for m in found] == [
        ("same-article", "same headline on wire-example.com")
    ]


def test_outside_the_windows_nothing_matches() -> None:
    post, article = link_only(STORIES_LINK, "Sweden drops it", post_id="late", hours=7 * 24 + 1)
    sig = signature(post, article)
    assert compare(sig, T0 + timedelta(hours=7 * 24 + 1), [earlier("wire")],
                   window=WINDOW, story_window=STORY_WINDOW) == []  # fmt: skip
    assert match("paper", [earlier("wire")], hours=49) == []


def test_only_earlier_posts_still_up_count() -> None:
    assert match("paper", [earlier("wire", status="removed")]) == []
    assert match("paper", [earlier("wire", status="removed"), earlier("tv")]) == ["same-story:tv"]


def test_a_post_made_after_this_one_is_not_earlier() -> None:
    assert match("paper", [earlier("wire", hours=6)], hours=5) == []


def test_evidence_names_the_earlier_post() -> None:
    post, article = story("paper", hours=3)
    old = replace(earlier("wire"), permalink="https://lemmy.example/post/42")
    found = compare(signature(post, article), T0 + timedelta(hours=3), [old],
                    window=WINDOW, story_window=STORY_WINDOW)  # fmt: skip
    evidence = found[0].to_json()
    assert evidence["link"] == "https://lemmy.example/post/42"
    assert evidence["article"] == old.link
    assert (evidence["platform"], evidence["case"], evidence["status"]) == ("test", 7, "up")
    assert evidence["when"] == "2026-03-02T09:00:00+00:00"
    assert "julian" in evidence["shared_entities"]  # type: ignore[operator]
    assert evidence["why"].startswith("same story: similarity ")  # type: ignore[union-attr]


STORIES_LINK = "https://www.wire-example.com/world/sweden-drops-assange-inquiry-1234"
