"""editorialized-title at edges a wrong product would pass, through the public rule API.

- The title is judged against the CLOSEST headline the page offers: a fair title matching the
  og:title is not flagged because the page's h1 is an unrelated headline.
- Truncating a headline to its main clause is free when the title keeps MIN_KEPT (3) of the
  headline's content words, and not when it keeps fewer.
"""

from __future__ import annotations

import pytest

from bot.guidelines import Community, RuleConfig
from bot.models import Article, Finding, HeadlineCandidate, Post
from bot.rules import editorialized_title as rule
from bot.rules.base import RuleContext
from bot.rules.title_diff import MIN_KEPT

URL = "https://www.example-news.com/local/budget"
HEADLINE = "Council approves budget plan for schools, roads and libraries next year"
UNRELATED = "Weather warning as storms sweep across the north"


def check(
    title: str, candidates: list[tuple[str, str]], language: str = "en", **params: object
) -> Finding | None:
    article = Article(
        status="snapshot",
        url=URL,
        final_url=URL,
        headline=candidates[0][1],
        candidates=[HeadlineCandidate(source, text) for source, text in candidates],
        site_name="Example News",
        language=language,
    )
    return rule.check(
        RuleContext(
            post=Post(id="p1", title=title, url=URL),
            article=article,
            rule=RuleConfig(id=rule.RULE_ID, params=params),
            community=Community(key="worldnews", name="World News"),
        )
    )


FAIR_TITLES = [
    "Council approves budget plan for schools, roads and libraries",  # trailing words dropped
    "Council approves budget plan for schools and roads next year",  # a list item dropped
]


@pytest.mark.parametrize("title", FAIR_TITLES)
@pytest.mark.parametrize("order", ["og-first", "h1-first"])
def test_a_fair_title_is_compared_with_the_closest_headline(title: str, order: str) -> None:
    candidates = [("og:title", HEADLINE), ("h1", UNRELATED)]
    if order == "h1-first":
        candidates.reverse()
    assert check(title, candidates) is None
    # The same title against the unrelated headline alone is a rewrite (so the pick matters).
    alone = check(title, [("h1", UNRELATED)])
    assert alone is not None
    assert alone.evidence["original"] == UNRELATED


def test_the_finding_names_the_closest_headline_when_there_is_one() -> None:
    title = "Council approves shameful budget plan for schools, roads and libraries next year"
    finding = check(title, [("h1", UNRELATED), ("og:title", HEADLINE)])
    assert finding is not None
    assert finding.evidence["original"] == HEADLINE
    assert finding.evidence["source"] == "og:title"
    assert finding.evidence["loaded_added"] == ["shameful"]


def test_truncation_keeping_min_kept_content_words_is_free() -> None:
    assert MIN_KEPT == 3
    # "Council approves budget": 3 of the headline's content words kept, the rest cut at the end.
    # Free, so not flagged even at a tiny max_change.
    assert check("Council approves budget", [("og:title", HEADLINE)], max_change=0.01) is None


def test_truncation_keeping_fewer_content_words_is_not_free() -> None:
    finding = check("Council approves", [("og:title", HEADLINE)], max_change=0.01)
    assert finding is not None
    assert finding.evidence["change"] > 0
    assert finding.evidence["removed"][:3] == ["budget", "plan", "for"]


GERMAN = "Kim Jong Un will Trump zurück, sagt Überläufer"


@pytest.mark.parametrize("confidence", [None, 0.7])
def test_a_translated_title_with_loaded_words_says_so(confidence: float | None) -> None:
    params = {} if confidence is None else {"translation_confidence": confidence}
    title = "Shameful Kim Jong Un begs for Trump back"
    finding = check(title, [("og:title", GERMAN)], language="de", **params)
    assert finding is not None
    assert (finding.rule, finding.confidence, finding.max_action) == (
        rule.RULE_ID,
        confidence or 0.6,
        None,
    )
    assert finding.message == (
        f'Title over a de article ("{GERMAN}") adds loaded words: Shameful, begs'
    )
    assert finding.evidence == {
        "translation": True,
        "original": GERMAN,
        "source": "og:title",
        "language": "de",
        "loaded_added": ["Shameful", "begs"],
    }


def test_a_faithful_translation_is_noted_with_its_original() -> None:
    finding = check("Kim Jong Un wants Trump back, says defector", [("og:title", GERMAN)], "de")
    assert finding is not None
    assert (finding.rule, finding.confidence, finding.max_action) == (rule.RULE_ID, 0.6, "note")
    assert finding.message == (
        f'Title renders the de headline "{GERMAN}" (translation; noted only)'
    )
    assert finding.evidence["loaded_added"] == []


def test_confidence_of_a_rewrite_stays_at_most_095() -> None:
    title = (
        "Shameful disgraceful council slams outrageous budget plan for schools, roads and libraries"
    )
    finding = check(title, [("og:title", HEADLINE)])
    assert finding is not None
    assert 0.6 < finding.confidence <= 0.95
    assert finding.confidence == round(finding.confidence, 3)
