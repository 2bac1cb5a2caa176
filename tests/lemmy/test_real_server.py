"""Lemmy as the real server behaves (0.19 and 1.0), and newsmod handling each behaviour.

Each test here fails against the fake server or the client as they were before these rules were
read from Lemmy's source (see ``tests/lemmy/fake/moderation.py`` and ``server.py``).
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from bot.lemmy import LemmyError, open_client
from bot.lemmy.base import LemmyAuthError, LemmyBaseClient, LemmyCredentials
from bot.lemmy.poller import LemmyPoller
from bot.lemmy.settings import LemmySettings
from bot.pipeline.adapter import ActionRefused, ModQueueItem
from bot.platforms.lemmy import connect, watch
from tests.lemmy.conftest import Instance
from tests.lemmy.fake.state import ReportRec
from tests.lemmy.helpers import lemmy_post, make_adapter, make_guidelines, queue_item
from tests.lemmy.test_watch import Collector

KEY = "lemmy:{}:ragebait:{}:h1"


def codes(lemmy: Instance, path: str) -> list[tuple[int, object]]:
    return [(e.status, e.body.get("error") if isinstance(e.body, dict) else None)
            for e in lemmy.fake.exchanges if e.path == path]  # fmt: skip


# -- one report per account per post ------------------------------------------------------------


async def test_second_report_by_the_same_account_fails(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    await client.report_post(post.id, "first")
    with pytest.raises(LemmyError) as err:
        await client.report_post(post.id, "second")
    expected = "couldnt_create_report" if lemmy.fake.version == "v3" else "couldnt_create"
    assert (err.value.code, err.value.status) == (expected, 400)
    assert len(lemmy.fake.state.reports) == 1


async def test_reporting_a_removed_post_fails_and_the_adapter_does_not_retry(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    lemmy.fake.state.remove_post(lemmy.mod, post, True, "by a human")
    with pytest.raises(LemmyError) as err:
        await client.report_post(post.id, "too late")
    v3 = lemmy.fake.version == "v3"
    assert (err.value.code, err.value.status) == (
        ("couldnt_find_post", 400) if v3 else ("not_found", 404)
    )
    forwarded: list[ModQueueItem] = []

    async def forward(item: ModQueueItem) -> None:
        forwarded.append(item)

    adapter = await make_adapter(client, forward=forward)
    item = queue_item(lemmy_post(post.id), KEY.format(post.id, "notify"))
    await adapter.notify_mods(item)  # logged, not raised: the action is done, no retry loop
    assert not lemmy.fake.state.reports
    assert forwarded == [item]  # the Discord mod queue still hears of it


# -- 1.0 cannot lock a removed post -------------------------------------------------------------


async def test_lock_of_a_removed_post(lemmy: Instance, client: LemmyBaseClient) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    await client.remove_post(post.id, "rule 4")
    if lemmy.fake.version == "v3":  # 0.19 reads the post with Post::read: it is found
        await client.lock_post(post.id, "rule 4")
        assert post.locked
        return
    with pytest.raises(LemmyError) as err:
        await client.lock_post(post.id, "rule 4")
    assert (err.value.code, err.value.status) == ("not_found", 404)
    assert not post.locked


async def test_remove_with_lock_locks_first_and_once(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    adapter = await make_adapter(client, lock_removed=True)
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Outrage")
    key = KEY.format(post.id, "remove")
    await adapter.remove(lemmy_post(post.id), "ragebait: shock", key)
    await adapter.remove(lemmy_post(post.id), "ragebait: shock", key)  # a retry: nothing sent
    assert (post.removed, post.locked) == (True, True)
    assert [e.kind for e in lemmy.fake.state.modlog] == ["lock_post", "remove_post"]
    assert all(status == 200 for status, _ in codes(lemmy, "/post/lock"))


# -- an ignored token: 401 incorrect_login, or an anonymous answer -----------------------------


async def test_bad_token_is_ignored_then_401(
    lemmy: Instance, session: aiohttp.ClientSession
) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    headers = {"Authorization": "Bearer not-a-token"}
    base = f"{lemmy.url}/api/{lemmy.fake.version}"
    async with session.get(f"{base}/post/list", params={"community_id": lemmy.news.id},
                           headers=headers) as resp:  # fmt: skip
        assert resp.status == 200  # optional login: answered as for an anonymous visitor
    async with session.post(f"{base}/post/report", json={"post_id": post.id, "reason": "x"},
                            headers=headers) as resp:  # fmt: skip
        assert (resp.status, await resp.json()) == (401, {"error": "incorrect_login"})


async def test_removed_post_read_with_a_dead_token_logs_in_again(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    """A removed post is invisible to the anonymous reader an ignored token makes of the bot."""
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    lemmy.fake.state.remove_post(lemmy.mod, post, True, "by a human")
    lemmy.fake.expire_tokens()
    assert (await client.get_post(post.id)).removed
    assert len([e for e in lemmy.fake.exchanges if e.path.endswith("login")]) == 2


async def test_refused_login_is_tried_once_then_one_line(
    lemmy: Instance, client: LemmyBaseClient, caplog: pytest.LogCaptureFixture
) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    lemmy.fake.expire_tokens()
    lemmy.bot.password = "changed by an admin"
    with pytest.raises(LemmyAuthError, match="wrong username or password") as err:
        await client.remove_post(post.id, "rule 4")
    assert "\n" not in str(err.value)
    assert len([e for e in lemmy.fake.exchanges if e.path.endswith("login")]) == 2  # one retry
    assert codes(lemmy, "/post/remove") == [(401, "incorrect_login")]
    assert client.auth_error is err.value


async def test_refused_jwt_stops_the_watch_with_one_line(
    lemmy: Instance, session: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    client = await open_client(session, lemmy.credentials())
    await client.login()
    client.credentials = LemmyCredentials(lemmy.url, jwt=client.jwt)  # LEMMY_JWT only
    conn = await connect(client, make_guidelines())
    adapter = await make_adapter(client)
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Outrage")
    lemmy.fake.expire_tokens()
    with pytest.raises(LemmyAuthError, match="LEMMY_JWT"):  # an action of the pipeline
        await adapter.remove(lemmy_post(post.id), "ragebait: x", KEY.format(post.id, "remove"))
    poller = LemmyPoller(client, conn.watched, Collector())
    settings = LemmySettings(lemmy.credentials(), poll_seconds=5)
    stop = asyncio.Event()
    with caplog.at_level(logging.ERROR), pytest.raises(LemmyAuthError):
        await watch(conn, poller, None, settings, stop)  # no retry loop: it stops
    assert stop.is_set()
    (line,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert "LEMMY_JWT" in line


# -- not_higher_mod; restore resolves reports ---------------------------------------------------


@pytest.mark.parametrize("served", ["0.19.5", "0.19.6"])
async def test_not_higher_mod_from_0_19_6(
    lemmy: Instance, client: LemmyBaseClient, served: str
) -> None:
    if lemmy.fake.version == "v4" and served == "0.19.5":
        pytest.skip("1.0 always checks")
    if lemmy.fake.version == "v3":
        lemmy.fake.lemmy_version = served
    senior = lemmy.fake.state.add_post(lemmy.news, lemmy.mod, "By the senior moderator")
    refused = lemmy.fake.version == "v4" or served == "0.19.6"
    if refused:
        with pytest.raises(LemmyError, match="not_higher_mod"):
            await client.remove_post(senior.id, "rule 4")
    else:
        await client.remove_post(senior.id, "rule 4")
    assert senior.removed is not refused
    plain = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "By a user")
    await client.remove_post(plain.id, "rule 4")  # the bot outranks a plain user
    assert plain.removed


async def test_not_higher_mod_is_given_up_and_told(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    adapter = await make_adapter(client, lock_removed=True)
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.mod, "SHOCK by a senior moderator")
    key = KEY.format(post.id, "remove")
    with pytest.raises(ActionRefused, match="not_higher_mod"):
        await adapter.remove(lemmy_post(post.id), "ragebait: shock", key)
    assert not post.removed
    assert not post.locked  # the lock meant for the removal was undone
    item = queue_item(lemmy_post(post.id), KEY.format(post.id, "notify"))
    removal = ModQueueItem(**{**item.__dict__, "decision": "remove"})
    await adapter.notify_mods(removal)  # the bot "removed" it: but Lemmy refused, so report
    (report,) = lemmy.fake.state.reports.values()
    assert "not_higher_mod" in report.reason


async def test_restore_resolves_reports(lemmy: Instance, client: LemmyBaseClient) -> None:
    s = lemmy.fake.state
    post = s.add_post(lemmy.news, lemmy.poster, "Headline")
    await client.remove_post(post.id, "rule 4")
    s.reports[999] = ReportRec(999, post.id, lemmy.poster.id, "came in later", lemmy.clock.now)
    await client.remove_post(post.id, "a mistake", removed=False)
    assert s.reports[999].resolved


async def test_no_reason_required_on_1_0(lemmy: Instance, client: LemmyBaseClient) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    await client.remove_post(post.id, "")  # an empty reason is a reason
    assert post.removed
    if lemmy.fake.version == "v4":  # a missing one is the JSON extractor's 400, in plain text
        with pytest.raises(LemmyError) as err:
            await client.call("POST", "/post/lock", {"post_id": post.id, "locked": True})
        assert (err.value.code, err.value.status) == ("http_400", 400)
    assert not any(e.body == {"error": "reason_required"} for e in lemmy.fake.exchanges)


# -- ListPostReports.post_id from 0.19.4; 1.0's default time range ------------------------------


async def test_old_0_19_ignores_post_id_and_resolving_stays_on_the_post(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    if lemmy.fake.version == "v4":
        pytest.skip("v3 only")
    lemmy.fake.lemmy_version = "0.19.3"
    adapter = await make_adapter(client)
    s = lemmy.fake.state
    a = s.add_post(lemmy.news, lemmy.poster, "A")
    b = s.add_post(lemmy.news, lemmy.poster, "B")
    await adapter.notify_mods(queue_item(lemmy_post(a.id), KEY.format(a.id, "notify")))
    await adapter.notify_mods(queue_item(lemmy_post(b.id), KEY.format(b.id, "notify")))
    assert len(s.reports) == 2  # B's report was not mistaken for A's
    fixed = ModQueueItem(0, lemmy_post(a.id), (), "flag", "", key="k")
    await adapter.resolved(fixed, ("ragebait",))
    by_post = {r.post_id: r.resolved for r in s.reports.values()}
    assert by_post == {a.id: True, b.id: False}


async def test_client_knows_old_0_19(lemmy: Instance, session: aiohttp.ClientSession) -> None:
    lemmy.fake.lemmy_version = "0.19.3" if lemmy.fake.version == "v3" else "1.0.0-beta.1"
    client = await open_client(session, lemmy.credentials())
    assert client.server_version == lemmy.fake.lemmy_version
    assert getattr(client, "reports_ignore_post_id", False) is (lemmy.fake.version == "v3")


async def test_site_time_range_does_not_hide_posts_or_the_bots_comment(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    s, clock = lemmy.fake.state, lemmy.clock
    old = s.add_post(lemmy.news, lemmy.poster, "Two hours old", published=clock.now - 7200)
    adapter = await make_adapter(client)
    key = KEY.format(old.id, "comment")
    await adapter.comment(lemmy_post(old.id), "Note.", key)
    clock.now += 7200
    lemmy.fake.default_post_time_range_seconds = 3600  # 1.0 site setting (0.19 has none)
    page = await client.posts(lemmy.news.id)
    assert [p.id for p in page.posts] == [old.id]
    await adapter.comment(lemmy_post(old.id), "Note.", key)  # found again: not repeated
    assert len(s.comments) == 1
