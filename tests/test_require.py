"""NEWSMOD_REQUIRE (tests/require.py): in CI a skipped browser/npm/openssl/corpus test fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.require import KINDS, REQUIRE_ENV, required_kinds

REPO = Path(__file__).resolve().parents[1]

CONFTEST = """
from tests.require import (  # noqa: F401
    pytest_runtest_logreport,
    pytest_runtest_makereport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
"""
INI = """[pytest]
markers =
    openssl: x
    corpus: x
    browser: x
    npm: x
"""
TESTS = """
import pytest

@pytest.mark.openssl
def test_needs_openssl():
    pytest.skip("openssl is not installed")

@pytest.mark.corpus
def test_reads_the_corpus():
    assert True

@pytest.mark.corpus
@pytest.mark.xfail(reason="known", strict=True)
def test_known_corpus_gap():
    raise AssertionError

def test_plain():
    pytest.skip("nothing to do with tools")
"""


def run(tmp_path: Path, require: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "pytest.ini").write_text(INI)
    (tmp_path / "test_kinds.py").write_text(TESTS)
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_ENV}
    env["PYTHONPATH"] = str(REPO)
    if require is not None:
        env[REQUIRE_ENV] = require
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


def test_without_the_variable_skips_stay_skips(tmp_path: Path) -> None:
    proc = run(tmp_path, None)
    assert proc.returncode == 0, proc.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in proc.stdout


def test_a_required_kind_that_skips_fails(tmp_path: Path) -> None:
    proc = run(tmp_path, "openssl,corpus")
    assert proc.returncode == 1, proc.stdout
    assert "1 failed, 1 passed, 1 skipped, 1 xfailed" in proc.stdout
    assert (
        f"{REQUIRE_ENV} requires openssl tests to run, but this one skipped: "
        "openssl is not installed"
    ) in proc.stdout
    assert "FAILED test_kinds.py::test_needs_openssl" in proc.stdout


def test_a_required_kind_of_which_nothing_ran_fails_the_run(tmp_path: Path) -> None:
    proc = run(tmp_path, "corpus,browser")
    assert proc.returncode == 1, proc.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in proc.stdout
    assert f"{REQUIRE_ENV}: no browser test ran" in proc.stdout


def test_only_required_kinds_that_ran_pass(tmp_path: Path) -> None:
    proc = run(tmp_path, "corpus")
    assert proc.returncode == 0, proc.stdout


def test_kinds_are_parsed_and_checked() -> None:
    assert required_kinds(" browser, npm ,,") == {"browser", "npm"}
    assert required_kinds("") == frozenset()
    assert set(KINDS) == {"browser", "npm", "openssl", "corpus"}
    with pytest.raises(pytest.UsageError, match="unknown kind"):
        required_kinds("browser,gpu")


def test_ci_requires_every_kind_and_runs_the_readme_command() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\nexport {REQUIRE_ENV}={','.join(KINDS)}\nmake lint test\n" in script


def test_the_mutation_scope_keeps_tests_under_its_paths(tmp_path: Path) -> None:
    from tests.scope import in_scope

    scope = [tmp_path / "tests" / "store", tmp_path / "tests" / "test_policy.py"]
    assert in_scope(tmp_path / "tests" / "store" / "test_db.py", scope)
    assert in_scope(tmp_path / "tests" / "test_policy.py", scope)
    assert not in_scope(tmp_path / "tests" / "storey" / "test_x.py", scope)
    assert not in_scope(tmp_path / "tests" / "test_policy_more.py", scope)
    assert not in_scope(tmp_path / "tests" / "fetch" / "test_ssrf.py", scope)


def test_the_mutation_scope_deselects_the_rest(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_ENV}
    env["NEWSMOD_TEST_SCOPE"] = "tests/test_require.py"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
         "tests/test_require.py", "tests/test_policy.py"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout
    assert "tests/test_policy.py" not in proc.stdout
    assert "deselected" in proc.stdout
