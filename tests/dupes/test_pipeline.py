"""The pipeline keeps each community's history in the database and flags a repeat."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlite_utils import Database

from bot.cli.main import main
from bot.dupes.evidence import earlier_line, earlier_posts
from bot.guidelines import load_guidelines
from bot.lemmy.poller import post_from_lemmy
from bot.lemmy.types import LemmyCommunity, LemmyPerson, LemmyPost
from bot.models import Page, Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.pipeline import Pipeline
from bot.store.modlog import Modlog
from bot.store.writer import DbWriter

LINK = "https://www.wire-example.com/world/2026/03/02/sweden-drops-assange-inquiry"


class UnreachableFetcher:
    async def fetch(self, url: str) -> Page:
        return Page(url=url, final_url=url, status=0, error="not served in this test")


def _findings(db: Database, post_id: str) -> dict[str, dict]:  # type: ignore[type-arg]
    row = db.execute("SELECT result FROM posts WHERE post_id = ?", [post_id]).fetchone()
    return {f["rule"]: f for f in json.loads(row[0])["findings"]}


def _post(post_id: str, url: str, when: str, community: str = "") -> Post:
    return Post(post_id, "Sweden drops the Assange inquiry", url, platform="lemmy",
                community=community, created_at=when)  # fmt: skip


async def test_a_repeat_is_flagged_with_the_earlier_post_as_evidence(
    db: Database, writer: DbWriter
) -> None:
    adapter = InProcessAdapter("lemmy")
    pipe = Pipeline(db, writer, UnreachableFetcher(), load_guidelines(), {"lemmy": adapter})
    await pipe.submit(_post("1", LINK, "2026-03-02T09:00:00+00:00"))
    await pipe.run_until_empty()
    assert _findings(db, "1") == {}
    await pipe.submit(
        _post(
            "2",
            "https://m.wire-example.com/world/2026/03/02/sweden-drops-assange-inquiry?fbclid=x",
            "2026-03-02T11:00:00+00:00",
        )
    )
    await pipe.run_until_empty()
    found = _findings(db, "2")["duplicate-post"]
    assert found["action"] == "flag"
    (earlier,) = found["evidence"]["earlier"]
    assert (earlier["post_id"], earlier["platform"], earlier["link"]) == ("1", "lemmy", LINK)
    assert earlier["case"] is None  # the first post broke no rule: no case was opened
    assert [c.kind for c in adapter.calls] == ["notify_mods"]
    assert adapter.calls[0].item is not None
    assert adapter.calls[0].item.rules == ("duplicate-post",)
    # the third repeat names both earlier posts, and the case the second one opened
    await pipe.submit(_post("3", LINK + "#top", "2026-03-02T12:00:00+00:00"))
    await pipe.run_until_empty()
    earlier = _findings(db, "3")["duplicate-post"]["evidence"]["earlier"]
    assert [(e["post_id"], e["case"] is not None) for e in earlier] == [("1", False), ("2", True)]


async def test_the_evidence_links_the_earlier_post_on_lemmy(db: Database, writer: DbWriter) -> None:
    """A second Lemmy post of the article: the evidence links the first post's page on the
    bot's instance (``link``) and names the article it linked (``article``)."""
    site = "https://lemmy.example"
    community = LemmyCommunity(1, "worldnews", "lemmy.example")
    poster = LemmyPerson(2, "alice", "lemmy.example")
    first = LemmyPost(41, community, poster, "Sweden drops the Assange inquiry", LINK, "",
                      "2026-03-02T09:00:00Z")  # fmt: skip
    second = replace(first, id=42, url=LINK + "?utm_source=x", published="2026-03-02T10:00:00Z")
    pipe = Pipeline(db, writer, UnreachableFetcher(), load_guidelines(),
                    {"lemmy": InProcessAdapter("lemmy")})  # fmt: skip
    for post in (first, second):
        await pipe.submit(post_from_lemmy(post, "", site))
        await pipe.run_until_empty()
    (earlier,) = _findings(db, "42")["duplicate-post"]["evidence"]["earlier"]
    assert (earlier["post_id"], earlier["link"], earlier["article"]) == (
        "41",
        f"{site}/post/41",
        LINK,
    )
    # /case and `newsmod case` give both: the post's page, then the article it linked
    assert earlier_line(earlier).startswith(
        f"post 41 · lemmy · 2026-03-02 09:00 · up · {site}/post/41 · article {LINK} (same article"
    )


async def test_a_post_the_bot_removes_blocks_nothing(db: Database, writer: DbWriter) -> None:
    tabloid = "https://www.thesun.co.uk/news/123/sweden-drops-assange/"
    pipe = Pipeline(db, writer, UnreachableFetcher(), load_guidelines(),
                    {"lemmy": InProcessAdapter("lemmy")})  # fmt: skip
    await pipe.submit(_post("1", tabloid, "2026-03-02T09:00:00+00:00"))
    await pipe.run_until_empty()
    assert "tabloid-source" in _findings(db, "1")
    await pipe.submit(_post("2", tabloid + "?utm_source=x", "2026-03-02T10:00:00+00:00"))
    await pipe.run_until_empty()
    assert "duplicate-post" not in _findings(db, "2")


async def test_an_edit_of_the_same_post_is_not_a_repeat_of_itself(
    db: Database, writer: DbWriter
) -> None:
    pipe = Pipeline(db, writer, UnreachableFetcher(), load_guidelines(),
                    {"lemmy": InProcessAdapter("lemmy")})  # fmt: skip
    await pipe.submit(_post("1", LINK, "2026-03-02T09:00:00+00:00"))
    await pipe.run_until_empty()
    edited = Post("1", "Sweden drops the Assange inquiry (edited)", LINK + "?utm_source=x",
                  platform="lemmy", created_at="2026-03-02T09:00:00+00:00")  # fmt: skip
    await pipe.submit(edited)
    await pipe.run_until_empty()
    assert "duplicate-post" not in _findings(db, "1")
    assert db.execute("SELECT count(*) FROM dup_posts").fetchone()[0] == 1


async def test_the_case_shows_the_earlier_posts(
    db: Database, writer: DbWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    from cogs.render import case_embed

    pipe = Pipeline(db, writer, UnreachableFetcher(), load_guidelines(),
                    {"lemmy": InProcessAdapter("lemmy")})  # fmt: skip
    await pipe.submit(_post("1", LINK, "2026-03-02T09:00:00+00:00"))
    await pipe.submit(_post("2", LINK + "?utm_source=x", "2026-03-02T10:00:00+00:00"))
    await pipe.run_until_empty()
    case_no = db.execute("SELECT case_no FROM posts WHERE post_id = '2'").fetchone()[0]
    case = Modlog(db).get_case("worldnews", case_no)
    assert case is not None
    (earlier,) = earlier_posts(case.entries)
    assert earlier["post_id"] == "1"
    line = earlier_line(earlier)
    assert line.startswith("post 1 · lemmy · 2026-03-02 09:00 · up · " + LINK)
    embed = case_embed(case)
    field = next(f for f in embed.fields if f.name == "Already posted")
    assert "post 1" in (field.value or "")
    # the CLI shows them too
    db_path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    assert main(["case", str(case_no), "--db", db_path]) == 0
    out = capsys.readouterr().out
    assert "Already posted (duplicate-post):\n  post 1 · lemmy" in out


async def test_an_edit_is_checked_against_the_posts_made_before_it(
    db: Database, writer: DbWriter
) -> None:
    """No times from the platform: post 1, then post 2 (the same article, a repeat of 1), then
    post 1 edited. The edit is checked as of when post 1 arrived: post 2 is not its earlier
    post, and post 1 keeps its place in the history."""
    pipe = Pipeline(db, writer, UnreachableFetcher(), load_guidelines(),
                    {"lemmy": InProcessAdapter("lemmy")})  # fmt: skip
    first = Post("1", "Sweden drops the Assange inquiry", LINK, platform="lemmy")
    await pipe.submit(first)
    await pipe.run_until_empty()
    await pipe.submit(Post("2", "Sweden drops Assange case", LINK + "?utm_source=x",
                           platform="lemmy"))  # fmt: skip
    await pipe.run_until_empty()
    earlier = _findings(db, "2")["duplicate-post"]["evidence"]["earlier"]
    assert [e["post_id"] for e in earlier] == ["1"]
    posted = db.execute("SELECT posted FROM dup_posts ORDER BY ref").fetchall()
    await pipe.submit(Post("1", "Sweden drops the Assange inquiry (edited)", LINK,
                           platform="lemmy"))  # fmt: skip
    await pipe.run_until_empty()
    assert "duplicate-post" not in _findings(db, "1")
    assert db.execute("SELECT posted FROM dup_posts ORDER BY ref").fetchall() == posted
