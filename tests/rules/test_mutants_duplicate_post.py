"""duplicate-post through its rule API (``check`` with a history): the windows and the story
threshold it reads from its config, and the finding a moderator sees (issue 19)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.dupes.history import MemoryHistory
from bot.dupes.signature import signature
from bot.guidelines import Community, load_guidelines
from bot.models import Article, Finding, Post
from bot.rules import RULES
from bot.rules.base import RuleContext
from tests.dupes.stories import T0, link_only, story

WIRE = "https://www.wire-example.com/world/sweden-drops-assange-inquiry-1234"
WIRE_KEY = "wire-example.com/world/sweden-drops-assange-inquiry-1234"
PAPER_NAMES = "assange, belmarsh, eva-marie, julian, london, persson"


@pytest.fixture(scope="module")
def community() -> Community:
    return load_guidelines().community()


def _check(
    community: Community,
    new: tuple[Post, Article],
    *,
    params: dict[str, Any] | None = None,
    case: int | None = None,
    first: str = "wire",
) -> Finding | None:
    """The wire story posted at T0 (as ``case``), then ``new`` checked against it."""
    history = MemoryHistory()
    post, article = story(first)
    history.add(community.key, post, signature(post, article), T0, case=case)
    rule = community.rules["duplicate-post"]
    if params is not None:
        rule = replace(rule, params=params)
    ctx = RuleContext(new[0], new[1], rule, community, history)
    return RULES["duplicate-post"].check(ctx)


def test_the_same_link_again_is_the_same_article(community: Community) -> None:
    found = _check(community, story("wire", post_id="again", hours=3))
    assert found is not None
    assert found.confidence == 0.95
    assert found.max_action is None
    assert found.message == (
        f"The same article was already posted (post wire, same article URL ({WIRE_KEY}))."
    )
    assert found.evidence["match"] == "same-article"
    (earlier,) = found.evidence["earlier"]
    assert {k: earlier[k] for k in ("post_id", "article", "case", "why", "earlier_by")} == {
        "post_id": "wire",
        "article": WIRE,
        "case": None,
        "why": f"same article URL ({WIRE_KEY})",
        "earlier_by": 3 * 3600,
    }


def test_an_earlier_post_with_a_case_is_named_by_its_case(community: Community) -> None:
    found = _check(community, story("wire", post_id="again", hours=3), case=7)
    assert found is not None
    assert found.message == (
        f"The same article was already posted (case 7, same article URL ({WIRE_KEY}))."
    )
    assert found.evidence["earlier"][0]["case"] == 7


def test_another_outlet_is_the_same_story_and_only_a_flag(community: Community) -> None:
    found = _check(community, story("paper", post_id="paper-1", hours=2))
    assert found is not None
    assert found.confidence == 0.9  # similarity 0.98: 0.5 + 0.98 / 2 is capped at 0.9
    assert found.max_action == "flag"
    assert found.message == (
        "The same story from another outlet (wire-example.com) was already posted (post wire: "
        f"same story: similarity 0.98, named entities in common: {PAPER_NAMES})."
    )
    assert found.evidence["match"] == "same-story"
    assert found.evidence["earlier"][0]["similarity"] == 0.98


def test_a_looser_same_story_match_is_less_sure(community: Community) -> None:
    title = "Swedish prosecutors drop Assange rape case"  # the page unread: the title only
    new = link_only("https://other-example.com/assange", title, post_id="x", hours=5)
    found = _check(community, new, case=12)
    assert found is not None
    assert found.confidence == pytest.approx(0.811667, abs=1e-6)  # 0.5 + 0.6233 / 2
    assert found.max_action == "flag"
    assert found.message == (
        "The same story from another outlet (wire-example.com) was already posted (case 12: "
        "same story: similarity 0.62, named entities in common: assange)."
    )


def test_a_post_that_repeats_nothing_is_not_a_duplicate(community: Community) -> None:
    assert _check(community, story("near-miss", hours=2)) is None


def test_without_a_created_at_the_post_is_checked_as_of_now(community: Community) -> None:
    """The wire post of T0 (March 2026) is months before "now": outside both windows."""
    post, article = story("wire", post_id="again")
    assert _check(community, (replace(post, created_at=None), article)) is None


@pytest.mark.parametrize(
    ("hours", "expected"),
    [(7 * 24 - 1, "same-article"), (7 * 24 + 1, None)],
)
def test_the_article_window_defaults_to_seven_days(
    community: Community, hours: int, expected: str | None
) -> None:
    found = _check(community, story("wire", post_id="again", hours=hours), params={})
    assert (found.evidence["match"] if found else None) == expected


@pytest.mark.parametrize(("hours", "expected"), [(47, "same-story"), (49, None)])
def test_the_story_window_defaults_to_48_hours(
    community: Community, hours: int, expected: str | None
) -> None:
    found = _check(community, story("paper", post_id="p", hours=hours), params={})
    assert (found.evidence["match"] if found else None) == expected


def test_the_configured_article_window_is_used(community: Community) -> None:
    new = story("wire", post_id="again", hours=3)
    assert _check(community, new, params={"window": "4h"}) is not None
    assert _check(community, new, params={"window": "2h"}) is None


def test_the_configured_story_window_is_used(community: Community) -> None:
    new = story("paper", post_id="p", hours=2)
    assert _check(community, new, params={"story_window": "3h"}) is not None
    assert _check(community, new, params={"story_window": "1h"}) is None


def test_the_configured_story_threshold_is_used(community: Community) -> None:
    """wire/tv are alike by 0.91, wire/paper by 0.98: a threshold of 0.95 keeps only paper."""
    tv = story("tv", post_id="tv-1", hours=2)
    paper = story("paper", post_id="p", hours=2)
    assert _check(community, tv, params={}) is not None  # the default threshold, 0.43
    assert _check(community, tv, params={"story_threshold": 0.95}) is None
    assert _check(community, paper, params={"story_threshold": 0.95}) is not None
