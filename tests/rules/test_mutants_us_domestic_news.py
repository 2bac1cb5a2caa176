"""us-domestic-news: the exact findings, the lead it reads and the science exception (issue 19:
behaviours the older tests left open)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.guidelines import Community, RuleConfig
from bot.models import Article, Finding, Post
from bot.rules import us_domestic_news as rule
from bot.rules.base import RuleContext

US_NEWS = "!usnews@lemmy.world"
WITH_US_NEWS = Community(key="worldnews", name="World News", us_news_community=US_NEWS)
URL = "https://news.example.com/story"


def _check(
    title: str,
    lead: list[str] | None = None,
    *,
    status: str = "snapshot",
    community: Community = WITH_US_NEWS,
    **params: Any,
) -> Finding | None:
    """The rule on ``title``; ``lead`` None: the page could not be read."""
    if lead is None:
        article = Article.unreachable(URL, "timeout")
    else:
        article = Article(status=status, url=URL, headline=title, lead=lead)  # type: ignore[arg-type]
    rule_config = RuleConfig(id=rule.RULE_ID, params=params)
    return rule.check(RuleContext(Post("p1", title, URL), article, rule_config, community))


def test_a_title_only_finding_in_full() -> None:
    found = _check("Texas governor signs bill banning cellphones in public schools")
    assert found is not None
    assert found.confidence == 0.637  # (0.45 + 0.15 * 2.0) * 0.85: the lead was not read
    assert found.message == (
        "US-only story (Texas, governor) with no international facet; "
        f"suggest posting it to {US_NEWS}"
    )
    assert found.evidence == {
        "us_terms": ["Texas", "governor"],
        "foreign_terms": [],
        "us_score": 2.0,
        "lead_checked": False,
        "suggest": US_NEWS,
    }


def test_a_half_weight_term_and_three_decimals() -> None:
    found = _check("Texas Senate passes bill")
    assert found is not None
    assert found.confidence == 0.574  # (0.45 + 0.15 * 1.5) * 0.85 = 0.57375
    assert found.evidence["us_score"] == 1.5


def test_without_a_us_news_community_the_message_says_where() -> None:
    found = _check("Texas governor signs bill", community=Community(key="w", name="W"))
    assert found is not None
    assert found.message.endswith("suggest posting it to the US News community")
    assert found.evidence["suggest"] == ""


TITLE = "Lawmakers pass bill banning cellphones in schools"  # nothing US in it
LEGISLATURE = "The Texas Legislature passed the measure on Friday."


def test_lead_paragraphs_is_read_from_the_config() -> None:
    found = _check(TITLE, [LEGISLATURE], lead_paragraphs=1)
    assert found is not None
    assert found.confidence == 0.6  # 0.45 + 0.15 * (2 terms * 0.5 lead weight)
    assert found.evidence["us_terms"] == ["Texas", "Legislature"]
    assert _check(TITLE, ["Intro.", LEGISLATURE], lead_paragraphs=1) is None
    assert _check(TITLE, ["Intro.", LEGISLATURE]) is not None  # the default: three


def test_an_unreadable_pages_lead_is_not_read() -> None:
    assert _check(TITLE, [LEGISLATURE], status="unreachable") is None


MARS = "Houston lab finds water on Mars"  # one science word, at the end


@pytest.mark.parametrize(
    ("first", "flagged"),
    [
        ("Scientists at Rice University said the rover found it.", False),  # two words: science
        ("Officials at Rice University said the rover found it.", True),
    ],
)
def test_science_words_of_the_title_and_the_leads_first_paragraph(
    first: str, flagged: bool
) -> None:
    assert (_check(MARS, [first]) is not None) is flagged


def test_an_unreadable_pages_lead_makes_no_science_story() -> None:
    found = _check(MARS, ["Scientists at Rice University said it."], status="unreachable")
    assert found is not None
    assert found.confidence == 0.51  # (0.45 + 0.15) * 0.85
    assert found.evidence["us_terms"] == ["Houston"]


def test_us_score_is_rounded_to_three_places() -> None:
    # two lead terms at a lead weight of 0.33335: 0.6667 before rounding
    found = _check(TITLE, [LEGISLATURE], lead_weight=0.33335, min_us_score=0.5)
    assert found is not None
    assert found.evidence["us_score"] == 0.667


def test_science_words_of_the_second_paragraph_do_not_count() -> None:
    # "Mars" in the title and "scientists" in the second paragraph: one science word read
    lead = ["Officials at Rice University said the rover found it.", "Scientists were pleased."]
    assert _check(MARS, lead) is not None


def test_one_science_word_in_any_spelling_is_one_word() -> None:
    # "Study", "STUDY" and the long-s "ſtudy" (which the regex matches case-insensitively) are
    # one science word: with "Mars" beside it, two, which makes a Houston story science
    assert rule._science("Houston study: STUDY, ſtudy", []) == {"study"}
    assert _check("Houston lab study: ſtudy of a STUDY") is not None  # one science word
    assert _check("Houston lab study finds water on Mars") is None  # two: science
