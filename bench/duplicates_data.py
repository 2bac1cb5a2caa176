"""The labelled streams of ``bench/data/duplicates.jsonl`` and their scoring (``bench_duplicates``
and the corpus tests read this).

Each line is one community's stream: posts in order, each a corpus page (``page``: an id of
``../shared/corpus/news.jsonl``, or null for a link whose page was not saved), the link as
posted (``link``: a URL variant, an archive or shortener link...), the fetcher's final URL for a
shortener (``final_url``), the title, the hours since the stream began, and the labels: the ids
of the earlier posts that are the same article (``same_article``) and the same story from
another outlet (``same_story``). A post may name a page of ``examples/`` instead (``example``:
its path there, the demo's pages). A URL variant is read as an unreachable page (the link alone
must be enough), except a shortener, which the fetcher follows to the saved page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from bot.dupes.history import MemoryHistory
from bot.dupes.step import stream_step
from bot.extract import extract_article
from bot.guidelines import Community
from bot.models import Article, CheckResult, Post
from bot.snapshot import read_snapshot

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
CORPUS = REPO.parent / "shared" / "corpus"
DATA = Path(__file__).resolve().parent / "data" / "duplicates.jsonl"
START = datetime(2019, 11, 18, tzinfo=UTC)


def streams(split: str | None = None) -> Iterator[dict[str, Any]]:
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            stream = json.loads(line)
            if split is None or stream["split"] == split:
                yield stream


@cache
def _html(page: str) -> str:
    return read_snapshot(CORPUS / "pages" / f"{page}.html.gz")


def post_and_article(item: dict[str, Any], stream: str) -> tuple[Post, Article]:
    when = START + timedelta(hours=float(item["hours"]))
    post = Post(
        id=item["id"], title=item["title"], url=item["link"], platform="bench",
        community=stream, created_at=when.isoformat(),
    )  # fmt: skip
    page, final = item.get("page"), item.get("final_url")
    if item.get("example"):
        html = (EXAMPLES / item["example"]).read_text(encoding="utf-8")
        return post, extract_article(html, item["link"], status="snapshot")
    if page is None or ("variant" in item and final is None and item["variant"] != "canonical"):
        return post, Article.unreachable(item["link"], "not fetched (bench)")
    return post, extract_article(_html(page), item["link"], final_url=final, status="snapshot")


@dataclass
class Scores:
    """Post-level counts: a post is a positive when its label lists an earlier post; a match is
    right when the earlier post it names first is one of those."""

    tp: dict[str, int] = field(default_factory=lambda: {"same-article": 0, "same-story": 0})
    fp: dict[str, int] = field(default_factory=lambda: {"same-article": 0, "same-story": 0})
    fn: dict[str, int] = field(default_factory=lambda: {"same-article": 0, "same-story": 0})
    errors: list[str] = field(default_factory=list)

    def precision(self, kind: str) -> float:
        found = self.tp[kind] + self.fp[kind]
        return self.tp[kind] / found if found else 1.0

    def recall(self, kind: str) -> float:
        wanted = self.tp[kind] + self.fn[kind]
        return self.tp[kind] / wanted if wanted else 1.0


def score_stream(stream: dict[str, Any], community: Community, scores: Scores) -> None:
    community = replace(community, key=stream["stream"])
    history = MemoryHistory()
    for item in stream["posts"]:
        post, article = post_and_article(item, stream["stream"])
        result = CheckResult(id=post.id, decision="allow", article=article)
        result = stream_step(post, result, community, history)
        found = [f for f in result.findings if f.rule == "duplicate-post"]
        got = found[0].evidence if found else None
        top = got["earlier"][0] if got else None
        kind = (
            "same-article" if item["same_article"] else "same-story" if item["same_story"] else None
        )
        wanted = set(item["same_article"] or item["same_story"])
        if top is not None:
            right = top["match"] == kind and top["post_id"] in wanted
            scores.tp[top["match"]] += right
            scores.fp[top["match"]] += not right
            if not right:
                scores.errors.append(
                    f"{item['id']}: {top['match']} of {top['post_id']} ({top['why']})"
                )
        if kind is not None and (
            top is None or top["match"] != kind or top["post_id"] not in wanted
        ):
            scores.fn[kind] += 1
            if top is None:
                scores.errors.append(f"{item['id']}: missed {kind} of {sorted(wanted)}")


def evaluate(split: str, community: Community) -> Scores:
    scores = Scores()
    for stream in streams(split):
        score_stream(stream, community, scores)
    return scores
