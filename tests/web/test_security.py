"""Escaping, headers, redaction of the public view, the moderator token and bad parameters."""

from __future__ import annotations

import json
import re

import pytest

from bot.web import WebSettings
from bot.web.auth import COOKIE, redact
from tests.web.conftest import TOKEN
from tests.web.demo import JS_URL

PAGES = ["/", "/stats", "/case/worldnews/3", "/case/2", "/modlog.json", "/modlog.csv"]


@pytest.mark.parametrize("path", [*PAGES, "/case/worldnews/99", "/?rule=nope", "/nope"])
async def test_security_headers_on_every_answer(client, path):
    resp = await client.get(path)
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "style-src 'self'" in csp
    assert "script-src" not in csp  # default-src 'none' forbids every script
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/case/worldnews/3", "/?author=mallory"])
async def test_script_title_and_javascript_url_render_inert(make_client, path):
    client = await make_client(WebSettings(public_evidence=True, mod_token=TOKEN))
    html = await (await client.get(path)).text()
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # evidence shown, as text
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Breaking &lt;b&gt;news&lt;/b&gt;" in html
    )
    assert "<script" not in html.lower()
    assert "<b>news" not in html
    assert 'href="javascript:' not in html.lower()
    assert "<img" not in html
    assert JS_URL not in re.findall(r'href="([^"]*)"', html)


async def test_no_inline_script_or_style_anywhere(client):
    for path in ("/", "/stats", "/case/worldnews/1"):
        html = await (await client.get(path)).text()
        assert "<script" not in html
        assert " style=" not in html
        assert "<style" not in html


async def test_public_view_hides_moderators_evidence_and_notes(client):
    html = await (await client.get("/")).text()
    assert "alice_mod" not in html
    assert "bob_mod" not in html
    assert "by a moderator" in html
    assert "by newsmod" in html  # the bot is not a person: it stays named
    assert "internal: this user was warned before" not in html
    assert "(private note)" in html
    assert "added_words" not in html
    case = await (await client.get("/case/worldnews/2")).text()
    assert "suggested_archive_links" not in case
    assert "secret body text" not in case
    assert "Paywalled and no archive link" in case  # the finding itself is public
    data = await (await client.get("/modlog.json")).json()
    for entry in data["entries"]:
        assert entry["evidence"] == {}
        if entry["actor_kind"] != "bot":
            assert entry["actor_name"] == "a moderator"
            assert entry["actor_id"] == ""
    csv_text = await (await client.get("/modlog.csv")).text()
    assert "alice_mod" not in csv_text
    assert "m-alice" not in csv_text


async def test_show_mod_names_and_public_evidence(make_client):
    client = await make_client(WebSettings(show_mod_names=True, public_evidence=True))
    html = await (await client.get("/")).text()
    assert "by alice_mod" in html
    assert "Added words" in html  # evidence shown, labelled for people
    assert "added_words" not in html
    assert "internal: this user was warned before" not in html  # notes stay moderators' own
    case = await (await client.get("/case/worldnews/2")).text()
    assert "Archive links to suggest" in case
    assert '<a href="https://archive.today/x"' in case
    by_mod = await (await client.get("/modlog.json?moderator=bob_mod")).json()
    assert {e["action"] for e in by_mod["entries"]} == {"dismiss", "note"}


async def test_moderator_filter_is_refused_in_the_public_view(client):
    resp = await client.get("/?moderator=alice_mod")
    assert resp.status == 400
    assert "moderator view" in await resp.text()


@pytest.mark.parametrize("how", ["header", "query"])
async def test_token_gives_the_moderator_view(client, how):
    if how == "header":
        resp = await client.get("/", headers={"Authorization": f"Bearer {TOKEN}"})
    else:  # a browser signs in once: redirected without the token, kept by a cookie
        resp = await client.get(f"/?token={TOKEN}&limit=50")
        assert [r.status for r in resp.history] == [303]
        assert str(resp.url.relative()) == "/?limit=50"
    html = await resp.text()
    assert resp.status == 200
    assert "moderator view" in html
    assert "by alice_mod" in html
    if how == "header":
        assert "internal: this user was warned before" in html
        assert "Added words" in html  # evidence shown, labelled for people
        assert "added_words" not in html
    assert TOKEN not in html
    for link in re.findall(r'href="(/[^"]*)"', html):
        assert "token" not in link


async def test_the_session_cookie_keeps_the_view_and_is_not_the_token(client):
    resp = await client.get(f"/?token={TOKEN}")
    cookie = resp.history[0].cookies[COOKIE]
    assert cookie.value != TOKEN
    assert TOKEN not in cookie.value
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    for path in ("/stats", "/case/worldnews/3"):
        assert "moderator view" in await (await client.get(path)).text()
    assert "alice_mod" in await (await client.get("/modlog.json")).text()
    client.session.cookie_jar.clear()
    assert "moderator view" not in await (await client.get("/")).text()


async def test_a_forged_cookie_gives_the_public_view(client):
    client.session.cookie_jar.update_cookies({COOKIE: TOKEN})  # the raw token is not the value
    assert "alice_mod" not in await (await client.get("/")).text()


@pytest.mark.parametrize("how", ["header", "cookie"])
async def test_no_export_link_carries_the_token(client, how):
    if how == "header":
        headers = {"Authorization": f"Bearer {TOKEN}"}
    else:
        await client.get(f"/?token={TOKEN}")
        headers = {}
    resp = await client.get("/modlog.json?limit=2", headers=headers)
    body = await resp.json()
    assert body["next"] is not None
    assert "token" not in body["next"]
    assert "alice_mod" in json.dumps(body) or body["entries"]  # the moderator view
    resp = await client.get("/modlog.csv?limit=2", headers=headers)
    assert "token" not in resp.headers["Link"]
    html = await (await client.get("/?limit=2", headers=headers)).text()
    assert TOKEN not in html
    assert 'name="token"' not in html


@pytest.mark.parametrize("path", PAGES)
async def test_no_server_header(client, path):
    resp = await client.get(path)
    assert "Server" not in resp.headers


async def test_a_wrong_token_in_the_query_is_401_not_a_redirect(client):
    resp = await client.get("/?token=wrong-token-wrong-token", allow_redirects=False)
    assert resp.status == 401
    assert "Set-Cookie" not in resp.headers


async def test_errors_are_logged_without_the_token(client, monkeypatch, caplog):
    from bot.web import routes

    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(routes, "_stats", broken)
    await client.get(f"/stats?token={TOKEN}&days=7")  # signs in, then fails
    assert any("/stats" in r.getMessage() for r in caplog.records)
    assert all(TOKEN not in r.getMessage() for r in caplog.records)
    assert redact(f"/x?a=1&token={TOKEN}&b=2") == "/x?a=1&token=[redacted]&b=2"


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer wrong-token-wrong-token"}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": "Bearer"}],
)  # fmt: skip
async def test_bad_token_is_401(client, headers):
    resp = await client.get("/", headers=headers)
    assert resp.status == 401
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert "alice_mod" not in await resp.text()


async def test_any_token_is_refused_when_none_is_configured(make_client):
    client = await make_client(WebSettings())
    resp = await client.get(f"/?token={TOKEN}")
    assert resp.status == 401


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("rule=nope", "rule: unknown rule 'nope'"),
        ("action=explode", "action: unknown action 'explode'"),
        ("since=yesterday", "since: not a date or time"),
        ("until=2026-13-45", "until: not a date or time"),
        ("since=800000d", "since: out of range: '800000d'"),
        ("since=" + "9" * 150 + "d", "since: out of range"),
        ("until=9999-12-31", "until: out of range"),
        ("since=2026-11-22&until=2026-11-01", "since must be earlier than until"),
        ("before=abc", "before: not a whole number"),
        ("before=0", "before: must be between"),
        ("limit=5000", "limit: must be between 1 and 1000"),
        ("limit=-1", "limit: not a whole number"),
        ("colour=red", "unknown parameter 'colour'"),
        ("rule=ragebait&rule=blogspam", "parameter 'rule' given 2 times"),
        ("community=%3Cscript%3E", "community: not a community key"),
        ("author=" + "x" * 300, "author: value too long"),
    ],
)
@pytest.mark.parametrize("path", ["/", "/modlog.json", "/modlog.csv"])
async def test_bad_parameters_are_400_with_one_line(client, path, query, message):
    resp = await client.get(f"{path}?{query}")
    assert resp.status == 400
    text = await resp.text()
    assert message in text
    assert text.count("\n") == 1
    assert "Traceback" not in text
    assert resp.content_type == "text/plain"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/stats?days=0", "days: must be between 1 and 90"),
        ("/stats?days=1000", "days: must be between 1 and 90"),
        ("/stats?community=a%20b", "community: not a community key"),
        ("/case/abc", "case: not a whole number"),
        ("/case/worldnews/0", "case: must be between"),
        ("/case/worldnews/1?rule=x", "unknown parameter 'rule'"),
    ],
)
async def test_bad_parameters_elsewhere(client, path, message):
    resp = await client.get(path)
    assert resp.status == 400
    assert message in await resp.text()


async def test_unexpected_errors_are_one_line_500(client, monkeypatch):
    from bot.web import routes

    def broken(*_args):
        raise RuntimeError("boom\nsecret stack detail")

    monkeypatch.setattr(routes, "_stats", broken)
    resp = await client.get("/stats")
    assert resp.status == 500
    assert await resp.text() == "internal error\n"


async def test_csv_export_defuses_spreadsheet_formulas(make_client, tmp_path):
    from bot.store import Actor, Modlog, PostRef, open_db

    path = tmp_path / "formula.db"
    db = open_db(path)
    modlog = Modlog(db)
    post = PostRef("lemmy", "1", "https://x.example/", '=HYPERLINK("http://evil.example","hi")',
                   "u1", "@admin")  # fmt: skip
    case = modlog.open_case("news", post)
    modlog.append(community="news", case=case, actor=Actor("bot", "newsmod", "bot"),
                  action="flag", rules=["ragebait"], reason="-2+3")  # fmt: skip
    db.close()
    client = await make_client(db=path)
    text = await (await client.get("/modlog.csv")).text()
    assert '"\'=HYPERLINK(""http://evil.example"",""hi"")"' in text
    assert ",'@admin," in text
    assert ",'-2+3," in text
    data = await (await client.get("/modlog.json")).json()
    assert data["entries"][0]["post_title"].startswith("=HYPERLINK")  # JSON keeps the data as is


@pytest.mark.parametrize("query", ["since=0001-01-01", "until=9999-12-30", "since=700000d"])
@pytest.mark.parametrize("path", ["/", "/modlog.json", "/modlog.csv"])
async def test_extreme_but_valid_dates_are_answered(client, path, query):
    resp = await client.get(f"{path}?{query}")
    assert resp.status == 200
