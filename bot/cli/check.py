"""``newsmod check``: one post or a JSONL batch, as text or as the DESIGN.md JSON contract."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.cli.render import render_result
from bot.dupes.history import MemoryHistory
from bot.dupes.step import stream_step
from bot.errors import InputError
from bot.guidelines import Guidelines, load_guidelines
from bot.models import CheckResult, Post
from bot.offline import OfflineFetcher
from bot.pipeline.clock import parse_utc
from bot.service import check_post

#: Posts checked at once in a batch (bounded so memory stays flat on large files).
BATCH_WINDOW = 8


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="check one post (or a JSONL batch) against the guidelines",
        description="Fetch the linked article (or read a saved page) and check the post against "
        "every guideline. Exit status 0 whatever the findings, 2 on bad input.",
    )
    p.add_argument("--url", help="the link the post points to")
    p.add_argument("--title", help="the post's title")
    p.add_argument("--body", default="", help="the post's body text")
    p.add_argument("--html", metavar="PATH", help="a saved page (.html or .html.gz): no fetch")
    p.add_argument("--id", default="cli", help="id echoed in the result (default: cli)")
    p.add_argument(
        "--batch",
        metavar="FILE",
        help="JSONL: one {id, title, url, body?, html?, created_at?} a line",
    )
    p.add_argument(
        "--json", action="store_true", help="print the JSON contract (one object a line)"
    )
    p.add_argument(
        "--stream",
        action="store_true",
        help="with --batch: the lines are one community's stream, in order; earlier lines count "
        "as already posted (duplicate-post)",
    )
    p.add_argument("--community", help="community key in guidelines.toml (default: its default)")
    p.add_argument(
        "--config", metavar="TOML", help="guidelines file (default: config/guidelines.toml)"
    )
    p.add_argument(
        "--offline",
        action="store_true",
        help="never fetch: posts without a saved page are unreachable",
    )
    p.set_defaults(func=run)


@dataclass
class BatchLine:
    number: int
    post: Post | None = None
    error: str | None = None
    raw_id: Any = None


def run(args: argparse.Namespace) -> int:
    guidelines = load_guidelines(Path(args.config) if args.config else None)
    community = guidelines.community(args.community)
    if args.batch:
        if args.url or args.title or args.html:
            raise InputError("--batch cannot be combined with --url/--title/--html")
        return asyncio.run(_run_batch(Path(args.batch), guidelines, community.key, args))
    if args.stream:
        raise InputError("--stream needs --batch FILE (a stream of posts)")
    if not args.title or not (args.url or args.html):
        raise InputError("give --title and --url (or --html), or --batch FILE")
    if args.html and not Path(args.html).is_file():
        raise InputError(f"--html: no such file: {args.html}")
    post = Post(
        id=args.id,
        title=args.title,
        url=args.url or None,
        body=args.body,
        community=community.key,
        html_path=args.html,
    )
    return asyncio.run(_run_single(post, guidelines, args))


@asynccontextmanager
async def _fetcher(offline: bool) -> AsyncIterator[Any]:
    if offline:
        yield OfflineFetcher()
        return
    from bot.fetch import Fetcher, FetchSettings

    async with Fetcher.open(FetchSettings()) as fetcher:
        yield fetcher


async def _run_single(post: Post, guidelines: Guidelines, args: argparse.Namespace) -> int:
    async with _fetcher(args.offline) as fetcher:
        result = await check_post(post, fetcher, guidelines)
    _emit(
        result.to_json() if args.json else render_result(result.to_json(), title=post.title),
        sys.stdout,
    )
    return 0


async def _run_batch(
    path: Path, guidelines: Guidelines, community: str, args: argparse.Namespace
) -> int:
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"--batch: cannot read {path}: {exc.strerror or exc}") from None
    bad = 0
    stream = _Stream(guidelines) if args.stream else None
    with handle:
        lines = _parse_lines(handle, path.parent, community)
        async with _fetcher(args.offline) as fetcher:
            sem = asyncio.Semaphore(BATCH_WINDOW)

            async def one(line: BatchLine) -> Any:
                if line.post is None:
                    return None
                async with sem:
                    return await check_post(line.post, fetcher, guidelines)

            window: list[tuple[BatchLine, asyncio.Task[Any]]] = []
            for line in lines:
                window.append((line, asyncio.create_task(one(line))))
                if len(window) >= BATCH_WINDOW * 2:
                    bad += await _flush(window[:BATCH_WINDOW], args.json, stream)
                    del window[:BATCH_WINDOW]
            bad += await _flush(window, args.json, stream)
    return 2 if bad else 0


class _Stream:
    """``--stream``: each line is checked for duplicate-post against the lines before it."""

    def __init__(self, guidelines: Guidelines) -> None:
        self.guidelines = guidelines
        self.history = MemoryHistory()

    def __call__(self, post: Post, result: CheckResult) -> CheckResult:
        community = self.guidelines.community(post.community)
        return stream_step(post, result, community, self.history)


async def _flush(
    window: list[tuple[BatchLine, asyncio.Task[Any]]], as_json: bool, stream: _Stream | None
) -> int:
    bad = 0
    for line, task in window:
        result = await task
        if line.error is not None:
            bad += 1
            print(f"newsmod: {line.error}", file=sys.stderr)
            obj = {"id": line.raw_id, "line": line.number, "error": line.error}
            _emit(obj if as_json else f"line {line.number}: error: {line.error}", sys.stdout)
        elif line.post is not None:
            if stream is not None:
                result = stream(line.post, result)
            obj = result.to_json()
            obj["id"] = line.raw_id  # echoed as given (a number stays a number)
            _emit(obj if as_json else render_result(obj, title=line.post.title) + "\n", sys.stdout)
    return bad


def _parse_lines(handle: TextIO, base: Path, community: str) -> Iterator[BatchLine]:
    for number, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        yield parse_post_line(text, number, base, community)


def parse_post_line(text: str, number: int, base: Path, community: str) -> BatchLine:
    """One JSONL line → a Post, or an error naming the line (the batch goes on)."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return BatchLine(
            number, error=f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})"
        )
    if not isinstance(obj, dict):
        return BatchLine(number, error=f"line {number}: expected a JSON object")
    raw_id = obj.get("id")
    problems = []
    if raw_id is None or isinstance(raw_id, (dict, list, bool)):
        problems.append('"id" (a string or number) is required')
    for key in ("title", "url"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            problems.append(f'"{key}" (a non-empty string) is required')
    for key in ("body", "html", "author", "created_at"):
        if key in obj and obj[key] is not None and not isinstance(obj[key], str):
            problems.append(f'"{key}" must be a string')
    created = obj.get("created_at")
    if isinstance(created, str) and created and not _is_time(created):
        problems.append('"created_at" must be an ISO 8601 time')
    html = obj.get("html")
    if html and not problems and not (base / html).is_file():
        problems.append(f'"html": no such file: {html}')
    if problems:
        return BatchLine(
            number,
            raw_id=raw_id if not isinstance(raw_id, (dict, list)) else None,
            error=f"line {number}: " + "; ".join(problems),
        )
    post = Post(
        id=str(raw_id),
        title=obj["title"],
        url=obj["url"],
        body=obj.get("body") or "",
        community=community,
        author_name=obj.get("author") or "",
        html_path=str(base / html) if html else None,
        created_at=created or None,
    )
    return BatchLine(number, post=post, raw_id=raw_id)


def _is_time(text: str) -> bool:
    try:
        parse_utc(text)
    except ValueError:
        return False
    return True


def _emit(obj: Any, out: TextIO) -> None:
    if isinstance(obj, str):
        out.write(obj + "\n")
    else:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    out.flush()
