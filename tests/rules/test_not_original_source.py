"""not-original-source: syndication, aggregators, AMP, shorteners and credit in the lead."""

from __future__ import annotations

import pytest

from bot.rules import not_original_source as rule

BBC = "https://www.bbc.com/news/world-asia-1"
MSN = "https://www.msn.com/en-us/news/world/north-korea/ar-AA1abcd"
ORIGINAL = "https://www.independent.co.uk/news/world/asia/north-korea-b2.html"


def test_original_article_is_fine(run_rule):
    assert run_rule(rule, BBC, canonical_url=BBC, site_name="BBC News") is None


@pytest.mark.parametrize(
    ("url", "canonical", "confidence"),
    [
        (MSN, ORIGINAL, 0.9),  # MSN republishing The Independent, canonical names it
        ("https://www.yahoo.com/news/x-123.html", "https://apnews.com/article/x", 0.9),
        ("https://uk.news.yahoo.com/x.html", "https://www.reuters.com/world/x", 0.9),
        ("https://localpaper.example/world/x", "https://apnews.com/article/x", 0.8),
    ],
)
def test_canonical_on_another_site(run_rule, url, canonical, confidence):
    finding = run_rule(rule, url, canonical_url=canonical)
    assert finding is not None
    assert finding.confidence == confidence
    assert "syndication" in finding.evidence["reasons"]
    assert finding.evidence["canonical_url"] == canonical
    assert finding.evidence["original"] == canonical
    assert canonical in finding.message


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.bbc.co.uk/news/world-1", "https://www.bbc.com/news/world-1"),  # one brand
        ("https://edition.cnn.com/2024/x", "https://www.cnn.com/2024/x"),
        ("https://amp.theguardian.com/world/x", "https://www.theguardian.com/world/x"),
        ("https://blog.stössensee.de/x", "https://blog.xn--stssensee-17a.de/x"),  # IDN spellings
        (BBC, "/news/world-asia-1"),  # relative: not a statement about another site
        (BBC, ""),
    ],
)
def test_canonical_on_the_same_publisher_is_fine(run_rule, url, canonical):
    finding = run_rule(rule, url, canonical_url=canonical or None)
    assert finding is None or "syndication" not in finding.evidence["reasons"]


def test_syndication_domain_without_canonical(run_rule):
    finding = run_rule(rule, MSN)
    assert finding is not None
    assert finding.confidence == 0.6
    assert finding.evidence["syndication_domain"] == "msn.com"
    assert finding.evidence["original"] is None


def test_canonical_check_can_be_turned_off(run_rule, community):
    from dataclasses import replace

    config = community.rules[rule.RULE_ID]
    off = replace(config, params={**config.params, "check_canonical": False})
    edited = replace(community, rules={**community.rules, rule.RULE_ID: off})
    finding = run_rule(
        rule, "https://localpaper.example/x", canonical_url=ORIGINAL, community=edited
    )
    assert finding is None


@pytest.mark.parametrize(
    ("url", "final_url"),
    [
        ("https://news.google.com/articles/CBMiabc", ORIGINAL),
        ("https://flipboard.com/@news/x", ORIGINAL),
        ("https://ground.news/article/x", None),
        ("https://www.newsbreak.com/news/123", None),
    ],
)
def test_aggregators(run_rule, url, final_url):
    fields = {"final_url": final_url} if final_url else {}
    finding = run_rule(rule, url, **fields)
    assert finding is not None
    assert "aggregator" in finding.evidence["reasons"]
    assert finding.confidence == 0.8
    assert finding.evidence["original"] == final_url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.independent.co.uk/news/world/x/amp",
        "https://www.independent.co.uk/news/world/amp/x.html",
        "https://amp.theguardian.com/world/x",
        "https://www.cnn.com/2024/x/index.html?amp",
        "https://www.cnn.com/2024/x?outputType=amp",
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x",
        "https://www.google.com/amp/s/www.example.com/x",
        "https://www.example.com/x.amp.html",
    ],
)
def test_amp_links(run_rule, url):
    finding = run_rule(rule, url, final_url=url, canonical_url=ORIGINAL)
    assert finding is not None
    assert "amp" in finding.evidence["reasons"]
    assert finding.evidence["amp_url"] == url


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.com/news/ampere-record",
        "https://amp.dev/about/",  # the registered domain itself, not an amp. subdomain
        "https://www.example.com/camp/x",
        "https://www.example.com/x?lamp=1",
    ],
)
def test_not_amp(run_rule, url):
    assert run_rule(rule, url, canonical_url=url) is None


def test_amp_original_is_the_canonical(run_rule):
    amp = "https://amp.theguardian.com/world/x"
    canonical = "https://www.theguardian.com/world/x"
    finding = run_rule(rule, amp, canonical_url=canonical)
    assert finding is not None
    assert finding.evidence["original"] == canonical


@pytest.mark.parametrize("url", ["https://bit.ly/3xyz", "https://t.co/abc", "https://trib.al/x"])
def test_shorteners(run_rule, url):
    finding = run_rule(rule, url, final_url=ORIGINAL, canonical_url=ORIGINAL)
    assert finding is not None
    assert finding.evidence["reasons"] == ["shortener"]
    assert finding.evidence["original"] == ORIGINAL
    assert finding.confidence == 0.7


def test_shortener_when_unreachable(run_rule):
    finding = run_rule(rule, "https://bit.ly/3xyz", status="unreachable")
    assert finding is not None
    assert finding.evidence["original"] is None


LEADS = [
    ("The talks were first reported by the Financial Times on Monday.", "the Financial Times"),
    ("As first reported by Axios, the summit is off.", "Axios"),
    (
        "The plan, first reported in The Wall Street Journal, was dropped.",
        "The Wall Street Journal",
    ),
    ("According to a report by Bloomberg, talks stalled.", "Bloomberg"),
    ("According to a new report in the Washington Post, aid was cut.", "the Washington Post"),
    ("Mr Ri told the BBC that Pyongyang misses Trump.", "the BBC"),
    ("The minister told CNN's Jake Tapper the plan was final.", "CNN"),
    ("The Wall Street Journal reported on Tuesday that talks resumed.", "The Wall Street Journal"),
    ("Nikkei reported that Toyota will cut output.", "Nikkei"),
    ("SEOUL (Reuters) - The Korea Herald reported that talks resumed.", "The Korea Herald"),
    # The keyword pre-test folds case as the regex does, ASCII look-alikes included.
    ("The plan, AS FIRST REPORTED BY Politico, was dropped.", "Politico"),
    ("The plan, as f\u0130rst reported by Politico, was dropped.", "Politico"),
    ("The minister \u212aept quiet but TOLD Politico the plan was final.", "Politico"),
    ("Aid was cut, ACCORDING TO A REPORT BY Bloomberg.", "Bloomberg"),
    ("The ministry said in an interview with the BBC that aid was cut.", "the BBC"),
]


@pytest.mark.parametrize(("lead", "outlet"), LEADS)
def test_attribution_in_the_lead(run_rule, lead, outlet):
    url = "https://smallsite.example/world/x"
    finding = run_rule(rule, url, lead=["Short intro.", lead], canonical_url=url)
    assert finding is not None
    assert finding.evidence["reasons"] == ["attribution"]
    assert finding.evidence["outlet"] == outlet
    assert finding.evidence["original"] == outlet
    assert outlet in finding.message


NOT_ATTRIBUTION = [
    "SEOUL (Reuters) - North Korea fired a missile on Tuesday, officials said.",
    "LONDON, May 1 (Reuters) - Britain's economy grew in the first quarter.",
    "WASHINGTON (AP) — The Senate passed the bill.",
    "The defector told reporters that the regime was unstable.",
    "The president told Parliament the plan would go ahead.",
    "Police reported three arrests overnight.",
    "The minister told Kim that talks were over.",
    "Officials first reported the outbreak in March.",
    # A wire agency credited for one quote: agencies sell quotes, the story is the outlet's.
    "A senior official told Reuters on Tuesday the deal was near.",
    '"This will be part of my life," Agerblad told AFP while reclining in the chair.',
    "The source, who had spoken to people inside, told the Associated Press they were safe.",
]


@pytest.mark.parametrize("lead", NOT_ATTRIBUTION)
def test_not_attribution(run_rule, lead):
    url = "https://smallsite.example/world/x"
    assert run_rule(rule, url, lead=[lead], canonical_url=url) is None


def test_keywords_split_over_paragraphs_are_no_attribution(run_rule):
    # The lead as a whole holds "first" and "reported": each paragraph is still read alone.
    url = "https://smallsite.example/world/x"
    lead = ["It was the first time, Politico said.", "It was reported by Politico in March."]
    assert run_rule(rule, url, lead=lead, canonical_url=url) is None
    lead = ["It was the first time.", "It was first reported by Politico in March."]
    finding = run_rule(rule, url, lead=lead, canonical_url=url)
    assert finding is not None
    assert finding.evidence["outlet"] == "Politico"


@pytest.mark.parametrize(
    ("url", "site_name", "lead"),
    [
        (BBC, "BBC News", "Mr Ri told the BBC that Pyongyang misses Trump."),
        ("https://www.reuters.com/world/x", "Reuters", "A source told Reuters the deal was near."),
        ("https://apnews.com/article/x", "AP News", "An official told AP the deal was near."),
        (
            "https://www.wsj.com/world/x",
            "WSJ",
            "The Wall Street Journal reported that talks resumed.",
        ),
    ],
)
def test_an_outlet_crediting_itself_is_fine(run_rule, url, site_name, lead):
    finding = run_rule(rule, url, lead=[lead], site_name=site_name, canonical_url=url)
    assert finding is None


def test_lead_check_needs_a_readable_article(run_rule):
    url = "https://smallsite.example/world/x"
    assert run_rule(rule, url, status="unreachable") is None
    assert not rule.NEEDS_ARTICLE


def test_several_reasons_are_all_listed(run_rule):
    finding = run_rule(
        rule,
        "https://www.msn.com/en-us/news/world/x/ar-AA1?amp",
        canonical_url=ORIGINAL,
        lead=["The story was first reported by The Independent."],
    )
    assert finding is not None
    assert finding.evidence["reasons"] == ["syndication", "amp", "attribution"]
    assert finding.confidence == 0.9
    assert finding.evidence["original"] == ORIGINAL


def _phrase_texts() -> list[str]:
    texts = [lead for lead, _ in LEADS] + NOT_ATTRIBUTION
    spaced = [t.replace(" ", "\u00a0 ").replace("e", "E") for t in texts]
    odd = [t.replace("s", "\u017f").replace("i", "\u0130").replace("T", "t") for t in texts]
    return texts + spaced + odd + [t.upper() for t in texts] + [t.lower() for t in texts]


def test_phrase_pre_test_never_rejects_a_match():
    matched = 0
    for pattern, _, _, _, phrase in rule._PATTERNS:
        for text in _phrase_texts():
            if pattern.search(text):
                matched += 1
                assert phrase is None or phrase.search(rule._fold(text)), (pattern.pattern, text)
    assert matched > 40
