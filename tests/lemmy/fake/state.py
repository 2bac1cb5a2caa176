"""The fake Lemmy instance's data: accounts, communities, posts, comments, reports, modlog.

Version-neutral; ``render_v3``/``render_v4`` turn these records into each API's JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

INSTANCE = "lemmy.test"


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class User:
    id: int
    name: str
    password: str
    bot_account: bool = False
    admin: bool = False
    default_post_time_range_seconds: int | None = None  # 1.0 user setting


@dataclass
class Community:
    id: int
    name: str
    moderators: list[int] = field(default_factory=list)


@dataclass
class PostRec:
    id: int
    community_id: int
    creator_id: int
    name: str
    published: float
    url: str | None = None
    body: str | None = None
    embed_title: str | None = None
    updated: float | None = None
    removed: bool = False
    deleted: bool = False
    locked: bool = False
    featured: bool = False


@dataclass
class CommentRec:
    id: int
    post_id: int
    creator_id: int
    content: str
    published: float
    distinguished: bool = False
    removed: bool = False


@dataclass
class ReportRec:
    id: int
    post_id: int
    creator_id: int
    reason: str
    published: float
    resolved: bool = False
    resolver_id: int | None = None


@dataclass
class ModlogRec:
    id: int
    kind: str  # "remove_post" | "lock_post"
    mod_id: int
    post_id: int
    community_id: int
    revert: bool  # restore / unlock
    published: float
    reason: str | None = None


class LemmyState:
    """Everything the fake instance knows, with a clock the tests control."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.users: dict[int, User] = {}
        self.communities: dict[int, Community] = {}
        self.posts: dict[int, PostRec] = {}
        self.comments: dict[int, CommentRec] = {}
        self.reports: dict[int, ReportRec] = {}
        self.modlog: list[ModlogRec] = []
        self._ids = 0

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def add_user(self, name: str, password: str = "", **kw: bool) -> User:
        user = User(self.next_id(), name, password, **kw)
        self.users[user.id] = user
        return user

    def user_named(self, name: str) -> User | None:
        return next((u for u in self.users.values() if u.name == name), None)

    def add_community(self, name: str, moderators: list[int] | None = None) -> Community:
        c = Community(self.next_id(), name, list(moderators or []))
        self.communities[c.id] = c
        return c

    def community_named(self, name: str) -> Community | None:
        local = name.split("@", 1)
        if len(local) == 2 and local[1] != INSTANCE:
            return None
        return next((c for c in self.communities.values() if c.name == local[0]), None)

    def add_post(self, community: Community, creator: User, name: str, **kw: object) -> PostRec:
        kw.setdefault("published", self.clock())
        post = PostRec(self.next_id(), community.id, creator.id, name, **kw)  # type: ignore[arg-type]
        self.posts[post.id] = post
        return post

    def add_comment(self, post: PostRec, creator: User, content: str) -> CommentRec:
        comment = CommentRec(self.next_id(), post.id, creator.id, content, self.clock())
        self.comments[comment.id] = comment
        return comment

    def is_mod(self, user: User, community_id: int) -> bool:
        return user.admin or user.id in self.communities[community_id].moderators

    @staticmethod
    def listing_key(*, featured_first: bool) -> Callable[[PostRec], tuple[float, ...]]:
        """The New order as a sort key: 0.19 puts featured posts first, 1.0 does not."""
        if featured_first:
            return lambda p: (float(not p.featured), -p.published, -p.id)
        return lambda p: (-p.published, -p.id)

    def listing(self, community_id: int, *, featured_first: bool = True) -> list[PostRec]:
        """As Lemmy lists a community sorted New, removed/deleted posts hidden."""
        visible = [
            p
            for p in self.posts.values()
            if p.community_id == community_id and not p.removed and not p.deleted
        ]
        return sorted(visible, key=self.listing_key(featured_first=featured_first))

    def is_higher_mod_or_admin(self, community_id: int, actor_id: int, target_id: int) -> bool:
        """``LocalUser::is_higher_mod_or_admin_check``: admins (by id), then the community's
        moderators in the order they were appointed; the first of actor and target wins."""
        persons = {actor_id, target_id}
        admins = sorted(u.id for u in self.users.values() if u.admin and u.id in persons)
        mods = [m for m in self.communities[community_id].moderators if m in persons]
        ranked = admins + mods
        return bool(ranked) and ranked[0] == actor_id

    def log(self, kind: str, mod: User, post: PostRec, revert: bool, reason: str | None) -> None:
        rec = ModlogRec(
            self.next_id(), kind, mod.id, post.id, post.community_id, revert, self.clock(), reason
        )
        self.modlog.append(rec)

    def remove_post(self, mod: User, post: PostRec, removed: bool, reason: str | None) -> None:
        post.removed = removed
        # PostReport::resolve_all_for_object, on a removal and on a restore alike
        for report in self.reports.values():
            if report.post_id == post.id and not report.resolved:
                report.resolved, report.resolver_id = True, mod.id
        self.log("remove_post", mod, post, not removed, reason)

    def lock_post(self, mod: User, post: PostRec, locked: bool, reason: str | None) -> None:
        post.locked = locked
        self.log("lock_post", mod, post, not locked, reason)
