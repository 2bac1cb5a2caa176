"""Hostile pages: the CPU seconds ``extract_article`` spends on the worst page under the 3 MB cap.

For every generator of ``bench/hostile_pages.py`` two pages are timed (CPU time of this process):
the page filled to the cap (``MAX_HTML_CHARS``), and the largest page the parse budget still lets
through (``MAX_PARSE_COST``; found by bisecting the generator's repeat count), the costliest that
is parsed at all. The worst of all of them is the number to watch. When the corpus is present,
the costliest real page's share of the budget is printed too (how far real pages are from it).
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench.hostile_pages import GENERATORS, Generator, fill
from bot.extract import decode_html, extract_article
from bot.extract.document import FLATTEN_DEPTH, MAX_DEPTH, MAX_HTML_CHARS, _flatten
from bot.extract.structure import MAX_PARSE_COST, MAX_TAGS, parse_cost

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
URL = "https://hostile.example/a"


def cost(html: str) -> int:
    """The parse cost of ``html`` as ``prepare_html`` judges it (after flattening)."""
    flat = _flatten(html[:MAX_HTML_CHARS], MAX_DEPTH, FLATTEN_DEPTH)
    found = parse_cost(flat, MAX_PARSE_COST, MAX_TAGS)
    return found.cost if found.tags <= MAX_TAGS else MAX_PARSE_COST + 1


def largest_allowed(gen: Generator, chars: int = MAX_HTML_CHARS) -> str:
    """``gen(n)`` for the largest ``n`` (page within ``chars``) whose cost is within budget."""
    capped = fill(gen, chars)
    if cost(capped) <= MAX_PARSE_COST:
        return capped

    def fits(n: int) -> bool:
        page = gen(n)
        return len(page) <= chars and cost(page) <= MAX_PARSE_COST

    low, high = 1, 2
    while fits(high):
        low, high = high, high * 2
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if fits(mid) else (low, mid)
    return gen(low)


def cpu(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def corpus_share() -> tuple[float, str] | None:
    pages = sorted((CORPUS / "pages").glob("*.html.gz")) if CORPUS.is_dir() else []
    if not pages:
        return None
    worst, name = 0, ""
    for path in pages:
        with gzip.open(path, "rb") as fh:
            html = decode_html(fh.read())
        found = cost(html)
        if found > worst:
            worst, name = found, path.name
    return worst / MAX_PARSE_COST, name


def main() -> None:
    print(f"parse budget {MAX_PARSE_COST:,} units; page cap {MAX_HTML_CHARS:,} characters\n")
    print("| generator | at the cap: chars | CPU s | status | largest parsed: chars | CPU s |")
    print("|---|---|---|---|---|---|")
    worst = (0.0, "")
    for name, gen in GENERATORS.items():
        capped = fill(gen, MAX_HTML_CHARS)
        article = extract_article(capped, URL)  # warm-up and status
        at_cap = cpu(partial(extract_article, capped, URL))
        allowed = largest_allowed(gen)
        parsed = cpu(partial(extract_article, allowed, URL))
        print(
            f"| {name} | {len(capped):,} | {at_cap:.3f} | {article.status} | "
            f"{len(allowed):,} | {parsed:.3f} |"
        )
        worst = max(worst, (at_cap, f"{name} at the cap"), (parsed, f"{name}, largest parsed"))
    print(f"\nworst page: {worst[0]:.3f} CPU s ({worst[1]})")
    share = corpus_share()
    if share is None:
        print("(corpus absent: real pages' share of the budget not measured)")
    else:
        print(f"costliest corpus page: {share[0]:.1%} of the parse budget ({share[1]})")
