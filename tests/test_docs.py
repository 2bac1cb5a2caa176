"""The README documents every CLI command, every rule id and every make target it promises."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli.main import build_parser
from bot.models import RULE_IDS

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser, prefix: str = "newsmod") -> list[str]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                out.append(f"{prefix} {name}")
                out.extend(commands(sub, f"{prefix} {name}"))
    return out


@pytest.mark.parametrize("command", commands(build_parser()))
def test_every_cli_command_is_documented(command):
    assert f"`{command}" in README, f"README does not document `{command}`"


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_rule_id_is_documented(rule):
    assert f"`{rule}`" in README


@pytest.mark.parametrize("target", ["demo", "test", "lint", "bench"])
def test_make_targets_exist(target):
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{target}:", makefile, re.MULTILINE)
    assert f"make {target}" in README


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make .*\btest\b", ci, re.MULTILINE)
