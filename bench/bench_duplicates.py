"""``duplicate-post``: accuracy on labelled streams, lookup time at 1,000,000 posts, CPU cost.

1. Same-article and same-story precision/recall on the test half of
   ``bench/data/duplicates.jsonl`` (streams of corpus pages; see ``bench.duplicates_data``), the
   dev half (used to choose the story weights and threshold) printed beside it.
   Targets: same article P 1.0, R >= 0.98; same story P >= 0.90, R >= 0.80.
2. The history lookup (``IndexHistory.candidates`` plus the comparison) against a database of
   ``BENCH_DUP_POSTS`` (default 1,000,000) earlier posts of one community over a year, their
   words drawn from a Zipf law over 60,000 terms (a few very common, most rare). Target: p95 <=
   5 ms.
3. The whole check's CPU per post with and without the rule (extraction and every other rule,
   then the signature, the lookup in that database and the index write), over the corpus news
   pages. Target: at most 15% more.

    make bench        # or: python -m bench duplicates
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from bench.duplicates_data import CORPUS, evaluate
from bot.checker import check_article
from bot.dupes.history import article_keys, story_keys
from bot.dupes.index import IndexHistory, key_hash, pack_signature
from bot.dupes.match import compare
from bot.dupes.signature import Signature
from bot.dupes.step import check_duplicates
from bot.extract import article_from_page
from bot.guidelines import load_guidelines
from bot.models import Page, Post
from bot.pipeline import schema

POSTS = int(os.environ.get("BENCH_DUP_POSTS", "1000000"))
LOOKUPS = 2000
VOCABULARY = 60_000
COMMUNITY = "worldnews"
END = datetime(2026, 1, 1, tzinfo=UTC)
WINDOW, STORY_WINDOW = timedelta(days=7), timedelta(hours=48)


def accuracy() -> None:
    community = load_guidelines().community()
    for split in ("test", "dev"):
        scores = evaluate(split, community)
        for kind in ("same-article", "same-story"):
            print(
                f"{split:4} {kind:12} precision {scores.precision(kind):.3f} "
                f"recall {scores.recall(kind):.3f} (tp {scores.tp[kind]}, fp {scores.fp[kind]}, "
                f"fn {scores.fn[kind]})"
            )
        if split == "test":
            for error in scores.errors:
                print(f"     miss: {error}")


class _Words:
    """Terms with Zipf frequencies (a few very common, most rare)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.terms = [f"term{i}" for i in range(VOCABULARY)]
        weights = (1.0 / (i + 1) ** 1.05 for i in range(VOCABULARY))
        self.cumulative = list(itertools.accumulate(weights))
        # the words and the other names of a post are compared, never looked up: drawn once
        self.pool = [(self.draw(12), self.draw(90)) for _ in range(500)]

    def draw(self, k: int) -> list[str]:
        return sorted(set(self.rng.choices(self.terms, cum_weights=self.cumulative, k=k)))


def _signature(words: _Words, n: int) -> Signature:
    heads = words.draw(8)
    others, body = words.pool[n % len(words.pool)]
    names = words.draw(8)  # the names that are index keys (story_keys takes the first 8)
    return Signature(
        site=f"site{n % 500}.example",
        url_keys=(f"site{n % 500}.example/news/{n}-{'-'.join(heads[:4])}",),
        title_keys=(" ".join(heads),),
        entities=tuple(names + [t for t in others if t not in names]),
        words=tuple(body),
        headline_words=tuple(heads),
        headline=" ".join(heads).capitalize(),
    )


class _Hashes(dict[str, int]):
    """``key_hash`` of each key, computed once (the story keys repeat across posts)."""

    def __missing__(self, key: str) -> int:
        value = self[key] = key_hash(COMMUNITY, key)
        return value


def build(db: Database, rng: random.Random) -> list[Signature]:
    """``POSTS`` posts over the year before END; returns some of their signatures."""
    schema.ensure(db)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -200000")
    words, hashed = _Words(rng), _Hashes()
    year = 365 * 86400
    kept: list[Signature] = []
    stamp = END.isoformat()
    chunk = 50_000
    for start in range(1, POSTS + 1, chunk):
        posts, sigs, keys = [], [], []
        for ref in range(start, min(start + chunk, POSTS + 1)):
            sig = _signature(words, ref)
            posted = END.timestamp() - year * (1 - ref / POSTS)
            link = "https://" + sig.url_keys[0]
            posts.append((ref, "lemmy", str(ref), COMMUNITY, sig.headline, link, "h", "done",
                          stamp, stamp, "allow", ref))  # fmt: skip
            hashes = sorted(
                {key_hash(COMMUNITY, k) for k in article_keys(sig)}
                | {hashed[k] for k in story_keys(sig)}
            )
            sigs.append((ref, COMMUNITY, posted, pack_signature(sig), " ".join(map(str, hashes))))
            keys.extend((h, posted, ref) for h in hashes)
            if ref % 1000 == 0:
                kept.append(sig)
        keys.sort()
        with db.conn:
            db.conn.executemany(
                "INSERT INTO posts (id, platform, post_id, community, title, url, content_hash, "
                "status, received_at, updated_at, decision, case_no) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                posts,
            )
            db.conn.executemany("INSERT INTO dup_posts VALUES (?, ?, ?, ?, ?)", sigs)
            db.conn.executemany("INSERT INTO dup_keys VALUES (?, ?, ?)", keys)
    db.execute("ANALYZE")
    return kept


def lookups(db: Database, kept: list[Signature], rng: random.Random) -> None:
    """Each lookup's CPU time (the machine is shared: wall time counts the waits for a core
    too, and is printed beside it)."""
    history = IndexHistory(db)
    words = _Words(random.Random(7))
    cpu_ms, wall_ms, found, sizes = [], [], 0, []
    for n in range(LOOKUPS):
        # one in five repeats a recent post's link; the rest are new stories
        sig = rng.choice(kept[-20:]) if n % 5 == 0 else _signature(words, POSTS + n)
        at = END - timedelta(minutes=rng.uniform(0, 600))
        wall, start = time.perf_counter(), time.thread_time()
        earlier = history.candidates(COMMUNITY, sig, at, window=WINDOW, story_window=STORY_WINDOW,
                                     exclude=("lemmy", "-"))  # fmt: skip
        matches = compare(sig, at, earlier, window=WINDOW, story_window=STORY_WINDOW)
        cpu_ms.append((time.thread_time() - start) * 1000)
        wall_ms.append((time.perf_counter() - wall) * 1000)
        sizes.append(len(earlier))
        found += bool(matches)
    print(f"\nlookup against {POSTS:,} earlier posts ({LOOKUPS} lookups, candidates + comparison):")
    for name, times in (("CPU", sorted(cpu_ms)), ("wall", sorted(wall_ms))):
        p95 = times[int(0.95 * len(times)) - 1]
        print(f"  {name:4} p50 {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, "
              f"max {times[-1]:.2f} ms")  # fmt: skip
    print(f"  target p95 <= 5 ms; candidates per lookup: median {statistics.median(sizes):.0f}, "
          f"max {max(sizes)}; lookups with a match: {found}")  # fmt: skip


def cpu(db: Database) -> None:
    """The check as ``check_post`` runs it on a fetched page (decode, extract, every rule),
    with and without the rule's step (signature, lookup, index write). One round warms the
    caches (a running bot's are warm), two are counted."""
    guidelines = load_guidelines()
    community = guidelines.community()
    history = IndexHistory(db)
    pages = [json.loads(line) for line in (CORPUS / "news.jsonl").open(encoding="utf-8")]
    bodies = [gzip.decompress((CORPUS / item["page"]).read_bytes()) for item in pages]
    base = extra = 0.0
    for round_ in range(3):
        for n, (item, body) in enumerate(zip(pages, bodies, strict=True)):
            url = item["url"]
            post = Post(f"cpu{n}", "A headline", url, platform="bench", community=COMMUNITY,
                        created_at=(END - timedelta(minutes=n)).isoformat())  # fmt: skip
            page = Page(url, url, 200, "text/html", body=body)
            start = time.process_time()
            result = check_article(post, article_from_page(page), community)
            middle = time.process_time()
            result, sig = check_duplicates(post, result, community, history)
            # inside the transaction the pipeline commits for every post anyway (its result,
            # case and actions): the commit is not the rule's
            history.index(10_000_000 + round_ * len(pages) + n, COMMUNITY, sig, END)
            end = time.process_time()
            if round_:
                base += middle - start
                extra += end - middle
    db.conn.commit()
    posts = 2 * len(pages)
    print(f"\ncheck CPU per post over {len(pages)} corpus pages (twice, after a warm-up round): "
          f"{base / posts * 1000:.2f} ms without the rule, {extra / posts * 1000:.2f} ms more "
          f"with it: growth ratio {(base + extra) / base:.3f} (target <= 1.15)")  # fmt: skip


def main() -> None:
    if not (CORPUS / "news.jsonl").is_file():
        print("../shared/corpus is absent: nothing to measure")
        return
    accuracy()
    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "history.db")
        start = time.perf_counter()
        kept = build(db, rng)
        size = (Path(tmp) / "history.db").stat().st_size / 1e6
        print(f"\nbuilt {POSTS:,} posts in {time.perf_counter() - start:.0f} s ({size:.0f} MB)")
        lookups(db, kept, rng)
        cpu(db)
        db.conn.close()


if __name__ == "__main__":
    main()
