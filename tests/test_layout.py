"""Architecture rules that must hold for the whole tree."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DISCORD_ALLOWED = set((REPO / "bot" / "platforms").glob("discord*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_never_imports_discord():
    offenders = [
        str(path.relative_to(REPO))
        for path in sorted((REPO / "bot").rglob("*.py"))
        if path not in DISCORD_ALLOWED
        and any(m == "discord" or m.startswith("discord.") for m in imported_modules(path))
    ]
    assert offenders == []


SQL_CALLS = {"execute", "executemany", "executescript"}
SQL_TEXT = re.compile(
    r"^\s*(SELECT\s.+\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX))",
    re.IGNORECASE | re.DOTALL,
)


def sql_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if is_call and node.func.attr in SQL_CALLS:
            found.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and SQL_TEXT.match(node.value):
            found.append(f"{path.name}:{node.lineno} SQL string")
    if "sqlite3" in imported_modules(path):
        found.append(f"{path.name}: imports sqlite3")
    return found


def test_cogs_hold_no_sql():
    """Cogs parse, call the core and render: SQL lives in bot/store and bot/pipeline."""
    offenders = [use for path in sorted((REPO / "cogs").rglob("*.py")) for use in sql_uses(path)]
    assert offenders == []


def test_fetch_names_are_importable_and_listed() -> None:
    import bot.fetch

    assert sorted(bot.fetch.__all__) == sorted(bot.fetch._HOMES)
    for name in bot.fetch.__all__:
        assert getattr(bot.fetch, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        bot.fetch.nope  # noqa: B018


def test_a_check_worker_loads_no_network_or_database_library() -> None:
    """Extraction and the rules (what a check worker runs) need neither aiohttp nor SQLite."""
    code = (
        "import sys, bot.pipeline.checkpool, bot.service, bot.guidelines;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'aiohttp', 'sqlite_utils', 'discord', 'jinja2'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)  # fmt: skip
    assert out.stdout.strip() == "[]"
