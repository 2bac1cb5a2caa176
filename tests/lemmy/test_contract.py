"""Contract test: every request and response of the fake Lemmy matches lemmy-js-client's types.

The JSON Schemas are generated from lemmy-js-client 0.19.9 (v3) and 1.0.0-beta.2 (v4) by
``scripts/lemmy_schemas.sh`` at session start (the client is AGPL: schemas are never committed).
A scenario drives every endpoint newsmod uses through the real client, then each recorded
exchange is validated: GET query strings are typed by the schema (lowercase booleans only).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.lemmy import LemmyError, detect_version
from bot.lemmy.base import LemmyBaseClient
from tests.lemmy.conftest import Instance
from tests.lemmy.fake.server import Exchange

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "lemmy_schemas.sh"
SCHEMA_DIR = REPO / ".schemas"

#: (method, path) -> (request type, response type) per API version (names as in lemmy-js-client).
ENDPOINTS: dict[str, dict[tuple[str, str], tuple[str | None, str]]] = {
    "v3": {
        ("GET", "/site"): (None, "GetSiteResponse"),
        ("POST", "/user/login"): ("Login", "LoginResponse"),
        ("PUT", "/user/save_user_settings"): ("SaveUserSettings", "SuccessResponse"),
        ("GET", "/community"): ("GetCommunity", "GetCommunityResponse"),
        ("GET", "/post/list"): ("GetPosts", "GetPostsResponse"),
        ("GET", "/post"): ("GetPost", "GetPostResponse"),
        ("POST", "/post/report"): ("CreatePostReport", "PostReportResponse"),
        ("GET", "/post/report/list"): ("ListPostReports", "ListPostReportsResponse"),
        ("PUT", "/post/report/resolve"): ("ResolvePostReport", "PostReportResponse"),
        ("POST", "/comment"): ("CreateComment", "CommentResponse"),
        ("POST", "/comment/distinguish"): ("DistinguishComment", "CommentResponse"),
        ("GET", "/comment/list"): ("GetComments", "GetCommentsResponse"),
        ("POST", "/post/remove"): ("RemovePost", "PostResponse"),
        ("POST", "/post/lock"): ("LockPost", "PostResponse"),
        ("GET", "/modlog"): ("GetModlog", "GetModlogResponse"),
    },
    "v4": {
        ("GET", "/site"): (None, "GetSiteResponse"),
        ("GET", "/account"): (None, "MyUserInfo"),
        ("POST", "/account/auth/login"): ("Login", "LoginResponse"),
        ("PUT", "/account/settings/save"): ("SaveUserSettings", "SuccessResponse"),
        ("GET", "/community"): ("GetCommunity", "GetCommunityResponse"),
        ("GET", "/post/list"): ("GetPosts", "PagedPostView"),
        ("GET", "/post"): ("GetPost", "GetPostResponse"),
        ("POST", "/post/report"): ("CreatePostReport", "PostReportResponse"),
        ("GET", "/report/list"): ("ListReports", "PagedReportCombinedView"),
        ("PUT", "/post/report/resolve"): ("ResolvePostReport", "PostReportResponse"),
        ("POST", "/comment"): ("CreateComment", "CommentResponse"),
        ("POST", "/comment/distinguish"): ("DistinguishComment", "CommentResponse"),
        ("GET", "/comment/list"): ("GetComments", "PagedCommentView"),
        ("POST", "/post/remove"): ("RemovePost", "PostResponse"),
        ("POST", "/post/lock"): ("LockPost", "PostResponse"),
        ("GET", "/modlog"): ("GetModlog", "PagedModlogView"),
    },
}
ERROR = re.compile(r"^[a-z][a-z0-9_]*$")
pytestmark = pytest.mark.npm  # needs node/npm (NEWSMOD_REQUIRE=npm in CI)


@pytest.fixture(scope="session")
def schemas() -> dict[str, dict[str, Any]]:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node/npm not installed: cannot generate lemmy-js-client schemas")
    proc = subprocess.run(
        ["bash", str(SCRIPT), str(SCHEMA_DIR)], capture_output=True, text=True, timeout=600
    )
    if proc.returncode == 4:
        pytest.skip("npm registry unreachable: cannot install lemmy-js-client")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {v: json.loads((SCHEMA_DIR / f"{v}.json").read_text()) for v in ("v3", "v4")}


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def typed_query(schema: dict[str, Any], type_name: str, query: dict[str, str]) -> dict[str, Any]:
    """A query string typed by the request schema: numbers, lowercase booleans, strings."""
    props = _resolve(schema, schema["definitions"][f"Api{type_name}"]).get("properties", {})
    out: dict[str, Any] = {}
    for key, raw in query.items():
        prop = _resolve(schema, props.get(key, {}))
        kind = prop.get("type")
        if kind == "boolean":
            assert raw in ("true", "false"), f"{key}={raw!r}: booleans must be lowercase"
            out[key] = raw == "true"
        elif kind in ("number", "integer"):
            out[key] = int(raw)
        else:
            out[key] = raw  # strings, enums; an unknown key fails additionalProperties
    return out


def validate(schema: dict[str, Any], type_name: str, instance: Any, what: str) -> None:
    root = {"$ref": f"#/definitions/Api{type_name}", "definitions": schema["definitions"]}
    validator = jsonschema.Draft7Validator(root)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    if errors:
        detail = "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:5])
        pytest.fail(f"{what} does not match {type_name}: {detail}")


def check_exchange(schema: dict[str, Any], version: str, ex: Exchange) -> None:
    what = f"{version} {ex.method} {ex.path}"
    request_type, response_type = ENDPOINTS[version][(ex.method, ex.path)]
    if request_type is not None:
        form = typed_query(schema, request_type, ex.form) if ex.method == "GET" else ex.form
        validate(schema, request_type, form, f"request of {what}")
    else:
        assert not ex.form, f"{what} takes no form"
    if ex.status == 200:
        validate(schema, response_type, ex.body, f"response of {what}")
    else:
        assert set(ex.body) == {"error"}, what
        assert ERROR.match(ex.body["error"]), what


async def scenario(lemmy: Instance, client: LemmyBaseClient) -> None:
    """Drive every endpoint newsmod uses, success and refusal, through the client."""
    s = lemmy.fake.state
    await detect_version(client.session, lemmy.url)
    await client.set_bot_account()
    await client.me()
    community = await client.community("!worldnews@lemmy.test")
    for n in range(3):
        lemmy.clock.now += 10
        s.add_post(lemmy.news, lemmy.poster, f"Post {n}", url=f"https://e.com/{n}", body="b")
    post = s.add_post(lemmy.news, lemmy.poster, "Linked", url="https://e.com/x", embed_title="X")
    s.add_post(lemmy.news, lemmy.poster, "Pinned", featured=True, updated=lemmy.clock.now)
    page = await client.posts(community.id, limit=2)
    await client.posts(community.id, page.next_cursor, limit=2)
    await client.report_post(post.id, "Rule 3 (Do not editorialize titles): changed headline")
    comment = await client.create_comment(post.id, "A note from the moderators.")
    await client.distinguish_comment(comment.id)
    await client.comments(post.id)
    reports = "/post/report/list" if client.version == "v3" else "/report/list"
    await client.call("GET", reports, {"unresolved_only": True})
    (report,) = (await client.post_reports(post.id)).items
    await client.call("PUT", "/post/report/resolve", {"report_id": report.id, "resolved": True})
    await client.call("PUT", "/post/report/resolve", {"report_id": report.id, "resolved": False})
    await client.lock_post(post.id, "Rule 3 (Do not editorialize titles): changed headline")
    await client.remove_post(post.id, "Rule 3 (Do not editorialize titles): changed headline")
    assert (await client.post_reports(post.id)).items[0].resolved  # with a resolver
    assert (await client.get_post(post.id)).removed
    await client.remove_post(post.id, "restored by a moderator", removed=False)
    await client.modlog(community.id)
    other = s.add_post(lemmy.other, lemmy.poster, "Elsewhere")
    with pytest.raises(LemmyError):
        await client.remove_post(other.id, "not ours")
    for n in range(7):  # the 7th waits for the comment bucket
        await client.create_comment(post.id, f"comment {n}")


async def test_fake_matches_lemmy_js_client(
    schemas: dict[str, dict[str, Any]], lemmy: Instance, client: LemmyBaseClient
) -> None:
    await scenario(lemmy, client)
    version = lemmy.fake.version
    exchanges = [e for e in lemmy.fake.exchanges if e.version == version]
    used = {(e.method, e.path) for e in exchanges}
    assert used == set(ENDPOINTS[version]), "the scenario must cover every endpoint"
    assert any(e.status != 200 for e in exchanges)
    for ex in exchanges:
        check_exchange(schemas[version], version, ex)


def test_contract_catches_a_wrong_shape(schemas: dict[str, dict[str, Any]]) -> None:
    bad = Exchange("v4", "POST", "/post/remove", {"post_id": 1, "removed": True}, 200, {})
    with pytest.raises(pytest.fail.Exception, match="reason"):
        check_exchange(schemas["v4"], "v4", bad)
    null = Exchange(
        "v3",
        "POST",
        "/user/login",
        {"username_or_email": "a", "password": "b"},
        200,
        {"jwt": None, "registration_created": False, "verify_email_sent": False},
    )
    with pytest.raises(pytest.fail.Exception, match="jwt"):
        check_exchange(schemas["v3"], "v3", null)
    upper = Exchange("v3", "GET", "/post/list", {"show_hidden": "True"}, 200, {"posts": []})
    with pytest.raises(AssertionError, match="lowercase"):
        check_exchange(schemas["v3"], "v3", upper)
