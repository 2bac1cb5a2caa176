"""The literal pre-test (bot/rules/data/literals.py): which literal it picks, groups, flags and
an index with nothing to scan for (issue 19)."""

from __future__ import annotations

import re

import pytest

from bot.rules.data.literals import LiteralIndex, required_literals


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        # of two equally long requirements, the one with fewer literals
        (r"(?:cat|dog)\d+fox", 0, {"fox"}),
        # of two equal ones, the first
        (r"cat\d+dog", 0, {"cat"}),
        # a group's literal stays the best when a shorter run follows it
        (r"(longword)x\d", 0, {"longword"}),
        # a longer case-insensitive part is still no literal
        (r"(?i:shock)ing", 0, {"ing"}),
        # a capturing group and an atomic group need what their bodies need
        (r"(shocking)\d", 0, {"shocking"}),
        (r"(?>shocking)\d", 0, {"shocking"}),
        # the pattern is read with its flags: verbose spaces are no literals
        (r"\b shocking \b", re.VERBOSE, {"shocking"}),
    ],
)
def test_required_literals(pattern: str, flags: int, expected: set[str]) -> None:
    assert required_literals(re.compile(pattern, flags)) == frozenset(expected)


def test_an_index_of_patterns_without_literals_keeps_them_all() -> None:
    index = LiteralIndex([None, None])
    assert index.candidates("any title at all") == [0, 1]
    assert index.candidates("") == [0, 1]
