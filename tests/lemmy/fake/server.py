"""A fake Lemmy instance (API v3 like Lemmy 0.19.9, or v4 like Lemmy 1.0) on 127.0.0.1.

It keeps the facts the client relies on: Bearer auth (``auth`` fields are ignored),
``{"error": "snake_case"}`` errors, lowercase query booleans, featured-first New listings that hide
removed posts, cursors, moderator checks, reports resolved by a removal, a modlog, a comment rate
limit of 6 per 600 s (v3: 400 ``rate_limit_error``; v4: 429) and tokens that can expire. Every
request and response is recorded in ``exchanges`` for the contract test.
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
from tests.lemmy.fake.state import CommentRec, LemmyState, PostRec, ReportRec, User

J = dict[str, Any]
COMMENT_BUCKET = (6, 600.0)  # Lemmy's default: 6 comments per 600 s per IP
WEEK = 7 * 86400.0


class ApiError(Exception):
    def __init__(self, code: str, status: int = 400) -> None:
        super().__init__(code)
        self.code, self.status = code, status


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


class FakeLemmy:
    """State + an aiohttp app serving API ``version`` ("v3" or "v4")."""

    def __init__(self, version: str, clock: Callable[[], float]) -> None:
        self.version = version
        self.clock = clock
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
        status, body = 200, None
        try:
            if version != self.version:
                # Lemmy 1.0 keeps a partial v3 (site only here); 0.19 has no v4 at all
                if not (self.version == "v4" and version == "v3" and path == "/site"):
                    raise ApiError("not_found", 404)
                body = {**r3.site(None, self.state), "version": r4.VERSION}
            else:
                body = await self.handle(request, path, form)
        except ApiError as exc:
            status, body = exc.status, {"error": exc.code}
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
        return web.json_response(body, status=status)

    async def handle(self, request: web.Request, path: str, form: J) -> J:
        route = self.routes.get((request.method, path))
        if route is None:
            raise ApiError("not_found", 404)
        if self.fail_next:
            raise ApiError(self.fail_next.pop(0))
        handler, needs_auth = route
        me = self.authenticate(request)
        if needs_auth and me is None:
            raise ApiError("not_logged_in")
        result = handler(Call(self.parse_query(form) if request.method == "GET" else form, me))
        if isinstance(result, Awaitable):
            result = await result
        return result

    def authenticate(self, request: web.Request) -> User | None:
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        if not header.startswith("Bearer "):
            raise ApiError("not_logged_in")
        token = self.tokens.get(header.removeprefix("Bearer "))
        expired = token is not None and not token.stay and self.clock() - token.issued > WEEK
        if token is None or token.revoked or expired:
            raise ApiError("not_logged_in")
        return self.state.users[token.user_id]

    @staticmethod
    def parse_query(query: J) -> J:
        out: J = {}
        for key, raw in query.items():
            if raw in ("true", "false"):
                out[key] = raw == "true"
            elif raw in ("True", "False", "1", "0") and key not in ("page", "limit"):
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
    def post_or_404(self, form: J) -> PostRec:
        post = self.state.posts.get(int(form.get("post_id", 0)))
        if post is None:
            raise ApiError("couldnt_find_post")
        return post

    def require_mod(self, me: User | None, community_id: int) -> User:
        if me is None:
            raise ApiError("not_logged_in")
        if not self.state.is_mod(me, community_id):
            raise ApiError("not_a_moderator")
        return me

    def page(self, items: list[Any], form: J, prefix: str) -> tuple[list[Any], str | None]:
        limit = int(form.get("limit", 10))
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
        more = start + limit < len(items)
        return chunk, (f"{prefix}{chunk[-1].id}" if more and chunk else None)

    # --- handlers ------------------------------------------------------------------------------
    def get_site(self, call: Call) -> J:
        return r3.site(call.me, self.state) if self.version == "v3" else r4.site(self.state)

    def get_account(self, call: Call) -> J:
        assert call.me is not None
        return r4.my_user(call.me, self.state)

    def login(self, call: Call) -> J:
        user = self.state.user_named(str(call.form.get("username_or_email", "")))
        if user is None or user.password != call.form.get("password"):
            raise ApiError("incorrect_login")
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

    def list_posts(self, call: Call) -> J:
        expected = "New" if self.version == "v3" else "new"
        if call.form.get("sort", expected) != expected:
            raise ApiError("unsupported_sort_in_fake")
        posts = self.state.listing(int(call.form["community_id"]))
        chunk, cursor = self.page(posts, call.form, "Pc")
        if self.version == "v3":
            return r3._opt(
                {"posts": [r3.post_view(p, self.state) for p in chunk]}, next_page=cursor
            )
        items = [r4.post_view(p, self.state, call.me) for p in chunk]
        return r4._opt({"items": items}, next_page=cursor)

    def get_post(self, call: Call) -> J:
        post = self.post_or_404({"post_id": call.form.get("id", 0)})
        c = self.state.communities[post.community_id]
        if self.version == "v3":
            community = r3.community_response(c, self.state)
            view = r3.post_view(post, self.state)
        else:
            community = r4.community_response(c, self.state, call.me)
            view = r4.post_view(post, self.state, call.me)
        return {
            "post_view": view,
            "community_view": community["community_view"],
            "moderators": community["moderators"],
            "cross_posts": [],
        }

    def report_post(self, call: Call) -> J:
        assert call.me is not None
        post = self.post_or_404(call.form)
        reason = str(call.form.get("reason", ""))
        if not reason.strip() or len(reason) > 1000:
            raise ApiError("report_reason_required" if not reason.strip() else "report_too_long")
        report = ReportRec(self.state.next_id(), post.id, call.me.id, reason, self.clock())
        self.state.reports[report.id] = report
        render = r3.report_view if self.version == "v3" else r4.report_view
        return {"post_report_view": render(report, self.state)}

    def resolve_report(self, call: Call) -> J:
        report = self.state.reports.get(int(call.form.get("report_id", 0)))
        if report is None:
            raise ApiError("couldnt_find_post_report" if self.version == "v3" else "not_found")
        mod = self.require_mod(call.me, self.state.posts[report.post_id].community_id)
        resolved = bool(call.form.get("resolved"))
        report.resolved, report.resolver_id = resolved, mod.id if resolved else None
        render = r3.report_view if self.version == "v3" else r4.report_view
        return {"post_report_view": render(report, self.state)}

    def list_reports(self, call: Call) -> J:
        me = call.me
        assert me is not None
        reports = [
            r
            for r in self.state.reports.values()
            if self.state.is_mod(me, self.state.posts[r.post_id].community_id)
            and call.form.get("post_id") in (None, r.post_id)
            and call.form.get("type_") in (None, "all", "posts")
            and not (call.form.get("unresolved_only") and r.resolved)
        ]
        reports.sort(key=lambda r: (r.published, r.id), reverse=True)  # newest first, as Lemmy
        if self.version == "v3":  # ListPostReports v3: page (from 1) and limit
            limit = int(call.form.get("limit", 10))
            start = (int(call.form.get("page", 1)) - 1) * limit
            chunk = reports[start : start + limit]
            return {"post_reports": [r3.report_view(r, self.state) for r in chunk]}
        chunk, cursor = self.page(reports, call.form, "Rp")
        items = [{"type_": "post", **r4.report_view(r, self.state)} for r in chunk]
        return r4._opt({"items": items}, next_page=cursor)

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
        post = self.post_or_404(call.form)
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
        chunk, cursor = self.page(found, call.form, "Cc")
        items = [r4.comment_view(c, self.state, call.me) for c in chunk]
        return r4._opt({"items": items}, next_page=cursor)

    def _post_response(self, post: PostRec, me: User) -> J:
        if self.version == "v3":
            return {"post_view": r3.post_view(post, self.state)}
        return {"post_view": r4.post_view(post, self.state, me)}

    def remove_post(self, call: Call) -> J:
        post = self.post_or_404(call.form)
        me = self.require_mod(call.me, post.community_id)
        reason = call.form.get("reason")
        if self.version == "v4" and not reason:
            raise ApiError("reason_required")
        self.state.remove_post(me, post, bool(call.form.get("removed")), reason)
        return self._post_response(post, me)

    def lock_post(self, call: Call) -> J:
        post = self.post_or_404(call.form)
        me = self.require_mod(call.me, post.community_id)
        reason = call.form.get("reason")
        if self.version == "v4" and not reason:
            raise ApiError("reason_required")
        self.state.lock_post(me, post, bool(call.form.get("locked")), reason)
        return self._post_response(post, me)

    def get_modlog(self, call: Call) -> J:
        community_id = call.form.get("community_id")
        entries = [e for e in reversed(self.state.modlog) if community_id in (None, e.community_id)]
        if self.version == "v3":
            # v3 pages each kind's list on its own (page/limit), as Lemmy 0.19 does
            limit = int(call.form.get("limit", 20))
            start = (int(call.form.get("page", 1)) - 1) * limit
            chosen = []
            for kind in ("remove_post", "lock_post"):
                chosen += [e for e in entries if e.kind == kind][start : start + limit]
            return r3.modlog(chosen, self.state)
        chunk, cursor = self.page(entries, call.form, "Ml")
        items = [r4.modlog_view(e, self.state) for e in chunk]
        return r4._opt({"items": items}, next_page=cursor)


def dump(exchange: Exchange) -> str:
    return json.dumps({"path": exchange.path, "form": exchange.form, "body": exchange.body})
