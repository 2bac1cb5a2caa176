"""The fake Lemmy's post, report, removal, lock and modlog routes, with Lemmy's rules per version.

Each rule below is read from Lemmy's source (tags 0.19.20 and 1.0.0-beta.1):

- posts list (0.19 ``crates/db_views/src/post_view.rs``, ``crates/apub/src/api/list_posts.rs``;
  1.0 ``crates/db_views/post/src/impls.rs``, ``crates/api/api/src/federation/list_posts.rs``,
  ``crates/diesel_utils/src/pagination.rs``): 0.19 sorts featured posts first under every sort,
  1.0 not under ``New``/``Old``; 0.19 returns ``next_page`` whenever a page is non-empty, 1.0
  only when the page is full; on 1.0 ``time_range_seconds`` defaults to the user's, then the
  site's ``default_post_time_range_seconds`` (0 overrides to none), for posts and comments
  (``crates/api/api/src/federation/mod.rs``, ``list_comments.rs``);
- get post (``api_crud/src/post/read.rs``, ``PostView::read``): removed and deleted posts are
  visible to the community's moderators and admins only (0.19 ``couldnt_find_post``, 1.0 404
  ``not_found``);
- reports (``migrations/2020-10-13-212240_create_report_tables/up.sql``: ``UNIQUE (post_id,
  creator_id)``; 0.19 ``crates/api/src/post_report/create.rs``, 1.0
  ``crates/api/api/src/reports/post_report/create.rs``, ``db_schema/src/impls/post_report.rs``):
  the post is read as a non-moderator (removed → 0.19 ``couldnt_find_post``, 1.0 404
  ``not_found``), a second report by the same account fails (0.19 ``couldnt_create_report``,
  1.0 ``couldnt_create``); ``ListPostReports.post_id`` exists only from 0.19.4
  (``crates/api_common/src/post.rs``; older servers ignore it);
- remove (``crates/api_crud/src/post/remove.rs``): ``LocalUser::is_higher_mod_or_admin_check``
  from 0.19.6 and on 1.0 (``not_higher_mod`` when the author is an admin or a moderator
  appointed before the acting one, ``db_schema/src/impls/local_user.rs``); removing *and
  restoring* resolve all of the post's reports; 1.0's ``reason`` is a required ``String``
  (no ``reason_required`` error: a missing field is the JSON extractor's 400, not JSON);
- lock (0.19 ``crates/api/src/post/lock.rs`` reads the post with ``Post::read``: any post;
  1.0 ``crates/api/api/src/post/lock.rs`` reads it with ``PostView::read(.., false)``: a removed
  post is 404 ``not_found``);
- v4 modlog (``db_schema/src/source/modlog.rs``): ``Modlog`` has no ``skip_serializing_none``,
  so ``"reason": null`` is sent; v3's ``ModRemovePost`` omits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.lemmy.fake import render_v3 as r3
from tests.lemmy.fake import render_v4 as r4
from tests.lemmy.fake.errors import ApiError, ApiText
from tests.lemmy.fake.state import PostRec, ReportRec, User

if TYPE_CHECKING:
    from tests.lemmy.fake.server import Call, FakeLemmy

J = dict[str, Any]


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("-")[0].split("."))


class ModerationRoutes:
    """Mixed into ``FakeLemmy`` (which provides state, version, clock and paging)."""

    # -- helpers ---------------------------------------------------------------------------------
    def v3_since(self: FakeLemmy, version: str) -> bool:
        """On v3: whether the served 0.19.x is at least ``version``; on v4 always true."""
        return self.version == "v4" or version_tuple(self.lemmy_version) >= version_tuple(version)

    def not_found(self: FakeLemmy) -> ApiError:
        return ApiError("couldnt_find_post") if self.version == "v3" else ApiError("not_found", 404)

    def visible(self: FakeLemmy, post: PostRec, me: User | None, as_mod: bool) -> bool:
        """``PostView::read``: removed/deleted posts only for moderators (and their author)."""
        if not (post.removed or post.deleted):
            return True
        if me is not None and self.version == "v4" and post.creator_id == me.id:
            return True
        return as_mod and me is not None and self.state.is_mod(me, post.community_id)

    def raw_post(self: FakeLemmy, form: J) -> PostRec:
        """``Post::read``: any post, removed or not."""
        post = self.state.posts.get(int(form.get("post_id", 0)))
        if post is None:
            raise self.not_found()
        return post

    def require_reason(self: FakeLemmy, form: J, struct: str) -> None:
        if self.version == "v4" and not isinstance(form.get("reason"), str):
            raise ApiText(f"Json deserialize error: missing field `reason` ({struct})")

    # -- posts -----------------------------------------------------------------------------------
    def list_posts(self: FakeLemmy, call: Call) -> J:
        expected = "New" if self.version == "v3" else "new"
        if call.form.get("sort", expected) != expected:
            raise ApiError("unsupported_sort_in_fake")
        community_id = int(call.form["community_id"])
        posts = self.state.listing(community_id, featured_first=self.version == "v3")
        if self.version == "v4":
            posts = self.in_time_range(posts, call)
        limit = int(call.form.get("limit", 10 if self.version == "v3" else 20))
        chunk = self.after_cursor(posts, call.form.get("page_cursor"), community_id)[:limit]
        if self.version == "v3":  # "if this page wasn't empty, then there is a next page"
            cursor = f"P{chunk[-1].id:x}" if chunk else None
            return r3._opt(
                {"posts": [r3.post_view(p, self.state) for p in chunk]}, next_page=cursor
            )
        cursor = f"P{chunk[-1].id:x}" if len(chunk) >= limit else None  # a full page only
        items = [r4.post_view(p, self.state, call.me) for p in chunk]
        return r4._opt({"items": items}, next_page=cursor)

    def in_time_range(self: FakeLemmy, posts: list[Any], call: Call) -> list[Any]:
        secs = call.form.get("time_range_seconds")
        if secs is None and call.me is not None:
            secs = call.me.default_post_time_range_seconds
        if secs is None:
            secs = self.default_post_time_range_seconds
        if not secs:  # None, or 0: "a zero is an override to None"
            return posts
        oldest = self.clock() - int(secs)
        return [p for p in posts if p.published > oldest]

    def after_cursor(
        self: FakeLemmy, posts: list[PostRec], cursor: object, community_id: int
    ) -> list[PostRec]:
        """Keyset paging: the posts after the cursor's post in the listing's order."""
        if cursor is None:
            return posts
        text = str(cursor)
        try:
            last = self.state.posts[int(text[1:], 16)] if text.startswith("P") else None
        except (ValueError, KeyError):
            last = None
        if last is None:
            raise ApiError("couldnt_parse_pagination_token")
        key = self.state.listing_key(featured_first=self.version == "v3")
        return [p for p in posts if key(p) > key(last)]

    def get_post(self: FakeLemmy, call: Call) -> J:
        post = self.raw_post({"post_id": call.form.get("id", 0)})
        if not self.visible(post, call.me, as_mod=True):
            raise self.not_found()
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

    # -- reports ---------------------------------------------------------------------------------
    def report_post(self: FakeLemmy, call: Call) -> J:
        me = call.me
        assert me is not None
        reason = str(call.form.get("reason", "")).strip()
        if not reason:
            raise ApiError("report_reason_required")
        if len(reason) > 1000:
            raise ApiError("report_too_long")
        post = self.raw_post(call.form)
        if not self.visible(post, me, as_mod=False):  # read as a non-moderator
            raise self.not_found()
        if any(r.post_id == post.id and r.creator_id == me.id for r in self.state.reports.values()):
            # UNIQUE (post_id, creator_id)
            raise ApiError("couldnt_create_report" if self.version == "v3" else "couldnt_create")
        report = ReportRec(self.state.next_id(), post.id, me.id, reason, self.clock())
        self.state.reports[report.id] = report
        render = r3.report_view if self.version == "v3" else r4.report_view
        return {"post_report_view": render(report, self.state)}

    def resolve_report(self: FakeLemmy, call: Call) -> J:
        report = self.state.reports.get(int(call.form.get("report_id", 0)))
        if report is None:
            raise ApiError("couldnt_find_post_report" if self.version == "v3" else "not_found")
        mod = self.require_mod(call.me, self.state.posts[report.post_id].community_id)
        resolved = bool(call.form.get("resolved"))
        report.resolved, report.resolver_id = resolved, mod.id if resolved else None
        render = r3.report_view if self.version == "v3" else r4.report_view
        return {"post_report_view": render(report, self.state)}

    def list_reports(self: FakeLemmy, call: Call) -> J:
        me = call.me
        assert me is not None
        post_id = call.form.get("post_id") if self.v3_since("0.19.4") else None
        reports = [
            r
            for r in self.state.reports.values()
            if self.state.is_mod(me, self.state.posts[r.post_id].community_id)
            and post_id in (None, r.post_id)
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

    # -- removal and locks -----------------------------------------------------------------------
    def _post_response(self: FakeLemmy, post: PostRec, me: User) -> J:
        if self.version == "v3":
            return {"post_view": r3.post_view(post, self.state)}
        return {"post_view": r4.post_view(post, self.state, me)}

    def remove_post(self: FakeLemmy, call: Call) -> J:
        self.require_reason(call.form, "RemovePost")
        post = self.raw_post(call.form)
        me = self.require_mod(call.me, post.community_id)
        if self.v3_since("0.19.6") and not self.state.is_higher_mod_or_admin(
            post.community_id, me.id, post.creator_id
        ):
            raise ApiError("not_higher_mod")
        self.state.remove_post(me, post, bool(call.form.get("removed")), call.form.get("reason"))
        return self._post_response(post, me)

    def lock_post(self: FakeLemmy, call: Call) -> J:
        self.require_reason(call.form, "LockPost")
        post = self.raw_post(call.form)
        if self.version == "v4" and not self.visible(post, call.me, as_mod=False):
            raise self.not_found()  # 1.0 reads the post as a non-moderator
        me = self.require_mod(call.me, post.community_id)
        self.state.lock_post(me, post, bool(call.form.get("locked")), call.form.get("reason"))
        return self._post_response(post, me)

    def get_modlog(self: FakeLemmy, call: Call) -> J:
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
