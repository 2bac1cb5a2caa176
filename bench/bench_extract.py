"""Headline extraction: newsmod vs trafilatura ``extract_metadata`` vs readability-lxml.

Accuracy is exact match with ``expected_title`` after ``normalize_title`` on the corpus
``headlines.jsonl`` test split; speed is measured on those pages plus the 181 news pages. The
three tools run page by page in turn, so machine load hits them alike. newsmod's time is the
whole ``extract_article`` (headline, metadata, paywall, body, links, blog signs), the peers'
only their title extraction.
"""

from __future__ import annotations

import gzip
import json
import logging
import statistics
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.extract import decode_html, extract_article
from bot.textnorm import normalize_title

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"

Extractor = Callable[[str, str], str | None]


@dataclass
class Score:
    name: str
    correct: int = 0
    judged: int = 0
    times: list[float] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.judged if self.judged else 0.0

    @property
    def pages_per_s(self) -> float:
        total = sum(self.times)
        return len(self.times) / total if total else 0.0


def load_pages(corpus: Path = CORPUS) -> tuple[list[dict], list[dict]]:
    """(test-split headline rows, news rows), each with ``html`` decoded from the gzipped page."""
    test, news = [], []
    with (corpus / "headlines.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["split"] == "test":
                test.append(row)
    with (corpus / "news.jsonl").open(encoding="utf-8") as fh:
        news = [json.loads(line) for line in fh]
    for row in (*test, *news):
        with gzip.open(corpus / row["page"], "rb") as page:
            row["html"] = decode_html(page.read())
    return test, news


def ours(html: str, url: str) -> str | None:
    return extract_article(html, url).headline


def _peers() -> dict[str, Extractor]:
    peers: dict[str, Extractor] = {}
    try:
        import trafilatura

        def traf(html: str, url: str) -> str | None:
            meta = trafilatura.extract_metadata(html, default_url=url or None)
            return meta.title if meta is not None else None

        peers["trafilatura extract_metadata"] = traf
    except ImportError:
        print("(trafilatura not installed: pip install -e '.[bench]')")
    try:
        from readability import Document

        def readability(html: str, url: str) -> str | None:
            return Document(html).short_title()

        peers["readability-lxml short_title"] = readability
    except ImportError:
        print("(readability-lxml not installed: pip install -e '.[bench]')")
    return peers


def _run(tool: Extractor, html: str, url: str) -> tuple[str | None, float]:
    start = time.perf_counter()
    try:
        title = tool(html, url)
    except Exception:  # a peer crashing on a page counts as a miss, never stops the bench
        title = None
    return title, time.perf_counter() - start


def measure(test: list[dict], news: list[dict], tools: dict[str, Extractor]) -> list[Score]:
    scores = {name: Score(name) for name in tools}
    for row in (*test, *news):
        expected = row.get("expected_title")
        for name, tool in tools.items():
            title, seconds = _run(tool, row["html"], row["url"] or "")
            score = scores[name]
            score.times.append(seconds)
            if expected is not None:
                score.judged += 1
                score.correct += title is not None and (
                    normalize_title(title) == normalize_title(expected)
                )
    return list(scores.values())


def table(scores: list[Score]) -> str:
    mine = scores[0]
    lines = [
        "| extractor | headline accuracy (test) | median ms/page | pages/s | newsmod speed× |",
        "|---|---|---|---|---|",
    ]
    for score in scores:
        ratio = mine.pages_per_s / score.pages_per_s if score.pages_per_s else 0.0
        lines.append(
            f"| {score.name} | {score.accuracy:.1%} ({score.correct}/{score.judged}) | "
            f"{statistics.median(score.times) * 1000:.2f} | {score.pages_per_s:.0f} | "
            f"{ratio:.1f}× |"
        )
    return "\n".join(lines)


#: Inputs built to hit the parser's worst cases (see bot/extract/document.py).
HOSTILE: dict[str, Callable[[], str]] = {
    "50 MB of nested <div>": lambda: "<div>" * 10_000_000,
    "200,000 nested <div> with text, closed": lambda: "<div>x" * 200_000 + "</div>" * 200_000,
    "<ul> x256 then 1.25M <li> (5 MB)": lambda: "<ul>" * 256 + "<li>" * 1_250_000,
    "3 MB JSON-LD block": lambda: (
        '<script type="application/ld+json">{"headline": "' + "y" * 3_000_000 + '"}</script>'
    ),
    "binary garbage (2 MB)": lambda: bytes(range(256)).decode("latin-1") * 8_000,
}


def hostile_table() -> str:
    lines = ["| hostile input | newsmod extract_article ms |", "|---|---|"]
    for name, build in HOSTILE.items():
        html = build()
        start = time.perf_counter()
        extract_article(html, "https://hostile.example/")
        lines.append(f"| {name} | {(time.perf_counter() - start) * 1000:.0f} |")
    return "\n".join(lines)


def check_path_table(news: list[dict]) -> str:
    """Median ms/page of the check path on the news pages: ``extract_article``, then the rules
    (``check_article``) with the page's own headline as the title (the common post, compared
    word for word) and with a title of other words (the full comparison with the article text).
    Best of three runs per page, the rules' token cache cleared before each check."""
    from bot.checker import check_article
    from bot.guidelines import load_guidelines
    from bot.models import Post
    from bot.rules.data.lexicon import token_view

    community = load_guidelines().community(None)
    runs: dict[str, list[float]] = {"extract": [], "own": [], "other": []}
    for row in news:
        best = dict.fromkeys(runs, float("inf"))
        for _ in range(3):
            start = time.perf_counter()
            article = extract_article(row["html"], row["url"])
            best["extract"] = min(best["extract"], time.perf_counter() - start)
            own = article.headline or "Untitled story"
            for kind, title in (("own", own), ("other", "Minister resigns over the budget row")):
                post = Post(id="bench", title=title, url=row["url"])
                token_view.cache_clear()
                start = time.perf_counter()
                check_article(post, article, community)
                best[kind] = min(best[kind], time.perf_counter() - start)
        for kind, value in best.items():
            runs[kind].append(value * 1000)
    extract = statistics.median(runs["extract"])
    lines = ["| step | median ms/page | × extraction |", "|---|---:|---:|"]
    for kind, label in (
        ("extract", "extract_article"),
        ("own", "rules, title = the page's headline"),
        ("other", "rules, title in other words"),
    ):
        median = statistics.median(runs[kind])
        lines.append(f"| {label} | {median:.2f} | {median / extract:.2f} |")
    return "\n".join(lines)


def main() -> None:
    if not (CORPUS / "headlines.jsonl").exists():
        print(f"corpus not found at {CORPUS}: skipped")
        return
    logging.disable(logging.CRITICAL)  # peers log every odd page
    warnings.simplefilter("ignore")
    test, news = load_pages()
    tools: dict[str, Extractor] = {"newsmod extract_article": ours, **_peers()}
    ours("<html><title>warm-up</title></html>", "https://example.com/")
    scores = measure(test, news, tools)
    print(
        f"{len(test)} test-split pages (accuracy) + {len(news)} news pages (speed), "
        "tools interleaved page by page\n"
    )
    print(table(scores))
    mine = scores[0]
    for peer in scores[1:]:
        print(
            f"\nvs {peer.name}: accuracy {mine.accuracy - peer.accuracy:+.1%}, "
            f"{mine.pages_per_s / peer.pages_per_s:.1f}× the pages/s"
        )
    print(f"\nThe check path on the {len(news)} news pages (best of 3 per page):\n")
    print(check_path_table(news))
    print("\nBounded time on hostile input (one run each):\n")
    print(hostile_table())


if __name__ == "__main__":
    main()
