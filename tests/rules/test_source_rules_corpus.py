"""The five source rules on the 181 real news pages of ../shared/corpus (skipped when absent).

Extraction runs for real here, so these are end-to-end checks of what a moderator would see:
tabloid links are removed, syndicated copies name their original, hard paywalls are flagged,
and well-known original outlets trip none of these rules.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

import pytest

from bot.checker import check_article
from bot.domains import registered_domain
from bot.extract import extract_article
from bot.models import Finding, Post
from bot.rules import (
    blogspam,
    not_original_source,
    paywall_no_archive,
    social_media_source,
    tabloid_source,
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "news.jsonl").is_file(), reason="../shared/corpus is absent"),
]
RULES = {m.RULE_ID: m for m in (not_original_source, paywall_no_archive, tabloid_source, blogspam,
                                social_media_source)}  # fmt: skip
ORIGINAL_OUTLETS = {
    "bbc.com", "reuters.com", "theguardian.com", "aljazeera.com", "ap.org", "cnn.com",
    "nbcnews.com", "cbsnews.com", "sky.com", "ctvnews.ca", "deccanherald.com",
}  # fmt: skip


@pytest.fixture(scope="module")
def findings(community) -> dict[str, dict[str, list[Finding]]]:
    """rule id -> registered domain -> findings, over every news page."""
    out: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for line in (CORPUS / "news.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        with gzip.open(CORPUS / row["page"], "rb") as fh:
            html = fh.read().decode("utf-8", "replace")
        article = extract_article(html, row["url"], status="snapshot")
        post = Post(id=row["id"], title=article.headline or "untitled", url=row["url"])
        result = check_article(post, article, community, rules=RULES)
        for finding in result.findings:
            out[finding.rule][registered_domain(row["url"])].append(finding)
    return out


def test_tabloids_are_removed(findings):
    tabloids = findings["tabloid-source"]
    assert set(tabloids) == {"nypost.com", "express.co.uk", "thesun.co.uk"}
    assert all(f.action == "remove" for fs in tabloids.values() for f in fs)


def test_no_social_links_among_news_pages(findings):
    assert dict(findings["social-media-source"]) == {}


def test_msn_copies_name_their_original(findings):
    msn = findings["not-original-source"]["msn.com"]
    assert len(msn) == 2
    for finding in msn:
        assert "syndication" in finding.evidence["reasons"]
        assert registered_domain(finding.evidence["original"]) in {"cnn.com", "nbcnews.com"}


def test_original_outlets_are_not_flagged(findings):
    for rule in ("not-original-source", "blogspam", "paywall-no-archive"):
        assert not set(findings[rule]) & ORIGINAL_OUTLETS, rule


def test_hard_paywalls_are_flagged(findings):
    paywalled = findings["paywall-no-archive"]
    for domain in ("wsj.com", "nytimes.com", "barrons.com", "latimes.com"):
        assert domain in paywalled, domain
        assert all(f.confidence >= 0.85 for f in paywalled[domain])


def test_content_farm_page_is_blogspam(findings):
    assert "gto-normativy.ru" in findings["blogspam"]
