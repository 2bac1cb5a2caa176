"""Small hand-written fixtures: three reports of one event and a near miss (same people, another
event), each as a post and the article the fetcher read."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from bot.dupes.match import Earlier
from bot.models import Article, Finding, Post

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

STORIES: dict[str, tuple[str, str, str]] = {
    # key: (link, headline, lead)
    "wire": (
        "https://www.wire-example.com/world/sweden-drops-assange-inquiry-1234",
        "Sweden drops rape investigation into Julian Assange",
        "Swedish prosecutors on Tuesday dropped an investigation into a rape allegation against "
        "WikiLeaks founder Julian Assange, saying the evidence had weakened since 2010. Deputy "
        "chief prosecutor Eva-Marie Persson told reporters in Stockholm that the statements of "
        "witnesses were no longer reliable. Assange is held in Belmarsh prison in London.",
    ),
    "paper": (
        "https://paper-example.co.uk/news/2026/03/assange-sweden-investigation",
        "Sweden Drops Its Investigation Into Rape Allegation Against Julian Assange",
        "Sweden has dropped its investigation into a 2010 rape allegation against WikiLeaks "
        "co-founder Julian Assange. Prosecutor Eva-Marie Persson said in Stockholm that the "
        "evidence had weakened considerably. Assange remains in Belmarsh prison in London.",
    ),
    "tv": (
        "https://tv-example.org/story/assange-case-closed",
        "Julian Assange: Swedish prosecutors drop rape investigation",
        "Prosecutors in Sweden have dropped an investigation into a rape allegation made against "
        "WikiLeaks co-founder Julian Assange. Eva-Marie Persson, Sweden's deputy director of "
        "public prosecution, said the evidence had weakened. Assange is in Belmarsh prison.",
    ),
    "near-miss": (
        "https://www.wire-example.net/uk/assange-extradition-hearing-date",
        "Assange extradition hearing set for February at Woolwich Crown Court",
        "A judge in London on Monday set a five-day extradition hearing for WikiLeaks founder "
        "Julian Assange, who faces espionage charges in the United States. District Judge "
        "Vanessa Baraitser said the hearing would begin on February 24 at Woolwich Crown Court.",
    ),
}


def story(key: str, *, post_id: str | None = None, hours: float = 0.0) -> tuple[Post, Article]:
    link, headline, lead = STORIES[key]
    when = T0 + timedelta(hours=hours)
    post = Post(post_id or key, headline, link, platform="test", community="worldnews",
                created_at=when.isoformat())  # fmt: skip
    article = Article(status="fetched", url=link, final_url=link, headline=headline, lead=[lead])
    return post, article


def link_only(link: str, title: str, *, post_id: str, hours: float = 0.0) -> tuple[Post, Article]:
    """A post whose page could not be read: only its link and title are known."""
    when = T0 + timedelta(hours=hours)
    post = Post(post_id, title, link, platform="test", community="worldnews",
                created_at=when.isoformat())  # fmt: skip
    return post, Article.unreachable(link, "not served in this test")


def duplicate_finding(permalinks: Mapping[str, str] | None = None) -> Finding:
    """A real ``duplicate-post`` finding: the wire story's link posted again two hours later
    (case 3 is the first post), and the same story from another outlet an hour before that.
    ``permalinks``: the earlier posts' own pages ("first", "tv-1") where the history knew them."""
    from bot.dupes.match import compare
    from bot.dupes.signature import signature
    from bot.rules.duplicate_post import finding

    def earlier(key: str, hours: float, case: int | None, post_id: str) -> Earlier:
        post, article = story(key, hours=hours, post_id=post_id)
        return Earlier("lemmy", post_id, post.url or "", post.title, T0 + timedelta(hours=hours),
                       signature(post, article), case=case,
                       permalink=(permalinks or {}).get(post_id, ""))  # fmt: skip

    post, article = story("wire", hours=3, post_id="again")
    matches = compare(
        signature(post, article), T0 + timedelta(hours=3),
        [earlier("wire", 1, 3, "first"), earlier("tv", 0, None, "tv-1")],
        window=timedelta(days=7), story_window=timedelta(hours=48),
    )  # fmt: skip
    return finding(matches)
