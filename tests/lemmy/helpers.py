"""Rule sets and adapters for the Lemmy tests."""

from __future__ import annotations

from bot.guidelines import Community, Guidelines, RuleConfig
from bot.lemmy.base import LemmyBaseClient
from bot.models import RULE_IDS, Finding, Post
from bot.pipeline.adapter import ModQueueItem
from bot.platforms.lemmy import LemmyAdapter

NAMES = {
    "editorialized-title": (3, "Do not editorialize titles"),
    "ragebait": (4, "No ragebait"),
}


def make_guidelines(
    lemmy: tuple[str, ...] = ("!worldnews@lemmy.test",), *, mode: str = "live"
) -> Guidelines:
    rules = {
        rid: RuleConfig(
            id=rid,
            guideline=NAMES.get(rid, (n, ""))[0],
            name=NAMES.get(rid, (n, rid))[1],
            action="remove" if rid == "ragebait" else "flag",
        )
        for n, rid in enumerate(RULE_IDS, start=1)
    }
    community = Community(key="worldnews", name="World News", rules=rules, lemmy=lemmy, mode=mode)
    return Guidelines(mode=mode, default="worldnews", communities={"worldnews": community})


def lemmy_post(post_id: int, title: str = "Shocking news") -> Post:
    return Post(
        id=str(post_id),
        title=title,
        url="https://example.org/a",
        platform="lemmy",
        community="worldnews",
    )


def queue_item(post: Post, key: str, message: str = "sensational wording") -> ModQueueItem:
    finding = Finding("ragebait", 0.9, message, {"words": ["shocking"], "score": 0.9}, "flag")
    return ModQueueItem(
        case=1,
        post=post,
        findings=(finding,),
        decision="flag",
        suggested_action="review (ragebait)",
        key=key,
    )


async def make_adapter(client: LemmyBaseClient, **kw: object) -> LemmyAdapter:
    me = await client.me()
    return LemmyAdapter(client, me, make_guidelines(), **kw)  # type: ignore[arg-type]
