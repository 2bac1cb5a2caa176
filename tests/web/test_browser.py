"""End to end in headless Chromium (Debian's ``chromium``, driven by Playwright): load the
modlog over the demo database, filter through the form, open a case, check the stats chart.

Installs nothing: skips with a message when no Chromium is found (``.ci/install-browser``
installs it in CI). Screenshots go to ``tests/artifacts/``.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web
from playwright.async_api import async_playwright

from bot.models import RULE_IDS
from bot.web import WebSettings, create_app
from tests.web.demo import DEMO_END

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no headless browser: install Debian's chromium (.ci/install-browser) to run it",
    ),
]


@pytest.fixture
async def base_url(demo_db: Path) -> AsyncIterator[str]:
    app = create_app(demo_db, WebSettings(), clock=lambda: DEMO_END)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def page():
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = await browser.new_context(viewport={"width": 390, "height": 844})
            errors: list[str] = []
            tab = await context.new_page()
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: errors.append(str(e)))
            yield tab
            assert errors == []  # no CSP violations, no script errors
        finally:
            await browser.close()


async def test_filter_open_case_and_stats_chart(page, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    await page.goto(f"{base_url}/")
    assert await page.title() == "Modlog · newsmod"
    assert await page.locator("li.entry").count() == 10
    # The stylesheet applied under the strict CSP: entries are white cards.
    background = await page.locator("li.entry").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert background == "rgb(255, 255, 255)"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    await page.screenshot(path=str(ARTIFACTS / "web-modlog.png"), full_page=True)

    await page.select_option("select[name=rule]", "editorialized-title")
    await page.click("button[type=submit]")
    await page.wait_for_url("**/?*rule=editorialized-title*")
    assert await page.locator("li.entry").count() == 3
    actions = await page.locator("li.entry .action").all_inner_texts()
    assert [a.lower() for a in actions] == ["remove", "confirm", "flag"]

    await page.locator("a.case").first.click()
    await page.wait_for_url("**/case/worldnews/1")
    assert "Minister SLAMS critics" in await page.locator("section.post-card").inner_text()
    assert await page.locator("li.finding").count() == 1
    assert "a moderator" in await page.locator("ol.entries").inner_text()
    await page.screenshot(path=str(ARTIFACTS / "web-case.png"), full_page=True)

    await page.goto(f"{base_url}/case/worldnews/3")
    title = page.locator("section.post-card .title")
    assert "<script>" in await title.inner_text()  # shown as text, never run
    assert await page.locator("section.post-card .title a").count() == 0  # javascript: URL

    await page.goto(f"{base_url}/stats?days=7")
    charts = page.locator("svg.chart")
    assert await charts.count() == 3
    box = await charts.first.bounding_box()
    assert box is not None
    assert 300 < box["width"] <= 390  # scaled to the phone's width by its viewBox
    assert box["height"] > 100
    assert await charts.first.locator("rect.bar").count() == 6
    bar = await charts.first.locator("rect.bar").first.bounding_box()
    assert bar is not None
    assert bar["height"] > 5
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    await page.screenshot(path=str(ARTIFACTS / "web-stats.png"), full_page=True)

    await page.set_viewport_size({"width": 1280, "height": 900})
    await page.goto(f"{base_url}/stats?days=7")
    box = await page.locator("svg.chart").first.bounding_box()
    assert box is not None
    assert 600 < box["width"] <= 704  # capped on a wide screen (44rem)
    await page.screenshot(path=str(ARTIFACTS / "web-stats-desktop.png"), full_page=True)


@pytest.fixture
def cli_demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The database `newsmod demo` leaves (moderators decided just now)."""
    from bot.cli.main import main

    path = tmp_path / "demo.db"
    assert main(["demo", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
async def demo_site(cli_demo_db: Path) -> AsyncIterator[tuple[str, datetime]]:
    """`newsmod web` over it, its clock stopped when it starts."""
    now = datetime.now(UTC)
    app = create_app(cli_demo_db, WebSettings(), clock=lambda: now)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", now
    finally:
        await runner.cleanup()


#: Every chart text's box, and its chart's box, as the browser laid them out.
TEXT_BOXES = """svg => {
  const outer = svg.getBoundingClientRect();
  return [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left - outer.left, right: outer.right - r.right,
            top: r.top - outer.top, bottom: outer.bottom - r.bottom};
  });
}"""


async def test_stats_charts_show_every_axis_label_and_every_rule_newsmod_stats_counts(
    page, demo_site, cli_demo_db
):
    from bot.pipeline.stats import rule_stats
    from bot.store import open_db

    base_url, now = demo_site
    db = open_db(cli_demo_db, readonly=True)
    try:
        judged = {s.rule for s in rule_stats(db) if s.labelled}
    finally:
        db.close()
    assert "tabloid-source" in judged  # confirmed by the moderator's removal

    ARTIFACTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        await page.set_viewport_size({"width": width, "height": 900})
        await page.goto(f"{base_url}/stats?days=30")
        charts = page.locator("svg.chart")
        assert await charts.count() == 3
        for i in range(3):
            boxes = await charts.nth(i).evaluate(TEXT_BOXES)
            assert boxes
            for box in boxes:  # nothing cut off at any edge, the last day label included
                sides = (box["left"], box["right"], box["top"], box["bottom"])
                assert min(sides) >= -0.5, box
        per_day, verdicts, hours = [await charts.nth(i).evaluate(TEXT_BOXES) for i in range(3)]
        days = [b["text"] for b in per_day if "-" in b["text"]]
        assert days[-1] == now.strftime("%m-%d")  # the last x-axis label: today
        shown = {b["text"] for b in verdicts} & set(RULE_IDS)
        assert shown == judged  # the precision chart has every rule `newsmod stats` counts
        times = [b["text"] for b in hours if b["text"].endswith(("min", " h", " d"))]
        assert times
        assert "0.0 h" not in times
        await page.screenshot(path=str(ARTIFACTS / f"web-stats-demo-{width}.png"), full_page=True)
