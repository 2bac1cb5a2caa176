"""The v3 and v4 clients against the fake Lemmy (every test runs for both API versions)."""

from __future__ import annotations

import asyncio
from collections import Counter

import aiohttp
import pytest

from bot.lemmy import LemmyCredentials, LemmyError, LemmyV3Client, detect_version, open_client
from bot.lemmy.base import LemmyBaseClient, encode_query
from tests.lemmy.conftest import Instance


async def test_detects_the_api_version(lemmy: Instance, session: aiohttp.ClientSession) -> None:
    api, release = await detect_version(session, lemmy.url)
    assert api == lemmy.fake.version
    assert release.startswith("0.19" if api == "v3" else "1.0")
    client = await open_client(session, lemmy.credentials())
    assert client.version == lemmy.fake.version


async def test_detect_fails_in_one_line_without_lemmy(session: aiohttp.ClientSession) -> None:
    with pytest.raises(LemmyError, match="no_lemmy_api_at") as err:
        await detect_version(session, "http://127.0.0.1:9")
    assert "\n" not in str(err.value)


async def test_login_sends_bearer_token(lemmy: Instance, client: LemmyBaseClient) -> None:
    me = await client.me()
    assert me.person.name == "newsbot"
    assert me.moderates_handle("!worldnews@lemmy.test")
    assert not me.moderates_handle("!pics@lemmy.test")
    last = lemmy.fake.exchanges[-1]
    assert last.headers["Authorization"] == f"Bearer {client.jwt}"
    assert "auth" not in last.form
    login = next(e for e in lemmy.fake.exchanges if e.path.endswith("login"))
    assert login.form.get("stay_logged_in") is (True if lemmy.fake.version == "v4" else None)


async def test_wrong_password_is_one_line(lemmy: Instance, session: aiohttp.ClientSession) -> None:
    client = await open_client(session, lemmy.credentials("nope"))
    with pytest.raises(LemmyError, match="incorrect_login: wrong username or password") as err:
        await client.login()
    assert "\n" not in str(err.value)


async def test_not_logged_in(lemmy: Instance, session: aiohttp.ClientSession) -> None:
    client = await open_client(session, lemmy.credentials())  # never logged in, no password use
    client.credentials = type(client.credentials)(lemmy.url)  # no username/password to retry
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "A headline")
    with pytest.raises(LemmyError) as err:
        await client.report_post(post.id, "spam")
    assert (err.value.code, err.value.status) == ("incorrect_login", 401)  # LocalUserView
    assert not lemmy.fake.state.reports


async def test_not_a_moderator(lemmy: Instance, client: LemmyBaseClient) -> None:
    post = lemmy.fake.state.add_post(lemmy.other, lemmy.poster, "A cat")
    with pytest.raises(LemmyError) as err:
        await client.remove_post(post.id, "Rule 4 (No ragebait): shock story")
    assert err.value.code == "not_a_moderator"
    assert not post.removed


async def test_bot_account_flag(lemmy: Instance, client: LemmyBaseClient) -> None:
    assert not lemmy.bot.bot_account
    await client.set_bot_account()
    assert lemmy.bot.bot_account
    assert (await client.me()).person.bot_account


async def test_post_list_order_and_cursors(lemmy: Instance, client: LemmyBaseClient) -> None:
    s, clock = lemmy.fake.state, lemmy.clock
    ids = []
    for n in range(5):
        clock.now += 60
        ids.append(s.add_post(lemmy.news, lemmy.poster, f"Post {n}", url=f"https://e.com/{n}").id)
    pinned = s.add_post(
        lemmy.news, lemmy.poster, "Rules", published=clock.now - 9999, featured=True
    )
    s.posts[ids[2]].removed = True
    s.posts[ids[3]].deleted = True
    community = await client.community("!worldnews@lemmy.test")
    assert (community.id, community.handle) == (lemmy.news.id, "!worldnews@lemmy.test")
    seen, cursor, pages = [], None, 0
    while True:
        page = await client.posts(community.id, cursor, limit=2)
        seen += page.posts
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    if lemmy.fake.version == "v3":  # 0.19: featured first; next_page after every non-empty page
        assert [p.id for p in seen] == [pinned.id, ids[4], ids[1], ids[0]]
    else:  # 1.0: no featured-first under New; next_page after a full page only
        assert [p.id for p in seen] == [ids[4], ids[1], ids[0], pinned.id]
    assert pages == 3  # two full pages, then an empty one ends it
    by_id = {p.id: p for p in seen}
    assert by_id[pinned.id].featured
    assert not by_id[ids[4]].featured
    assert by_id[ids[4]].url == "https://e.com/4"
    assert by_id[ids[4]].creator.name == "alice"
    sorts = {e.form["sort"] for e in lemmy.fake.exchanges if e.path == "/post/list"}
    assert sorts == {"New" if lemmy.fake.version == "v3" else "new"}


async def test_report_comment_distinguish(lemmy: Instance, client: LemmyBaseClient) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Headline")
    await client.report_post(post.id, "Rule 3 (Do not editorialize titles): differs")
    (report,) = lemmy.fake.state.reports.values()
    assert report.reason.startswith("Rule 3")
    assert not report.resolved
    comment = await client.create_comment(post.id, "Please use the original title.")
    await client.distinguish_comment(comment.id)
    assert lemmy.fake.state.comments[comment.id].distinguished
    (listed,) = (await client.comments(post.id)).items
    assert listed.id == comment.id
    assert listed.distinguished
    assert listed.creator_id == lemmy.bot.id


async def test_comments_come_a_page_at_a_time_oldest_first(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "A busy thread")
    made = [lemmy.fake.state.add_comment(post, lemmy.poster, f"Comment {n}") for n in range(120)]
    pages, cursor = [], None
    while True:
        page = await client.comments(post.id, cursor)
        pages.append([c.id for c in page.items])
        cursor = page.next_cursor
        if cursor is None:
            break
    assert [len(p) for p in pages] == [50, 50, 20]
    assert [i for p in pages for i in p] == [c.id for c in made]  # each once, oldest first
    forms = [e.form for e in lemmy.fake.exchanges if e.path == "/comment/list"]
    if client.version == "v3":  # v3 pages comments by number
        assert [f.get("page") for f in forms] == ["1", "2", "3"]  # a query string's text
    else:
        assert forms[0].get("page_cursor") is None
        assert all(f["page_cursor"] for f in forms[1:])


async def test_remove_resolves_reports_and_logs(lemmy: Instance, client: LemmyBaseClient) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Shock!")
    await client.report_post(post.id, "ragebait")
    await client.lock_post(post.id, "Rule 4 (No ragebait): shock wording")
    assert post.locked
    lemmy.clock.now += 1
    await client.remove_post(post.id, "Rule 4 (No ragebait): shock wording")
    assert post.removed
    assert all(r.resolved for r in lemmy.fake.state.reports.values())
    page = await client.modlog(lemmy.news.id)
    assert [a.kind for a in page.actions] == ["remove", "lock"]
    remove = page.actions[0]
    assert remove.reason == "Rule 4 (No ragebait): shock wording"
    assert remove.moderator is not None
    assert remove.moderator.name == "newsbot"
    assert remove.post.id == post.id
    lemmy.clock.now += 1
    await client.remove_post(post.id, "mistake", removed=False)
    assert not post.removed
    assert (await client.modlog(lemmy.news.id)).actions[0].kind == "restore"


async def test_rate_limit_backs_off_and_loses_nothing(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Busy thread")
    for n in range(8):
        await client.create_comment(post.id, f"note {n}")
    contents = sorted(c.content for c in lemmy.fake.state.comments.values())
    assert contents == [f"note {n}" for n in range(8)]
    assert client.rate_limit_waits, "the 7th comment must have waited"
    assert sum(client.rate_limit_waits) >= 600 - 1
    assert lemmy.clock.sleeps == list(client.rate_limit_waits)
    codes = {(e.status, e.body.get("error")) for e in lemmy.fake.exchanges if e.status != 200}
    assert codes == {(400 if lemmy.fake.version == "v3" else 429, "rate_limit_error")}


async def test_expired_token_logs_in_again(lemmy: Instance, client: LemmyBaseClient) -> None:
    old = client.jwt
    lemmy.fake.expire_tokens()
    me = await client.me()
    assert me.person.name == "newsbot"
    assert client.jwt != old
    logins = [e for e in lemmy.fake.exchanges if e.path.endswith("login")]
    assert len(logins) == 2


async def test_token_outlives_a_week(lemmy: Instance, client: LemmyBaseClient) -> None:
    """Lemmy 1.0 tokens expire after a week unless ``stay_logged_in``, which the bot asks for."""
    lemmy.clock.now += 8 * 86400
    assert (await client.me()).person.name == "newsbot"
    assert len([e for e in lemmy.fake.exchanges if e.path.endswith("login")]) == 1


async def test_short_lived_token_expires_then_relogin(
    lemmy: Instance, session: aiohttp.ClientSession
) -> None:
    client = await open_client(session, lemmy.credentials())
    client.login_form = lambda: {"username_or_email": "newsbot", "password": "bot-pass"}
    await client.login()
    lemmy.clock.now += 8 * 86400
    assert (await client.me()).person.name == "newsbot"
    logins = len([e for e in lemmy.fake.exchanges if e.path.endswith("login")])
    assert logins == (1 if lemmy.fake.version == "v3" else 2)  # only 1.0 tokens expire


def test_query_booleans_are_lowercase() -> None:
    assert encode_query({"a": True, "b": False, "c": None, "d": 3}) == {
        "a": "true",
        "b": "false",
        "d": "3",
    }


def test_credentials_never_show_secrets() -> None:
    creds = LemmyCredentials("https://l.test/", "bot", "hunter2", "jwt-secret")
    assert "hunter2" not in repr(creds)
    assert "jwt-secret" not in repr(creds)
    assert creds.url == "https://l.test"


async def test_server_error_without_json(session: aiohttp.ClientSession) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=502, text="<html>Bad Gateway</html>")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", broken)
    async with TestServer(app, host="127.0.0.1") as server:
        url = str(server.make_url("")).rstrip("/")
        client = LemmyV3Client(session, LemmyCredentials(url, jwt="t"))
        with pytest.raises(LemmyError) as err:
            await client.me()
    assert (err.value.code, err.value.status) == ("http_502", 502)
    assert str(err.value) == "Lemmy API /site: http_502 (HTTP 502)"


async def test_concurrent_comments_queue_behind_the_rate_limit(
    lemmy: Instance, client: LemmyBaseClient
) -> None:
    post = lemmy.fake.state.add_post(lemmy.news, lemmy.poster, "Busy thread")
    await asyncio.gather(*(client.create_comment(post.id, f"c{n}") for n in range(14)))
    assert sorted(c.content for c in lemmy.fake.state.comments.values()) == sorted(
        f"c{n}" for n in range(14)
    )
    refused = Counter(e.at for e in lemmy.fake.exchanges if e.status != 200)
    start = lemmy.clock.now - sum(client.rate_limit_waits)
    assert refused.pop(start) == 14 - 6  # sent together before the limit was known
    # after that, calls queue behind one probe: never two refusals at the same moment
    assert set(refused.values()) == {1}
