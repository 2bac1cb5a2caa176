"""A fake Lemmy instance (API v3 like Lemmy 0.19, or v4 like Lemmy 1.0) on 127.0.0.1.

It keeps the facts the client relies on: Bearer auth (``auth`` fields are ignored),
``{"error": "snake_case"}`` errors, lowercase query booleans, New listings that hide removed posts,
cursors, moderator checks, a modlog, a comment rate limit of 6 per 600 s (v3: 400
``rate_limit_error``; v4: 429) and tokens that can expire. Every request and response is recorded
in ``exchanges`` (the contract test, and tests counting what reached the server).

Authentication is Lemmy's session middleware (0.19 ``src/session_middleware.rs``; 1.0 the same
middleware): an invalid, expired or revoked token is *ignored*, so optional-login endpoints answer
as for an anonymous visitor, and an endpoint that needs a login fails in ``LocalUserView``'s
``FromRequest`` with HTTP 401 ``incorrect_login`` (0.19 ``crates/db_views/src/local_user_view.rs``,
1.0 ``crates/db_views/local_user/src/impls.rs``; status from ``crates/utils/src/error.rs``).
The post, report, removal, lock and modlog rules, with their sources, are in
``tests.lemmy.fake.moderation``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.lemmy.fake import render_v3 as r3
from tests.lemmy.fake import render_v4 as r4
from tests.lemmy.fake.errors import ApiError, ApiText
from tests.lemmy.fake.moderation import ModerationRoutes
from tests.lemmy.fake.state import CommentRec, LemmyState, User

J = dict[str, Any]
COMMENT_BUCKET = (6, 600.0)  # Lemmy's default: 6 comments per 600 s per IP
WEEK = 7 * 86400.0
NUMBERS = ("page", "limit", "time_range_seconds")  # query keys where "0"/"1" are numbers


@dataclass
class Exchange:
    version: str
    method: str
    path: str  # below /api/<version>
    form: J  # parsed JSON body, or the query string as given (strings)
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    at: float = 0.0  # the fake clock when it was answered


@dataclass
class Token:
    user_id: int
    issued: float
    stay: bool
    revoked: bool = False


Handler = Callable[["Call"], Awaitable[J] | J]


@dataclass
class Call:
    form: J
    me: User | None


class FakeLemmy(ModerationRoutes):
    """State + an aiohttp app serving API ``version`` ("v3" or "v4") as Lemmy ``lemmy_version``
    (default 0.19.9 or 1.0.0-beta.2)."""

    def __init__(
        self, version: str, clock: Callable[[], float], lemmy_version: str | None = None
    ) -> None:
        self.version = version
        self.lemmy_version = lemmy_version or (r3.VERSION if version == "v3" else r4.VERSION)
        self.clock = clock
        #: 1.0 ``local_site.default_post_time_range_seconds`` (None: no filter)
        self.default_post_time_range_seconds: int | None = None
        self.broken: list[tuple[int, str]] = []  # (status, text) answers not in JSON (tests)
        self.login_without_token = False  # answer logins with no jwt (tests)
        self.state = LemmyState(clock)
        self.tokens: dict[str, Token] = {}
        self.exchanges: list[Exchange] = []
        self.comment_times: list[float] = []
        self.fail_next: list[str] = []  # error codes to answer the next calls with (tests)
        v3 = version == "v3"
        self.routes: dict[tuple[str, str], tuple[Handler, bool]] = {
            ("GET", "/site"): (self.get_site, False),
            ("POST", "/user/login" if v3 else "/account/auth/login"): (self.login, False),
            ("PUT", "/user/save_user_settings" if v3 else "/account/settings/save"): (
                self.save_settings,
                True,
            ),
            ("GET", "/community"): (self.get_community, False),
            ("GET", "/post/list"): (self.list_posts, False),
            ("GET", "/post"): (self.get_post, False),
            ("POST", "/post/report"): (self.report_post, True),
            ("GET", "/post/report/list" if v3 else "/report/list"): (self.list_reports, True),
            ("PUT", "/post/report/resolve"): (self.resolve_report, True),
            ("POST", "/comment"): (self.create_comment, True),
            ("POST", "/comment/distinguish"): (self.distinguish, True),
            ("GET", "/comment/list"): (self.list_comments, False),
            ("POST", "/post/remove"): (self.remove_post, True),
            ("POST", "/post/lock"): (self.lock_post, True),
            ("GET", "/modlog"): (self.get_modlog, False),
        }
        if not v3:
            self.routes[("GET", "/account")] = (self.get_account, True)

    # --- plumbing ------------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/api/{version}/{path:.*}", self.dispatch)
        return app

    async def dispatch(self, request: web.Request) -> web.Response:
        version = request.match_info["version"]
        path = "/" + request.match_info["path"]
        form: J = {}
        if request.method == "GET":
            form = dict(request.query)
        elif request.can_read_body:
            form = await request.json()
        status, body, text = 200, None, None
        try:
            if self.broken and version == self.version:
                raise ApiText(*reversed(self.broken.pop(0)))
            if version != self.version:
                # Lemmy 1.0 keeps a partial v3 (site only here); 0.19 has no v4 at all
                if not (self.version == "v4" and version == "v3" and path == "/site"):
                    raise ApiError("not_found", 404)
                body = {**r3.site(None, self.state), "version": self.lemmy_version}
            else:
                body = await self.handle(request, path, form)
        except ApiError as exc:
            status, body = exc.status, {"error": exc.code}
        except ApiText as exc:
            status, text = exc.status, exc.text
        self.exchanges.append(
            Exchange(
                version,
                request.method,
                path,
                form,
                status,
                body,
                dict(request.headers),
                self.clock(),
            )
        )
        if text is not None:
            return web.Response(text=text, status=status, content_type="text/plain")
        return web.json_response(body, status=status)

    async def handle(self, request: web.Request, path: str, form: J) -> J:
        route = self.routes.get((request.method, path))
        if route is None:
            raise ApiError("not_found", 404)
        if self.fail_next:
            raise ApiError(self.fail_next.pop(0))
        handler, needs_auth = route
        me = self.authenticate(request)
        if needs_auth and me is None:  # LocalUserView's FromRequest
            raise ApiError("incorrect_login", 401)
        result = handler(Call(self.parse_query(form) if request.method == "GET" else form, me))
        if isinstance(result, Awaitable):
            result = await result
        return result

    def authenticate(self, request: web.Request) -> User | None:
        """The session middleware: "Ignore any invalid auth so the site can still be used"."""
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        token = self.tokens.get(header.removeprefix("Bearer "))
        expired = token is not None and not token.stay and self.clock() - token.issued > WEEK
        if token is None or token.revoked or expired:
            return None
        return self.state.users[token.user_id]

    @staticmethod
    def parse_query(query: J) -> J:
        out: J = {}
        for key, raw in query.items():
            if raw in ("true", "false"):
                out[key] = raw == "true"
            elif raw in ("True", "False", "1", "0") and key not in (
                "page",
                "limit",
                "time_range_seconds",
            ):
                raise ApiError("invalid_query_boolean")
            elif raw.lstrip("-").isdigit():
                out[key] = int(raw)
            else:
                out[key] = raw
        return out

    def issue_token(self, user: User, stay: bool) -> str:
        jwt = secrets.token_urlsafe(24)
        self.tokens[jwt] = Token(user.id, self.clock(), stay or self.version == "v3")
        return jwt

    def expire_tokens(self) -> None:
        for token in self.tokens.values():
            token.revoked = True

    # --- lookups -------------------------------------------------------------------------------
    def require_mod(self, me: User | None, community_id: int) -> User:
        if me is None:
            raise ApiError("incorrect_login", 401)
        if not self.state.is_mod(me, community_id):
            raise ApiError("not_a_moderator")
        return me

    def page(self, items: list[Any], form: J, prefix: str) -> tuple[list[Any], str | None]:
        """v4 cursor paging (``paginate_response``): a next page only after a full one."""
        limit = int(form.get("limit", 20))
        start = 0
        cursor = form.get("page_cursor")
        if cursor is not None:
            cursor = str(cursor)
            if not cursor.startswith(prefix):
                raise ApiError("couldnt_parse_pagination_token")
            last = int(cursor[len(prefix) :])
            ids = [item.id for item in items]
            start = ids.index(last) + 1 if last in ids else len(items)
        chunk = items[start : start + limit]
        return chunk, (f"{prefix}{chunk[-1].id}" if chunk and len(chunk) >= limit else None)

    # --- handlers ------------------------------------------------------------------------------
    def get_site(self, call: Call) -> J:
        if self.version == "v3":
            return {**r3.site(call.me, self.state), "version": self.lemmy_version}
        site = r4.site(self.state)
        site["version"] = self.lemmy_version
        range_ = self.default_post_time_range_seconds
        if range_ is not None:
            site["site_view"]["local_site"]["default_post_time_range_seconds"] = range_
        return site

    def get_account(self, call: Call) -> J:
        assert call.me is not None
        return r4.my_user(call.me, self.state)

    def login(self, call: Call) -> J:
        user = self.state.user_named(str(call.form.get("username_or_email", "")))
        if user is None or user.password != call.form.get("password"):
            raise ApiError("incorrect_login", 401)  # IncorrectLogin is always 401
        if self.login_without_token:  # LoginResponse.jwt is optional
            return {"registration_created": False, "verify_email_sent": True}
        jwt = self.issue_token(user, bool(call.form.get("stay_logged_in", False)))
        return {"jwt": jwt, "registration_created": False, "verify_email_sent": False}

    def save_settings(self, call: Call) -> J:
        assert call.me is not None
        if "bot_account" in call.form:
            call.me.bot_account = bool(call.form["bot_account"])
        return {"success": True}

    def get_community(self, call: Call) -> J:
        c = self.state.community_named(str(call.form.get("name", "")))
        if c is None:
            raise ApiError("couldnt_find_community")
        if self.version == "v3":
            return r3.community_response(c, self.state)
        return r4.community_response(c, self.state, call.me)

    def _comment_rate_limit(self) -> None:
        now = self.clock()
        limit, window = COMMENT_BUCKET
        self.comment_times = [t for t in self.comment_times if now - t < window]
        if len(self.comment_times) >= limit:
            raise ApiError("rate_limit_error", 400 if self.version == "v3" else 429)
        self.comment_times.append(now)

    def create_comment(self, call: Call) -> J:
        me = call.me
        assert me is not None
        post = self.raw_post(call.form)
        self._comment_rate_limit()
        if post.removed or post.deleted:
            raise ApiError("deleted")
        if post.locked and not self.state.is_mod(me, post.community_id):
            raise ApiError("locked")
        content = str(call.form.get("content", ""))
        comment = CommentRec(self.state.next_id(), post.id, me.id, content, self.clock())
        self.state.comments[comment.id] = comment
        return self._comment_response(comment, me)

    def _comment_response(self, comment: CommentRec, me: User) -> J:
        if self.version == "v3":
            return {"comment_view": r3.comment_view(comment, self.state), "recipient_ids": []}
        return {"comment_view": r4.comment_view(comment, self.state, me)}

    def distinguish(self, call: Call) -> J:
        comment = self.state.comments.get(int(call.form.get("comment_id", 0)))
        if comment is None:
            raise ApiError("couldnt_find_comment")
        me = self.require_mod(call.me, self.state.posts[comment.post_id].community_id)
        if comment.creator_id != me.id:
            raise ApiError("no_comment_edit_allowed")
        comment.distinguished = bool(call.form.get("distinguished"))
        return self._comment_response(comment, me)

    def list_comments(self, call: Call) -> J:
        post_id = call.form.get("post_id")
        found = [c for c in self.state.comments.values() if c.post_id == post_id]
        oldest_first = str(call.form.get("sort", "New")).lower() == "old"
        found.sort(key=lambda c: (c.published, c.id), reverse=not oldest_first)
        if self.version == "v3":  # GetComments v3: page (from 1) and limit, no cursor
            limit = int(call.form.get("limit", 10))
            start = (int(call.form.get("page", 1)) - 1) * limit
            chunk = found[start : start + limit]
            return {"comments": [r3.comment_view(c, self.state) for c in chunk]}
        found = self.in_time_range(found, call)  # 1.0: default_post_time_range_seconds too
        chunk, cursor = self.page(found, call.form, "Cc")
        items = [r4.comment_view(c, self.state, call.me) for c in chunk]
        return r4._opt({"items": items}, next_page=cursor)


def dump(exchange: Exchange) -> str:
    return json.dumps({"path": exchange.path, "form": exchange.form, "body": exchange.body})
