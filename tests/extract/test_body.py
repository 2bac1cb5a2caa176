"""Locating the article body: paragraphs, lead, text length, links; boilerplate left out."""

from __future__ import annotations

from bot.extract import extract_article
from bot.extract.body import LEAD_PARAGRAPHS, MAX_LINKS, MAX_PARAGRAPHS, find_body
from bot.extract.document import parse_document

URL = "https://news.example/2024/story"
SENTENCE = "The council voted on Tuesday to approve the new budget after a long debate. "


def _page(body: str) -> str:
    return f"<html><head><title>T</title></head><body>{body}</body></html>"


def test_lead_is_first_substantial_paragraphs():
    paras = "".join(f"<p>{i}: {SENTENCE}</p>" for i in range(6))
    html = _page(f"<article><p>Short byline.</p>{paras}</article>")
    article = extract_article(html, URL)
    assert len(article.lead) == LEAD_PARAGRAPHS
    assert article.lead[0].startswith("0: The council")
    assert article.text_length >= 6 * len(SENTENCE)


def test_body_is_where_the_paragraphs_are_not_the_navigation():
    nav = (
        "<nav>"
        + "".join(f'<p><a href="/s{i}">Section {i} of the site</a></p>' for i in range(20))
        + "</nav>"
    )
    link = '<a href="https://gov.example/b">budget</a>'
    story = f'<div class="story"><p>{SENTENCE}</p><p>{SENTENCE} {link}</p></div>'
    article = extract_article(_page(nav + story), URL)
    assert article.links == ["https://gov.example/b"]
    assert all(p.startswith("The council") for p in article.lead)


def test_widened_to_the_article_element():
    html = _page(
        "<article><h2>What happened</h2>"
        f"<div class='inner'><p>{SENTENCE}</p><p>{SENTENCE}</p></div>"
        "<div class='more'><p>A second block of text that also belongs to the story itself.</p>"
        "</div></article>"
    )
    article = extract_article(html, URL)
    assert any("second block" in p for p in article.lead)


def test_share_related_and_comments_are_left_out():
    html = _page(
        "<article>"
        '<div class="article-share"><a href="https://facebook.com/sharer?u=x">Share</a></div>'
        f"<p>{SENTENCE}<a href='https://source.example/report'>report</a></p>"
        f"<p>{SENTENCE}</p>"
        '<section class="related-stories"><p><a href="https://news.example/other">'
        "Another story that is related but not part of this article at all</a></p></section>"
        '<div id="comments"><p>A reader comment that goes on for quite a while about the vote.</p>'
        "</div>"
        "</article>"
    )
    article = extract_article(html, URL)
    assert article.links == ["https://source.example/report"]
    assert not any("reader comment" in p for p in article.lead)
    assert not any("Another story" in p for p in article.lead)


def test_taxonomy_classes_do_not_make_the_article_boilerplate():
    html = _page(
        '<article class="post type-post category-social-media tag-sharing">'
        f"<p>{SENTENCE}</p><p>{SENTENCE}<a href='https://src.example/'>x</a></p></article>"
    )
    article = extract_article(html, URL)
    assert len(article.lead) == 2
    assert article.links == ["https://src.example/"]


def test_paragraph_divs_count_as_paragraphs():
    """Some sites (CNN) set paragraphs as <div class="zn-body__paragraph">."""
    divs = "".join(f'<div class="zn-body__paragraph">{SENTENCE}</div>' for _ in range(4))
    article = extract_article(_page(f'<div itemprop="articleBody">{divs}</div>'), URL)
    assert len(article.lead) == 3
    assert article.text_length >= 4 * len(SENTENCE.strip())


def test_page_without_paragraphs():
    article = extract_article(_page("<div>menu</div><ul><li>a</li></ul>"), URL)
    assert article.lead == []
    assert article.text_length == 0
    assert article.links == []


def test_links_are_absolute_deduplicated_capped_and_http_only():
    anchors = "".join(f'<a href="/p{i}#frag">l</a>' for i in range(300))
    odd = (
        '<a href="mailto:a@b.example">m</a><a href="javascript:void(0)">j</a>'
        '<a href="ftp://f.example/x">f</a><a href="#top">t</a><a href="/p1">dup</a>'
        f'<a href="{URL}#section">self</a>'
    )
    html = _page(f"<article><p>{SENTENCE}{odd}{anchors}</p></article>")
    links = extract_article(html, URL).links
    assert len(links) == MAX_LINKS
    assert links[0] == "https://news.example/p1"  # the first http(s) link, its #fragment dropped
    assert len(set(links)) == len(links)
    assert all(link.startswith("https://news.example/p") for link in links)


def test_layout_block_named_like_boilerplate_is_kept_when_it_holds_the_story():
    paras = "".join(f"<p>{SENTENCE}</p>" for _ in range(5))
    html = _page(f'<article><div class="l-sidebar-fixed l-article-body">{paras}</div></article>')
    assert len(extract_article(html, URL).lead) == 3


def test_consent_dialogs_and_embedded_tweets_are_not_article_text():
    html = _page(
        '<div class="m-privacy-consent"><div class="m-privacy-consent__inner">'
        f"<p>We use cookies and similar technologies on this site. {SENTENCE * 3}</p></div></div>"
        f"<article><p>{SENTENCE}</p>"
        '<blockquote class="twitter-tweet"><p>A tweet quoted in the story, long enough to count '
        'as a paragraph <a href="https://t.co/abc">pic</a></p></blockquote>'
        f"<p>{SENTENCE}</p></article>"
    )
    article = extract_article(html, URL)
    assert article.lead == [SENTENCE.strip(), SENTENCE.strip()]
    assert article.links == []


def test_paragraphs_past_the_scoring_cap_are_read_too():
    # Texts read while scoring are reused; the body's paragraphs past MAX_PARAGRAPHS (of the
    # page) are read on their own.
    texts = [f"Paragraph number {i} of the article body, long enough to count." for i in range(600)]
    html = (
        "<html><body><nav>"
        + "<p>x</p>" * (MAX_PARAGRAPHS - 300)
        + "</nav><article>"
        + "".join(f"<p>{t}</p>" for t in texts)
        + "</article></body></html>"
    )
    doc = parse_document(html, "https://example.com/a")
    body = find_body(doc)
    assert body.node is not None
    assert body.node.tag == "article"
    assert body.paragraphs == texts
    assert body.text_length == sum(map(len, texts))
