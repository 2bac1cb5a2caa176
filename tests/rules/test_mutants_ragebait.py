"""ragebait: exact scores, confidences, evidence and messages for fixed titles and articles
(what a moderator sees), pinned so that a changed weight, threshold or rounding shows."""

from __future__ import annotations

import re

import pytest

from bot.guidelines import Community, RuleConfig
from bot.models import Article, HeadlineCandidate, Post
from bot.rules import ragebait as rule
from bot.rules.base import RuleContext
from bot.rules.data.ragebait_patterns import Pattern, _p

URL = "https://example.com/a"


def _ctx(title: str, article: Article | None = None, **params: object) -> RuleContext:
    return RuleContext(
        post=Post(id="p1", title=title, url=URL),
        article=article or Article.unreachable(URL, "not fetched"),
        rule=RuleConfig(id=rule.RULE_ID, action="flag", params=params),
        community=Community(key="worldnews", name="World News"),
    )


def test_a_shouted_loaded_word_scores_its_pattern_and_the_emphasis() -> None:
    finding = rule.check(_ctx("Macron SLAMS Trump's tariff plan"))
    assert finding is not None
    assert finding.confidence == 0.682  # 0.3 + 0.45 * 0.85 = 0.6825, rounded to 3 places
    assert finding.message == "Title reads as ragebait or shock bait: slams; all caps (SLAMS)."
    assert finding.evidence == {
        "score": 0.85,
        "patterns": ["slams"],
        "matched": ["slams"],
        "caps_ratio": 0.2,
        "caps_words": ["SLAMS"],
        "emoji": [],
        "outrage": [],
    }


def test_two_shouted_loaded_words_are_listed_in_the_message() -> None:
    finding = rule.check(_ctx("Macron SLAMS and BLASTS Trump's tariff plan over the summer"))
    assert finding is not None
    assert finding.message == (
        "Title reads as ragebait or shock bait: slams; all caps (SLAMS, BLASTS)."
    )
    assert finding.evidence["score"] == 0.85
    assert finding.evidence["caps_ratio"] == 0.25


def test_shouting_score_and_ratio_are_rounded_to_three_places() -> None:
    # 4 of 7 long words shouted: ratio 0.5714..., score 0.4 + 0.6 * ratio = 0.742857...
    finding = rule.check(_ctx("GOVERNMENT HIDES the FLOOD REPORT about river levels"))
    assert finding is not None
    assert finding.confidence == 0.634
    assert finding.evidence == {
        "score": 0.743,
        "patterns": [],
        "matched": [],
        "caps_ratio": 0.571,
        "caps_words": ["GOVERNMENT", "HIDES", "FLOOD", "REPORT"],
        "emoji": [],
        "outrage": [],
    }


def test_half_the_long_words_shouted_is_enough() -> None:
    # ratio exactly 0.5 (the default caps_ratio): 0.4 + 0.6 * 0.5
    result = rule.score_title("GOVERNMENT HIDES flood report")
    assert result.score == pytest.approx(0.7)
    assert result.caps_ratio == 0.5
    assert result.caps_words == ["GOVERNMENT", "HIDES"]


def test_min_caps_words_param() -> None:
    # One shouted word of two long words (ratio 0.5), not a loaded word.
    assert rule.check(_ctx("Mayor HIDES it")) is None
    finding = rule.check(_ctx("Mayor HIDES it", min_caps_words=1))
    assert finding is not None
    assert finding.evidence["score"] == 0.7
    assert finding.evidence["caps_words"] == ["HIDES"]


def test_a_title_with_no_long_word_has_no_caps_ratio() -> None:
    finding = rule.check(_ctx("WTF is up"))
    assert finding is not None
    assert finding.confidence == 0.66
    assert finding.evidence["caps_ratio"] == 0.0
    assert finding.evidence["score"] == 0.8


def test_an_apostrophe_does_not_count_as_a_letter() -> None:
    # "IT'S" has three letters: not a long word, so HUGE is one shouted word of two.
    result = rule.score_title("IT'S HUGE for the mayor")
    assert result.caps_ratio == 0.5
    assert result.caps_words == []
    assert result.score == 0.0


def test_emoji_count_half_each_up_to_one() -> None:
    assert rule.score_title("Mayor hides report 😂").score == 0.5
    assert rule.check(_ctx("Mayor hides report 😂")) is None
    three = rule.check(_ctx("Putin 😂😂😂 at the summit"))
    assert three is not None
    assert three.evidence["score"] == 1.0
    assert three.confidence == 0.75


def test_emoji_are_listed_in_the_message() -> None:
    finding = rule.check(_ctx("Putin loses it on live TV 😂🔥"))
    assert finding is not None
    assert finding.message == "Title reads as ragebait or shock bait: emoji 😂🔥."


def test_signals_are_joined_in_the_message() -> None:
    finding = rule.check(_ctx("Shocking footage from North Korea will leave you speechless"))
    assert finding is not None
    assert finding.message == (
        "Title reads as ragebait or shock bait: will leave you ...; shocking."
    )


TITLE = "Pathetic clown mayor hides the flood report"
HEADLINE = "Mayor withholds flood report"


def _outrage(article: Article) -> list[str]:
    finding = rule.check(_ctx(TITLE, article))
    assert finding is not None
    signals: list[str] = finding.evidence["outrage"]
    return signals


def test_a_negative_word_the_article_does_not_use_was_added() -> None:
    article = Article(status="fetched", url=URL, headline=HEADLINE)
    assert _outrage(article) == [
        "insult: pathetic",
        "insult: clown",
        "negative words added: pathetic",
        "angrier than the headline (-0.66 vs 0.00)",
    ]


@pytest.mark.parametrize(
    ("lead", "candidates"),
    [
        (["Critics called the delay pathetic", "The report is due in May"], []),
        (["The report is due in May"], ["Pathetic delay on flood report"]),
        (["One", "Two", "Critics called it pathetic", "Four"], []),
    ],
)
def test_a_word_of_the_lead_or_other_headlines_was_not_added(
    lead: list[str], candidates: list[str]
) -> None:
    article = Article(
        status="fetched",
        url=URL,
        headline=HEADLINE,
        lead=lead,
        candidates=[HeadlineCandidate(source="og:title", text=c) for c in candidates],
    )
    assert _outrage(article) == [
        "insult: pathetic",
        "insult: clown",
        "angrier than the headline (-0.66 vs 0.00)",
    ]


def test_only_the_first_three_lead_paragraphs_are_read() -> None:
    lead = ["One", "Two", "Three", "Critics called it pathetic"]
    article = Article(status="fetched", url=URL, headline=HEADLINE, lead=lead)
    assert "negative words added: pathetic" in _outrage(article)


def test_an_unreadable_articles_headline_is_not_compared() -> None:
    article = Article(status="unreachable", url=URL, error="timeout", headline=HEADLINE)
    assert _outrage(article) == ["insult: pathetic", "insult: clown"]


def test_pattern_helper_compiles_the_regex() -> None:
    pattern = _p("shocking", r"\bshock(?:ing|ingly)\b", 0.7)
    assert pattern == Pattern("shocking", re.compile(r"\bshock(?:ing|ingly)\b"), 0.7)
    assert pattern.regex.search("a shocking video")
