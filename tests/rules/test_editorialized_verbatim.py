"""editorialized-title on a title that is a headline word for word: no lead read."""

from __future__ import annotations

import pytest

from bot.guidelines import Community, RuleConfig
from bot.models import Article, HeadlineCandidate, Post
from bot.rules import editorialized_title as rule
from bot.rules.base import RuleContext

HEADLINE = "Kim Jong Un wants Trump back, elite defector tells BBC"
URL = "https://www.bbc.com/news/world-asia-1"


class UnreadLead(list[str]):
    """A lead that fails the test when the rule reads it."""

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        raise AssertionError("the lead was read")


def _ctx(title: str, lead: list[str], **params: object) -> RuleContext:
    article = Article(
        status="snapshot",
        url=URL,
        final_url=URL,
        headline=HEADLINE,
        candidates=[
            HeadlineCandidate("og:title", HEADLINE),
            HeadlineCandidate("title", f"{HEADLINE} - BBC News"),
        ],
        site_name="BBC News",
        language="en",
        lead=lead,
    )
    return RuleContext(
        post=Post(id="p", title=title, url=URL),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID, params=params),
        community=Community(key="worldnews", name="World News"),
    )


@pytest.mark.parametrize(
    "title",
    [
        HEADLINE,
        HEADLINE.upper(),
        f"{HEADLINE} - BBC News",
        "Kim Jong Un wants Trump back, elite defector tells BBC!!!",
        "“Kim Jong Un wants Trump back”, elite defector tells BBC",
    ],
)
def test_verbatim_title_is_allowed_without_reading_the_lead(title: str) -> None:
    assert rule.check(_ctx(title, UnreadLead(["Kim Jong Un wants to meet Trump again."]))) is None


def test_a_changed_word_is_compared_with_the_article_text() -> None:
    ctx = _ctx("Kim Jong Un begs Trump back, elite defector tells BBC", UnreadLead(["x"]))
    with pytest.raises(AssertionError, match="lead was read"):
        rule.check(ctx)


def test_verbatim_title_with_max_change_zero_is_reported_as_before() -> None:
    # max_change = 0 flags every title, a verbatim one too (change 0 is not under 0).
    finding = rule.check(_ctx(HEADLINE, ["Kim Jong Un wants to meet Trump again."], max_change=0))
    assert finding is not None
    assert finding.evidence["change"] == 0.0
    assert finding.evidence["original"] == HEADLINE
    assert finding.evidence["source"] == "og:title"
