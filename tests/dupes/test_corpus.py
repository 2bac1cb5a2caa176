"""The labelled streams of ``bench/data/duplicates.jsonl`` (corpus pages): well-formed always;
scored on the dev half when ../shared/corpus is present (the test half is for ``make bench``)."""

from __future__ import annotations

import pytest

from bench.duplicates_data import CORPUS, evaluate, streams
from bot.guidelines import load_guidelines


def test_labels_name_earlier_posts_of_their_own_stream() -> None:
    splits = set()
    for stream in streams():
        splits.add(stream["split"])
        seen: set[str] = set()
        for post in stream["posts"]:
            assert set(post["same_article"]) | set(post["same_story"]) <= seen, post["id"]
            assert post["id"] not in seen
            seen.add(post["id"])
    assert splits == {"dev", "test"}


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "news.jsonl").exists(), reason="../shared/corpus is absent")
def test_dev_streams_meet_the_targets() -> None:
    scores = evaluate("dev", load_guidelines().community())
    assert scores.precision("same-article") == 1.0, scores.errors
    assert scores.recall("same-article") >= 0.98, scores.errors
    assert scores.precision("same-story") >= 0.90, scores.errors
    assert scores.recall("same-story") >= 0.80, scores.errors
