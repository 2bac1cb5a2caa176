"""Write ``bot/dupes/term_df.txt``: how common each word is in news headlines (by hand).

The ``duplicate-post`` rule weighs the words two posts share by how rare they are: two stories
on one topic share its usual protagonists (Trump, Kim Jong Un, North Korea, China, Apple), which
tell no event apart. The background is the headlines of ``../shared/corpus`` (the bot cannot
read it at run time, hence this file):

- ``clickbait.jsonl``: 31,999 headlines of Chakraborty et al. 2016, "Stop Clickbait: Detecting
  and Preventing Clickbaits in Online News Media" (MIT);
- ``headlines.jsonl``: 971 human-annotated headlines of trafilatura's evaluation set and
  Mozilla Readability's test pages (Apache-2.0).

Each word (as ``bot.dupes.signature`` tokenises and stems it) gets the number of headlines that
hold it. A word seen at least twice and (almost) always beside one commoner word is a part of
that word's name ("jong" of "Kim Jong Un", "yo" of "Kim Yo Jong"): it gets that word's count.
Only words of ``MIN_COUNT`` headlines or more are written (the others are rare).

    .venv/bin/python scripts/build_term_df.py ../shared/corpus bot/dupes/term_df.txt
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from bot.dupes.signature import _TOKEN, stem

MIN_COUNT = 3
#: Share of a word's headlines that must hold the commoner word for it to count as its part.
PART_OF = 0.8


def headlines(corpus: Path) -> list[str]:
    out: list[str] = []
    for name, key in (("clickbait.jsonl", "title"), ("headlines.jsonl", "expected_title")):
        with (corpus / name).open(encoding="utf-8") as fh:
            out.extend(str(json.loads(line).get(key) or "") for line in fh if line.strip())
    return out


def counts(titles: list[str]) -> Counter[str]:
    docs = [{w for w in map(stem, _TOKEN.findall(title)) if len(w) > 1} for title in titles]
    df: Counter[str] = Counter(w for doc in docs for w in doc)
    beside: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for word in doc:
            if df[word] >= 2:
                beside[word].update(w for w in doc if w != word and df[w] > df[word])
    out = Counter(df)
    for word, others in beside.items():
        common = [w for w, n in others.items() if n >= PART_OF * df[word]]
        if common:
            out[word] = max(df[w] for w in common)
    return out


def main(corpus: Path, target: Path) -> None:
    titles = headlines(corpus)
    df = counts(titles)
    lines = [
        "# How many of the background's headlines hold each word (stemmed as",
        "# bot/dupes/signature.py does; a name's part counts as the name). Written by",
        "# scripts/build_term_df.py from ../shared/corpus: clickbait.jsonl (Chakraborty et al.",
        "# 2016, 'Stop Clickbait', MIT) and headlines.jsonl (trafilatura evaluation set and",
        "# Mozilla Readability test pages, Apache-2.0). Words of fewer than 3 headlines are left",
        "# out. Read by bot/dupes/rarity.py.",
        f"#headlines {len(titles)}",
    ]
    lines += [f"{w} {n}" for w, n in sorted(df.items()) if n >= MIN_COUNT and " " not in w]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{target}: {len(lines) - 7} words from {len(titles)} headlines")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
