"""paywall-no-archive: paywalled (markup or list) and no archive link in the body."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.rules import paywall_no_archive as rule

NYT = "https://www.nytimes.com/2024/05/01/world/asia/north-korea.html"
OPEN = "https://www.bbc.com/news/world-asia-1"
HAARETZ = "https://www.haaretz.com/israel-news/2024-05-01/ty-article/x"
CNN = "https://edition.cnn.com/2024/05/01/asia/north-korea/index.html"


def paywalled(*signals: str) -> dict:
    return {"paywalled": True, "paywall_signals": list(signals)}


@pytest.mark.parametrize(
    ("url", "fields", "confidence", "signal"),
    [
        (NYT, {}, 0.85, "paywall list: nytimes.com"),  # list only (metered paywall, no markup)
        (NYT, {"status": "unreachable"}, 0.85, "paywall list: nytimes.com"),
        (OPEN, paywalled("json-ld:isAccessibleForFree=false"), 0.9, None),
        (OPEN, paywalled("json-ld:hasPart.isAccessibleForFree=false"), 0.9, None),
        (OPEN, paywalled("meta:article:content_tier=locked"), 0.9, None),
        (OPEN, paywalled("markup:class=paywall"), 0.75, None),
        (OPEN, paywalled("script:piano"), 0.45, None),  # vendor script alone: weak
        (OPEN, paywalled("script:piano", "markup:class=paywall"), 0.863, None),
        (OPEN, {"paywalled": True}, 0.75, "paywall markup"),
        (NYT, paywalled("json-ld:isAccessibleForFree=false"), 0.97, None),  # capped
        ("https://amp.ft.com/content/x", {}, 0.85, "paywall list: ft.com"),
        (HAARETZ, {}, 0.85, "paywall list: haaretz.com"),
        (CNN, {}, 0.45, "paywall list: cnn.com"),  # Bypass Paywalls Clean only: weak
        (CNN, paywalled("script:piano"), 0.698, None),  # two weak signals corroborate
    ],
)
def test_paywall_signals(run_rule, url, fields, confidence, signal):
    finding = run_rule(rule, url, **fields)
    assert finding is not None
    assert finding.confidence == confidence
    signals = finding.evidence["signals"]
    assert signal in signals if signal else signals[0] == fields["paywall_signals"][0]
    assert finding.evidence["suggested_archive_links"] == [
        f"https://archive.ph/newest/{url}",
        f"https://web.archive.org/web/{url}",
    ]
    assert finding.evidence["suggest_in_comment"] is False


@pytest.mark.parametrize(
    "url",
    [
        OPEN,
        "https://apnews.com/article/x",
        "https://notnytimes.com/x",
        "https://nytimes.com.example.org/x",
    ],
)
def test_not_paywalled(run_rule, url):
    assert run_rule(rule, url) is None
    assert run_rule(rule, url, status="unreachable") is None


@pytest.mark.parametrize(
    "body",
    [
        "Archive: https://archive.ph/AbCd1",
        "archive.ph/AbCd1",
        "https://archive.today/2024.05.01-000000/" + NYT,
        "[archived](https://archive.is/xyz)",
        "https://archive.li/xyz and https://archive.md/xyz",
        "https://web.archive.org/web/20240501000000/" + NYT,
        "https://12ft.io/" + NYT,
        "<https://ghostarchive.org/archive/abc>",
        "Paywall-free: https://smry.ai/" + NYT,
        "https://removepaywall.com/search?url=" + NYT,
    ],
)
def test_archive_link_in_body_satisfies_the_rule(run_rule, body):
    assert run_rule(rule, NYT, body=body) is None


@pytest.mark.parametrize(
    "body",
    [
        "",
        "Some context about the story.",
        "Another source: https://www.bbc.com/news/x",
        "https://notarchive.ph/xyz",
        "https://archive.ph.example.net/xyz",
        NYT,
    ],
)
def test_other_links_do_not_count(run_rule, body):
    assert run_rule(rule, NYT, body=body) is not None


def test_post_linking_an_archive_copy_is_fine(run_rule):
    assert run_rule(rule, "https://archive.ph/AbCd1", paywalled=True) is None


def test_markup_can_be_ignored_by_config(run_rule, community):
    config = community.rules[rule.RULE_ID]
    no_markup = replace(config, params={**config.params, "trust_markup": False})
    edited = replace(community, rules={**community.rules, rule.RULE_ID: no_markup})
    assert run_rule(rule, OPEN, paywalled=True, community=edited) is None
    assert run_rule(rule, NYT, paywalled=True, community=edited) is not None


def test_archive_comment_is_opt_in_per_community(run_rule, community):
    edited = replace(community, suggest_archive_links=True)
    finding = run_rule(rule, NYT, community=edited)
    assert finding is not None
    assert finding.evidence["suggest_in_comment"] is True


def test_suggested_links_use_the_final_url(run_rule):
    finding = run_rule(rule, "https://nyti.ms/abc", final_url=NYT)
    assert finding is not None
    assert finding.evidence["suggested_archive_links"][0] == f"https://archive.ph/newest/{NYT}"


def test_list_file_confidence_is_configurable(run_rule, community):
    config = community.rules[rule.RULE_ID]
    trusting = replace(
        config, params={**config.params, "list_file_confidence": {"paywall-bpc.txt": 0.7}}
    )
    edited = replace(community, rules={**community.rules, rule.RULE_ID: trusting})
    finding = run_rule(rule, CNN, community=edited)
    assert finding is not None
    assert finding.confidence == 0.7
    assert finding.evidence["list_source"].startswith("paywall-bpc.txt: ")


INTERCEPT = "https://theintercept.com/2024/01/10/gaza-birth/"  # on Bypass Paywalls Clean only
DECLARED = paywalled(
    "json-ld:isAccessibleForFree=false", "json-ld:hasPart.isAccessibleForFree=false"
)


def test_a_declaration_contradicted_by_the_full_text_is_ignored(run_rule):
    # A free site whose template says isAccessibleForFree=false, and serves the whole piece.
    assert run_rule(rule, OPEN, text_length=12_000, **DECLARED) is None
    # On Bypass Paywalls Clean only: the list speaks alone, under the default min_confidence.
    finding = run_rule(rule, INTERCEPT, text_length=12_000, **DECLARED)
    assert finding is not None
    assert finding.confidence == 0.45
    assert "full text" in finding.evidence["declaration_ignored"]


def test_a_declaration_stands_with_a_short_text_markup_or_a_hand_picked_list(run_rule):
    assert run_rule(rule, OPEN, text_length=400, **DECLARED) is not None  # the text is cut
    marked = paywalled("json-ld:isAccessibleForFree=false", "markup:class=paywall")
    assert run_rule(rule, OPEN, text_length=12_000, **marked) is not None
    finding = run_rule(rule, NYT, text_length=12_000, **DECLARED)  # nytimes.com: paywall.txt
    assert finding is not None
    assert finding.confidence == 0.97
