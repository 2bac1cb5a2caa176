"""Pipeline throughput: 10,000 posts through queue → fetch → extract → check → modlog.

The corpus news pages (``../shared/corpus/news.jsonl``, 181 real articles) are served by a local
aiohttp server in its own process; every post links a distinct URL (``?n=i``), so nothing is
cached. The peer, measured in the same run on the same posts and server, does only
fetch + check (no queue, no actions, no modlog): the ratio is the pipeline's own overhead.
Both are measured three times: extraction in a thread of the bot's process (``check_post``, the
default) and in one or two worker processes (``ProcessChecker``, ``newsmod run --workers N``).
Each run is a fresh process; its peak RSS and that of its largest check worker are each
process's own (``bench.memory.peak_mb``: not ``ru_maxrss``, which would count each worker at the
size of the bot when it was started), the worker's added once per worker (an upper bound of the
run's total). The posts' titles are read from the pages beforehand, in the parent, so that work
is not counted. The clock starts once the bot is up, as ``newsmod run`` is before it reads a
post: database open, configuration loaded, check workers started (the start-up time is printed
apart); CPU time and memory count everything, start-up included.

    make bench            # or: python -m bench pipeline
    BENCH_PIPELINE_POSTS=2000 python -m bench pipeline
"""

from __future__ import annotations

import asyncio
import gzip
import json
import multiprocessing as mp
import os
import resource
import socket
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.memory import peak_mb

if TYPE_CHECKING:
    from bot.models import Post
    from bot.pipeline.adapter import ModQueueItem

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
POSTS = int(os.environ.get("BENCH_PIPELINE_POSTS", "10000"))
CONCURRENCY = 16
BURST = 100
TARGET_RATE = 300.0
TARGET_RSS_MB = 250.0
#: The check workers' peak RSS (MB) of the run in this process, read when the run ends.
PEAKS: list[float] = []


def load_pages() -> dict[str, tuple[str, bytes]]:
    """id -> (original url, html bytes)."""
    pages = {}
    with (CORPUS / "news.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            with gzip.open(CORPUS / item["page"], "rb") as page:
                pages[item["id"]] = (item["url"], page.read())
    return pages


def serve(port: int, ready: Any) -> None:
    from aiohttp import web

    pages = load_pages()

    async def handler(request: web.Request) -> web.Response:
        found = pages.get(request.match_info["id"])
        if found is None:
            raise web.HTTPNotFound()
        return web.Response(body=found[1], content_type="text/html")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/p/{id}", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def make_posts(base: str, n: int) -> list[Any]:
    """Titles are each page's own headline (some shouted), so the checker has real work."""
    from bot.extract import extract_article
    from bot.models import Post

    pages = load_pages()
    heads = {}
    for pid, (url, raw) in pages.items():
        article = extract_article(raw.decode("utf-8", "replace"), url)
        heads[pid] = article.headline or "Untitled story"
    ids = sorted(pages)
    posts = []
    for i in range(n):
        pid = ids[i % len(ids)]
        title = heads[pid] if i % 4 else heads[pid].upper() + "!!!"
        posts.append(Post(id=str(i), title=title, url=f"{base}/p/{pid}?n={i}", platform="bench"))
    return posts


class CountingAdapter:
    """A platform adapter that acts on nothing and, like a real platform's, keeps no record of
    what it was sent (``InProcessAdapter`` keeps every call for the demo and tests, which would
    count 10,000 mod-queue items against the pipeline's memory). Idempotent by action key."""

    def __init__(self) -> None:
        self.platform = "bench"
        self.applied: set[str] = set()
        self.count = 0

    def _apply(self, key: str) -> None:
        if key not in self.applied:
            self.applied.add(key)
            self.count += 1

    async def notify_mods(self, item: ModQueueItem) -> None:
        self._apply(item.key)

    async def comment(self, post: Post, text: str, key: str) -> None:
        self._apply(key)

    async def remove(self, post: Post, reason: str, key: str) -> None:
        self._apply(key)

    async def lock(self, post: Post, reason: str, key: str) -> None:
        self._apply(key)

    async def restore(self, post: Post, reason: str, key: str) -> None:
        self._apply(key)


def worker_peaks_mb() -> list[float]:
    """The peak RSS (MB) of each check worker of this process, from its own ``VmHWM`` (Linux):
    every child process but multiprocessing's resource tracker."""
    me = str(os.getpid())
    peaks = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text()
            if stat.rsplit(")", 1)[1].split()[1] != me:  # the field after the state: ppid
                continue
            if b"resource_tracker" in (proc / "cmdline").read_bytes():
                continue
            peaks.append(peak_mb(proc / "status"))
        except OSError:  # it exited meanwhile
            continue
    return peaks


@asynccontextmanager
async def checker_for(workers: int, guidelines: Any) -> AsyncIterator[Any]:
    """0: bot.service.check_post (extraction in a thread); N: ProcessChecker with N workers,
    started (as ``newsmod run`` starts them before it reads posts)."""
    if workers:
        from bot.pipeline.checkpool import ProcessChecker

        async with ProcessChecker(workers) as checker:
            await checker.start(guidelines)
            yield checker
            PEAKS.extend(worker_peaks_mb())  # the workers' own peaks, before they stop
    else:
        from bot.service import check_post

        yield check_post


def fetch_settings() -> Any:
    from bot.fetch import FetchSettings

    return FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), per_host=CONCURRENCY)


async def run_pipeline(posts: list[Any], db_path: str, workers: int) -> dict[str, float]:
    from bot.fetch import Fetcher, PageCache
    from bot.guidelines import load_guidelines
    from bot.pipeline.pipeline import Pipeline
    from bot.pipeline.schema import MIGRATIONS
    from bot.pipeline.sources import OverridingChecker
    from bot.store.db import open_db
    from bot.store.settings import SettingsStore
    from bot.store.writer import DbWriter

    begin = time.perf_counter()
    guidelines = load_guidelines()
    db = open_db(db_path, extra_migrations=[MIGRATIONS])
    adapter = CountingAdapter()
    async with (
        DbWriter() as writer,
        # as `newsmod run` does it: recent pages kept in memory (every URL here is new)
        Fetcher.open(fetch_settings(), PageCache()) as fetcher,
        checker_for(workers, guidelines) as checker,
    ):
        # as `newsmod run` does it: the moderators' source-list edits in front of the checker
        checking = OverridingChecker(writer, SettingsStore(db), checker)
        pipeline = Pipeline(db, writer, fetcher, guidelines, {"bench": adapter},
                            concurrency=CONCURRENCY, checker=checking)  # fmt: skip
        start = time.perf_counter()  # the bot is up: from here on, posts arrive
        # the posts arrive in bursts (a page of a Lemmy listing, a busy minute on Discord): each
        # is durably queued before any check; submits made together share a transaction
        for at in range(0, len(posts), BURST):
            await asyncio.gather(*(pipeline.submit(post) for post in posts[at : at + BURST]))
        queued = time.perf_counter()
        await pipeline.run_until_empty()
        end = time.perf_counter()
    done = db.execute("SELECT count(*) FROM posts WHERE status = 'done'").fetchone()[0]
    entries = db.execute("SELECT count(*) FROM modlog").fetchone()[0]
    db.conn.close()
    return {"posts": done, "seconds": end - start, "enqueue_s": queued - start,
            "startup_s": start - begin, "modlog": entries, "actions": adapter.count}  # fmt: skip


async def run_peer(posts: list[Any], workers: int) -> dict[str, float]:
    from bot.fetch import Fetcher
    from bot.guidelines import load_guidelines

    guidelines = load_guidelines()
    sem = asyncio.Semaphore(CONCURRENCY)
    async with (
        Fetcher.open(fetch_settings()) as fetcher,
        checker_for(workers, guidelines) as checker,
    ):
        start = time.perf_counter()

        async def one(post: Any) -> str:
            async with sem:
                return (await checker(post, fetcher, guidelines)).decision

        window: set[asyncio.Task[str]] = set()
        for post in posts:  # the pipeline's sliding window: a slot frees, the next post starts
            if len(window) >= CONCURRENCY * 4:
                _, window = await asyncio.wait(window, return_when=asyncio.FIRST_COMPLETED)
            window.add(asyncio.ensure_future(one(post)))
        await asyncio.gather(*window)
        end = time.perf_counter()
    return {"posts": len(posts), "seconds": end - start}


def child(kind: str, workers: int, posts: list[Any], out: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "pipeline":
            result = asyncio.run(run_pipeline(posts, str(Path(tmp) / "bench.db"), workers))
        else:
            result = asyncio.run(run_peer(posts, workers))
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    result["rss_mb"] = peak_mb()  # not ``own.ru_maxrss`` (see bench.memory)
    if workers and not PEAKS:
        raise RuntimeError("no check worker found in /proc: cannot measure their memory")
    result["worker_rss_mb"] = max(PEAKS) if workers else 0.0  # the largest worker
    result["total_rss_mb"] = result["rss_mb"] + workers * result["worker_rss_mb"]
    # CPU seconds of this run's process and its check workers: unlike wall time, barely moved
    # by other work on the machine (worker start-up included).
    result["cpu_s"] = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    out.put(result)


def measure(kind: str, workers: int, posts: list[Any]) -> dict[str, float]:
    """One run in a fresh process (its peak RSS is its own); the posts are built beforehand,
    so the pages read to title them are not counted."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=child, args=(kind, workers, posts, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: (kind, check workers): 0 = extraction in a thread of the bot's process.
RUNS = tuple((kind, workers) for workers in (0, 1, 2) for kind in ("peer", "pipeline"))
LABELS = {
    "peer": "fetch + check only (peer)",
    "pipeline": "pipeline: queue → fetch → check → actions → modlog",
}


def where(workers: int) -> str:
    return "a thread" if not workers else f"{workers} worker process{'es' if workers > 1 else ''}"


def main() -> None:
    if not (CORPUS / "news.jsonl").exists():
        print(f"skipped: no corpus at {CORPUS}")
        return
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    port = free_port()
    server = ctx.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    results = {}
    try:
        if not ready.wait(30):
            print("skipped: the local article server did not start")
            return
        posts = make_posts(f"http://127.0.0.1:{port}", POSTS)
        for kind, workers in RUNS:
            results[(kind, workers)] = measure(kind, workers, posts)
    finally:
        server.terminate()
        server.join()
    print(f"{POSTS} posts, {CONCURRENCY} in flight, 181 corpus pages served locally "
          f"(server in its own process), {os.cpu_count()} cores\n")  # fmt: skip
    print("| run | extraction in | posts | seconds | posts/s | CPU ms/post | peak RSS (MB) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    rate = {}
    for kind, workers in RUNS:
        r = results[(kind, workers)]
        rate[(kind, workers)] = r["posts"] / r["seconds"]
        rss = f"{r['rss_mb']:.0f}"
        if workers:
            rss += f" + {workers} × {r['worker_rss_mb']:.0f} = {r['total_rss_mb']:.0f}"
        cpu = 1000 * r["cpu_s"] / r["posts"]
        print(f"| {LABELS[kind]} | {where(workers)} | {r['posts']:.0f} | {r['seconds']:.1f} | "
              f"{rate[(kind, workers)]:.0f} | {cpu:.1f} | {rss} |")  # fmt: skip
    print()
    for workers in sorted({w for _, w in RUNS}):
        ratio = rate[("pipeline", workers)] / rate[("peer", workers)]
        print(f"- pipeline / peer throughput, extraction in {where(workers)}: {ratio:.2f}")
    load = os.getloadavg()[0]
    print(f"- load average at the end: {load:.1f} on {os.cpu_count()} cores (other work shares "
          "the machine: compare within a run)")  # fmt: skip
    best_workers = max((w for _, w in RUNS), key=lambda w: rate[("pipeline", w)])
    pipe = results[("pipeline", best_workers)]
    print(f"- fastest pipeline: extraction in {where(best_workers)}; queueing the burst took "
          f"{pipe['enqueue_s']:.1f} s of its time; {pipe['modlog']:.0f} modlog entries, "
          f"{pipe['actions']:.0f} adapter calls; starting it (database, configuration, "
          f"workers up) took {pipe['startup_s']:.1f} s before the clock started")  # fmt: skip
    best = rate[("pipeline", best_workers)]
    met = "met" if best >= TARGET_RATE else "missed"
    print(f"- target >= {TARGET_RATE:.0f} posts/s: {met} (best {best:.0f}, extraction in "
          f"{where(best_workers)})")  # fmt: skip
    memory = []
    for workers in sorted({w for _, w in RUNS}):
        total = results[("pipeline", workers)]["total_rss_mb"]
        verdict = "met" if total < TARGET_RSS_MB else "missed"
        memory.append(f"{verdict} with extraction in {where(workers)} ({total:.0f})")
    print(f"- target peak RSS < {TARGET_RSS_MB:.0f} MB, workers included: " + "; ".join(memory))


if __name__ == "__main__":
    main()
