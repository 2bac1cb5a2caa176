"""Headline accuracy on the human-annotated corpus (skipped when ../shared/corpus is absent).

The scoring weights were tuned on the ``dev`` split only; this asserts the target on ``test``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot.extract import decode_html, extract_article
from bot.textnorm import normalize_title

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not (CORPUS / "headlines.jsonl").exists(), reason="../shared/corpus is absent"
    ),
]


def _rows(name: str, split: str | None = None) -> list[dict]:
    with (CORPUS / name).open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r for r in rows if split is None or r["split"] == split]


def _html(row: dict) -> str:
    with gzip.open(CORPUS / row["page"], "rb") as page:
        return decode_html(page.read())


def test_headline_accuracy_on_test_split():
    rows = _rows("headlines.jsonl", "test")
    assert len(rows) > 400
    misses = []
    for row in rows:
        headline = extract_article(_html(row), row["url"] or "").headline
        if headline is None or normalize_title(headline) != normalize_title(row["expected_title"]):
            misses.append((row["id"], row["expected_title"], headline))
    accuracy = 1 - len(misses) / len(rows)
    assert accuracy >= 0.80, f"{accuracy:.1%}; first misses: {misses[:5]}"


def test_news_pages_yield_articles():
    """The 181 news pages: a headline on every page, body text on nearly all."""
    rows = _rows("news.jsonl")
    articles = [extract_article(_html(row), row["url"]) for row in rows]
    assert all(a.headline for a in articles)
    with_lead = sum(1 for a in articles if a.lead)
    assert with_lead >= 0.9 * len(articles)
    paywalled_hosts = {a.url.split("/")[2] for a in articles if a.paywalled}
    assert "www.wsj.com" in paywalled_hosts
    free = [a for a in articles if "bbc." in a.url or "reuters.com" in a.url]
    assert free
    assert not any(a.paywalled for a in free)
