from __future__ import annotations

from typing import Any

import pytest

from bot.models import CheckResult, Page, Post
from bot.pipeline.backtest import BacktestRow, Outcome, backtest, summarize

from .helpers import FakeChecker, make_guidelines

P = Post("1", "t", "https://x.example/1")


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (Outcome("allow", {}), Outcome("allow", {}), ""),
        (Outcome("allow", {}), Outcome("flag", {"ragebait": "flag"}), "allow → flag; +ragebait"),
        (Outcome("flag", {"ragebait": "flag"}), Outcome("allow", {}), "flag → allow; -ragebait"),
        (
            Outcome("flag", {"tabloid-source": "flag"}),
            Outcome("remove", {"tabloid-source": "remove"}),
            "flag → remove; tabloid-source flag → remove",
        ),
    ],
)
def test_change_description(before: Outcome, after: Outcome, change: str) -> None:
    row = BacktestRow(P, before, "decided", after)
    assert row.change() == change
    assert row.changed == bool(change)


def test_disagreements_with_moderators_and_summary() -> None:
    before = Outcome("flag", {"ragebait": "flag", "blogspam": "flag"})
    after = Outcome("flag", {"blogspam": "flag", "tabloid-source": "flag"})
    labels = {"ragebait": "confirmed", "blogspam": "dismissed", "tabloid-source": "confirmed"}
    row = BacktestRow(P, before, "decided", after, labels)
    assert row.disagreements() == ["raises dismissed blogspam", "misses confirmed ragebait"]
    same = BacktestRow(Post("2", "t"), Outcome("allow", {}), "baseline", Outcome("allow", {}))
    assert summarize([row, same]) == {
        "posts": 2,
        "changed": 1,
        "before": {"flag": 1, "allow": 1},
        "after": {"flag": 1, "allow": 1},
        "rules_added": {"tabloid-source": 1},
        "rules_dropped": {"ragebait": 1},
        "labelled_posts": 1,
        "disagreements": 2,
    }


async def test_each_page_is_fetched_once_for_both_configs_and_order_is_kept() -> None:
    fetched: list[str] = []

    class Fetcher:
        async def fetch(self, url: str) -> Page:
            fetched.append(url)
            return Page(url=url, final_url=url, text="<html></html>")

    seen: list[tuple[str, Any]] = []

    async def checker(post: Post, fetcher: Any, guidelines: Any) -> CheckResult:
        page = await fetcher.fetch(post.url)
        seen.append((guidelines.version, page))
        return await FakeChecker()(post, fetcher, guidelines)

    trial = make_guidelines(actions={"ragebait": "remove"}, version="trial")
    posts = [Post(str(i), "[ragebait]" if i % 2 else "fine", f"https://x.example/{i}")
             for i in range(20)]  # fmt: skip
    replay = backtest(posts, trial=trial, baseline=make_guidelines(), fetcher=Fetcher(),
                      checker=checker, concurrency=3)  # fmt: skip
    rows = [r async for r in replay]
    assert [r.post.id for r in rows] == [str(i) for i in range(20)]
    assert sorted(fetched) == sorted(p.url for p in posts if p.url)  # once per post
    assert len(seen) == 40
    assert [r.change() for r in rows[:2]] == ["", "flag → remove; ragebait flag → remove"]
