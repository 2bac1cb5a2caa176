"""How common a word is in news headlines (``term_df.txt``, built by
``scripts/build_term_df.py``): the topic's usual protagonists (Trump, Kim Jong Un, North Korea,
China, Apple) are common and tell no event apart."""

from __future__ import annotations

from functools import cache
from importlib import resources

#: A word in more than this share of the background's headlines is common (a topic's word):
#: about 1 in 1,000 (chosen on the dev half of bench/data/duplicates.jsonl).
COMMON_SHARE = 0.001


@cache
def _counts() -> tuple[dict[str, int], int]:
    text = resources.files(__package__ or "bot.dupes").joinpath("term_df.txt").read_text("utf-8")
    counts: dict[str, int] = {}
    total = 1
    for line in text.splitlines():
        if line.startswith("#headlines "):
            total = int(line.split()[1])
        elif line and not line.startswith("#"):
            word, count = line.rsplit(" ", 1)
            counts[word] = int(count)
    return counts, total


def share(word: str) -> float:
    """The share of the background's headlines that hold ``word`` (stemmed, case-folded)."""
    counts, total = _counts()
    return counts.get(word, 0) / total


def is_common(word: str) -> bool:
    """A word of more than ``COMMON_SHARE`` of the headlines; a compound ("us-china",
    "jong-un") when any of its parts is."""
    if share(word) > COMMON_SHARE:
        return True
    parts = [p for p in word.split("-") if p] if "-" in word else []
    return any(share(p) > COMMON_SHARE for p in parts)
