"""The labelled post cases (tests/fixtures/labelled/posts.jsonl) and bench_labelled's counting.

The set must stay well-formed: unique ids, known rule ids, every case of a page in the same
half. The counting is checked on a small table; the full run over the corpus pages is skipped
when ../shared/corpus is absent.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from bench import bench_labelled as bench
from bot.models import RULE_IDS

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
CASES = bench.load_cases()


def test_the_set_is_large_and_well_formed() -> None:
    assert len(CASES) >= 300
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case["title"].strip()
        assert set(case["expect"]) <= set(RULE_IDS), case["id"]
        assert set(case["dontcare"]) <= set(RULE_IDS), case["id"]
        assert not set(case["expect"]) & set(case["dontcare"]), case["id"]
        assert case["split"] in ("dev", "test")


def test_the_split_is_by_page_hash() -> None:
    for case in CASES:
        even = int(hashlib.sha1(case["page"].encode()).hexdigest(), 16) % 2 == 0
        assert case["split"] == ("dev" if even else "test"), case["id"]


def test_every_weak_kind_is_in_the_set() -> None:
    kinds = Counter(c["kind"].split("-")[0] for c in CASES)
    for prefix in ("rb", "farm", "us", "science", "clarity", "ed", "wire", "free"):
        assert kinds[prefix] >= 1, prefix
    rules = Counter(r for c in CASES for r in c["expect"])
    for rule in ("ragebait", "blogspam", "us-domestic-news", "editorialized-title"):
        assert rules[rule] >= 30, rule


def test_counts_skip_dontcare_and_forbid_the_rest() -> None:
    cases = [
        {"id": "a", "expect": ["ragebait"], "dontcare": ["blogspam"]},
        {"id": "b", "expect": [], "dontcare": []},
    ]
    fired = {"a": ["ragebait", "blogspam"], "b": ["ragebait"]}
    table = bench.counts(cases, fired)
    assert table["ragebait"] == Counter(tp=1, fp=1)
    assert table["blogspam"] == Counter(tn=1)  # case a: dontcare; case b: silent, forbidden
    assert table["us-domestic-news"] == Counter(tn=2)
    assert bench.scores(table["ragebait"]) == (0.5, 1.0)
    assert bench.scores(table["blogspam"]) == (None, None)


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "pages").is_dir(), reason="../shared/corpus is absent")
def test_the_test_half_meets_the_targets() -> None:
    test = [c for c in CASES if c["split"] == "test"]
    table = bench.summary(test, bench.fired(test))["test"]
    assert table["micro"]["p"] >= 0.95
    assert table["micro"]["r"] >= 0.85
    for rule, row in table.items():
        if row["p"] is not None:
            assert row["p"] >= 0.85, rule
        if row["r"] is not None:
            assert row["r"] >= 0.6, rule
