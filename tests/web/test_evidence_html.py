"""Evidence on the web page: labels, the word diff as <del>/<ins>, links only for http(s)."""

from __future__ import annotations

import pytest

from bot.evidence import describe
from bot.models import Finding, Post
from bot.pipeline import schema
from bot.pipeline.findings import FindingStore
from bot.pipeline.queue import PostQueue
from bot.store import Actor, Modlog, PostRef, open_db
from bot.web.app import template_env
from bot.web.settings import WebSettings

EVIDENCE = {
    "original": "Trump says he wants to meet Kim",
    "diff": "Trump [-says he wants-] {+begs <script>+} to meet Kim",
    "added": ["begs", "<script>"],
    "removed": ["says", "he", "wants"],
    "loaded_added": ["begs"],
    "negation_or_hedge": ["not"],
    "similarity": 0.4567,
    "source": "og:title",
}


def render(evidence: dict, rule: str = "") -> str:
    template = template_env().from_string(
        '{% import "_evidence.html" as ev %}{{ ev.items(items) }}'
    )
    return template.render(items=describe(evidence, rule))


def test_the_word_diff_is_struck_and_marked_and_escaped():
    html = render(EVIDENCE, "editorialized-title")
    assert "<del>says he wants</del>" in html
    assert "<ins>begs &lt;script&gt;</ins>" in html
    assert "<dt>Loaded words added</dt>" in html
    assert "<dt>Negation or hedge changed</dt>" in html
    assert "46%" in html
    for raw in ("negation_or_hedge", "loaded_added", "[-", "{+", "[&#34;", '["', "0.4567"):
        assert raw not in html


def test_only_http_links_become_links():
    html = render({"suggested_archive_links": ["https://archive.ph/newest/x"]})
    assert '<a href="https://archive.ph/newest/x" rel="nofollow noopener noreferrer">' in html
    assert "<a " not in render({"url": "javascript:alert(1)"})


@pytest.fixture
async def edited_case(make_client, tmp_path):
    """A case whose post was edited after it was flagged (the fix-it loop)."""
    path = tmp_path / "edited.db"
    db = open_db(path, extra_migrations=(schema.MIGRATIONS,))
    queue, findings, modlog = PostQueue(db), FindingStore(db), Modlog(db)
    post = Post("p1", "Trump begs Kim", "https://news.example/a", platform="lemmy",
                community="worldnews", author_id="u1", author_name="ann")  # fmt: skip
    queue.enqueue(post)
    (item,) = queue.claim(1)
    ref = PostRef("lemmy", "p1", post.url or "", post.title, "u1", "ann")
    case = modlog.open_case("worldnews", ref)
    queue.complete(item, result="{}", decision="flag", case_no=case)
    finding = Finding("editorialized-title", 0.9, "Title differs", EVIDENCE)
    findings.sync(post, case, [finding])
    bot = Actor("newsmod", "newsmod", "bot")
    modlog.append(community="worldnews", case=case, actor=bot, action="flag", post=ref,
                  rules=["editorialized-title"], reason="review",
                  evidence={"findings": [finding.to_json()], "dry_run": True,
                            "article": {"status": "fetched", "headline": "Trump says he wants",
                                        "site_name": "News"}})  # fmt: skip
    edited = Post("p1", "Trump says he wants to meet Kim", post.url, platform="lemmy",
                  community="worldnews", author_id="u1", author_name="ann")  # fmt: skip
    queue.enqueue(edited)
    db.close()
    return await make_client(WebSettings(public_evidence=True), db=path)


async def test_the_case_page_shows_the_title_history_and_evidence_for_people(edited_case):
    html = await (await edited_case.get("/case/worldnews/1")).text()
    assert "Title history" in html
    assert html.index("as posted") < html.index("as edited")
    assert "<q>Trump begs Kim</q>" in html
    assert "<q>Trump says he wants to meet Kim</q>" in html
    assert "<del>says he wants</del>" in html
    assert "negation_or_hedge" not in html
    index = await (await edited_case.get("/")).text()
    assert '<dd class="evidence-text">dry-run: nothing was done on the platform</dd>' in index
    assert "Trump says he wants — News" in index
    assert '"findings"' not in index


def test_a_duplicates_earlier_posts_are_a_list_of_short_lines():
    from dataclasses import replace

    from tests.dupes.stories import duplicate_finding

    found = duplicate_finding()
    html = render(found.evidence, found.rule)
    assert "<dt>Already posted</dt>" in html
    assert "<dt>Earlier posts</dt>" in html
    assert (
        '<dd class="evidence-lines"><ul><li>case 3 · lemmy post first · 2 h earlier · still up '
        "— same article URL</li><li>lemmy post tv-1 · 3 h earlier · still up — same story on "
        "tv-example.org, 91% alike, names in common:"
    ) in html
    for raw in ("post_id", "earlier_by", "Post id", "Match:", "same-article"):
        assert raw not in html
    # an earlier post's title is the poster's text: escaped
    story = {**found.evidence["earlier"][1], "title": "<script>x</script> Assange"}
    hostile = replace(found, evidence={**found.evidence, "earlier": [story]})
    html = render(hostile.evidence, hostile.rule)
    assert "“&lt;script&gt;x&lt;/script&gt; Assange”</li>" in html


def test_an_earlier_post_links_its_page_and_only_an_http_one():
    from tests.dupes.stories import duplicate_finding

    found = duplicate_finding({"first": "https://lemmy.example/post/41?a=1&b=2"})
    html = render(found.evidence, found.rule)
    assert (
        '<li><a href="https://lemmy.example/post/41?a=1&amp;b=2" rel="nofollow noopener '
        'noreferrer">case 3 · lemmy post first · 2 h earlier · still up — same article URL</a></li>'
        "<li>lemmy post tv-1 · 3 h earlier"
    ) in html
    refused = duplicate_finding({"first": "javascript:alert(1)", "tv-1": "https://x/\n"})
    html = render(refused.evidence, refused.rule)
    assert "<a " not in html
    assert "javascript" not in html
    assert "<li>case 3 · lemmy post first · 2 h earlier · still up — same article URL</li>" in html
