"""The process the crash test kills: queue N posts, run the pipeline until the queue is empty.

    python crash_worker.py DB JOURNAL BASE_URL N

Real fetcher (allowed to reach 127.0.0.1, which only code can allow), real extraction, checker
and modlog; live mode so that removals happen too; the in-process adapter appends every
applied action to JOURNAL. Run again after a SIGKILL, it picks up where the dead one stopped.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.fetch import Fetcher, FetchSettings
from bot.guidelines import load_guidelines
from bot.models import Post
from bot.pipeline.adapter import InProcessAdapter
from bot.pipeline.pipeline import Pipeline
from bot.pipeline.schema import MIGRATIONS
from bot.store.db import open_db
from bot.store.writer import DbWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from article_server import post_title


async def main(db_path: str, journal: str, base: str, n: int) -> None:
    db = open_db(db_path, extra_migrations=[MIGRATIONS])
    guidelines = load_guidelines()
    adapter = InProcessAdapter("crash", journal=Path(journal))
    settings = FetchSettings(allow_hosts=frozenset({"127.0.0.1"}), per_host=8)
    async with DbWriter() as writer, Fetcher.open(settings) as fetcher:
        pipeline = Pipeline(
            db, writer, fetcher, guidelines, {"crash": adapter},
            concurrency=8, mode_for=lambda post: "live",
        )  # fmt: skip
        for i in range(n):
            post = Post(id=str(i), title=post_title(i), url=f"{base}/a/{i}", platform="crash",
                        author_name=f"user{i % 13}")  # fmt: skip
            await pipeline.submit(post)
        print("queued", flush=True)
        await pipeline.run_until_empty()
    db.conn.close()
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])))
