"""The US gazetteer (us_places.txt) as a dictionary of token tuples: built in milliseconds.

The general ``Lexicon`` builds a term object per name and alias; for the gazetteer's ~2,500
city and county names that cost more than the rest of the lists together (in every check
worker). A gazetteer name is a run of capitalised tokens, so a dictionary keyed by the
case-folded token tuple, tried longest first at each capitalised token, finds the same names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from bot.rules.data import load_lines
from bot.rules.data.lexicon import _WEIGHT, Hit, TokenView

#: The lexicon's word tokens for the gazetteer's plain names (no "U.S."-style initials).
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

GROUP = "us_places"
FILE = "us_places.txt"


@cache
def _names() -> tuple[dict[tuple[str, ...], tuple[str, float]], int]:
    """(folded token tuple -> (label, weight), the longest name in tokens)."""
    out: dict[tuple[str, ...], tuple[str, float]] = {}
    weight = 1.0
    for line in load_lines(FILE):
        set_weight = _WEIGHT.match(line)
        if set_weight:
            weight = float(set_weight.group(1))
            continue
        names = [part.strip() for part in line.split("|") if part.strip()]
        for name in names:
            key = tuple(_WORD.findall(name.casefold()))
            if key:
                out.setdefault(key, (names[0], weight))
    return out, max((len(k) for k in out), default=0)


def iter_view_hits(view: TokenView) -> Iterator[Hit]:
    """The gazetteer's names in a tokenised text, in order, longest first at each token. A name
    matches capitalised words only (unless the whole text is in one case)."""
    names, longest = _names()
    toks, folded = view.tokens, view.folded
    i, n = 0, len(toks)
    while i < n:
        if not (view.caseless or toks[i][:1].isupper()):
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            found = names.get(folded[i : i + size])
            if found is not None:
                yield Hit(found[0], found[1], " ".join(toks[i : i + size]), GROUP)
                i += size
                break
        else:
            i += 1
