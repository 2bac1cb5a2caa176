from __future__ import annotations

import pytest
from sqlite_utils import Database

from bot.models import RULE_IDS, Finding
from bot.pipeline.findings import FindingStore
from bot.pipeline.stats import rule_stats, suggest

from .helpers import post


@pytest.mark.parametrize(
    ("confirmed", "dismissed", "expected"),
    [
        (0, 0, "not enough data: 0 labelled of 20 needed"),
        (19, 0, "not enough data: 19 labelled of 20 needed"),
        (16, 4, "flag: 80% precision over 20 cases"),
        (15, 5, "report only: 75% precision over 20 cases"),
        (27, 11, "report only: 71% precision over 38 cases"),
        (49, 0, "flag: 100% precision over 49 cases"),  # precise, but too few to act alone
        (48, 2, "auto-remove is supported: 96% precision over 50 cases"),
        (95, 5, "auto-remove is supported: 95% precision over 100 cases"),
        (949, 51, "flag: 94% precision over 1000 cases"),  # never shows 95% below the bar
        (0, 30, "report only: 0% precision over 30 cases"),
    ],
)
def test_suggestion_table(confirmed: int, dismissed: int, expected: str) -> None:
    assert suggest(confirmed, dismissed) == expected


def test_rule_stats_counts_findings_and_labels_per_community(db: Database) -> None:
    store = FindingStore(db)
    for n in range(1, 26):
        community = "europe" if n > 22 else "worldnews"
        p = post(f"p{n}", community=community)
        store.sync(p, n, [Finding("ragebait", 0.9, "m")])
        label = "confirmed" if n <= 20 else "dismissed"
        store.label(community, n, "ragebait", label, "alice")
    store.sync(post("x", community="worldnews"), 99, [Finding("blogspam", 0.8, "m")])
    store.label("worldnews", 3, "ragebait", "confirmed", "bob")  # relabel: latest wins, one row

    stats = {s.rule: s for s in rule_stats(db)}
    assert list(stats) == list(RULE_IDS)
    rage = stats["ragebait"]
    assert (rage.findings, rage.confirmed, rage.dismissed) == (25, 20, 5)
    assert rage.suggestion == "flag: 80% precision over 25 cases"
    assert rage.to_json()["precision"] == 0.8
    assert stats["blogspam"].to_json() == {
        "rule": "blogspam",
        "findings": 1,
        "confirmed": 0,
        "dismissed": 0,
        "precision": None,
        "suggestion": "not enough data: 0 labelled of 20 needed",
    }
    world = {s.rule: s for s in rule_stats(db, "worldnews")}["ragebait"]
    assert (world.findings, world.confirmed, world.dismissed) == (22, 20, 2)
