"""Lemmy API v4 (Lemmy 1.0): paths and JSON shapes from lemmy-js-client 1.0.0-beta.2.

Differences from v3 that matter here: snake_case enums (``new``, ``all``), ``published_at``/
``updated_at``/``ap_id`` field names, paths under ``/account`` for the logged-in user, every list
a ``{items, next_page}`` page, one modlog list of ``{modlog: {kind, is_revert}}`` entries, and
``reason`` required by remove and lock. Logins ask for ``stay_logged_in`` (tokens otherwise
expire after a week).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.lemmy.base import JSON, LemmyBaseClient, LemmyError
from bot.lemmy.types import (
    CommentPage,
    LemmyComment,
    LemmyCommunity,
    LemmyMe,
    LemmyModAction,
    LemmyPerson,
    LemmyPost,
    ModActionKind,
    ModlogPage,
    PostPage,
    ReportPage,
    comment_of,
    instance_of,
    report_of,
)

log = logging.getLogger(__name__)

MODLOG_LIMIT = 50
#: Modlog kinds newsmod imports, and what they mean with and without ``is_revert``.
MODLOG_KINDS: dict[str, tuple[ModActionKind, ModActionKind]] = {
    "mod_remove_post": ("remove", "restore"),
    "mod_lock_post": ("lock", "unlock"),
}


def community_v4(data: JSON) -> LemmyCommunity:
    return LemmyCommunity(int(data["id"]), str(data["name"]), instance_of(data.get("ap_id", "")))


def person_v4(data: JSON) -> LemmyPerson:
    return LemmyPerson(
        int(data["id"]),
        str(data["name"]),
        instance_of(data.get("ap_id", "")),
        bool(data.get("bot_account", False)),
    )


def post_v4(post: JSON, community: JSON, creator: JSON | None) -> LemmyPost:
    return LemmyPost(
        id=int(post["id"]),
        community=community_v4(community),
        creator=person_v4(creator) if creator else LemmyPerson(int(post["creator_id"]), ""),
        title=str(post["name"]),
        url=post.get("url"),
        body=str(post.get("body", "")),
        published=str(post["published_at"]),
        updated=post.get("updated_at"),
        removed=bool(post.get("removed", False)),
        deleted=bool(post.get("deleted", False)),
        locked=bool(post.get("locked", False)),
        featured=bool(post.get("featured_community") or post.get("featured_local")),
        embed_title=post.get("embed_title"),
        ap_id=str(post.get("ap_id", "")),
    )


class LemmyV4Client(LemmyBaseClient):
    version = "v4"
    login_path = "/account/auth/login"

    def login_form(self) -> JSON:
        return {**super().login_form(), "stay_logged_in": True}

    async def token_valid(self) -> bool:
        """``/account`` needs a login: 401 when 1.0 ignored the token."""
        try:
            await self._send("GET", "/account", {}, self.jwt)
        except LemmyError as exc:
            return not exc.auth_refused
        return True

    async def me(self) -> LemmyMe:
        data = await self.call("GET", "/account")
        person = person_v4(data["local_user_view"]["person"])
        moderates = tuple(community_v4(m["community"]) for m in data.get("moderates", []))
        return LemmyMe(person, moderates)

    async def set_bot_account(self) -> None:
        await self.call("PUT", "/account/settings/save", {"bot_account": True})

    async def community(self, handle: str) -> LemmyCommunity:
        data = await self.call("GET", "/community", {"name": handle.lstrip("!")})
        return community_v4(data["community_view"]["community"])

    async def posts(
        self, community_id: int, cursor: str | None = None, limit: int = 20
    ) -> PostPage:
        form: dict[str, Any] = {
            "community_id": community_id,
            "sort": "new",
            "type_": "all",
            "limit": limit,
            "page_cursor": cursor,
            "show_hidden": True,
            "show_read": True,
            "mark_as_read": False,
            "time_range_seconds": 0,  # 0 overrides a site's or user's default time range
        }
        data = await self.call("GET", "/post/list", form)
        posts = [post_v4(v["post"], v["community"], v.get("creator")) for v in data["items"]]
        return PostPage(posts, data.get("next_page"))

    async def get_post(self, post_id: int) -> LemmyPost:
        data = await self.call("GET", "/post", {"id": post_id})
        view = data["post_view"]
        return post_v4(view["post"], view["community"], view.get("creator"))

    async def report_post(self, post_id: int, reason: str) -> None:
        await self.call("POST", "/post/report", {"post_id": post_id, "reason": reason})

    async def resolve_post_report(self, report_id: int, resolved: bool = True) -> None:
        form = {"report_id": report_id, "resolved": resolved}  # the same path in v3 and v4
        await self.call("PUT", "/post/report/resolve", form)

    async def post_reports(
        self, post_id: int, cursor: str | None = None, limit: int = 50
    ) -> ReportPage:
        form = {"post_id": post_id, "type_": "posts", "limit": limit, "page_cursor": cursor}
        data = await self.call("GET", "/report/list", form)
        items = data["items"]
        reports = [report_of(v["post_report"]) for v in items if v.get("type_") == "post"]
        return ReportPage(reports, data.get("next_page"))

    async def comments(
        self, post_id: int, cursor: str | None = None, limit: int = 50
    ) -> CommentPage:
        form = {
            "post_id": post_id,
            "sort": "old",
            "type_": "all",
            "limit": limit,
            "page_cursor": cursor,  # None (the first page) is left out of the query
            "time_range_seconds": 0,  # the site's default range filters comments too
        }
        data = await self.call("GET", "/comment/list", form)
        return CommentPage([comment_of(v) for v in data["items"]], data.get("next_page"))

    async def create_comment(self, post_id: int, content: str) -> LemmyComment:
        data = await self.call("POST", "/comment", {"post_id": post_id, "content": content})
        return comment_of(data["comment_view"])

    async def distinguish_comment(self, comment_id: int) -> None:
        form = {"comment_id": comment_id, "distinguished": True}
        await self.call("POST", "/comment/distinguish", form)

    async def remove_post(self, post_id: int, reason: str, removed: bool = True) -> None:
        form = {"post_id": post_id, "removed": removed, "reason": reason}
        await self.call("POST", "/post/remove", form)

    async def lock_post(self, post_id: int, reason: str, locked: bool = True) -> None:
        form = {"post_id": post_id, "locked": locked, "reason": reason}
        await self.call("POST", "/post/lock", form)

    async def modlog(self, community_id: int, cursor: str | None = None) -> ModlogPage:
        form = {"community_id": community_id, "limit": MODLOG_LIMIT, "page_cursor": cursor}
        data = await self.call("GET", "/modlog", form)
        host = instance_of(self.credentials.url)
        actions: list[LemmyModAction] = []
        for view in data["items"]:
            entry = view["modlog"]
            kinds = MODLOG_KINDS.get(str(entry["kind"]))
            post, community = view.get("target_post"), view.get("target_community")
            if kinds is None or not post or not community:
                continue
            moderator = view.get("moderator")
            actions.append(
                LemmyModAction(
                    key=f"lemmy:{host}:v4:modlog:{entry['id']}",
                    kind=kinds[1] if entry.get("is_revert") else kinds[0],
                    post=post_v4(post, community, None),
                    community=community_v4(community),
                    moderator=person_v4(moderator) if isinstance(moderator, dict) else None,
                    reason=str(entry.get("reason") or ""),  # "reason": null when none
                    when=str(entry["published_at"]),
                )
            )
        return ModlogPage(actions, data.get("next_page"))
