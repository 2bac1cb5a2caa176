"""The stats queries and the server-side SVG charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from bot.models import RULE_IDS
from bot.store import open_db
from bot.web import charts
from bot.web.queries import case_extras
from bot.web.statsagg import stats_data
from tests.web.demo import DEMO_END

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def db(demo_db):
    database = open_db(demo_db, readonly=True)
    yield database
    database.close()


def test_actions_per_day_per_rule(db):
    data = stats_data(db, community=None, days=7, now=DEMO_END)
    assert data.days[0] == "2026-11-16"
    assert data.days[-1] == "2026-11-22"
    assert data.per_day == {
        "2026-11-20": {"editorialized-title": 1, "paywall-no-archive": 1,
                       "social-media-source": 1, "tabloid-source": 1},
        "2026-11-21": {"editorialized-title": 1},  # the removal; confirm/dismiss are verdicts
        "2026-11-22": {"not-original-source": 1},
    }  # fmt: skip


def test_verdicts_and_time_to_decision(db):
    data = stats_data(db, community="worldnews", days=30, now=DEMO_END)
    assert data.verdicts == {
        "editorialized-title": (1, 0),
        "paywall-no-archive": (0, 1),
        "tabloid-source": (1, 0),
    }
    # Posts were created at 07:00 on the 20th; the first decisions came at 16:00 and 19:00 on
    # the 21st and 19:00 on the 22nd.
    assert data.decision_hours == {
        "editorialized-title": [33.0],
        "paywall-no-archive": [36.0],
        "tabloid-source": [60.0],
    }
    assert data.median_hours == 36.0
    assert data.decided == 3


def test_window_and_community_limit_the_data(db):
    assert stats_data(db, community="science", days=30, now=DEMO_END).verdicts == {}
    later = stats_data(db, community=None, days=1, now=DEMO_END + timedelta(days=40))
    assert later.per_day == {}
    assert later.median_hours is None
    one_day = stats_data(db, community=None, days=1, now=DEMO_END)
    assert one_day.per_day == {"2026-11-22": {"not-original-source": 1}}


def test_case_extras_reads_the_pipeline_tables(db):
    extras = case_extras(db, "worldnews", 1)
    assert [f.rule for f in extras.findings] == ["editorialized-title"]
    assert extras.findings[0].evidence["similarity"] == 0.42
    assert case_extras(db, "worldnews", 99).findings == []


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_stacked_bars_are_valid_svg_with_proportional_heights():
    svg = charts.stacked_bars(
        ["2026-11-01", "2026-11-02"],
        {"2026-11-01": {"ragebait": 2, "blogspam": 2}, "2026-11-02": {"ragebait": 1}},
        label="a <test> & chart",
    )
    root = _parse(svg)
    assert root.get("viewBox") == "0 0 480 240"
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 3
    heights = sorted(float(b.get("height")) for b in bars)
    assert heights[1] == pytest.approx(heights[0] * 2, rel=0.01)
    assert root.find(f"{SVG}title").text == "a <test> & chart"
    assert bars[0].get("fill") == charts.RULE_COLOURS["ragebait"]


@pytest.mark.parametrize(
    ("value", "axis"),
    [(0, (1, 1)), (3, (3, 1)), (5, (5, 1)), (6, (6, 2)), (11, (15, 5)), (23, (25, 5)),
     (49, (50, 10)), (230, (250, 50)), (1234, (1500, 500)), (9000, (10000, 2000))],
)  # fmt: skip
def test_axis_has_at_most_five_whole_steps(value, axis):
    assert charts._axis(value) == axis


def test_verdict_and_hour_bars():
    root = _parse(charts.verdict_bars({"ragebait": (3, 1)}, label="v"))
    widths = [float(r.get("width")) for r in root.findall(f"{SVG}rect")]
    assert widths[0] == pytest.approx(widths[1] * 3, rel=0.01)
    assert "75% of 4" in charts.verdict_bars({"ragebait": (3, 1)}, label="v")
    empty = charts.verdict_bars({}, label="v")
    assert "no confirmed or dismissed findings" in empty
    hours = charts.hour_bars({"blogspam": 2.0, "ragebait": 4.0}, label="h")
    assert re.findall(r"(\d+\.\d) h</text>", hours) == ["4.0", "2.0"]  # DESIGN order


def test_chart_text_is_escaped():
    svg = charts.stacked_bars(["<b>"], {"<b>": {"ragebait": 1}}, label="<script>")
    assert "<script>" not in svg
    assert "<b>" not in svg
    _parse(svg)


async def test_stats_page_draws_three_charts(client):
    resp = await client.get("/stats?days=7")
    assert resp.status == 200
    html = await resp.text()
    assert html.count('<svg class="chart"') == 3
    assert "<strong>6</strong> actions over the last 7 days" in html
    assert "36.0 h" in html
    assert "(3 decided cases)" in html
    assert "50% of 2" not in html
    assert "100% of 1" in html
    assert ">0% of 1" in html


async def test_stats_for_one_community(client):
    html = await (await client.get("/stats?community=science")).text()
    assert "<strong>1</strong> actions" in html
    assert "no moderator decisions in this window" in html


def test_incremental_stats_match_a_full_count(demo_db, tmp_path):
    """The cache reads only what was appended since; every window and community it serves
    equals counting from scratch, also when a later verdict overrides an earlier one and when
    the days move on."""
    import shutil

    from bot.store import Modlog
    from bot.web.statsagg import StatsCache
    from tests.web.demo import ALICE, BOB, BOT

    path = tmp_path / "grow.db"
    shutil.copy(demo_db, path)
    writer = open_db(path)
    reader = open_db(path, readonly=True)
    clock_now = [DEMO_END]
    modlog = Modlog(writer, clock=lambda: clock_now[0])
    cache = StatsCache()

    def check(community, days):
        cached = cache.get(reader, community=community, days=days, now=clock_now[0])
        scratch = stats_data(reader, community=community, days=days, now=clock_now[0])
        assert cached == scratch
        return cached

    before = check(None, 30)
    check("worldnews", 7)
    modlog.append(community="worldnews", case=1, actor=BOB, action="dismiss",
                  rules=["editorialized-title"], reason="on reflection, fine")  # fmt: skip
    modlog.append(community="worldnews", case=4, actor=BOT, action="flag",
                  rules=["tabloid-source"], reason="again")  # fmt: skip
    after = check(None, 30)
    assert after.verdicts["editorialized-title"] == (0, 1)  # the latest verdict wins
    assert after != before
    clock_now[0] += timedelta(days=1)
    modlog.append(community="worldnews", case=2, actor=ALICE, action="confirm",
                  rules=["paywall-no-archive"], reason="no archive after all")  # fmt: skip
    moved = check(None, 3)
    assert moved.days[-1] == "2026-11-23"
    check("worldnews", 7)
    check("science", 30)
    check(None, 90)
    clock_now[0] += timedelta(days=88)  # the 90-day horizon now starts on 2026-11-22
    late = check(None, 90)
    assert "2026-11-21" not in late.per_day
    assert min(cache._aggregate.actions)[1] == "2026-11-22"  # older buckets were dropped
    modlog.append(community="worldnews", case=3, actor=ALICE, action="remove",
                  rules=["social-media-source"], reason="social media")  # fmt: skip
    assert check("worldnews", 1).per_day == {"2027-02-19": {"social-media-source": 1}}
    check(None, 90)
    writer.close()
    reader.close()


@pytest.mark.parametrize(
    ("hours", "text"),
    [(0.0, "< 1 min"), (0.01, "< 1 min"), (0.05, "3 min"), (0.99, "59 min"), (0.995, "1.0 h"),
     (36.0, "36.0 h"), (60.0, "2.5 d")],
)  # fmt: skip
def test_durations_read_in_minutes_hours_or_days(hours, text):
    assert charts.duration(hours) == text


def test_decisions_within_minutes_never_read_zero_hours():
    svg = charts.hour_bars({"ragebait": 0.02, "blogspam": 0.0004}, label="h")
    assert "0.0 h" not in svg
    values = [v for v in re.findall(r">([^<>]+)</text>", svg) if v not in RULE_IDS]
    assert values == ["1 min", "&lt; 1 min"]  # DESIGN order: ragebait, then blogspam


def test_the_last_day_label_fits_inside_the_chart():
    days = [f"2026-11-{d:02d}" for d in range(1, 31)]
    root = _parse(charts.stacked_bars(days, {days[-1]: {"ragebait": 1}}, label="a"))
    width = float(root.get("viewBox").split()[2])
    labels = [t for t in root.findall(f"{SVG}text") if t.text and "-" in t.text]
    assert labels[-1].text == "11-30"
    half = len(labels[-1].text) * 0.6 * charts.FONT / 2  # text-anchor="middle"
    assert float(labels[-1].get("x")) + half <= width


def test_newsmod_stats_and_the_web_chart_count_the_same_verdicts(tmp_path, capsys):
    """One computation: on the demo's database (where a moderator's removal confirms the
    tabloid finding), the precision chart has exactly the rules and counts `newsmod stats` has."""
    from datetime import UTC, datetime

    from bot.cli.main import main
    from bot.pipeline.stats import rule_stats

    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    db = open_db(path, readonly=True)
    try:
        cli = {s.rule: (s.confirmed, s.dismissed) for s in rule_stats(db) if s.labelled}
        web = stats_data(db, community=None, days=30, now=datetime.now(UTC)).verdicts
    finally:
        db.close()
    assert web == cli
    assert web["tabloid-source"] == (1, 0)  # confirmed by the moderator's removal
