from __future__ import annotations

from pathlib import Path

import pytest

from bot.extract import extract_article
from bot.models import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "extract"

URLS = {
    "bbc_newsarticle": "https://www.bbc.com/news/articles/c4gxk7vj3kwo",
    "paywalled_news": "https://www.wsj.com/articles/google-stadia-11574168580",
    "wordpress_blogspam": "https://korea-summit-insights.example/has-any-president-met-with-north-korea/",
    "msn_syndicated": "https://www.msn.com/en-us/news/world/esper-says-us-providing-vietnam-with-coast-guard-ship/ar-BBX1a2b",
    "german_kicker": "https://www.mdr.de/thueringen/corona-lockerung-autohaeuser-werkstatten-100.html",
}


@pytest.fixture
def fixture_article():
    def load(name: str) -> Article:
        html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
        return extract_article(html, URLS[name])

    return load
