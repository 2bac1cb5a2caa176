"""paywall-no-archive: the exact finding, each signal family's strength, the defaults of its
params and the full-text limit (issue 19: behaviours the older tests left open)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.guidelines import Community
from bot.models import Finding
from bot.rules import paywall_no_archive as rule
from tests.rules.pages import check_page

NYT = "https://www.nytimes.com/2024/05/01/world/asia/north-korea.html"
OPEN = "https://www.bbc.com/news/world-asia-1"
CNN = "https://edition.cnn.com/2024/05/01/asia/x/index.html"
INTERCEPT = "https://theintercept.com/2024/01/10/gaza-birth/"
DECLARED = "json-ld:isAccessibleForFree=false"


def _check(community: Community, url: str, **kwargs: Any) -> Finding | None:
    return check_page(rule, community, url, **kwargs)


def test_a_listed_paywall_finding_in_full(community: Community) -> None:
    found = _check(community, NYT)
    assert found is not None
    assert found.confidence == 0.85
    assert found.message == (
        "Paywalled (paywall list: nytimes.com) and the body has no archive link; "
        f"suggest https://archive.ph/newest/{NYT}."
    )
    assert found.evidence == {
        "domain": "nytimes.com",
        "list": "paywall",
        "list_source": "paywall.txt: written by the newsmod authors, CC0 1.0 "
        "(public domain dedication)",
        "signals": ["paywall list: nytimes.com"],
        "suggested_archive_links": [
            f"https://archive.ph/newest/{NYT}",
            f"https://web.archive.org/web/{NYT}",
        ],
        "suggest_in_comment": False,
    }


@pytest.mark.parametrize(
    ("signal", "confidence"),
    [
        ("json-ld:isAccessibleForFree=false", 0.9),
        ("json-ld:hasPart.isAccessibleForFree=false", 0.9),
        ("meta:article:content_tier=metered", 0.9),
        ("meta:access=subscription", 0.9),
        ("meta:isAccessibleForFree=false", 0.9),
        ("meta:cxense-paywall", 0.9),
        ("script:piano", 0.45),
        ("markup:class=paywall", 0.75),
        ("markup:id=premium-content", 0.75),
    ],
)
def test_each_signal_family_has_its_strength(
    community: Community, signal: str, confidence: float
) -> None:
    found = _check(community, OPEN, paywalled=True, paywall_signals=[signal])
    assert found is not None
    assert found.confidence == confidence
    assert found.message == (
        f"Paywalled ({signal}) and the body has no archive link; "
        f"suggest https://archive.ph/newest/{OPEN}."
    )


def test_the_strongest_signal_is_named(community: Community) -> None:
    signals = ["script:piano", "markup:class=paywall"]
    found = _check(community, OPEN, paywalled=True, paywall_signals=signals)
    assert found is not None
    assert found.message.startswith("Paywalled (markup:class=paywall) and")


def test_markup_is_trusted_by_default(community: Community) -> None:
    signals = ["markup:class=paywall"]
    found = _check(community, OPEN, params={}, paywalled=True, paywall_signals=signals)
    assert found is not None
    assert found.confidence == 0.75


def test_bypass_paywalls_clean_is_weak_by_default(community: Community) -> None:
    found = _check(community, CNN, params={})
    assert found is not None
    assert found.confidence == 0.45


def test_archive_links_default_and_configured(community: Community) -> None:
    found = _check(community, NYT, params={})
    assert found is not None
    assert found.evidence["suggested_archive_links"] == [
        f"https://archive.ph/newest/{NYT}",
        f"https://web.archive.org/web/{NYT}",
    ]
    found = _check(community, NYT, params={"archive_links": ["https://12ft.io/{url}"]})
    assert found is not None
    assert found.evidence["suggested_archive_links"] == [f"https://12ft.io/{NYT}"]
    assert found.message.endswith(f"; suggest https://12ft.io/{NYT}.")


def test_no_archive_links_configured_no_suggestion(community: Community) -> None:
    found = _check(community, NYT, params={"archive_links": []})
    assert found is not None
    assert (
        found.message == "Paywalled (paywall list: nytimes.com) and the body has no archive link."
    )
    assert found.evidence["suggested_archive_links"] == []


@pytest.mark.parametrize(("length", "ignored"), [(3999, False), (4000, True)])
def test_a_declaration_is_ignored_from_4000_characters(
    community: Community, length: int, ignored: bool
) -> None:
    found = _check(community, OPEN, paywalled=True, paywall_signals=[DECLARED], text_length=length)
    assert (found is None) is ignored


def test_an_ignored_declaration_says_so(community: Community) -> None:
    found = _check(
        community, INTERCEPT, paywalled=True, paywall_signals=[DECLARED], text_length=4000
    )
    assert found is not None
    assert found.evidence["declaration_ignored"] == (
        "isAccessibleForFree=false, but the full text is served"
    )
    assert found.evidence["signals"] == ["paywall list: theintercept.com"]
