"""``NEWSMOD_TEST_SCOPE=tests/store,tests/test_policy.py``: run only the tests under these paths.

``make mutate`` sets it per module group (scripts/mutate.sh) so that mutmut's one stats run and
its per-mutant runs cover the tests that exercise that group, not the whole suite. Unset, every
collected test runs. The hook is imported into ``tests/conftest.py``.
"""

from __future__ import annotations

import os
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
