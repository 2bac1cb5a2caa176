"""A page's own headline in the house style of viral-bait sites (a sign for blogspam).

A naive Bayes model over lower-cased words and word pairs, trained in the repo by
``scripts/train_clickbait.py`` on the Stop Clickbait titles (Chakraborty et al. 2016, MIT) and
shipped as ``data/clickbait_nb.json``: nothing is downloaded or trained at run time. Its labels
follow the site a title came from (BuzzFeed, Upworthy ... against NYT, WikiNews), so it scores
style, not truth: newsrooms write such headlines too, and the blogspam rule counts it only
beside other content-farm signs.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from importlib import resources
from itertools import pairwise

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@cache
def _model() -> tuple[float, dict[str, float]]:
    raw = resources.files("bot.rules.data").joinpath("clickbait_nb.json").read_text("utf-8")
    data = json.loads(raw)
    return float(data["prior"]), {str(k): float(v) for k, v in data["features"].items()}


def features(title: str) -> list[str]:
    words = _WORD.findall(title.lower().replace("’", "'"))
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def probability(title: str) -> float:
    """The model's probability that ``title`` is a viral-bait headline (0..1)."""
    prior, table = _model()
    z = prior + sum(table.get(f, 0.0) for f in features(title))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
