"""The pipeline keeps each community's history in the database and flags a repeat."""

from __future__ import annotations

import json

from sqlite_utils import Database

from bot.guidelines import load_guidelines
from bot.models import Page, Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.pipeline import Pipeline
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
