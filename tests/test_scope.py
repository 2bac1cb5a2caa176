"""The test hooks for mutation runs (tests/scope.py)."""

from __future__ import annotations

from bot.dupes import rarity
from bot.rules.data import gazetteer
from tests.scope import _clear_caches


def test_clearing_empties_newsmods_caches() -> None:
    # under mutmut every test starts with these empty, so each test that calls a cached
    # function is recorded as calling it, whatever ran before
    rarity.share("kim")
    gazetteer._names()
    assert rarity._counts.cache_info().currsize == 1
    assert gazetteer._names.cache_info().currsize == 1
    _clear_caches()
    assert rarity._counts.cache_info().currsize == 0
    assert gazetteer._names.cache_info().currsize == 0
