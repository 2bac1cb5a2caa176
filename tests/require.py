"""``NEWSMOD_REQUIRE=browser,npm,openssl,corpus``: a skip of such a test is a failure.

Tests that need something outside Python (a headless browser, node/npm, openssl, the shared
corpus) carry a marker of that name and skip cleanly where it is missing. CI sets
``NEWSMOD_REQUIRE`` (see ``.ci/run``) so that a missing tool can never hide behind a skip: with a
kind listed there, a test of that kind that skips fails instead, and the run fails if no test of
that kind ran at all (e.g. every one was deselected or its module vanished). Unset (a developer's
``make test``), nothing changes.

The hooks are imported into ``tests/conftest.py``.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from typing import Any

import pytest

REQUIRE_ENV = "NEWSMOD_REQUIRE"
KINDS = ("browser", "npm", "openssl", "corpus")

_ran: set[str] = set()


def required_kinds(value: str | None = None) -> frozenset[str]:
    """The kinds named in ``value`` (default: the environment); an unknown name is an error."""
    if value is None:
        value = os.environ.get(REQUIRE_ENV, "")
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = kinds.difference(KINDS)
    if unknown:
        raise pytest.UsageError(
            f"{REQUIRE_ENV}: unknown kind(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(KINDS)})"
        )
    return kinds


def _skip_reason(longrepr: Any) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def required_skip(keywords: Any, kinds: frozenset[str]) -> frozenset[str]:
    """The required kinds a test with these keywords (its markers among them) belongs to."""
    return frozenset(k for k in kinds if k in keywords)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    kinds = required_skip(item.keywords, required_kinds())
    if kinds:
        report.outcome = "failed"
        report.longrepr = (
            f"{REQUIRE_ENV} requires {', '.join(sorted(kinds))} tests to run, "
            f"but this one skipped: {_skip_reason(report.longrepr)}"
        )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and not report.skipped:
        _ran.update(k for k in KINDS if k in report.keywords)


def missing_kinds() -> list[str]:
    """Required kinds of which no test ran in this session."""
    return sorted(required_kinds() - _ran)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if missing_kinds() and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    missing = missing_kinds()
    if missing:
        terminalreporter.write_line(
            f"{REQUIRE_ENV}: no {', '.join(missing)} test ran (all skipped or deselected)",
            red=True,
        )
