"""bot.service.check_post: saved page, fetched page, unreachable page, no link."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError
from bot.guidelines import load_guidelines
from bot.models import Page, Post
from bot.rules import RULES
from bot.service import check_post

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pipeline"
URL = "https://herald.example/news/flood-defences"
HEADLINE = "Flood defences to be raised along the river, council says"
SHOUTY = "SHOCKING!!! You won't BELIEVE what this council did, it's OUTRAGEOUS"


class Fetcher:
    def __init__(self, error: str | None = None) -> None:
        self.error = error
        self.urls: list[str] = []

    async def fetch(self, url: str) -> Page:
        self.urls.append(url)
        if self.error:
            return Page(url=url, final_url=url, error=self.error)
        html = (FIXTURES / "article.html").read_text(encoding="utf-8")
        return Page(url=url, final_url=url, status=200, content_type="text/html", text=html)


NEEDS_ARTICLE = sorted(rid for rid, module in RULES.items() if module.NEEDS_ARTICLE)


async def test_a_saved_page_is_used_and_nothing_is_fetched() -> None:
    fetcher = Fetcher()
    post = Post("s", HEADLINE, URL, html_path=str(FIXTURES / "article.html"))
    result = await check_post(post, fetcher, load_guidelines())
    assert fetcher.urls == []
    assert result.article.status == "snapshot"
    assert result.article.headline == HEADLINE
    assert result.decision == "allow"


async def test_a_fetched_page_is_extracted_and_checked() -> None:
    fetcher = Fetcher()
    guidelines = load_guidelines()
    result = await check_post(Post("f", SHOUTY, URL), fetcher, guidelines)
    assert fetcher.urls == [URL]
    assert (result.article.status, result.article.headline) == ("fetched", HEADLINE)
    assert "ragebait" in {f.rule for f in result.findings}
    assert result.config_version == guidelines.version


async def test_an_unreachable_page_skips_the_rules_that_need_it() -> None:
    result = await check_post(Post("u", HEADLINE, URL), Fetcher("HTTP 503"), load_guidelines())
    assert result.article.status == "unreachable"
    assert result.article.error == "HTTP 503"
    assert sorted(result.article.rules_skipped) == NEEDS_ARTICLE
    assert result.decision == "allow"


async def test_a_post_without_a_link_runs_the_title_rules_only() -> None:
    fetcher = Fetcher()
    result = await check_post(Post("t", SHOUTY), fetcher, load_guidelines())
    assert fetcher.urls == []
    assert result.article.error == "the post has no link"
    assert sorted(result.article.rules_skipped) == NEEDS_ARTICLE
    assert "ragebait" in {f.rule for f in result.findings}


async def test_an_unreadable_saved_page_is_an_input_error(tmp_path: Path) -> None:
    post = Post("x", HEADLINE, URL, html_path=str(tmp_path / "missing.html"))
    with pytest.raises(InputError, match="cannot read saved page"):
        await check_post(post, Fetcher(), load_guidelines())
