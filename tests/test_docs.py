"""The README documents every CLI command, every rule id and every make target it promises."""

from __future__ import annotations

import argparse
import re
import shutil
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


# --- every relative link in the README and docs/ resolves -----------------------------------

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def relative_links(path: Path) -> list[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return [t for t in _LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


def broken_link(source: Path, target: str) -> str | None:
    """Why ``target`` (a link in ``source``) does not resolve, or None."""
    file_part, _, anchor = target.partition("#")
    resolved = (source.parent / file_part).resolve() if file_part else source
    try:
        name = resolved.relative_to(REPO).as_posix()
    except ValueError:
        return f"{target} points outside the repository"
    if not resolved.exists():
        return f"{target}: {name} does not exist"
    if anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
        return f"{target}: {name} has no heading #{anchor}"
    return None


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_relative_link_resolves(path):
    broken = [why for t in relative_links(path) if (why := broken_link(path, t))]
    assert not broken, "\n".join(broken)


def test_the_link_check_catches_a_missing_file_and_anchor(tmp_path):
    assert broken_link(REPO / "README.md", "docs/no-such-page.md")
    assert broken_link(REPO / "README.md", "docs/modlog.md#no-such-heading")
    assert broken_link(REPO / "README.md", "#what-it-checks") is None
    assert broken_link(REPO / "docs" / "web.md", "../README.md#commands") is None
    assert relative_links(REPO / "README.md"), "the README links into docs/"


def test_the_readme_stays_short():
    assert len(README.splitlines()) <= 300


def test_the_readme_lemmy_steps_give_a_config_that_watches_a_community(tmp_path):
    """Step 4 of "Lemmy in ten steps", applied to the shipped config, is all `run lemmy` needs
    from guidelines.toml; the shipped file itself watches nothing and says where to add one."""
    from bot.errors import ConfigError
    from bot.guidelines import load_guidelines
    from bot.lemmy.settings import watched_communities

    steps = README.split("## Lemmy in ten steps")[1].split("\n## ")[0]
    line = re.search(r"`(lemmy = \[[^`]*\])`", steps)
    assert line, "the Lemmy steps say which line of guidelines.toml to edit"
    shipped = (REPO / "config" / "guidelines.toml").read_text(encoding="utf-8")
    assert "\nlemmy = []\n" in shipped
    shutil.copytree(REPO / "config" / "sources", tmp_path / "sources")
    path = tmp_path / "guidelines.toml"
    path.write_text(shipped, encoding="utf-8")
    with pytest.raises(ConfigError, match="lemmy"):
        watched_communities(load_guidelines(path))
    path.write_text(shipped.replace("\nlemmy = []\n", f"\n{line.group(1)}\n", 1), encoding="utf-8")
    assert watched_communities(load_guidelines(path)) == {"!worldnews@lemmy.world": "worldnews"}
