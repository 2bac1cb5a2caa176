"""blogspam: the exact findings, the defaults of its params and the domain it names (issue 19:
behaviours the older tests left open)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.guidelines import Community
from bot.models import Finding
from bot.rules import blogspam as rule
from tests.rules.pages import check_page

BLOG = "https://korea-summit-insights.example/has-any-president-met-with-north-korea/"
LISTED = "https://lovethispic.com/x"
OPENSOURCES = (
    "blogspam-opensources.txt: OpenSourcesGuide/opensources sources.csv (2017) "
    "@ 77dad6d7456b (2017-04-28)"
)
THREE_WEAK = ["question-title", "no-sources", "wordpress"]  # 1 - .75 * .85 * .9 = 0.42625


def _check(community: Community, url: str | None, **kwargs: Any) -> Finding | None:
    return check_page(rule, community, url, **kwargs)


def test_three_weak_signs_in_full(community: Community) -> None:
    found = _check(community, BLOG, blog_signals=THREE_WEAK)
    assert found is not None
    assert found.confidence == 0.426
    assert found.message == "Reads like blogspam: question-title, no-sources, wordpress."
    assert found.evidence == {"signals": THREE_WEAK, "domain": "korea-summit-insights.example"}


def test_three_signs_are_enough_by_default(community: Community) -> None:
    found = _check(community, BLOG, params={}, blog_signals=THREE_WEAK)
    assert found is not None
    assert found.confidence == 0.426


@pytest.mark.parametrize(
    ("post_url", "final_url", "domain"),
    [
        (BLOG, None, "korea-summit-insights.example"),  # no final URL: the post's link
        ("https://bit.ly/x", BLOG, "korea-summit-insights.example"),  # the page's, not the link's
        (None, None, ""),  # neither
    ],
)
def test_the_domain_named_is_the_pages(
    community: Community, post_url: str | None, final_url: str | None, domain: str
) -> None:
    found = _check(
        community, final_url, post_url=post_url, final_url=final_url, blog_signals=THREE_WEAK
    )
    assert found is not None
    assert found.evidence["domain"] == domain


def test_min_content_weight_is_read_from_the_config(community: Community) -> None:
    signals = ["intro-conclusion", "no-date"]  # content weight 0.45, under the default 0.5
    assert _check(community, BLOG, blog_signals=signals) is None
    found = _check(community, BLOG, params={"min_content_weight": 0.4}, blog_signals=signals)
    assert found is not None
    assert found.confidence == 0.56  # 1 - .55 * .8, above STRONG_CONFIDENCE


def test_signal_weights_are_read_from_the_config(community: Community) -> None:
    signals = ["listicle", "no-date"]
    assert _check(community, BLOG, blog_signals=signals) is None
    found = _check(
        community, BLOG, params={"signal_weights": {"listicle": 0.6}}, blog_signals=signals
    )
    assert found is not None
    assert found.confidence == 0.68  # 1 - .4 * .8


def test_a_list_match_in_full(community: Community) -> None:
    found = _check(community, LISTED)
    assert found is not None
    assert found.confidence == 0.9
    assert found.message == "Links to lovethispic.com, a known content farm / blogspam site."
    assert found.evidence == {
        "domain": "lovethispic.com",
        "url": LISTED,
        "list": "blogspam",
        "list_source": OPENSOURCES,
    }


def test_list_confidence_default_and_configured(community: Community) -> None:
    found = _check(community, LISTED, params={})
    assert found is not None
    assert found.confidence == 0.9
    found = _check(community, LISTED, params={"list_confidence": 0.7})
    assert found is not None
    assert found.confidence == 0.7


def test_signs_surer_than_the_list_set_the_confidence(community: Community) -> None:
    signals = ["intro-conclusion", "ai-filler", "blogger", "sponsored"]  # capped at 0.85
    found = _check(community, LISTED, params={"list_confidence": 0.5}, blog_signals=signals)
    assert found is not None
    assert found.confidence == 0.85
    assert found.evidence["signals"] == signals
