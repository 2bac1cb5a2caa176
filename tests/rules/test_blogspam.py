"""blogspam: a domain on the blogspam list, or enough content-farm signs on the page."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pytest

from bot.extract import extract_article
from bot.rules import blogspam as rule

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
BLOG_URL = "https://korea-summit-insights.example/has-any-president-met-with-north-korea/"
BBC_URL = "https://www.bbc.com/news/articles/c4gxk7vj3kwo"

# The signs extraction finds in seed 004 (the "Has Any President Met With North Korea" piece):
# an SEO question as the title, Introduction ... Conclusion, no publisher, no date, no sources.
SEED_004_SIGNALS = ["question-title", "intro-conclusion", "no-publisher", "no-date", "no-sources"]

SIGNS = [
    (SEED_004_SIGNALS, True),
    (["intro-conclusion", "ai-filler", "comment-form"], True),
    (["question-title", "no-publisher", "no-date"], True),
    (["intro-conclusion", "no-date"], False),  # fewer than min_signals = 3
    (["no-publisher", "no-date", "no-sources", "wordpress"], False),  # metadata only
    (["no-sources"], False),  # a BBC-like article: no outbound links, nothing else
    ([], False),
]


@pytest.mark.parametrize(("signals", "flagged"), SIGNS)
def test_content_signs(run_rule, signals, flagged):
    finding = run_rule(rule, BLOG_URL, blog_signals=signals)
    assert (finding is not None) == flagged
    if finding is not None:
        assert finding.evidence["signals"] == signals
        assert 0.5 <= finding.confidence <= rule.SIGNS_CAP
        assert finding.evidence["domain"] == "korea-summit-insights.example"


def test_more_signs_more_confidence(run_rule):
    three = run_rule(rule, BLOG_URL, blog_signals=SEED_004_SIGNALS[:3])
    five = run_rule(rule, BLOG_URL, blog_signals=SEED_004_SIGNALS)
    assert three is not None
    assert five is not None
    assert five.confidence > three.confidence


def test_signs_alone_never_reach_removal(run_rule, community):
    every = [*rule.CONTENT_WEIGHTS, *rule.META_WEIGHTS]
    finding = run_rule(rule, BLOG_URL, blog_signals=every)
    assert finding is not None
    assert finding.confidence < community.rules["blogspam"].remove_confidence


def test_min_signals_param(run_rule, community):
    signals = ["intro-conclusion", "no-date"]
    assert run_rule(rule, BLOG_URL, blog_signals=signals) is None
    config = community.rules["blogspam"]
    lowered = replace(config, params={**config.params, "min_signals": 2})
    edited = replace(community, rules={**community.rules, "blogspam": lowered})
    assert run_rule(rule, BLOG_URL, blog_signals=signals, community=edited) is not None


LISTED = [
    ("https://www.lovethispic.com/image/1", "lovethispic.com"),  # OpenSources clickbait
    ("https://yournewswire.com/x", "yournewswire.com"),
    ("https://00000258.com/x", "00000258.com"),  # content-farm-terminator
    ("https://notlovethispic.com/x", None),
    ("https://www.bbc.com/news/x", None),
]


@pytest.mark.parametrize(("url", "domain"), LISTED)
def test_list_match(run_rule, url, domain):
    finding = run_rule(rule, url)
    if domain is None:
        assert finding is None
        return
    assert finding is not None
    assert finding.evidence["domain"] == domain
    assert finding.evidence["list"] == "blogspam"
    assert finding.evidence["list_source"]
    assert finding.confidence == 0.9


def test_list_match_needs_no_article_and_keeps_signs(run_rule):
    assert run_rule(rule, "https://lovethispic.com/x", status="unreachable") is not None
    finding = run_rule(rule, "https://lovethispic.com/x", blog_signals=SEED_004_SIGNALS)
    assert finding is not None
    assert finding.evidence["signals"] == SEED_004_SIGNALS


def test_unreachable_article_has_no_signs(run_rule):
    assert run_rule(rule, BLOG_URL, status="unreachable") is None


# --- end to end with the extractor, on the seeds -------------------------------------------


def _seed_html(text: str, head: str = "") -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = [f"<h1>{html.escape(lines[0])}</h1>"]
    for line in lines[1:]:
        tag = "p" if line.endswith((".", '"', "”", "?")) and len(line) > 60 else "h2"
        body.append(f"<{tag}>{html.escape(line)}</{tag}>")
    title = html.escape(lines[0])
    article = "".join(body)
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body><article>{article}</article></body></html>"
    )


@pytest.mark.corpus
def test_seed_004_is_blogspam_from_its_signs(run_rule):
    seeds = sorted(SEEDS.glob("004_*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds is absent")
    article = extract_article(_seed_html(seeds[0].read_text("utf-8")), BLOG_URL)
    fields = {k: v for k, v in article.__dict__.items() if k not in {"url", "final_url", "status"}}
    finding = run_rule(rule, BLOG_URL, **fields)
    assert finding is not None, article.blog_signals
    assert "intro-conclusion" in finding.evidence["signals"]


@pytest.mark.corpus
def test_bbc_like_article_is_not_blogspam(run_rule):
    seeds = sorted(SEEDS.glob("000_*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds is absent")
    lines = seeds[0].read_text("utf-8").splitlines()
    story = "\n".join([lines[0], *[line for line in lines[3:12] if len(line) > 80]])
    head = (
        '<meta property="og:site_name" content="BBC News">'
        '<meta property="article:published_time" content="2024-10-15T04:12:00Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Kim Jong Un wants'
        ' Trump back, elite defector tells BBC", "datePublished": "2024-10-15T04:12:00Z",'
        ' "publisher": {"@type": "Organization", "name": "BBC News"}}</script>'
    )
    article = extract_article(_seed_html(story, head), BBC_URL)
    fields = {k: v for k, v in article.__dict__.items() if k not in {"url", "final_url", "status"}}
    assert run_rule(rule, BBC_URL, **fields) is None, article.blog_signals


FARM_SIGNS = [
    (["comment-form", "blogger"], True),  # a Blogger rewrite site: content weight 0.75
    (["sponsored", "wordpress"], False),  # a disclosure alone weighs 0.45: not enough
    (["brand-blog", "about-itself"], True),  # a company blog writing about itself
    (["no-date", "no-sources", "about-itself", "chumbox"], False),  # no content sign
    (["no-publisher", "no-sources", "wordpress", "teaser-headline"], True),
]


@pytest.mark.parametrize(("signals", "flagged"), FARM_SIGNS)
def test_farm_signs(run_rule, signals, flagged):
    finding = run_rule(rule, BLOG_URL, blog_signals=signals)
    assert (finding is not None) == flagged
    if finding is not None:
        assert finding.evidence["signals"] == signals


def test_a_bait_headline_is_a_sign_and_replaces_the_question_sign(run_rule):
    headline = "When you take a multivitamin every day, this is what happens to your body"
    finding = run_rule(
        rule, BLOG_URL, headline=headline, blog_signals=["question-title", "ai-filler", "no-date"]
    )
    assert finding is not None
    assert finding.evidence["signals"] == ["ai-filler", "no-date", "bait-headline"]
    plain = run_rule(
        rule,
        BLOG_URL,
        headline="Central bank holds rates steady",
        blog_signals=["ai-filler", "no-date"],
    )
    assert plain is None


def test_strong_content_signs_reach_the_default_min_confidence(run_rule):
    # A company blog writing about itself: two signs whose noisy-or is under 0.5.
    finding = run_rule(rule, BLOG_URL, blog_signals=["brand-blog", "about-itself"])
    assert finding is not None
    assert finding.confidence == rule.STRONG_CONFIDENCE
    # Three weak signs pass the count gate but keep their own (low) confidence.
    weak = run_rule(rule, BLOG_URL, blog_signals=["comment-form", "no-sources", "wordpress"])
    assert weak is not None
    assert weak.confidence < 0.5
