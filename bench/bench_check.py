"""``newsmod check --batch`` over the corpus news pages: wall time and peak memory.

Target (issue 2): the 181 news pages finish with peak RSS under 200 MB. Each run is a separate
process and reports its own peak RSS (``bench.memory.peak_mb``: not ``ru_maxrss``, which
starts at the peak of the process that started it). The peer is
trafilatura's ``extract_metadata`` over the same pages in the same kind of process (only the
headline/metadata, none of the rules).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
TARGET_MB = 200

_PEER = """
import gzip, json, sys
from bench.memory import peak_mb
from trafilatura.metadata import extract_metadata
for line in open(sys.argv[1], encoding="utf-8"):
    post = json.loads(line)
    with gzip.open(post["html"], "rb") as fh:
        html = fh.read().decode("utf-8", "replace")
    meta = extract_metadata(html, default_url=post["url"])
    print(json.dumps({"id": post["id"], "title": meta.title if meta else None}))
print(peak_mb(), file=sys.stderr)
"""

_OURS = """
import sys
from bench.memory import peak_mb
from bot.cli.main import main
code = main(["check", "--batch", sys.argv[1], "--json", "--offline"])
print(peak_mb(), file=sys.stderr)
sys.exit(code)
"""


def title_from_url(url: str) -> str:
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"\.\w+$", "", slug)
    words = [w for w in re.split(r"[-_]+", slug) if w and not w.isdigit()]
    return " ".join(words).capitalize() or "News"


def run(code: str, batch: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(batch)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench_check: run failed ({proc.returncode}): {proc.stderr[-500:]}")
    peak = float(proc.stderr.strip().splitlines()[-1])
    lines = sum(1 for line in proc.stdout.splitlines() if line.startswith("{"))
    return elapsed, peak, lines


def main() -> None:
    news = CORPUS / "news.jsonl"
    if not news.exists():
        print(f"skipped: {CORPUS} is absent")
        return
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "news.jsonl"
        with batch.open("w", encoding="utf-8") as out, news.open(encoding="utf-8") as src:
            for line in src:
                row = json.loads(line)
                post = {
                    "id": row["id"],
                    "title": title_from_url(row["url"]),
                    "url": row["url"],
                    "html": str(CORPUS / row["page"]),
                }
                out.write(json.dumps(post) + "\n")
        ours = run(_OURS, batch)
        try:
            import trafilatura  # noqa: F401
        except ImportError:
            peer = None
        else:
            peer = run(_PEER, batch)
    print("| run | pages | wall s | pages/s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|")
    rows = [("newsmod check --batch (every rule)", ours)]
    if peer:
        rows.append(("trafilatura extract_metadata (peer)", peer))
    for name, (secs, mb, pages) in rows:
        print(f"| {name} | {pages} | {secs:.2f} | {pages / secs:.1f} | {mb:.0f} |")
    if peer:
        print(
            f"\npeak memory ratio newsmod/trafilatura: {ours[1] / peer[1]:.2f}×; "
            f"speed ratio: {(ours[2] / ours[0]) / (peer[2] / peer[0]):.2f}×"
        )
    verdict = "meets" if ours[1] < TARGET_MB else "MISSES"
    print(f"target: peak RSS < {TARGET_MB} MB — {verdict} ({ours[1]:.0f} MB)")
