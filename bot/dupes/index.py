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
import json
from datetime import UTC, datetime, timedelta

from sqlite_utils.db import Database

from bot.dupes.history import MAX_CANDIDATES, article_keys, story_keys
from bot.dupes.match import MIN_SHARED, Earlier
from bot.dupes.signature import Signature
from bot.models import Post

_ARTICLE_WEIGHT = 1000  # a shared article key outranks any number of shared entities


def key_hash(community: str, key: str) -> int:
    """A signed 64-bit hash (SQLite INTEGER) of one key in one community."""
    digest = hashlib.blake2b(f"{community}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _seconds(moment: datetime) -> float:
    return moment.timestamp()


def _sig_json(sig: Signature) -> str:
    return json.dumps(
        [sig.site, sig.url_keys, sig.title_keys, sig.entities, sig.words, sig.headline_words,
         sig.headline],
        ensure_ascii=False, separators=(",", ":"),
    )  # fmt: skip


def _sig_from(text: str) -> Signature:
    site, urls, titles, ents, words, heads, headline = json.loads(text)
    return Signature(site, tuple(urls), tuple(titles), tuple(ents), tuple(words), tuple(heads),
                     headline)  # fmt: skip


_STATUS = """
SELECT d.ref, d.posted, d.sig, p.platform, p.post_id, p.url, p.title, p.case_no, p.decision,
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
        hits: dict[int, int] = {}
        for keys, since, weight in (
            (article_keys(new), until - window.total_seconds(), _ARTICLE_WEIGHT),
            (story_keys(new), until - story_window.total_seconds(), 1),
        ):
            if not keys:
                continue
            hashes = [key_hash(community, k) for k in keys]
            marks = ", ".join("?" * len(hashes))
            rows = self.db.execute(
                f"SELECT ref FROM dup_keys WHERE key IN ({marks}) AND posted BETWEEN ? AND ?",
                [*hashes, since, until],
            )
            for (ref,) in rows:
                hits[ref] = hits.get(ref, 0) + weight
        wanted = [ref for ref, n in hits.items() if n >= _ARTICLE_WEIGHT or n >= MIN_SHARED]
        wanted.sort(key=lambda ref: -hits[ref])
        wanted = wanted[: MAX_CANDIDATES + 1]  # one more: the post itself may be among them
        if not wanted:
            return []
        out: list[tuple[int, float, Earlier]] = []
        query = _STATUS.format(marks=", ".join("?" * len(wanted)))
        for row in self.db.query(query, wanted):
            if (row["platform"], row["post_id"]) == exclude:
                continue
            removed = row["last_kind"] in ("remove", "lock") or (
                row["last_kind"] is None and row["decision"] == "remove"
            )
            out.append((hits[row["ref"]], row["posted"], Earlier(
                    platform=row["platform"], post_id=row["post_id"], link=row["url"] or "",
                    title=row["title"], when=datetime.fromtimestamp(row["posted"], UTC),
                    signature=_sig_from(row["sig"]), case=row["case_no"],
                    status="removed" if removed else "up",
                )))  # fmt: skip
        out.sort(key=lambda item: (-item[0], item[1]))
        return [earlier for _, _, earlier in out[:MAX_CANDIDATES]]

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
        found = self.db.execute(
            "SELECT id FROM posts WHERE platform = ? AND post_id = ?", [post.platform, post.id]
        ).fetchone()
        if found is None:
            return  # not queued: nothing to point the evidence at
        self.index(found[0], community, new, at)

    def index(self, ref: int, community: str, new: Signature, at: datetime) -> None:
        posted = _seconds(at)
        old = self.db.execute(
            "SELECT posted, hashes FROM dup_posts WHERE ref = ?", [ref]
        ).fetchone()
        if old is not None:
            self.db.conn.executemany(
                "DELETE FROM dup_keys WHERE key = ? AND posted = ? AND ref = ?",
                [(int(h), old[0], ref) for h in old[1].split()],
            )
        hashes = sorted({key_hash(community, k) for k in (*article_keys(new), *story_keys(new))})
        self.db.execute(
            "INSERT OR REPLACE INTO dup_posts (ref, community, posted, sig, hashes) "
            "VALUES (?, ?, ?, ?, ?)",
            [ref, community, posted, _sig_json(new), " ".join(map(str, hashes))],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO dup_keys (key, posted, ref) VALUES (?, ?, ?)",
            [(h, posted, ref) for h in hashes],
        )
