"""A small demo database for the web tests: cases with posts, findings and decisions.

Built only through the public APIs (``Modlog``, ``PostQueue``, ``FindingStore``) with a fixed
clock, so times are known: everything happens on 2026-11-20 .. 2026-11-22 (UTC).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.models import Finding, Post
from bot.pipeline import schema
from bot.pipeline.findings import FindingStore
from bot.pipeline.queue import PostQueue
from bot.store import Actor, Modlog, PostRef, open_db

START = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
BOT = Actor("bot", "newsmod", "bot")
ALICE = Actor("m-alice", "alice_mod", "moderator")
BOB = Actor("m-bob", "bob_mod", "moderator")
XSS_TITLE = '<script>alert("x")</script> Breaking <b>news</b>'
JS_URL = "javascript:alert(1)"
REMOVAL_REASON = "Rule 3: do not editorialize titles"
COMMENT = "Please link the original source."


def _clock() -> tuple[Callable[[], datetime], Callable[[timedelta], None]]:
    state = {"now": START}

    def now() -> datetime:
        return state["now"]

    def advance(step: timedelta) -> None:
        state["now"] += step

    return now, advance


def _post(n: int, title: str, url: str, author: str, body: str = "") -> Post:
    return Post(
        id=f"p{n}",
        title=title,
        url=url,
        body=body,
        platform="lemmy",
        community="worldnews",
        author_id=f"u-{author}",
        author_name=author,
        created_at=(START - timedelta(hours=1)).isoformat(),
    )


def build_demo_db(path: Path) -> Path:
    """Write the demo database at ``path`` and return ``path``."""
    db = open_db(path, extra_migrations=(schema.MIGRATIONS,))
    now, advance = _clock()
    modlog = Modlog(db, clock=now)
    queue = PostQueue(db)
    findings = FindingStore(db)
    posts = [
        (
            _post(1, "Minister SLAMS critics in furious rant", "https://news.example/a/1", "carol"),
            [Finding("editorialized-title", 0.91, "Title adds loaded words: 'slams'.",
                     {"headline": "Minister answers critics", "similarity": 0.42,
                      "added_words": ["slams", "furious", "rant"]})],
        ),
        (
            _post(2, "Paywalled story about trade", "https://paper.example/trade", "dave",
                  body="secret body text"),
            [Finding("paywall-no-archive", 0.8, "Paywalled and no archive link in the body.",
                     {"paywalled": True, "suggested_archive_links": ["https://archive.today/x"]})],
        ),
        (
            _post(3, XSS_TITLE, JS_URL, "mallory"),
            [Finding("social-media-source", 0.95, "Links to a social platform.",
                     {"domain": "<img src=x onerror=alert(2)>"})],
        ),
        (
            _post(4, "Tabloid claims celebrity feud", "https://tabloid.example/feud", "erin"),
            [Finding("tabloid-source", 0.99, "Domain is on the tabloid list.",
                     {"domain": "tabloid.example"})],
        ),
    ]  # fmt: skip
    cases: dict[str, int] = {}
    for post, found in posts:
        queue.enqueue(post)
        (item,) = queue.claim(1)
        ref = PostRef(
            post.platform, post.id, post.url or "", post.title, post.author_id, post.author_name
        )
        case = modlog.open_case("worldnews", ref)
        queue.complete(item, result="{}", decision="flag", case_no=case)
        findings.sync(post, case, found)
        cases[post.id] = case
        for finding in found:
            modlog.append(
                community="worldnews", case=case, actor=BOT, action="flag",
                rules=[finding.rule], reason=finding.message,
                evidence={"findings": [finding.to_json()], "mode": "live"},
            )  # fmt: skip
        advance(timedelta(hours=2))
    advance(timedelta(days=1))
    modlog.append(community="worldnews", case=cases["p1"], actor=ALICE, action="confirm",
                  rules=["editorialized-title"], reason="title was changed")  # fmt: skip
    modlog.append(community="worldnews", case=cases["p1"], actor=ALICE, action="remove",
                  rules=["editorialized-title"], reason=REMOVAL_REASON)  # fmt: skip
    advance(timedelta(hours=3))
    modlog.append(community="worldnews", case=cases["p2"], actor=BOB, action="dismiss",
                  rules=["paywall-no-archive"], reason="archive link was in a comment")  # fmt: skip
    modlog.append(community="worldnews", case=cases["p3"], actor=BOB, action="note",
                  reason="internal: this user was warned before")  # fmt: skip
    advance(timedelta(days=1))
    modlog.append(community="worldnews", case=cases["p4"], actor=ALICE, action="confirm",
                  rules=["tabloid-source"], reason="tabloid")  # fmt: skip
    # A second community, whose case 1 clashes with worldnews' case 1.
    other = PostRef("lemmy", "q1", "https://science.example/x", "Comet seen", "u-fay", "fay")
    case = modlog.open_case("science", other)
    modlog.append(community="science", case=case, actor=BOT, action="comment",
                  rules=["not-original-source"], reason=COMMENT)  # fmt: skip
    db.close()
    return path


#: When the demo's last entry was written (the stats tests pass it as "now").
DEMO_END = START + timedelta(days=2, hours=11)
