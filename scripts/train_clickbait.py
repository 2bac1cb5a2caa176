"""Train the clickbait-headline model that ``bot/rules/clickbait.py`` ships (run by hand).

Data: ``../shared/corpus/clickbait.jsonl`` (Chakraborty et al. 2016, "Stop Clickbait: Detecting
and Preventing Clickbaits in Online News Media", MIT). Labels follow the site a headline came
from (BuzzFeed, Upworthy ... vs NYT, WikiNews), so titles are lower-cased and the model learns
the house style of viral-bait sites: list headlines, "you", "this is what", withheld payoffs.
That is what the blogspam rule asks of a page's own headline; it is not ragebait detection.

Model: multinomial naive Bayes over lower-cased words and word pairs, Laplace smoothing,
features seen at least ``MIN_COUNT`` times, the ``KEEP`` most informative kept. Written as
JSON: ``{"prior": log-odds, "default": log-ratio of an unseen feature, "features": {f: r}}``.
Held out: every fifth title (by a hash), whose accuracy is printed.

    python scripts/train_clickbait.py ../shared/corpus/clickbait.jsonl \\
        bot/rules/data/clickbait_nb.json
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

MIN_COUNT = 5
KEEP = 6000
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def features(title: str) -> list[str]:
    words = WORD.findall(title.lower().replace("’", "'"))
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def held_out(title: str) -> bool:
    return int(hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest(), 16) % 5 == 0


def train(rows: list[dict[str, object]]) -> dict[str, object]:
    counts = {0: Counter[str](), 1: Counter[str]()}
    docs = Counter[int]()
    for row in rows:
        label = int(row["label"])  # type: ignore[call-overload]
        docs[label] += 1
        counts[label].update(set(features(str(row["title"]))))
    vocab = [f for f in set(counts[0]) | set(counts[1]) if counts[0][f] + counts[1][f] >= MIN_COUNT]
    totals = {k: sum(counts[k][f] for f in vocab) + len(vocab) for k in (0, 1)}

    def ratio(f: str) -> float:
        return math.log((counts[1][f] + 1) / totals[1]) - math.log((counts[0][f] + 1) / totals[0])

    ranked = sorted(vocab, key=lambda f: abs(ratio(f)) * math.log(1 + counts[0][f] + counts[1][f]))
    kept = ranked[-KEEP:]
    return {
        "prior": round(math.log(docs[1] / docs[0]), 4),
        "default": 0.0,
        "features": {f: round(ratio(f), 3) for f in sorted(kept)},
    }


def score(model: dict[str, object], title: str) -> float:
    table = model["features"]
    assert isinstance(table, dict)
    z = float(model["prior"]) + sum(table.get(f, 0.0) for f in features(title))  # type: ignore[arg-type]
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def main(src: str, dst: str) -> None:
    rows = [json.loads(line) for line in Path(src).read_text(encoding="utf-8").splitlines()]
    model = train([r for r in rows if not held_out(r["title"])])
    test = [r for r in rows if held_out(r["title"])]
    right = sum((score(model, r["title"]) >= 0.5) == (r["label"] == 1) for r in test)
    print(f"held-out accuracy {right / len(test):.3f} on {len(test)} titles")
    header = {
        "source": "Chakraborty et al. 2016, Stop Clickbait (MIT); lower-cased titles",
        "trained_by": "scripts/train_clickbait.py",
    }
    Path(dst).write_text(json.dumps({**header, **model}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
