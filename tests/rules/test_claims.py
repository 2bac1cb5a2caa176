"""editorialized-title: claims changed with heavy word overlap (bot.rules.claims), and the clarity
edits that stay allowed."""

from __future__ import annotations

import pytest

from bot.rules import claims
from bot.rules import editorialized_title as rule
from tests.rules.test_editorialized_title import Case, _ctx

CHANGED = [
    ("Marie Yovanovitch has a net worth of $17 million",
     "Does Marie Yovanovitch Have a Net Worth of $17 Million?", "question stated as fact"),
    ("13-inch MacBook Pro with scissor keyboard confirmed for first half of 2020",
     "13-Inch MacBook Pro With Scissor Keyboard Expected in First Half of 2020", "expected"),
    ("Noah Hawley to direct Star Trek 4",
     "Star Trek 4 eyes Fargo, Legion creator Noah Hawley to direct", "eyes"),
    ("Home Depot sales beat, shares surge", "Home Depot sales miss, shares plunge", "miss -> beat"),
    ("Taylor Swift banned from playing her music at the AMAs",
     "Taylor Swift is allowed to play her music at the AMAs after all", "allowed -> banned"),
    ("Cannabis use disorder is rising across the US",
     "Cannabis Use Disorder is Rising in U.S. States Where Weed is Legal", "scope widened"),
    ("Thousands of American teachers pack statehouses for protest",
     "Thousands of teachers pack Indiana Statehouse for protest", "generalised: Indiana"),
    ("Impeachment completely debunked",
     "Impeachment sham completely debunked: White House", "attribution dropped: White House"),
    ("UK university student halls are too full to be safe",
     "UK university student halls too full to be safe, experts warn", "warn"),
    ("United States lifts Sudan sanctions", "United States to Lift Sudan Sanctions",
     "plan stated as done: to lift"),
    ("South Korean president impeached after ruling party lawmakers walk out",
     "South Korean president's impeachment fails after ruling party lawmakers walk out", "fails"),
    ("Coronavirus: £1,000 fine for reporting a contact to force them to self-isolate",
     "Coronavirus: £1,000 fine for falsely reporting a contact to force them to self-isolate",
     "falsely"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "headline", "what"), CHANGED)
def test_changed_claims_flag(title: str, headline: str, what: str) -> None:
    finding = rule.check(_ctx(Case(title=title, headline=headline)))
    assert finding is not None, title
    shown = " ".join([*finding.evidence["claim_changed"], *finding.evidence["negation_or_hedge"]])
    assert what.casefold() in shown.casefold()
    assert what.casefold() in finding.message.casefold()


ALLOWED = [
    ("New York State Attorney General (NYAG) investigating WeWork and former CEO Adam Neumann",
     "New York State Attorney General investigating WeWork and former CEO"),
    ("Fact check: Does Marie Yovanovitch have a net worth of $17 million?",
     "Does Marie Yovanovitch Have a Net Worth of $17 Million?"),
    ("Column: The Gannett/GateHouse merger sends a dismal signal about local news",
     "The Gannett/GateHouse merger sends a dismal signal about local news"),
    ("Two US service members killed in Afghanistan helicopter crash",
     "US service members killed in Afghanistan helicopter crash"),
    ("Alibaba to raise up to $12.9bn (£10bn) in landmark Hong Kong listing",
     "Alibaba to raise up to $12.9bn in landmark Hong Kong listing : CityAM"),
    ("Home Depot sales miss expectations, shares plunge", "Home Depot sales miss, shares plunge"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "headline"), ALLOWED)
def test_clarity_edits_stay_allowed(title: str, headline: str) -> None:
    case = Case(title=title, headline=headline, site="CityAM", url="https://www.cityam.com/x")
    assert rule.check(_ctx(case)) is None, title


def test_opposites_from_the_table_and_from_sentiment() -> None:
    assert claims.changes("Shares rise", "Shares fall", "") == ["fall -> rise"]
    assert claims.changes("Talks a success", "Talks a disaster", "") == ["disaster -> success"]
    assert claims.changes("Shares fall sharply", "Shares fall", "") == []


def test_a_scope_word_the_article_uses_is_no_widening() -> None:
    text = "outages spread across the state"
    assert claims.changes("Outages across the state", "Outages in the state", text) == []
