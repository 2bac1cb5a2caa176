"""Where the ``duplicate-post`` rule looks for earlier posts: a community's history.

``History`` is what the rule needs: the earlier posts that may repeat a signature, and a way to
remember a post once it is decided. ``MemoryHistory`` keeps a stream in memory (``newsmod check
--batch --stream``, ``newsmod backtest``); ``bot.dupes.index.IndexHistory`` keeps it in the
database (the pipeline).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.dupes.match import MIN_SHARED, Earlier
from bot.dupes.signature import Signature
from bot.models import Post
from bot.pipeline.clock import parse_utc

#: The most earlier posts one lookup hands to the comparison (the most entities shared first).
MAX_CANDIDATES = 20
#: A story key (a name or headline word) more earlier posts in the story window share than this
#: is a topic word of the moment ("Trump", "Brexit"), not a story's: it finds no candidates.
COMMON_KEY = 200
#: Named entities of a post that are index keys (all of them count in the comparison).
STORY_ENTITY_KEYS = 8


class History(Protocol):
    def candidates(
        self,
        community: str,
        new: Signature,
        at: datetime,
        *,
        window: timedelta,
        story_window: timedelta,
        exclude: tuple[str, str],
    ) -> list[Earlier]:
        """Earlier posts of ``community`` that may be the same article (within ``window``) or
        story (within ``story_window``) as ``new``, posted ``at``; ``exclude`` is the post's own
        ``(platform, id)`` (an edited post is not its own duplicate). Only posts made before it
        count: posted before ``at``, or at the same moment and remembered before it."""
        ...

    def posted(self, community: str, platform: str, post_id: str) -> datetime | None:
        """When the history has the post as made (its first version), or None: an edited
        post is re-checked as of then, not as of the edit."""
        ...

    def add(
        self,
        community: str,
        post: Post,
        new: Signature,
        at: datetime,
        *,
        status: str = "up",
        case: int | None = None,
    ) -> None:
        """Remember ``post`` (posted ``at``) as part of the community's history."""
        ...


def post_time(post: Post, default: datetime | None = None) -> datetime:
    """When the post was made (``created_at``), else ``default``, else now; always aware."""
    if post.created_at:
        try:
            return parse_utc(post.created_at)
        except ValueError:
            pass
    return default or datetime.now(UTC)


def made_before(when: datetime, order: int, at: datetime, own: int | None) -> bool:
    """Is a post remembered ``order``-th, made ``when``, earlier than the post being checked
    (made ``at``; remembered ``own``-th, or None when it is new)? A tie in time goes by the
    order they were remembered in: a post not remembered yet comes after every one that is."""
    return when < at or (when == at and (own is None or order < own))


def article_keys(sig: Signature) -> list[str]:
    """The keys that find the same article: ``u`` + URL, ``t`` + site + headline."""
    return [f"u {k}" for k in sig.url_keys] + [f"t {sig.site} {t}" for t in sig.title_keys]


def story_keys(sig: Signature) -> list[str]:
    """The keys that find the same story: each named entity and each headline word (one key
    for a word that is both, so a shared name counts once)."""
    names = sig.entities[:STORY_ENTITY_KEYS]  # the longest names: the least common, roughly
    return [f"e {w}" for w in sorted(set(names) | set(sig.headline_words))]


class MemoryHistory:
    """A history kept in memory, in the order posts are added (one per community)."""

    def __init__(self) -> None:
        self._posts: dict[str, list[Earlier]] = defaultdict(list)
        self._keys: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_post: dict[tuple[str, str, str], int] = {}

    def candidates(
        self,
        community: str,
        new: Signature,
        at: datetime,
        *,
        window: timedelta,
        story_window: timedelta,
        exclude: tuple[str, str],
    ) -> list[Earlier]:
        posts = self._posts[community]
        hits: dict[int, int] = defaultdict(int)
        for key in article_keys(new):
            for index in self._keys.get((community, key), ()):
                hits[index] += 1000
        for key in story_keys(new):
            indexes = self._keys.get((community, key), [])
            recent = [i for i in indexes if at - posts[i].when <= story_window]
            if len(recent) > COMMON_KEY:
                continue  # a topic word of the moment, not a story's
            for index in recent:
                hits[index] += 1
        out = []
        own = self._by_post.get((community, *exclude))
        for index, score in sorted(hits.items(), key=lambda kv: -kv[1]):
            old = posts[index]
            if index == own or not made_before(old.when, index, at, own):
                continue
            age = at - old.when
            if (score >= 1000 and age <= window) or (
                score % 1000 >= MIN_SHARED and age <= story_window
            ):
                out.append(old)
            if len(out) >= MAX_CANDIDATES:
                break
        return out

    def posted(self, community: str, platform: str, post_id: str) -> datetime | None:
        index = self._by_post.get((community, platform, post_id))
        return None if index is None else self._posts[community][index].when

    def add(
        self,
        community: str,
        post: Post,
        new: Signature,
        at: datetime,
        *,
        status: str = "up",
        case: int | None = None,
    ) -> None:
        ident = (community, post.platform, post.id)
        if (index := self._by_post.get(ident)) is not None:
            at = self._posts[community][index].when  # an edit: the post was made back then
        earlier = Earlier(
            platform=post.platform, post_id=post.id, link=post.url or "", title=post.title,
            when=at, signature=new, case=case, status=status, permalink=post.permalink or "",
        )  # fmt: skip
        posts = self._posts[community]
        if index is None:
            index = self._by_post[ident] = len(posts)
            posts.append(earlier)
        else:  # an edited post: its latest version stands, its old keys go
            for key in {*article_keys(posts[index].signature), *story_keys(posts[index].signature)}:
                self._keys[(community, key)].remove(index)
            posts[index] = earlier
        for key in {*article_keys(new), *story_keys(new)}:
            self._keys[(community, key)].append(index)
