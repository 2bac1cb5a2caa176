"""``NEWSMOD_TEST_SCOPE=tests/store,tests/test_policy.py``: run only the tests under these paths.

``make mutate`` sets it per module group (scripts/mutate.sh) so that mutmut's one stats run and
its per-mutant runs cover the tests that exercise that group, not the whole suite. Unset, every
collected test runs. The hook is imported into ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

SCOPE_ENV = "NEWSMOD_TEST_SCOPE"
ROOT = Path(__file__).resolve().parents[1]


def in_scope(path: Path, scope: list[Path]) -> bool:
    return any(path == s or s in path.parents for s in scope)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    value = os.environ.get(SCOPE_ENV, "").strip()
    if not value:
        return
    scope = [(ROOT / p.strip()).resolve() for p in value.split(",") if p.strip()]
    kept = [item for item in items if in_scope(Path(item.path).resolve(), scope)]
    dropped = [item for item in items if item not in kept]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _clear_caches() -> None:
    """Empty every ``functools`` cache of newsmod's modules (``cache``/``lru_cache``)."""
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(("bot.", "cogs.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutmut() -> None:
    """Under mutmut (``MUTANT_UNDER_TEST`` set), each test starts with empty caches.

    mutmut records which tests call a function in one process; a cached function called with
    the same arguments by an earlier test answers the next one from its cache, so the next test
    would not be recorded as calling it (nor run for its mutants), and which tests are recorded
    would depend on their order. Outside mutmut the caches stay: they are what makes the suite
    fast."""
    if os.environ.get("MUTANT_UNDER_TEST"):
        _clear_caches()
