"""``LemmyAdapter``: the pipeline's ``PlatformAdapter`` for Lemmy posts, as Lemmy really behaves.

- ``notify_mods``: a post report naming each rule and its evidence (≤ 1000 chars), except for a
  post the bot removed itself (the removal and its reason are in Lemmy's modlog); when Discord is
  also configured, the item is forwarded to its mod queue too (``forward``). Lemmy keeps **one
  report per account per post** (``UNIQUE (post_id, creator_id)``): a later finding on the same
  post (after an edit) reopens the bot's report (``resolved: false``) instead of filing a second
  one, and goes to the Discord mod queue and newsmod's modlog with its new findings. A post
  already removed or deleted cannot be reported: that is logged, not retried.
- ``comment``: a mod comment, distinguished (Lemmy refuses comments on removed posts, so the
  pipeline comments before it removes).
- ``remove`` / ``restore``: ``post/remove`` with the reason ``Rule N (<name>): <why>``. With
  ``LEMMY_LOCK_REMOVED`` the post is locked *first*: Lemmy 1.0 reads the post as a
  non-moderator in ``post/lock`` and answers 404 for a removed one. ``not_higher_mod`` (the
  author is an admin or a moderator appointed before the bot; 0.19.6+ and 1.0) is final:
  :class:`~bot.pipeline.adapter.ActionRefused`, and ``notify_mods`` reports the post instead.
- ``resolved`` (an edit fixed findings): when nothing is left open, the bot's open report on the
  post is resolved (``PUT /post/report/resolve``); the Discord mod queue is told either way.

Every method is idempotent for its action key, checked at Lemmy before anything is sent again
(after a restart too): reports and comments carry a marker derived from the key and are looked up
first; remove/lock/restore look at the post's state first.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from functools import partial

from bot.guidelines import Community, Guidelines
from bot.lemmy.base import LemmyError
from bot.lemmy.poller import PLATFORM, post_page
from bot.lemmy.text import comment_body, marker_for, removal_reason, report_reason
from bot.lemmy.types import Item, ItemPage, LemmyApi, LemmyComment, LemmyMe, LemmyReport
from bot.models import Post
from bot.pipeline.adapter import ActionRefused, ModQueueItem

log = logging.getLogger(__name__)

Forward = Callable[[ModQueueItem], Awaitable[None]]
ForwardResolved = Callable[[ModQueueItem, tuple[str, ...]], Awaitable[None]]

#: Pages of 50 comments read, oldest first, looking for the bot's own before commenting: its
#: comment comes early, but a retry (a day later at most) may find a busy thread.
COMMENT_PAGES = 40
#: Pages of 50 reports read, newest first, looking for the bot's own before reporting.
REPORT_PAGES = 20
#: Errors of ``post/report`` on a post a non-moderator cannot see (removed or deleted).
POST_GONE = frozenset({"couldnt_find_post", "not_found", "deleted"})
#: Errors of ``post/report`` when this account reported the post already (0.19, 1.0).
DUPLICATE_REPORT = frozenset({"couldnt_create_report", "couldnt_create"})
NOT_HIGHER_MOD = (
    "not_higher_mod: its author is an admin or a moderator appointed before the bot; "
    "a moderator must decide"
)


async def _paged(
    fetch: Callable[[str | None], Awaitable[ItemPage[Item]]], pages: int, post_id: int
) -> AsyncIterator[Item]:
    """The items of ``fetch(cursor)``'s pages, one page after another, through ``pages`` pages
    (the first ones only, with a warning, when there are more)."""
    cursor: str | None = None
    for _ in range(pages):
        page = await fetch(cursor)
        for item in page.items:
            yield item
        cursor = page.next_cursor
        if cursor is None or not page.items:
            return
    log.warning("Lemmy post %s: more than %d pages; read the first ones only", post_id, pages)


class LemmyAdapter:
    """``PlatformAdapter`` for Lemmy posts (``Post.id`` is Lemmy's post id)."""

    platform = PLATFORM

    def __init__(
        self,
        client: LemmyApi,
        me: LemmyMe,
        guidelines: Guidelines,
        *,
        lock_removed: bool = False,
        forward: Forward | None = None,
        site_url: str = "",
    ) -> None:
        self.client = client
        self.me = me
        self.guidelines = guidelines
        self.lock_removed = lock_removed
        self.forward = forward
        self.forward_resolved: ForwardResolved | None = None  # the Discord mod queue, if any
        self.site_url = site_url.rstrip("/")  # the instance the bot account lives on
        self.refused: dict[int, str] = {}  # post id -> why Lemmy refused to remove it

    def _community(self, post: Post) -> Community:
        return self.guidelines.community(post.community or None)

    def post_url(self, post: Post) -> str:
        """The post's page on the bot's instance (``Post.id`` is that instance's post id)."""
        return post_page(self.site_url, post.id)

    # -- telling the moderators -----------------------------------------------------------------
    async def notify_mods(self, item: ModQueueItem) -> None:
        """Report the post on Lemmy unless the bot removed it, and forward the item to the
        Discord mod queue if any."""
        if item.decision != "remove" or item.dry_run:
            await self._report(item)
        elif not await self._removed(int(item.post.id)):
            # the removal was refused (or is still being retried): a human must decide
            why = self.refused.get(int(item.post.id), "the bot could not remove it")
            item = replace(item, suggested_action=f"remove ({', '.join(item.rules)}): {why}")
            await self._report(item)
        if self.forward is not None:
            await self.forward(item)

    async def _removed(self, post_id: int) -> bool:
        try:
            return (await self.client.get_post(post_id)).removed
        except LemmyError as exc:
            if exc.code in POST_GONE:
                return True  # gone altogether (purged)
            raise

    async def _mine(self, post_id: int) -> list[LemmyReport]:
        me = self.me.person.id
        return [r async for r in self._reports(post_id) if r.creator_id == me]

    async def _report(self, item: ModQueueItem) -> None:
        post_id = int(item.post.id)
        marker = marker_for(item.key)
        mine = await self._mine(post_id)
        if any(marker in report.reason for report in mine):
            log.info("Lemmy post %s already reported for %s", post_id, item.key)
            return
        if mine:  # one report per account per post: reopen the bot's earlier one
            report = mine[0]
            if report.resolved:
                await self.client.resolve_post_report(report.id, resolved=False)
                log.info("Lemmy report %s on post %s reopened for %s (new findings: %s)",
                         report.id, post_id, item.key, ", ".join(item.rules))  # fmt: skip
            else:
                log.info("Lemmy report %s on post %s is still open; new findings: %s",
                         report.id, post_id, ", ".join(item.rules))  # fmt: skip
            return
        community = self._community(item.post)
        reason = report_reason(item.findings, item.suggested_action, community, marker)
        try:
            await self.client.report_post(post_id, reason)
        except LemmyError as exc:
            if exc.code in POST_GONE:
                log.info("Lemmy post %s is removed or deleted; not reported (%s)", post_id,
                         exc.code)  # fmt: skip
            elif exc.code in DUPLICATE_REPORT:
                log.warning("Lemmy post %s: the bot's report exists beyond the %d pages read; "
                            "not reported again", post_id, REPORT_PAGES)  # fmt: skip
            else:
                raise

    async def resolved(self, item: ModQueueItem, rules: tuple[str, ...]) -> None:
        """An edit fixed ``rules``: with nothing left open, resolve the bot's open report on the
        post (with findings still open it stays open: it is the only one the bot may have)."""
        post_id = int(item.post.id)
        if item.findings:
            log.info("Lemmy post %s: %s fixed, %s still open; the bot's report stays open",
                     post_id, ", ".join(rules), ", ".join(item.rules))  # fmt: skip
        else:
            for report in await self._mine(post_id):
                if not report.resolved:
                    await self.client.resolve_post_report(report.id)
                    log.info("Lemmy report %s on post %s resolved (%s fixed)", report.id,
                             post_id, ", ".join(rules))  # fmt: skip
        if self.forward_resolved is not None:
            await self.forward_resolved(item, rules)

    def _reports(self, post_id: int) -> AsyncIterator[LemmyReport]:
        """The post's reports, newest first, through the first ``REPORT_PAGES`` pages."""
        return _paged(partial(self.client.post_reports, post_id), REPORT_PAGES, post_id)

    # -- acting on the post ---------------------------------------------------------------------
    async def comment(self, post: Post, text: str, key: str) -> None:
        post_id = int(post.id)
        marker = marker_for(key)
        comment = await self._own_comment(post_id, marker)
        if comment is not None:
            log.info("Lemmy post %s already has the comment for %s", post_id, key)
        else:
            comment = await self.client.create_comment(post_id, comment_body(text, marker))
        if not comment.distinguished:
            await self.client.distinguish_comment(comment.id)

    async def _own_comment(self, post_id: int, marker: str) -> LemmyComment | None:
        """The bot's comment carrying ``marker`` (made before a crash, or before an answer was
        lost), read oldest first through the first ``COMMENT_PAGES`` pages."""
        async for comment in _paged(partial(self.client.comments, post_id), COMMENT_PAGES, post_id):
            if comment.creator_id == self.me.person.id and marker in comment.content:
                return comment
        return None

    async def remove(self, post: Post, reason: str, key: str) -> None:
        post_id = int(post.id)
        why = removal_reason(reason, key, self._community(post))
        current = await self.client.get_post(post_id)
        if current.removed:
            log.info("Lemmy post %s is already removed (%s)", post_id, key)
            if self.lock_removed and not current.locked:
                await self._lock_removed(post_id, why)
            return
        locked_now = self.lock_removed and not current.locked
        if locked_now:  # lock first: Lemmy 1.0 cannot lock a removed post
            await self.client.lock_post(post_id, why)
        try:
            await self.client.remove_post(post_id, why)
        except LemmyError as exc:
            if exc.code != "not_higher_mod":
                raise
            if locked_now:  # the lock was only meant to go with the removal
                await self.client.lock_post(post_id, "removal refused by Lemmy", locked=False)
            self.refused[post_id] = NOT_HIGHER_MOD
            raise ActionRefused(f"Lemmy post {post_id} not removed: {NOT_HIGHER_MOD}") from None
        self.refused.pop(post_id, None)

    async def _lock_removed(self, post_id: int, why: str) -> None:
        try:
            await self.client.lock_post(post_id, why)
        except LemmyError as exc:
            if exc.code != "not_found":
                raise
            log.info("Lemmy post %s: Lemmy 1.0 cannot lock a removed post; left unlocked",
                     post_id)  # fmt: skip

    async def lock(self, post: Post, reason: str, key: str) -> None:
        post_id = int(post.id)
        current = await self.client.get_post(post_id)
        if current.locked:
            log.info("Lemmy post %s is already locked (%s)", post_id, key)
            return
        why = removal_reason(reason, key, self._community(post)) or "locked by a moderator"
        try:
            await self.client.lock_post(post_id, why)
        except LemmyError as exc:
            if exc.code == "not_found" and current.removed:
                raise ActionRefused(
                    f"Lemmy post {post_id} not locked: Lemmy 1.0 cannot lock a removed post "
                    "(restore it first)"
                ) from None
            raise

    async def restore(self, post: Post, reason: str, key: str) -> None:
        post_id = int(post.id)
        why = " ".join(reason.split()) or "restored by a moderator"
        current = await self.client.get_post(post_id)
        if current.removed:
            try:  # restoring also resolves the post's reports, at Lemmy
                await self.client.remove_post(post_id, why, removed=False)
            except LemmyError as exc:
                if exc.code != "not_higher_mod":
                    raise
                raise ActionRefused(f"Lemmy post {post_id} not restored: {exc.code}") from None
        if self.lock_removed and current.locked:
            await self.client.lock_post(post_id, why, locked=False)
