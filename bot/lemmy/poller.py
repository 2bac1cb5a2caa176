"""Watching Lemmy communities: poll New posts and submit new or edited ones to the pipeline.

Each poll walks a community's New listing page by page, newest first, down to its high-water
mark (``bot.lemmy.marks``: the newest post an earlier walk read through, kept in the database),
however many pages that takes: a burst of posts or an outage is caught up on, never skipped,
and a catch-up is logged with the number of posts it read. The mark only moves once a walk
reached it. Lemmy 0.19 lists featured posts first under New whatever their age (1.0 does not):
they never decide where a walk stops. Removed and deleted posts are skipped. A post is
submitted when it is new or its ``updated`` time changed (the pipeline's queue also ignores
unchanged content). Every ``full_every``-th poll also walks the whole recheck window
(``recheck_hours``) to catch edits of older posts; with no mark yet, a walk covers that window.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.lemmy.marks import Mark, Marks, MemoryMarks
from bot.lemmy.types import LemmyApi, LemmyCommunity, LemmyPost
from bot.models import Post
from bot.pipeline.clock import parse_utc

log = logging.getLogger(__name__)

PLATFORM = "lemmy"
Submit = Callable[[Post], Awaitable[bool]]
Now = Callable[[], datetime]


def parse_time(text: str) -> datetime:
    """Lemmy timestamps (``2024-05-01T12:00:00.123456Z``, with or without the zone) in UTC."""
    return parse_utc(text)


def post_page(site_url: str, post_id: int | str) -> str:
    """The post's page on the instance at ``site_url`` (``post_id`` is that instance's id)."""
    return f"{site_url.rstrip('/')}/post/{int(post_id)}"


def post_from_lemmy(post: LemmyPost, community_key: str, site_url: str = "") -> Post:
    """The platform-neutral Post for a Lemmy post (``id`` is Lemmy's post id on the instance at
    ``site_url``, whose page for it is the permalink; none without ``site_url``)."""
    return Post(
        id=str(post.id),
        title=post.title,
        url=post.url,
        body=post.body,
        platform=PLATFORM,
        community=community_key,
        author_id=str(post.creator.id),
        author_name=post.creator.handle,
        embed_title=post.embed_title,
        created_at=parse_time(post.published).isoformat(),
        permalink=post_page(site_url, post.id) if site_url else None,
    )


@dataclass
class Watched:
    community: LemmyCommunity
    key: str  # the community's key in guidelines.toml
    seen: dict[int, str] = field(default_factory=dict)  # post id -> updated/published submitted


def mark_of(post: LemmyPost) -> Mark:
    return Mark(parse_time(post.published), post.id)


@dataclass
class Walk:
    """One walk down a community's listing."""

    stop: Mark  # the first non-featured post at or below this ends the walk
    newest: Mark | None  # the new high-water mark so far
    read: int = 0  # posts read (not removed/deleted)
    pages: int = 0
    submitted: int = 0


class LemmyPoller:
    def __init__(
        self,
        client: LemmyApi,
        watched: list[Watched],
        submit: Submit,
        *,
        marks: Marks | None = None,
        recheck_hours: float = 24.0,
        page_size: int = 20,
        full_every: int = 10,
        now: Now = lambda: datetime.now(UTC),
        site_url: str = "",
    ) -> None:
        self.client = client
        self.site_url = site_url  # the instance the client talks to: its posts' pages
        self.watched = watched
        self.submit = submit
        self.marks: Marks = marks if marks is not None else MemoryMarks()
        self.window = timedelta(hours=recheck_hours)
        self.page_size = page_size
        self.full_every = max(1, full_every)
        self.now = now
        self.polls = 0

    async def poll_once(self) -> int:
        """Poll every watched community once; how many posts were submitted."""
        full = self.polls % self.full_every == 0
        self.polls += 1
        total = 0
        for watched in self.watched:
            total += await self._poll(watched, full=full)
        return total

    async def _poll(self, w: Watched, *, full: bool) -> int:
        mark = await self.marks.get(w.community.handle)
        window = Mark(self.now() - self.window, -1)  # a post published before it is older
        stop = window if mark is None else min(mark, window) if full else mark
        walk = Walk(stop, mark)
        listed: set[int] = set()
        cursor: str | None = None
        while True:  # down to the mark, whatever the backlog
            page = await self.client.posts(w.community.id, cursor, self.page_size)
            walk.pages += 1
            done = await self._page(w, page.posts, walk, listed)
            cursor = page.next_cursor
            if done or cursor is None or not page.posts:
                break
        if full:  # forget posts that left the window (or were removed)
            w.seen = {k: v for k, v in w.seen.items() if k in listed}
        if walk.newest is not None and walk.newest != mark:
            await self.marks.set(w.community.handle, walk.newest)
        if walk.pages > 1 and mark is not None:
            log.info("Lemmy %s: caught up, %d posts read over %d pages (%d queued)",
                     w.community.handle, walk.read, walk.pages, walk.submitted)  # fmt: skip
        return walk.submitted

    async def _page(self, w: Watched, posts: list[LemmyPost], walk: Walk, listed: set[int]) -> bool:
        """Submit a page's new or edited posts; whether the walk reached its stop."""
        for post in posts:
            if post.removed or post.deleted:
                continue
            here = mark_of(post)
            if not post.featured:
                if here <= walk.stop:
                    return True  # read through before, or older than the window
                walk.newest = here if walk.newest is None else max(walk.newest, here)
            walk.read += 1
            listed.add(post.id)
            version = post.updated or post.published
            if w.seen.get(post.id) == version:
                continue
            if await self.submit(post_from_lemmy(post, w.key, self.site_url)):
                log.info("queued Lemmy post %s in %s", post.id, w.community.handle)
                walk.submitted += 1
            w.seen[post.id] = version
        return False
