"""Pipeline throughput: 10,000 posts through queue → fetch → extract → check → modlog.

The corpus news pages (``../shared/corpus/news.jsonl``, 181 real articles) are served by a local
aiohttp server in its own process; every post links a distinct URL (``?n=i``), so nothing is
cached. The peer, measured in the same run on the same posts and server, does only
fetch + check (no queue, no actions, no modlog): the ratio is the pipeline's own overhead.
Both are measured twice: extraction in a thread of the process (``check_post``) and in one
worker process per core (``ProcessChecker``). Each run is a fresh process, so its peak RSS
(``ru_maxrss``) is its own; check workers are reported separately.

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
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
POSTS = int(os.environ.get("BENCH_PIPELINE_POSTS", "10000"))
CONCURRENCY = 16
TARGET_RATE = 300.0
TARGET_RSS_MB = 250.0


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


@asynccontextmanager
async def checker_for(kind: str) -> AsyncIterator[Any]:
    """``thread``: bot.service.check_post; ``process``: ProcessChecker (a worker per core)."""
    if kind == "process":
        from bot.pipeline.checkpool import ProcessChecker

        async with ProcessChecker() as checker:
            yield checker
    else:
        from bot.service import check_post

        yield check_post


def fetch_settings() -> Any:
    from bot.fetch import FetchSettings

    return FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), per_host=CONCURRENCY)


async def run_pipeline(base: str, n: int, db_path: str, checking: str) -> dict[str, float]:
    from bot.fetch import Fetcher
    from bot.guidelines import load_guidelines
    from bot.pipeline.adapter import InProcessAdapter
    from bot.pipeline.pipeline import Pipeline
    from bot.pipeline.schema import MIGRATIONS
    from bot.store.db import open_db
    from bot.store.writer import DbWriter

    posts = make_posts(base, n)
    db = open_db(db_path, extra_migrations=[MIGRATIONS])
    adapter = InProcessAdapter("bench")
    start = time.perf_counter()
    async with (
        DbWriter() as writer,
        Fetcher.open(fetch_settings()) as fetcher,
        checker_for(checking) as checker,
    ):
        pipeline = Pipeline(db, writer, fetcher, load_guidelines(), {"bench": adapter},
                            concurrency=CONCURRENCY, checker=checker)  # fmt: skip
        # the posts arrive as one burst: each is durably queued before any check (submits made
        # together share a transaction)
        await asyncio.gather(*(pipeline.submit(post) for post in posts))
        queued = time.perf_counter()
        await pipeline.run_until_empty()
        end = time.perf_counter()
    done = db.execute("SELECT count(*) FROM posts WHERE status = 'done'").fetchone()[0]
    entries = db.execute("SELECT count(*) FROM modlog").fetchone()[0]
    db.conn.close()
    return {"posts": done, "seconds": end - start, "enqueue_s": queued - start,
            "modlog": entries, "actions": len(adapter.calls)}  # fmt: skip


async def run_peer(base: str, n: int, checking: str) -> dict[str, float]:
    from bot.fetch import Fetcher
    from bot.guidelines import load_guidelines

    posts = make_posts(base, n)
    guidelines = load_guidelines()
    sem = asyncio.Semaphore(CONCURRENCY)
    start = time.perf_counter()
    async with Fetcher.open(fetch_settings()) as fetcher, checker_for(checking) as checker:

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


def child(kind: str, checking: str, base: str, n: int, out: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "pipeline":
            result = asyncio.run(run_pipeline(base, n, str(Path(tmp) / "bench.db"), checking))
        else:
            result = asyncio.run(run_peer(base, n, checking))
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    result["rss_mb"] = own.ru_maxrss / 1024
    result["worker_rss_mb"] = kids.ru_maxrss / 1024 if checking == "process" else 0.0
    # CPU seconds of this run's process and its check workers: unlike wall time, barely moved
    # by other work on the machine (includes building the posts: the same for every run).
    result["cpu_s"] = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    out.put(result)


def measure(kind: str, checking: str, base: str, n: int) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=child, args=(kind, checking, base, n, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


RUNS = (
    ("peer", "thread", "fetch + check only (peer)"),
    ("pipeline", "thread", "pipeline: queue → fetch → check → actions → modlog"),
    ("peer", "process", "fetch + check only (peer)"),
    ("pipeline", "process", "pipeline: queue → fetch → check → actions → modlog"),
)


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
        base = f"http://127.0.0.1:{port}"
        for kind, checking, _ in RUNS:
            results[(kind, checking)] = measure(kind, checking, base, POSTS)
    finally:
        server.terminate()
        server.join()
    print(f"{POSTS} posts, {CONCURRENCY} in flight, 181 corpus pages served locally "
          f"(server in its own process), {os.cpu_count()} cores\n")  # fmt: skip
    print("| run | extraction in | posts | seconds | posts/s | CPU ms/post | peak RSS (MB) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    rate = {}
    for kind, checking, label in RUNS:
        r = results[(kind, checking)]
        rate[(kind, checking)] = r["posts"] / r["seconds"]
        rss = f"{r['rss_mb']:.0f}"
        if r["worker_rss_mb"]:
            rss += f" + {r['worker_rss_mb']:.0f} per worker"
        where = "a thread" if checking == "thread" else "worker processes"
        cpu = 1000 * r["cpu_s"] / r["posts"]
        print(f"| {label} | {where} | {r['posts']:.0f} | {r['seconds']:.1f} | "
              f"{rate[(kind, checking)]:.0f} | {cpu:.1f} | {rss} |")  # fmt: skip
    print()
    for checking in ("thread", "process"):
        ratio = rate[("pipeline", checking)] / rate[("peer", checking)]
        where = "a thread" if checking == "thread" else "worker processes"
        print(f"- pipeline / peer throughput, extraction in {where}: {ratio:.2f}")
    load = os.getloadavg()[0]
    print(f"- load average at the end: {load:.1f} on {os.cpu_count()} cores (other work shares "
          "the machine: compare within a run)")  # fmt: skip
    pipe = results[("pipeline", "process")]
    print(f"- enqueueing took {pipe['enqueue_s']:.1f} s of the pipeline's time; "
          f"{pipe['modlog']:.0f} modlog entries, {pipe['actions']:.0f} adapter calls")  # fmt: skip
    best = max(rate[("pipeline", c)] for c in ("thread", "process"))
    worst_rss = max(r["rss_mb"] for r in results.values())
    print(f"- targets: >= {TARGET_RATE:.0f} posts/s: "
          f"{'met' if best >= TARGET_RATE else 'missed'} ({best:.0f}); peak RSS "
          f"< {TARGET_RSS_MB:.0f} MB: {'met' if worst_rss < TARGET_RSS_MB else 'missed'} "
          f"({worst_rss:.0f})")  # fmt: skip


if __name__ == "__main__":
    main()
