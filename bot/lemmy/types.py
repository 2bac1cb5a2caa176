"""Version-neutral views of Lemmy objects, and the client interface both API versions implement.

The v3 and v4 clients translate their JSON into these dataclasses, so the adapter, the poller and
the modlog import never see a version difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

ModActionKind = Literal["remove", "restore", "lock", "unlock"]


def instance_of(actor_url: str) -> str:
    """The instance host of a federated actor URL (``https://lemmy.world/c/news`` → lemmy.world)."""
    return (urlsplit(actor_url).hostname or "").lower()


@dataclass(frozen=True)
class LemmyCommunity:
    id: int
    name: str
    instance: str  # host of the community's home instance

    @property
    def handle(self) -> str:
        return f"!{self.name}@{self.instance}"


@dataclass(frozen=True)
class LemmyPerson:
    id: int
    name: str
    instance: str = ""
    bot_account: bool = False

    @property
    def handle(self) -> str:
        return f"{self.name}@{self.instance}" if self.instance else self.name


@dataclass(frozen=True)
class LemmyPost:
    id: int
    community: LemmyCommunity
    creator: LemmyPerson
    title: str
    url: str | None
    body: str
    published: str
    updated: str | None = None
    removed: bool = False
    deleted: bool = False
    locked: bool = False
    featured: bool = False  # featured to the community or the instance
    embed_title: str | None = None
    ap_id: str = ""


@dataclass(frozen=True)
class LemmyComment:
    id: int
    post_id: int
    creator_id: int
    content: str
    distinguished: bool = False
    removed: bool = False
    deleted: bool = False


@dataclass(frozen=True)
class LemmyReport:
    id: int
    post_id: int
    creator_id: int
    reason: str
    resolved: bool = False


def comment_of(view: dict[str, Any]) -> LemmyComment:
    """A ``CommentView``'s comment (same fields in v3 and v4)."""
    c = view["comment"]
    return LemmyComment(
        id=int(c["id"]),
        post_id=int(c["post_id"]),
        creator_id=int(c["creator_id"]),
        content=str(c["content"]),
        distinguished=bool(c.get("distinguished", False)),
        removed=bool(c.get("removed", False)),
        deleted=bool(c.get("deleted", False)),
    )


def report_of(data: dict[str, Any]) -> LemmyReport:
    """A ``PostReport`` object (same fields in v3 and v4)."""
    return LemmyReport(
        int(data["id"]),
        int(data["post_id"]),
        int(data["creator_id"]),
        str(data["reason"]),
        bool(data.get("resolved", False)),
    )


@dataclass(frozen=True)
class LemmyModAction:
    """One moderator action from Lemmy's modlog (post removals, restores, locks, unlocks)."""

    key: str  # stable across polls: "lemmy:<instance>:<version>:<kind>:<modlog id>"
    kind: ModActionKind
    post: LemmyPost
    community: LemmyCommunity
    moderator: LemmyPerson | None  # None when the instance hides moderator names
    reason: str
    when: str


@dataclass(frozen=True)
class LemmyMe:
    """The logged-in account and the communities it moderates."""

    person: LemmyPerson
    moderates: tuple[LemmyCommunity, ...] = ()

    def moderates_handle(self, handle: str) -> bool:
        return any(c.handle.lower() == handle.lower() for c in self.moderates)


@dataclass(frozen=True)
class PostPage:
    posts: list[LemmyPost]
    next_cursor: str | None  # v3 page_cursor / v4 next_page; None on the last page


Item = TypeVar("Item")


@dataclass(frozen=True)
class ItemPage(Generic[Item]):
    """One page of a post's reports or comments."""

    items: list[Item]
    next_cursor: str | None  # v3: the next page number as text; v4: next_page


ReportPage = ItemPage[LemmyReport]
CommentPage = ItemPage[LemmyComment]


@dataclass(frozen=True)
class ModlogPage:
    actions: list[LemmyModAction]
    next_cursor: str | None  # v3: the next page number as text; v4: next_page


class LemmyApi(Protocol):
    """What newsmod needs from a Lemmy instance, identical for API v3 and v4."""

    version: str

    async def login(self) -> None: ...

    async def me(self) -> LemmyMe: ...

    async def set_bot_account(self) -> None: ...

    async def community(self, handle: str) -> LemmyCommunity: ...

    async def posts(
        self, community_id: int, cursor: str | None = None, limit: int = 20
    ) -> PostPage:
        """Newest first, featured posts on top (as Lemmy lists them)."""
        ...

    async def get_post(self, post_id: int) -> LemmyPost: ...

    async def report_post(self, post_id: int, reason: str) -> None: ...

    async def resolve_post_report(self, report_id: int, resolved: bool = True) -> None: ...

    async def post_reports(
        self, post_id: int, cursor: str | None = None, limit: int = 50
    ) -> ReportPage:
        """One page of the reports on one post, resolved or not, newest first (needs a
        moderator)."""
        ...

    async def comments(
        self, post_id: int, cursor: str | None = None, limit: int = 50
    ) -> CommentPage:
        """One page of a post's comments, oldest first: the bot's own come early in its life."""
        ...

    async def create_comment(self, post_id: int, content: str) -> LemmyComment: ...

    async def distinguish_comment(self, comment_id: int) -> None: ...

    async def remove_post(self, post_id: int, reason: str, removed: bool = True) -> None: ...

    async def lock_post(self, post_id: int, reason: str, locked: bool = True) -> None: ...

    async def modlog(self, community_id: int, cursor: str | None = None) -> ModlogPage:
        """Post removals/restores and locks/unlocks in one community, newest first."""
        ...
