"""Summarise a mutmut run (``mutants/*.meta``) as Markdown: the score per module and every
surviving mutant with its diff, marking those listed as equivalent in
``docs/mutation-equivalent.txt`` (``mutant-name  reason`` per line).

Usage: python scripts/mutation_report.py [--no-diffs] > mutants/report.md
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "docs" / "mutation-equivalent.txt"

KILLED = {1: "killed", 3: "killed", 36: "timeout", -24: "timeout", 24: "timeout", 152: "timeout",
          255: "timeout", 37: "type check", -11: "segfault", -9: "segfault"}  # fmt: skip
SURVIVED = {0: "survived", 5: "no tests", 33: "no tests"}


def targets() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    patterns: list[str] = config["only_mutate"]
    files = sorted(
        str(p.relative_to(ROOT))
        for src in config["source_paths"]
        for p in (ROOT / src).rglob("*.py")
    )
    return [f for f in files if any(fnmatch.fnmatch(f, pat) for pat in patterns)]


def equivalent() -> dict[str, str]:
    out = {}
    if EQUIVALENT.exists():
        for line in EQUIVALENT.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, _, reason = line.strip().partition(" ")
                out[name] = reason.strip()
    return out


_SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|AND|OR|ORDER BY|LIMIT|SET|VALUES|"
                  r"INTO|GROUP BY|COUNT|ON CONFLICT|DO NOTHING|IS NULL|BEGIN|COMMIT|ROLLBACK)\b")


def sql_case_only(text: str) -> bool:
    """The mutant only changes the case of an SQL string (SQLite reads keywords in any case)."""
    removed = [line[1:] for line in text.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in text.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return (
        bool(removed)
        and len(removed) == len(added)
        and all(r != a and r.lower() == a.lower() and _SQL.search(r) for r, a in zip(removed, added))
    )


def status(code: int | None) -> str:
    if code is None:
        return "not checked"
    return KILLED.get(code) or SURVIVED.get(code) or "suspicious"


_diffs: dict[str, str] = {}


def diff(name: str) -> str:
    if name in _diffs:
        return _diffs[name]
    proc = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mutmut"), "show", name],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    text = "\n".join(line for line in proc.stdout.splitlines() if not line.startswith("#"))
    _diffs[name] = text
    return text


def surviving(globs: list[str]) -> list[str]:
    """Names of surviving mutants matching ``globs`` (mutmut names, e.g. ``bot.policy.*``)."""
    out = []
    listed = equivalent()
    for path in targets():
        meta = ROOT / "mutants" / (path + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
            out += [
                name
                for name, code in codes.items()
                if status(code) in SURVIVED.values()
                and name not in listed
                and any(fnmatch.fnmatch(name, g) for g in globs)
                and not sql_case_only(diff(name))
            ]
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--survivors"]:
        for name in surviving(argv[1:]):
            print(name)
        return 0
    with_diffs = "--no-diffs" not in argv
    eq = equivalent()
    rows = []
    survivors: list[tuple[str, str]] = []
    totals: Counter[str] = Counter()
    for path in targets():
        meta = ROOT / "mutants" / (path + ".meta")
        if not meta.exists():
            rows.append(f"| {path} | not run | | | |")
            continue
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        counts: Counter[str] = Counter()
        for name, code in codes.items():
            st = status(code)
            if st in SURVIVED.values() and name in eq:
                st = "equivalent"
            elif st in SURVIVED.values() and sql_case_only(diff(name)):
                st = "equivalent"
                eq[name] = "only the case of SQL keywords changes"
            counts[st] += 1
            if st in SURVIVED.values() or st == "suspicious":
                survivors.append((name, st))
        totals.update(counts)
        rows.append(row(path, counts))
    print(f"# Mutation testing report ({datetime.date.today().isoformat()})\n")
    print("Score = (killed + timeout + equivalent) / all mutants checked.\n")
    print("| module | score | killed | survived (no tests) | equivalent |")
    print("| --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print(row("**all**", totals))
    print(f"\n## Survivors ({len(survivors)})\n")
    for name, st in survivors:
        print(f"### {name} ({st})\n")
        if with_diffs:
            print("```diff\n" + diff(name) + "\n```\n")
    print("\n## Listed as equivalent\n")
    for name, reason in sorted(eq.items()):
        print(f"- `{name}`: {reason}")
    return 0


def row(label: str, counts: Counter[str]) -> str:
    killed = counts["killed"] + counts["timeout"] + counts["type check"] + counts["segfault"]
    survived = counts["survived"] + counts["no tests"] + counts["suspicious"]
    checked = killed + survived + counts["equivalent"]
    score = f"{100 * (killed + counts['equivalent']) / checked:.1f}%" if checked else "not run"
    return (
        f"| {label} | {score} | {killed} | {survived} ({counts['no tests']}) "
        f"| {counts['equivalent']} |"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
