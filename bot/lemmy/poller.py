"""Watching Lemmy communities: poll New posts and submit new or edited ones to the pipeline.

Each poll walks a community's New listing (featured posts on top, then newest first) page by page.
Featured posts never decide where "already seen" starts: they sit on top whatever their age.
Removed and deleted posts are skipped. A post is submitted when it is new or its ``updated`` time
changed (the pipeline's queue also ignores unchanged content). Normal polls stop at the first
non-featured post already seen; every ``full_every``-th poll walks the whole recheck window
(``recheck_hours``) to catch edits of older posts.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.lemmy.types import LemmyApi, LemmyCommunity, LemmyPost
from bot.models import Post

log = logging.getLogger(__name__)

PLATFORM = "lemmy"
Submit = Callable[[Post], Awaitable[bool]]
Now = Callable[[], datetime]


def parse_time(text: str) -> datetime:
    """Lemmy timestamps (``2024-05-01T12:00:00.123456Z``, with or without the zone) in UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def post_from_lemmy(post: LemmyPost, community_key: str) -> Post:
    """The platform-neutral Post for a Lemmy post (``id`` is Lemmy's post id)."""
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
    )


@dataclass
class Watched:
    community: LemmyCommunity
    key: str  # the community's key in guidelines.toml
    seen: dict[int, str] = field(default_factory=dict)  # post id -> updated/published submitted


class LemmyPoller:
    def __init__(
        self,
        client: LemmyApi,
        watched: list[Watched],
        submit: Submit,
        *,
        recheck_hours: float = 24.0,
        page_size: int = 20,
        max_pages: int = 10,
        full_every: int = 10,
        now: Now = lambda: datetime.now(UTC),
    ) -> None:
        self.client = client
        self.watched = watched
        self.submit = submit
        self.window = timedelta(hours=recheck_hours)
        self.page_size = page_size
        self.max_pages = max_pages
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
        oldest = self.now() - self.window
        submitted = 0
        cursor: str | None = None
        listed: set[int] = set()
        for _ in range(self.max_pages):
            page = await self.client.posts(w.community.id, cursor, self.page_size)
            done = False
            for post in page.posts:
                if post.removed or post.deleted:
                    continue
                version = post.updated or post.published
                listed.add(post.id)
                if not post.featured:
                    if parse_time(post.published) < oldest:
                        done = True  # older than the window: everything after is older still
                        break
                    if not full and w.seen.get(post.id) == version:
                        done = True  # already seen: where the last poll started
                        break
                if w.seen.get(post.id) == version:
                    continue
                if await self.submit(post_from_lemmy(post, w.key)):
                    log.info("queued Lemmy post %s in %s", post.id, w.community.handle)
                    submitted += 1
                w.seen[post.id] = version
            cursor = page.next_cursor
            if done or cursor is None:
                if full:  # forget posts that left the window (or were removed)
                    w.seen = {k: v for k, v in w.seen.items() if k in listed}
                break
        return submitted
