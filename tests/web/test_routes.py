"""The modlog page, case pages, exports: filters, paging, 404s and the read-only guarantee."""

from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest

from tests.web.conftest import TOKEN

ROUTES = ["/", "/stats", "/modlog.json", "/modlog.csv", "/case/worldnews/1", "/case/2"]


def ids_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="entry-(\d+)"', html)]


async def test_index_lists_newest_first_with_case_links(client):
    resp = await client.get("/")
    assert resp.status == 200
    assert resp.content_type == "text/html"
    html = await resp.text()
    ids = ids_on(html)
    assert ids == sorted(ids, reverse=True)
    assert len(ids) == 10
    assert 'href="/case/worldnews/1"' in html
    assert 'href="/case/science/1"' in html
    assert '<meta name="viewport"' in html


@pytest.mark.parametrize(
    ("query", "expected_actions"),
    [
        ("rule=editorialized-title", {"flag", "confirm", "remove"}),
        ("action=dismiss", {"dismiss"}),
        ("community=science", {"comment"}),
        ("author=carol", {"flag", "confirm", "remove"}),
        ("author=u-erin", {"flag", "confirm"}),
        ("since=2026-11-22", {"confirm", "comment"}),
        ("until=2026-11-20", {"flag"}),
        ("rule=tabloid-source&action=confirm", {"confirm"}),
        ("community=&rule=&action=&author=", {"flag", "confirm", "remove", "dismiss", "note",
                                              "comment"}),
    ],
)  # fmt: skip
async def test_filters(client, query, expected_actions):
    resp = await client.get(f"/modlog.json?{query}")
    assert resp.status == 200
    entries = (await resp.json())["entries"]
    assert {e["action"] for e in entries} == expected_actions


async def test_filters_in_html_keep_their_values(client):
    html = await (await client.get("/?rule=ragebait&author=nobody")).text()
    assert '<option value="ragebait" selected>' in html
    assert 'value="nobody"' in html
    assert "No entries match." in html


async def test_keyset_paging_walks_every_entry_once(client):
    seen: list[int] = []
    url = "/?limit=3"
    for _ in range(10):
        html = await (await client.get(url)).text()
        seen.extend(ids_on(html))
        found = re.search(r'rel="next" href="([^"]+)"', html)
        if not found:
            break
        url = found.group(1).replace("&amp;", "&")
        assert "limit=3" in url
    assert seen == list(range(10, 0, -1))


async def test_paging_keeps_filters(client):
    html = await (await client.get("/?community=worldnews&limit=2")).text()
    link = re.search(r'rel="next" href="([^"]+)"', html).group(1)
    assert "community=worldnews" in link
    assert "before=" in link


async def test_json_export_has_next_link_and_csv_has_link_header(client):
    body = await (await client.get("/modlog.json?limit=4")).json()
    assert [e["id"] for e in body["entries"]] == [10, 9, 8, 7]
    assert body["next"] == "/modlog.json?limit=4&before=7"
    last = await (await client.get(body["next"].replace("before=7", "before=3"))).json()
    assert [e["id"] for e in last["entries"]] == [2, 1]
    assert last["next"] is None
    resp = await client.get("/modlog.csv?limit=4")
    assert resp.status == 200
    assert resp.headers["Link"] == '</modlog.csv?limit=4&before=7>; rel="next"'
    rows = list(csv.DictReader(io.StringIO(await resp.text())))
    assert [r["id"] for r in rows] == ["10", "9", "8", "7"]


async def test_case_page_shows_post_findings_and_decisions(client):
    resp = await client.get("/case/worldnews/1")
    assert resp.status == 200
    html = await resp.text()
    assert "Minister SLAMS critics in furious rant" in html
    assert 'href="https://news.example/a/1"' in html
    assert "Title adds loaded words" in html
    assert "Rule 3: do not editorialize titles" in html
    assert ids_on(html) == [1, 5, 6]  # a case lists its entries oldest first


async def test_case_by_number_alone_when_unique(client):
    html = await (await client.get("/case/2")).text()
    assert "Paywalled story about trade" in html


async def test_case_number_in_two_communities_needs_one(client):
    resp = await client.get("/case/1")
    assert resp.status == 400
    assert "science, worldnews" in await resp.text()
    resp = await client.get("/case/1?community=science")
    assert resp.status == 200
    assert "Comet seen" in await resp.text()


@pytest.mark.parametrize(
    "path", ["/case/worldnews/99", "/case/nowhere/1", "/case/99", "/case/7?community=science",
             "/nope", "/static/missing.css"],
)  # fmt: skip
async def test_unknown_is_404_one_line(client, path):
    resp = await client.get(path)
    assert resp.status == 404
    text = await resp.text()
    assert text.count("\n") == 1
    assert "Traceback" not in text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", [*ROUTES, "/static/style.css"])
async def test_no_route_writes(client, method, path):
    resp = await client.request(method, path, data=b"x=1")
    assert resp.status == 405
    assert "GET" in resp.headers.get("Allow", "")


async def test_full_crawl_leaves_the_database_byte_identical(client, demo_db):
    def digest() -> str:
        return hashlib.sha256(demo_db.read_bytes()).hexdigest()

    before = digest()
    seen: set[str] = set()
    todo = ["/", "/stats", "/modlog.json", "/modlog.csv", f"/?token={TOKEN}"]
    while todo and len(seen) < 200:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        resp = await client.get(url)
        assert resp.status == 200, url
        if resp.content_type == "text/html":
            for link in re.findall(r'href="(/[^"]*)"', await resp.text()):
                todo.append(link.replace("&amp;", "&"))
    assert any(u.startswith("/case/") for u in seen)
    assert digest() == before


async def test_static_css_is_served(client):
    html = await (await client.get("/")).text()
    css = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)
    resp = await client.get(css)
    assert resp.status == 200
    assert "svg.chart" in await resp.text()


async def test_a_modlog_only_database_works(make_client, tmp_path):
    """No pipeline tables (e.g. a log imported from Lemmy): pages work, cases have no findings."""
    from bot.store import Actor, Modlog, PostRef, open_db

    path = tmp_path / "modlog-only.db"
    db = open_db(path)
    modlog = Modlog(db)
    case = modlog.open_case("news", PostRef("lemmy", "9", "https://x.example/", "A title"))
    modlog.append(community="news", case=case, actor=Actor("m", "mod", "moderator"),
                  action="remove", reason="spam")  # fmt: skip
    db.close()
    client = await make_client(db=path)
    html = await (await client.get("/case/news/1")).text()
    assert "No findings stored for this case." in html
    assert "spam" in html
    assert (await client.get("/stats")).status == 200


async def test_an_unusable_database_is_a_one_line_store_error(tmp_path):
    from bot.errors import StoreError
    from bot.web import create_app

    with pytest.raises(StoreError, match="no such database file"):
        create_app(tmp_path / "missing.db")


async def test_default_page_size_is_not_repeated_in_links(client):
    body = await (await client.get("/modlog.json?community=worldnews")).json()
    assert body["next"] is None
    html = await (await client.get("/?community=worldnews")).text()
    assert "limit=" not in html
