"""Content-farm signs, one at a time."""

from __future__ import annotations

import pytest

from bot.extract import extract_article
from bot.extract.blog import BLOG_SIGNALS, filler_count, question_title

BODY = "<p>" + "A plain sentence of reporting with enough words in it to count. " * 3 + "</p>"
NEWS_HEAD = (
    '<meta property="og:site_name" content="Daily">'
    '<meta property="article:published_time" content="2024-01-02T03:04:05Z">'
)
SOURCE = '<p>See the <a href="https://other.example/report">report</a>.</p>'


def _signals(
    head: str = NEWS_HEAD, body: str = BODY + SOURCE, title: str = "Rates rise"
) -> list[str]:
    html = (
        f"<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
        f"{body}</article></body></html>"
    )
    return extract_article(html, "https://daily.example/a").blog_signals


def test_clean_news_page_has_no_signs():
    assert _signals() == []


@pytest.mark.parametrize(
    ("head", "body", "title", "signal"),
    [
        (
            '<meta property="article:published_time" content="2024-01-02">',
            BODY + SOURCE,
            "Rates rise",
            "no-publisher",
        ),
        ('<meta property="og:site_name" content="Daily">', BODY + SOURCE, "Rates rise", "no-date"),
        (NEWS_HEAD, BODY + SOURCE + '<div id="respond"></div>', "Rates rise", "comment-form"),
        (
            NEWS_HEAD,
            BODY + SOURCE + '<form class="comment-form"></form>',
            "Rates rise",
            "comment-form",
        ),
        (
            NEWS_HEAD,
            f"<h2>Introduction</h2>{BODY}<h2>Why</h2>{SOURCE}<h2>Conclusion</h2>{BODY}",
            "Rates rise",
            "intro-conclusion",
        ),
        (NEWS_HEAD, BODY + SOURCE, "How Do Rates Rise", "question-title"),
        (NEWS_HEAD, BODY + SOURCE, "Rates rise again?", "question-title"),
        (NEWS_HEAD, BODY + '<p><a href="/own">own page</a></p>', "Rates rise", "no-sources"),
        (
            NEWS_HEAD + '<meta name="generator" content="WordPress 6.4">',
            BODY + SOURCE,
            "Rates rise",
            "wordpress",
        ),
        (
            NEWS_HEAD,
            BODY + SOURCE + "<p>In conclusion, it is important to note that rates rose.</p>",
            "Rates rise",
            "ai-filler",
        ),
    ],
)
def test_each_sign(head, body, title, signal):
    assert signal in _signals(head, body, title)
    assert set(_signals(head, body, title)) <= set(BLOG_SIGNALS)


@pytest.mark.parametrize(
    ("headline", "question"),
    [
        ("Has Any President Met With North Korea", True),
        ("What we know about the storm", True),
        ("Is it safe?", True),
        ("Storm hits coast", False),
        ("Whatever happened next", False),  # "what" must be a whole word
        ("", False),
        (None, False),
    ],
)
def test_question_title(headline, question):
    assert question_title(headline) is question


def test_filler_needs_two_phrases():
    assert filler_count(["In conclusion, this."]) == 1
    assert filler_count(["In today’s fast-paced world", "It is important to note"]) == 2
    one = BODY + SOURCE + "<p>In conclusion, rates rose sharply again this year for everyone.</p>"
    assert "ai-filler" not in _signals(body=one)


def test_page_without_body_text_is_not_called_sourceless():
    assert "no-sources" not in _signals(body="")
