"""Word lists the text rules read (one entry a line, ``#`` comments), shipped with the package.

The lists are written by the newsmod authors (CC0) unless a file's header says otherwise. They are
read lazily on first use and cached, never at import time.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """The non-blank, non-comment lines of ``bot/rules/data/<name>``, stripped."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return tuple(out)


@cache
def load_set(name: str) -> frozenset[str]:
    """A list file as a set of case-folded entries (for single-word lookups)."""
    return frozenset(line.casefold() for line in load_lines(name))
