"""The community's history in the database: tables ``dup_posts`` and ``dup_keys``.

``dup_keys`` is the compact index a lookup reads: one row per key of a post (each normalised
URL, its headline on its site, each named entity), the key a 64-bit hash of the community, the
kind and the value, clustered by key and time (``WITHOUT ROWID``), so a lookup is a few short
index range scans however many posts the community has. ``dup_posts`` holds one row per post
(by ``posts.id``): its signature, for the comparison. Whether an earlier post is still up is read
from the ``actions`` table at lookup time (a removal or lock applied and not restored since; or
the bot's own decision to remove it), so a removal or a restore needs no write here.

Blocking SQLite work: call through the DB writer (the pipeline does, inside its transaction).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from sqlite_utils.db import Database

from bot.dupes.history import COMMON_KEY, MAX_CANDIDATES, article_keys, made_before, story_keys
from bot.dupes.match import MIN_SHARED, Earlier
from bot.dupes.signature import Signature
from bot.models import Post

_ARTICLE_WEIGHT = 1000  # a shared article key outranks any number of shared entities


@lru_cache(maxsize=65_536)
def key_hash(community: str, key: str) -> int:
    """A signed 64-bit hash (SQLite INTEGER) of one key in one community."""
    digest = hashlib.blake2b(f"{community}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@lru_cache(maxsize=64)
def _hashes(community: str, sig: Signature) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """``(article key hashes, story key hashes)`` of a signature (looked up, then indexed)."""
    article = tuple(key_hash(community, k) for k in article_keys(sig))
    return article, tuple(key_hash(community, k) for k in story_keys(sig))


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


_FIELD, _ITEM = "\x1f", "\x1e"  # ASCII unit and record separators: in no URL, word or title
_CLEAN = str.maketrans({_FIELD: " ", _ITEM: " "})


def pack_signature(sig: Signature) -> str:
    """The signature as one compact string (a third smaller than JSON, and quicker to read).
    Words, names and title keys hold no separator (they are split on whitespace, which the
    separators are); links and the headline are cleaned."""
    urls = _ITEM.join(url.translate(_CLEAN) for url in sig.url_keys)
    lists = (sig.title_keys, sig.entities, sig.words, sig.headline_words)
    return _FIELD.join(
        [sig.site, urls, *(_ITEM.join(items) for items in lists), sig.headline.translate(_CLEAN)]
    )


def unpack_signature(text: str) -> Signature:
    site, urls, titles, ents, words, heads, headline = text.split(_FIELD)

    def items(field: str) -> tuple[str, ...]:
        return tuple(field.split(_ITEM)) if field else ()

    return Signature(site, items(urls), items(titles), items(ents), items(words), items(heads),
                     headline)  # fmt: skip


# One statement: each key's rows in its window (an article key within ``window``, a story key
# within ``story_window``), a story key that more than COMMON_KEY posts share in the window
# skipped (a topic word of the moment, "Trump", "Brexit": bounded counting, in SQLite), the
# earlier posts counted by shared keys (an article key outweighs any number of story keys).
_CANDIDATES = """
WITH k(key, weight, since) AS (VALUES {values}),
used AS MATERIALIZED (
    SELECT key, weight, since FROM k
    WHERE weight > 1 OR (
        SELECT count(*) FROM (SELECT 1 FROM dup_keys x
                              WHERE x.key = k.key AND x.posted BETWEEN k.since AND ? LIMIT ?)
    ) <= ?
)
SELECT d.ref, sum(used.weight) AS hits
FROM used JOIN dup_keys d ON d.key = used.key AND d.posted BETWEEN used.since AND ?
GROUP BY d.ref HAVING hits >= ?
ORDER BY hits DESC LIMIT ?
"""
_STATUS = """
SELECT d.ref, d.posted, d.sig, p.platform, p.post_id, p.url, p.title, p.case_no, p.decision,
  p.permalink,
  (SELECT a.kind FROM actions a
    WHERE a.platform = p.platform AND a.post_id = p.post_id AND a.state = 'done'
      AND a.kind IN ('remove', 'lock', 'restore')
    ORDER BY a.updated_at DESC LIMIT 1) AS last_kind
FROM dup_posts d JOIN posts p ON p.id = d.ref
WHERE d.ref IN ({marks})
"""


class IndexHistory:
    """``History`` over the pipeline database (see the module docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db

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
        until = _seconds(at)
        article, story = _hashes(community, new)
        since, story_since = until - window.total_seconds(), until - story_window.total_seconds()
        keys = [(h, _ARTICLE_WEIGHT, since) for h in article]
        keys += [(h, 1, story_since) for h in story]
        if not keys:
            return []
        values = ", ".join("(?, ?, ?)" for _ in keys)
        params = [v for key in keys for v in key]
        rows = self.db.execute(
            _CANDIDATES.format(values=values),
            [*params, until, COMMON_KEY + 1, COMMON_KEY, until, MIN_SHARED, MAX_CANDIDATES + 1],
        ).fetchall()
        hits = dict(rows)
        wanted = list(hits)
        if not wanted:
            return []
        own = self._ref(*exclude)
        out: list[tuple[int, float, Earlier]] = []
        query = _STATUS.format(marks=", ".join("?" * len(wanted)))
        for (
            ref,
            posted,
            sig,
            platform,
            post_id,
            url,
            title,
            case,
            decision,
            permalink,
            last,
        ) in self.db.execute(query, wanted).fetchall():
            if ref == own or not made_before(datetime.fromtimestamp(posted, UTC), ref, at, own):
                continue  # the post itself, or one made after it (an edit is checked as of then)
            removed = last in ("remove", "lock") or (last is None and decision == "remove")
            earlier = Earlier(
                platform=platform, post_id=post_id, link=url or "", title=title,
                when=datetime.fromtimestamp(posted, UTC), signature=unpack_signature(sig),
                case=case, status="removed" if removed else "up", permalink=permalink or "",
            )  # fmt: skip
            out.append((hits[ref], posted, earlier))
        out.sort(key=lambda item: (-item[0], item[1]))
        return [earlier for _, _, earlier in out[:MAX_CANDIDATES]]

    def _ref(self, platform: str, post_id: str) -> int | None:
        """The post's ``posts`` row: its number orders posts made at the same moment."""
        found = self.db.execute(
            "SELECT id FROM posts WHERE platform = ? AND post_id = ?", [platform, post_id]
        ).fetchone()
        return None if found is None else int(found[0])

    def posted(self, community: str, platform: str, post_id: str) -> datetime | None:
        ref = self._ref(platform, post_id)
        found = (
            None
            if ref is None
            else self.db.execute(
                "SELECT posted FROM dup_posts WHERE ref = ? AND community = ?", [ref, community]
            ).fetchone()
        )
        return None if found is None else datetime.fromtimestamp(found[0], UTC)

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
        """Index the queued post (``posts`` row of ``post``); replaces an earlier version's keys.
        ``status`` and ``case`` are read from ``posts`` and ``actions`` at lookup time."""
        ref = self._ref(post.platform, post.id)
        if ref is None:
            return  # not queued: nothing to point the evidence at
        self.index(ref, community, new, at)

    def index(self, ref: int, community: str, new: Signature, at: datetime) -> None:
        """Index ``posts`` row ``ref``: its signature and keys (an edited post's old keys are
        replaced; it keeps the time it was first indexed with, when it was made)."""
        posted = _seconds(at)
        hashes = sorted(set().union(*_hashes(community, new)))
        row = [ref, community, posted, pack_signature(new), " ".join(map(str, hashes))]
        conn = self.db.conn
        added = conn.execute(
            "INSERT INTO dup_posts (ref, community, posted, sig, hashes) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (ref) DO NOTHING",
            row,
        ).rowcount
        if not added:  # indexed before (an edit, or a retry): replace its keys
            old_posted, old_hashes = conn.execute(
                "SELECT posted, hashes FROM dup_posts WHERE ref = ?", [ref]
            ).fetchone()
            conn.executemany(
                "DELETE FROM dup_keys WHERE key = ? AND posted = ? AND ref = ?",
                [(int(h), old_posted, ref) for h in old_hashes.split()],
            )
            posted = row[2] = old_posted
            conn.execute(
                "UPDATE dup_posts SET community = ?, posted = ?, sig = ?, hashes = ? WHERE ref = ?",
                [*row[1:], ref],
            )
        conn.executemany(
            "INSERT OR IGNORE INTO dup_keys (key, posted, ref) VALUES (?, ?, ?)",
            [(h, posted, ref) for h in hashes],
        )
