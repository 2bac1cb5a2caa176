"""not-original-source: the exact findings for syndication, self-credit and the outlet test
(issue 19: behaviours the older tests left open)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.guidelines import Community
from bot.models import Article, Finding, Post
from bot.rules import not_original_source as rule
from bot.rules.base import RuleContext
from tests.rules.pages import check_page

ORIGINAL = "https://www.independent.co.uk/news/world/asia/north-korea-b2.html"
LOCAL = "https://localpaper.example/x"
SMALL = "https://smallsite.example/world/x"
MSN = "https://www.msn.com/en-us/news/world/north-korea/ar-AA1abcd"


def _check(community: Community, url: str, **kwargs: Any) -> Finding | None:
    return check_page(rule, community, url, **kwargs)


def test_a_canonical_on_another_site_names_its_domain(community: Community) -> None:
    found = _check(community, LOCAL, canonical_url=ORIGINAL)
    assert found is not None
    assert found.confidence == 0.8
    assert found.message == (
        "Not the original source: the page names independent.co.uk as its canonical source; "
        f"original: {ORIGINAL}."
    )
    assert found.evidence == {
        "reasons": ["syndication"],
        "original": ORIGINAL,
        "canonical_url": ORIGINAL,
        "canonical_domain": "independent.co.uk",
    }


def test_the_canonical_is_checked_by_default(community: Community) -> None:
    found = _check(community, LOCAL, canonical_url=ORIGINAL, params={})
    assert found is not None
    assert found.evidence["reasons"] == ["syndication"]


def test_an_unreadable_pages_canonical_is_not_trusted(community: Community) -> None:
    assert _check(community, LOCAL, canonical_url=ORIGINAL, status="unreachable") is None


def test_a_canonical_that_is_a_short_link_names_no_original(community: Community) -> None:
    assert _check(community, LOCAL, canonical_url="https://bit.ly/3xyz") is None


def test_a_syndication_site_without_a_canonical(community: Community) -> None:
    found = _check(community, MSN)
    assert found is not None
    assert found.confidence == 0.6
    assert found.message == "Not the original source: msn.com republishes other outlets' articles."
    assert found.evidence == {
        "reasons": ["syndication"],
        "original": None,
        "syndication_domain": "msn.com",
    }


def test_the_bbc_reported_credits_the_bbc(community: Community) -> None:
    """ "The BBC" at the start of a sentence: its capital "The" is no part of the outlet's key."""
    found = _check(community, SMALL, lead=["The BBC reported on Sunday that talks resumed."])
    assert found is not None
    assert found.confidence == 0.6
    assert found.message == "Not the original source: the lead credits The BBC; original: The BBC."
    assert found.evidence == {
        "reasons": ["attribution"],
        "original": "The BBC",
        "attribution": "The BBC reported",
        "outlet": "The BBC",
    }


def test_an_outlet_ending_in_a_newsy_word_with_an_apostrophe(community: Community) -> None:
    lead = ["He told the Irish News' political correspondent that talks resumed."]
    found = _check(community, SMALL, lead=lead)
    assert found is not None
    assert found.evidence["outlet"] == "the Irish News'"
    assert found.evidence["attribution"] == "told the Irish News'"


def test_an_outlet_named_in_the_pages_url_path_is_not_the_page_itself(
    community: Community,
) -> None:
    url = "https://www.mediaite.com/news/guardian-reported-ukraine-talks/"
    found = _check(community, url, lead=["The Guardian reported on Sunday that talks resumed."])
    assert found is not None
    assert found.evidence["outlet"] == "The Guardian"


def test_the_page_reached_through_a_link_is_the_publisher(community: Community) -> None:
    """A Google News link to a BBC page that says "told the BBC": the aggregator is the only
    reason; the BBC credits itself."""
    found = _check(
        community,
        "https://www.bbc.co.uk/news/world-1",
        post_url="https://news.google.com/articles/CBMiabc",
        lead=["Mr Ri told the BBC that talks resumed."],
    )
    assert found is not None
    assert found.evidence["reasons"] == ["aggregator"]


@pytest.mark.parametrize(
    ("url", "lead"),
    [
        # two initials: the Financial Times on ft.com
        ("https://www.ft.com/content/abc", "The minister told the Financial Times that it ended."),
        # the site's brand starts with the outlet's name
        ("https://www.nbcnews.com/news/world/x", "The minister told NBC that talks ended."),
        # the outlet's name starts with the site's two-letter brand
        ("https://www.dw.com/en/x/a-1", "The minister told DW News that talks ended."),
        # "the Times" is inside nytimes
        ("https://www.nytimes.com/2024/x.html", "The minister told the Times that talks ended."),
    ],
)
def test_an_outlet_crediting_itself_by_another_name(
    community: Community, url: str, lead: str
) -> None:
    assert _check(community, url, lead=[lead]) is None
    assert _check(community, SMALL, lead=[lead]) is not None  # on another site: a credit


def test_all_four_ascii_look_alikes_in_one_paragraph(community: Community) -> None:
    """Dotless i, long s, dotted capital I and the Kelvin sign together: still folded."""
    lead = (
        "The plan, as f\u0131r\u017ft reported by Politico in \u0130stanbul at 300 \u212a, "
        "was dropped."
    )
    found = _check(community, SMALL, lead=[lead])
    assert found is not None
    assert found.confidence == 0.75
    assert found.evidence["outlet"] == "Politico"


def test_an_aggregator_link(community: Community) -> None:
    found = _check(
        community, "https://www.bbc.co.uk/news/world-1", post_url="https://flipboard.com/@news/x"
    )
    assert found is not None
    assert found.confidence == 0.8
    assert found.message == (
        "Not the original source: flipboard.com is a news aggregator; "
        "original: https://www.bbc.co.uk/news/world-1."
    )
    assert found.evidence == {
        "reasons": ["aggregator"],
        "original": "https://www.bbc.co.uk/news/world-1",
        "aggregator_domain": "flipboard.com",
    }


def test_an_aggregator_link_whose_page_was_not_read_names_no_original(
    community: Community,
) -> None:
    url = "https://news.google.com/articles/CBMiabc"
    found = _check(community, url, status="unreachable", final_url=None)
    assert found is not None
    assert found.message == "Not the original source: news.google.com is a news aggregator."
    assert found.evidence["original"] is None


def test_a_short_link_in_full(community: Community) -> None:
    found = _check(community, ORIGINAL, post_url="https://bit.ly/3xyz", canonical_url=ORIGINAL)
    assert found is not None
    assert found.confidence == 0.7
    assert found.message == (
        f"Not the original source: bit.ly is a link shortener; original: {ORIGINAL}."
    )
    assert found.evidence == {
        "reasons": ["shortener"],
        "original": ORIGINAL,
        "shortener_domain": "bit.ly",
    }


def test_a_short_link_to_another_short_link_names_no_original(community: Community) -> None:
    found = _check(community, "https://bit.ly/3xyz", post_url="https://t.co/abc")
    assert found is not None
    assert found.evidence["reasons"] == ["shortener"]
    assert found.evidence["original"] is None


AMP = "https://amp.theguardian.com/world/x"


def test_an_amp_copy_in_full(community: Community) -> None:
    canonical = "https://www.theguardian.com/world/x"
    found = _check(community, AMP, canonical_url=canonical)
    assert found is not None
    assert found.confidence == 0.75
    assert found.message == (
        f"Not the original source: it is an AMP copy of the article; original: {canonical}."
    )
    assert found.evidence == {"reasons": ["amp"], "original": canonical, "amp_url": AMP}


@pytest.mark.parametrize("canonical", [None, AMP])
def test_an_amp_copy_without_a_plain_canonical_names_no_original(
    community: Community, canonical: str | None
) -> None:
    found = _check(community, AMP, canonical_url=canonical)
    assert found is not None
    assert found.message == "Not the original source: it is an AMP copy of the article."
    assert found.evidence["original"] is None


CREDIT = "The talks were first reported by the Financial Times on Monday."


def test_the_lead_is_checked_unless_turned_off(community: Community) -> None:
    assert _check(community, SMALL, params={}, lead=[CREDIT]) is not None  # the default
    assert _check(community, SMALL, params={"check_lead": False}, lead=[CREDIT]) is None


def test_only_the_first_three_paragraphs_are_read(community: Community) -> None:
    intro = ["One.", "Two.", "Three."]
    assert _check(community, SMALL, lead=[*intro[:2], CREDIT]) is not None
    assert _check(community, SMALL, lead=[*intro, CREDIT]) is None


@pytest.mark.parametrize(
    ("lead", "outlet"),
    [
        # "first" and "reported" without "first reported by": the other patterns still run
        ("The first case was reported in March, the minister told CNN.", "CNN"),
        # a name that is no outlet, then one that is
        ("The minister told Kim, and later told the BBC, that talks ended.", "the BBC"),
        # a quote given to a wire agency, then a credit
        ("A source told Reuters, and an aide told the BBC, that talks ended.", "the BBC"),
        # an outlet whose name ends in a capital X (a New York TV station)
        ("The shooting was first reported by WPIX on Monday.", "WPIX"),
    ],
)
def test_the_credit_found_further_on(community: Community, lead: str, outlet: str) -> None:
    found = _check(community, SMALL, lead=[lead])
    assert found is not None
    assert found.evidence["outlet"] == outlet


def test_a_listed_syndication_link_whose_page_was_not_read(community: Community) -> None:
    found = _check(community, MSN, status="unreachable", final_url=None)
    assert found is not None
    assert found.evidence == {
        "reasons": ["syndication"],
        "original": None,
        "syndication_domain": "msn.com",
    }


def test_the_original_comes_from_another_reason_when_the_surest_has_none(
    community: Community,
) -> None:
    """An aggregator's own page (no original known) whose text credits Politico."""
    url = "https://flipboard.com/@news/x"
    found = _check(community, url, lead=["The plan was first reported by Politico."])
    assert found is not None
    assert found.evidence["reasons"] == ["aggregator", "attribution"]
    assert found.confidence == 0.8
    assert found.evidence["original"] == "Politico"
    assert found.message == (
        "Not the original source: flipboard.com is a news aggregator; original: Politico."
    )


def test_a_saved_page_checked_without_a_link_is_never_syndication(community: Community) -> None:
    # `newsmod check --html page.html --title …` without --url: nothing was linked, so the
    # page's canonical URL names no other outlet than the one posted
    post = Post("t1", "A title", None, html_path="page.html")
    article = Article(
        status="snapshot", url="", canonical_url="https://www.reuters.com/world/x-2024-05-01/"
    )
    config = community.rules[rule.RULE_ID]
    assert rule.check(RuleContext(post, article, config, community)) is None
