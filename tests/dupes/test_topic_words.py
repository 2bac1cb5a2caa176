"""Same story, not merely the same topic: the names a topic always has (Trump, Kim Jong Un, North
Korea) tell no event apart. The demo's North Korea posts (examples/) and hand-written pairs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bot.dupes.match import (
    STRONG_SCORE,
    Earlier,
    about_one_event,
    compare,
    distinct_terms,
    story_score,
)
from bot.dupes.rarity import is_common
from bot.dupes.signature import Signature, signature
from bot.extract import extract_article
from bot.models import Article, Post
from scripts.build_term_df import counts

from .stories import T0

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WINDOW, STORY_WINDOW = timedelta(days=7), timedelta(hours=48)


def demo(post_id: str) -> Signature:
    """The signature of one of ``newsmod demo``'s posts, its saved page read as the demo does."""
    lines = (EXAMPLES / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    item = next(json.loads(line) for line in lines if json.loads(line)["id"] == post_id)
    post = Post(post_id, item["title"], item["url"], platform="test", community="worldnews")
    if item.get("html"):
        html = (EXAMPLES / item["html"]).read_text(encoding="utf-8")
        return signature(post, extract_article(html, item["url"], status="snapshot"))
    return signature(post, Article.unreachable(item["url"], "no saved page"))


def matches(new: Signature, old: Signature) -> list[str]:
    earlier = Earlier("test", "old", "", old.headline, T0, old)
    found = compare(new, T0 + timedelta(hours=2), [earlier], window=WINDOW,
                    story_window=STORY_WINDOW)  # fmt: skip
    return [m.kind for m in found]


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("ragebait", "bbc-clean"),  # "what Kim said about Trump" / a defector on Kim and Trump
        ("ragebait", "tabloid"),
        ("independent-editorialized", "bbc-clean"),  # Lee's visit / a defector's interview
        ("blogspam-filler", "independent-editorialized"),
        ("paywall-no-archive", "blogspam-filler"),  # Kim open to talks / presidents who met
        ("tabloid", "paywall-no-archive"),  # Kim's sister's warning / Kim open to talks
        ("syndicated", "bbc-clean"),
    ],
)
def test_the_same_topic_is_not_the_same_story(new: str, old: str) -> None:
    assert matches(demo(new), demo(old)) == []


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("syndicated", "independent-editorialized"),  # Lee's White House visit, three outlets
        ("social-media", "independent-editorialized"),
        ("social-media", "syndicated"),
    ],
)
def test_one_event_from_other_outlets_is_the_same_story(new: str, old: str) -> None:
    assert matches(demo(new), demo(old)) == ["same-story"]


def _sig(site: str, headline: str, entities: str, words: str) -> Signature:
    heads = tuple(sorted(set(words.split()) & set(headline.casefold().split())))
    return Signature(site, (), (), tuple(entities.split()), tuple(words.split()), heads, headline)


def test_only_the_topic_names_in_common_is_no_match_however_alike() -> None:
    # the headlines share every name, but nothing of an event: the old score alone matched them
    old = _sig(
        "a.example", "trump kim korea north", "trump kim korea north", "trump kim korea north"
    )
    new = _sig(
        "b.example", "trump kim korea north", "trump kim korea north", "trump kim korea north"
    )
    assert distinct_terms(new, old) == set()
    assert matches(new, old) == []
    # one rare word both headlines hold (the event's) is enough
    old2 = _sig("a.example", "trump kim korea north peacemaker", "trump kim korea north",
                "trump kim korea north peacemaker")  # fmt: skip
    new2 = _sig("b.example", "trump kim korea north peacemaker", "trump kim korea north",
                "trump kim korea north peacemaker")  # fmt: skip
    assert distinct_terms(new2, old2) == {"peacemaker"}
    assert matches(new2, old2) == ["same-story"]


def test_common_words_are_the_topics_protagonists() -> None:
    for word in ("trump", "kim", "korea", "china", "apple", "jong", "us-china", "jong-un"):
        assert is_common(word), word
    for word in ("lee", "peacemaker", "denuclearization", "assange", "duvet"):
        assert not is_common(word), word


def test_a_name_part_counts_as_the_name_it_always_goes_with() -> None:
    titles = ["Kim Jong Un meets envoy", "Kim Jong Un fires missile", "Kim visits factory",
              "Kim speaks", "Rare word here", "Rare word again"]  # fmt: skip
    df = counts(titles)
    assert df["kim"] == 4
    assert df["jong"] == 4  # always beside "kim": as common as it
    assert df["missile"] == 1  # seen once: its own count


def test_rare_words_only_in_the_lead_need_a_strong_likeness() -> None:
    # two stories on one season's topic (a trade war; holiday deals) share rare words, but in
    # one post's lead only: no headline holds them both, so the pair must be clearly alike
    old = _sig("a.example", "tariff demands may expand trade deal", "beijing",
               "tariff demands expand trade deal beijing")  # fmt: skip
    new = _sig("b.example", "investors unsure about trade war", "beijing",
               "investors unsure trade war beijing tariff deal")  # fmt: skip
    assert distinct_terms(new, old) == {"beijing", "tariff"}
    score, _ = story_score(new, old)
    assert 0.43 <= score < STRONG_SCORE
    assert not about_one_event(new, old, score)
    assert matches(new, old) == []
    # the same two rare words, alike by STRONG_SCORE: one event told in other words
    assert about_one_event(new, old, STRONG_SCORE)
    # a single rare word in the lead is never enough, however alike
    new1 = replace(new, words=tuple(w for w in new.words if w != "tariff"))
    assert distinct_terms(new1, old) == {"beijing"}
    assert not about_one_event(new1, old, 1.0)
    # a rare word in both headlines is enough at the ordinary threshold
    both = replace(new, headline_words=(*new.headline_words, "tariff"))
    assert about_one_event(both, old, 0.43)
