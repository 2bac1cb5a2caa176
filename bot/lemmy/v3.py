"""Lemmy API v3 (Lemmy 0.19): paths and JSON shapes from lemmy-js-client 0.19.9.

Differences from v4 that matter here: PascalCase enums (``New``, ``All``), ``published``/
``updated``/``actor_id`` field names, ``{posts, next_page}`` post lists paged by ``page_cursor``,
a modlog of per-kind lists paged by page number, and ``lock`` without a reason.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.lemmy.base import JSON, LemmyBaseClient
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


def version_before(version: str, than: tuple[int, ...]) -> bool:
    """Whether a Lemmy version ("0.19.3", "0.19.4-rc.1") is older than ``than``; an unknown
    version ("") is taken as older (the cautious choice)."""
    parts = []
    for piece in version.split("-")[0].split("."):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return not parts or tuple(parts) < than


def community_v3(data: JSON) -> LemmyCommunity:
    return LemmyCommunity(int(data["id"]), str(data["name"]), instance_of(data.get("actor_id", "")))


def person_v3(data: JSON) -> LemmyPerson:
    return LemmyPerson(
        int(data["id"]),
        str(data["name"]),
        instance_of(data.get("actor_id", "")),
        bool(data.get("bot_account", False)),
    )


def post_v3(view: JSON) -> LemmyPost:
    post = view["post"]
    return LemmyPost(
        id=int(post["id"]),
        community=community_v3(view["community"]),
        creator=person_v3(view["creator"])
        if "creator" in view
        else LemmyPerson(int(post["creator_id"]), ""),
        title=str(post["name"]),
        url=post.get("url"),
        body=str(post.get("body", "")),
        published=str(post["published"]),
        updated=post.get("updated"),
        removed=bool(post.get("removed", False)),
        deleted=bool(post.get("deleted", False)),
        locked=bool(post.get("locked", False)),
        featured=bool(post.get("featured_community") or post.get("featured_local")),
        embed_title=post.get("embed_title"),
        ap_id=str(post.get("ap_id", "")),
    )


class LemmyV3Client(LemmyBaseClient):
    version = "v3"
    login_path = "/user/login"

    @property
    def reports_ignore_post_id(self) -> bool:
        """``ListPostReports.post_id`` exists from Lemmy 0.19.4 only."""
        return version_before(self.server_version, (0, 19, 4))

    async def token_valid(self) -> bool:
        """0.19 answers ``/site`` without ``my_user`` when it ignored the token."""
        data = await self._send("GET", "/site", {}, self.jwt)
        return isinstance(data.get("my_user"), dict)

    async def me(self) -> LemmyMe:
        data = await self.call("GET", "/site")
        my_user = data.get("my_user")
        if not isinstance(my_user, dict):  # the token was ignored: log in again, once
            if not self.credentials.can_login:
                raise self.refused("/site", fresh=False)
            await self._relogin(self.jwt)
            my_user = (await self.call("GET", "/site")).get("my_user")
            if not isinstance(my_user, dict):
                raise self.refused("/site", fresh=True)
        person = person_v3(my_user["local_user_view"]["person"])
        moderates = tuple(community_v3(m["community"]) for m in my_user.get("moderates", []))
        return LemmyMe(person, moderates)

    async def set_bot_account(self) -> None:
        await self.call("PUT", "/user/save_user_settings", {"bot_account": True})

    async def community(self, handle: str) -> LemmyCommunity:
        data = await self.call("GET", "/community", {"name": handle.lstrip("!")})
        return community_v3(data["community_view"]["community"])

    async def posts(
        self, community_id: int, cursor: str | None = None, limit: int = 20
    ) -> PostPage:
        form: dict[str, Any] = {
            "community_id": community_id,
            "sort": "New",
            "type_": "All",
            "limit": limit,
            "page_cursor": cursor,
            "show_hidden": True,
            "show_read": True,
        }
        data = await self.call("GET", "/post/list", form)
        return PostPage([post_v3(v) for v in data.get("posts", [])], data.get("next_page"))

    async def get_post(self, post_id: int) -> LemmyPost:
        data = await self.call("GET", "/post", {"id": post_id})
        return post_v3(data["post_view"])

    async def report_post(self, post_id: int, reason: str) -> None:
        await self.call("POST", "/post/report", {"post_id": post_id, "reason": reason})

    async def resolve_post_report(self, report_id: int, resolved: bool = True) -> None:
        form = {"report_id": report_id, "resolved": resolved}  # the same path in v3 and v4
        await self.call("PUT", "/post/report/resolve", form)

    async def post_reports(
        self, post_id: int, cursor: str | None = None, limit: int = 50
    ) -> ReportPage:
        page = int(cursor) if cursor else 1  # v3 pages reports by number, from 1
        # ListPostReports.post_id exists from 0.19.4 only: older servers list every report of
        # every moderated community, so the post's own are picked out here whatever the version
        form = {"post_id": post_id, "limit": limit, "page": page}
        data = await self.call("GET", "/post/report/list", form)
        views = data.get("post_reports", [])
        reports = [report_of(v["post_report"]) for v in views]
        mine = [r for r in reports if r.post_id == post_id]
        return ReportPage(mine, str(page + 1) if len(views) >= limit else None)

    async def comments(
        self, post_id: int, cursor: str | None = None, limit: int = 50
    ) -> CommentPage:
        page = int(cursor) if cursor else 1  # v3 pages comments by number, from 1
        form = {"post_id": post_id, "sort": "Old", "type_": "All", "limit": limit, "page": page}
        data = await self.call("GET", "/comment/list", form)
        comments = [comment_of(v) for v in data.get("comments", [])]
        return CommentPage(comments, str(page + 1) if len(comments) >= limit else None)

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
        # v3 LockPost has no reason field; the reason lives in newsmod's modlog.
        await self.call("POST", "/post/lock", {"post_id": post_id, "locked": locked})

    async def modlog(self, community_id: int, cursor: str | None = None) -> ModlogPage:
        page = int(cursor) if cursor else 1
        form = {"community_id": community_id, "page": page, "limit": MODLOG_LIMIT}
        data = await self.call("GET", "/modlog", form)
        host = instance_of(self.credentials.url)
        actions: list[LemmyModAction] = []
        removed = data.get("removed_posts", [])
        locked = data.get("locked_posts", [])
        for view in removed:
            entry = view["mod_remove_post"]
            kind: ModActionKind = "remove" if entry.get("removed", True) else "restore"
            actions.append(self._action(host, "ModRemovePost", kind, entry, view))
        for view in locked:
            entry = view["mod_lock_post"]
            kind = "lock" if entry.get("locked", True) else "unlock"
            actions.append(self._action(host, "ModLockPost", kind, entry, view))
        actions.sort(key=lambda a: a.when, reverse=True)
        full = len(removed) >= MODLOG_LIMIT or len(locked) >= MODLOG_LIMIT
        return ModlogPage(actions, str(page + 1) if full else None)

    @staticmethod
    def _action(
        host: str, table: str, kind: ModActionKind, entry: JSON, view: JSON
    ) -> LemmyModAction:
        post = post_v3({"post": view["post"], "community": view["community"]})
        moderator = view.get("moderator")
        return LemmyModAction(
            key=f"lemmy:{host}:v3:{table}:{entry['id']}",
            kind=kind,
            post=post,
            community=community_v3(view["community"]),
            moderator=person_v3(moderator) if isinstance(moderator, dict) else None,
            reason=str(entry.get("reason") or ""),
            when=str(entry["when_"]),
        )
