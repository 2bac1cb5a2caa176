"""Pipeline throughput: 10,000 posts through queue → fetch → extract → check → modlog.

The corpus news pages (``../shared/corpus/news.jsonl``, 181 real articles) are served by a local
aiohttp server in its own process; every post links a distinct URL (``?n=i``), so nothing is
cached. The peer, measured in the same run on the same posts and server, does only
fetch + check (no queue, no actions, no modlog): the ratio is the pipeline's own overhead.
Each run is a fresh process, so its peak RSS (``ru_maxrss``) is its own.

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


async def run_pipeline(base: str, n: int, db_path: str) -> dict[str, float]:
    from bot.fetch import Fetcher, FetchSettings
    from bot.guidelines import load_guidelines
    from bot.pipeline.adapter import InProcessAdapter
    from bot.pipeline.pipeline import Pipeline
    from bot.pipeline.schema import MIGRATIONS
    from bot.store.db import open_db
    from bot.store.writer import DbWriter

    posts = make_posts(base, n)
    db = open_db(db_path, extra_migrations=[MIGRATIONS])
    settings = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), per_host=CONCURRENCY)
    adapter = InProcessAdapter("bench")
    start = time.perf_counter()
    async with DbWriter() as writer, Fetcher.open(settings) as fetcher:
        pipeline = Pipeline(db, writer, fetcher, load_guidelines(), {"bench": adapter},
                            concurrency=CONCURRENCY)  # fmt: skip
        for post in posts:
            await pipeline.submit(post)
        queued = time.perf_counter()
        await pipeline.run_until_empty()
    end = time.perf_counter()
    done = db.execute("SELECT count(*) FROM posts WHERE status = 'done'").fetchone()[0]
    entries = db.execute("SELECT count(*) FROM modlog").fetchone()[0]
    db.conn.close()
    return {"posts": done, "seconds": end - start, "enqueue_s": queued - start,
            "modlog": entries, "actions": len(adapter.calls)}  # fmt: skip


async def run_peer(base: str, n: int) -> dict[str, float]:
    from bot.fetch import Fetcher, FetchSettings
    from bot.guidelines import load_guidelines
    from bot.service import check_post

    posts = make_posts(base, n)
    guidelines = load_guidelines()
    settings = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), per_host=CONCURRENCY)
    sem = asyncio.Semaphore(CONCURRENCY)
    flagged = 0
    start = time.perf_counter()
    async with Fetcher.open(settings) as fetcher:

        async def one(post: Any) -> str:
            async with sem:
                return (await check_post(post, fetcher, guidelines)).decision

        for i in range(0, len(posts), CONCURRENCY * 4):  # same batching as the pipeline
            decisions = await asyncio.gather(*(one(p) for p in posts[i : i + CONCURRENCY * 4]))
            flagged += sum(d != "allow" for d in decisions)
    end = time.perf_counter()
    return {"posts": len(posts), "seconds": end - start, "flagged": flagged}


def child(kind: str, base: str, n: int, out: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "pipeline":
            result = asyncio.run(run_pipeline(base, n, str(Path(tmp) / "bench.db")))
        else:
            result = asyncio.run(run_peer(base, n))
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.put(result)


def measure(kind: str, base: str, n: int) -> dict[str, float]:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=child, args=(kind, base, n, out))
    proc.start()
    result = out.get()
    proc.join()
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    if not (CORPUS / "news.jsonl").exists():
        print(f"skipped: no corpus at {CORPUS}")
        return
    ctx = mp.get_context("spawn")
    ready = ctx.Event()
    port = free_port()
    server = ctx.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    try:
        if not ready.wait(30):
            print("skipped: the local article server did not start")
            return
        base = f"http://127.0.0.1:{port}"
        peer = measure("peer", base, POSTS)
        pipe = measure("pipeline", base, POSTS)
    finally:
        server.terminate()
        server.join()
    rate = {name: r["posts"] / r["seconds"] for name, r in (("peer", peer), ("pipeline", pipe))}
    print(f"{POSTS} posts, {CONCURRENCY} in flight, 181 corpus pages served locally\n")
    print("| run | posts | seconds | posts/s | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|")
    print(f"| fetch + check only (peer) | {peer['posts']:.0f} | {peer['seconds']:.1f} | "
          f"{rate['peer']:.0f} | {peer['rss_mb']:.0f} |")  # fmt: skip
    print(f"| pipeline: queue → fetch → check → actions → modlog | {pipe['posts']:.0f} | "
          f"{pipe['seconds']:.1f} | {rate['pipeline']:.0f} | {pipe['rss_mb']:.0f} |")  # fmt: skip
    print(f"\npipeline / peer throughput: {rate['pipeline'] / rate['peer']:.2f}; "
          f"enqueue {pipe['enqueue_s']:.1f} s of the total; {pipe['modlog']:.0f} modlog entries, "
          f"{pipe['actions']:.0f} adapter calls")  # fmt: skip
    ok_rate = "meets" if rate["pipeline"] >= TARGET_RATE else "misses"
    ok_rss = "meets" if pipe["rss_mb"] < TARGET_RSS_MB else "misses"
    print(f"targets: >= {TARGET_RATE:.0f} posts/s ({ok_rate}), peak RSS < {TARGET_RSS_MB:.0f} MB "
          f"({ok_rss})")  # fmt: skip


if __name__ == "__main__":
    main()
