from __future__ import annotations

import pytest
from sqlite_utils import Database

from bot.models import RULE_IDS, Finding
from bot.pipeline.findings import FindingStore
from bot.pipeline.stats import rule_stats, suggest
from bot.pipeline.verdicts import RunningVerdicts, verdict_counts
from bot.store.entries import Actor, PostRef
from bot.store.modlog import Modlog

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


BOT = Actor("newsmod", "newsmod", "bot")
MOD = Actor("m1", "alice", "moderator")


def flagged(db: Database, modlog: Modlog, pid: str, community: str, rule: str) -> int:
    """A post the bot flagged for ``rule``: its case, finding and modlog entry."""
    p = post(pid, community=community)
    ref = PostRef(p.platform, p.id, p.url or "", p.title, "", "")
    case = modlog.open_case(community, ref)
    FindingStore(db).sync(p, case, [Finding(rule, 0.9, "m")])
    modlog.append(community=community, case=case, actor=BOT, action="flag", post=ref,
                  rules=(rule,), reason="review")  # fmt: skip
    return case


def decide(modlog: Modlog, community: str, case: int, action: str, *rules: str) -> None:
    modlog.append(community=community, case=case, actor=MOD, action=action, rules=rules,
                  reason="r")  # fmt: skip


def test_rule_stats_counts_findings_and_verdicts_per_community(db: Database) -> None:
    modlog = Modlog(db)
    cases = {}
    for n in range(1, 26):
        community = "europe" if n > 22 else "worldnews"
        cases[n] = (community, flagged(db, modlog, f"p{n}", community, "ragebait"))
        decide(modlog, *cases[n], "confirm" if n <= 20 else "dismiss", "ragebait")
    flagged(db, modlog, "x", "worldnews", "blogspam")
    decide(modlog, *cases[21], "confirm", "ragebait")  # a second verdict: the latest wins

    stats = {s.rule: s for s in rule_stats(db)}
    assert list(stats) == list(RULE_IDS)
    rage = stats["ragebait"]
    assert (rage.findings, rage.confirmed, rage.dismissed) == (25, 21, 4)
    assert rage.suggestion == "flag: 84% precision over 25 cases"
    assert rage.to_json()["precision"] == 0.84
    assert stats["blogspam"].to_json() == {
        "rule": "blogspam",
        "findings": 1,
        "confirmed": 0,
        "dismissed": 0,
        "precision": None,
        "suggestion": "not enough data: 0 labelled of 20 needed",
    }
    world = {s.rule: s for s in rule_stats(db, "worldnews")}["ragebait"]
    assert (world.findings, world.confirmed, world.dismissed) == (22, 21, 1)


def test_a_removal_confirms_and_an_approval_dismisses(db: Database) -> None:
    modlog = Modlog(db)
    removed = flagged(db, modlog, "a", "worldnews", "tabloid-source")
    decide(modlog, "worldnews", removed, "remove", "tabloid-source")
    approved = flagged(db, modlog, "b", "worldnews", "ragebait")
    decide(modlog, "worldnews", approved, "approve", "ragebait")
    # a removal for a rule the bot never raised on the case is a miss, not a confirmation
    decide(modlog, "worldnews", approved, "remove", "blogspam")
    # restores and notes judge nothing
    decide(modlog, "worldnews", removed, "restore")
    decide(modlog, "worldnews", removed, "note")
    assert verdict_counts(db) == {"tabloid-source": (1, 0), "ragebait": (0, 1)}
    stats = {s.rule: (s.confirmed, s.dismissed) for s in rule_stats(db)}
    assert stats["tabloid-source"] == (1, 0)
    assert stats["ragebait"] == (0, 1)
    assert stats["blogspam"] == (0, 0)


def test_a_running_count_reads_only_new_entries_and_matches_a_fresh_one(db: Database) -> None:
    modlog = Modlog(db)
    running = RunningVerdicts()
    first = flagged(db, modlog, "a", "worldnews", "ragebait")
    decide(modlog, "worldnews", first, "confirm", "ragebait")
    assert running.counts(db) == {"ragebait": (1, 0)}
    decide(modlog, "worldnews", first, "dismiss", "ragebait")  # changes its mind: latest wins
    second = flagged(db, modlog, "b", "europe", "blogspam")
    decide(modlog, "europe", second, "remove", "blogspam")
    assert running.counts(db) == verdict_counts(db) == {"ragebait": (0, 1), "blogspam": (1, 0)}
    assert running.counts(db, "europe") == {"blogspam": (1, 0)}
    stats = {s.rule: (s.confirmed, s.dismissed) for s in rule_stats(db, None, running)}
    assert stats["ragebait"] == (0, 1)
