"""Where the guidelines come from: --config, $NEWSMOD_CONFIG, ./config, the packaged default."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.defaults import CONFIG_DIR, EXAMPLES_DIR, GUIDELINES, SOURCES_DIR
from bot.errors import ConfigError
from bot.guidelines import find_guidelines, load_guidelines, packaged_guidelines

REPO = Path(__file__).resolve().parents[2]


def local_config(root: Path, text: str | None = None) -> Path:
    path = root / "config" / "guidelines.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text or GUIDELINES.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_the_packaged_defaults_are_the_repository_s(tmp_path: Path) -> None:
    """One copy in the tree: config/ and examples/ are what the package ships."""
    assert CONFIG_DIR.resolve() == (REPO / "config").resolve()
    assert EXAMPLES_DIR.resolve() == (REPO / "examples").resolve()
    assert (EXAMPLES_DIR / "posts.jsonl").is_file()
    assert packaged_guidelines() == GUIDELINES


def test_lookup_order(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert find_guidelines(None, {}, empty) == GUIDELINES
    local = local_config(tmp_path)
    assert find_guidelines(None, {}, tmp_path) == local
    from_env = tmp_path / "env.toml"
    assert find_guidelines(None, {"NEWSMOD_CONFIG": str(from_env)}, tmp_path) == from_env
    given = tmp_path / "given.toml"
    assert find_guidelines(given, {"NEWSMOD_CONFIG": str(from_env)}, tmp_path) == given


def test_load_without_a_path_uses_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSMOD_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert Path(load_guidelines().path) == GUIDELINES  # nothing here: the packaged file
    text = GUIDELINES.read_text(encoding="utf-8").replace('name = "World News"', 'name = "Mine"')
    local_config(tmp_path, text)
    assert load_guidelines().community().name == "Mine"
    monkeypatch.setenv("NEWSMOD_CONFIG", str(GUIDELINES))
    assert load_guidelines().community().name == "World News"


def test_source_lists_beside_the_file_else_packaged(tmp_path: Path) -> None:
    path = local_config(tmp_path)  # sources_dir = "sources", and no config/sources/
    packaged = load_guidelines(path).community().sources
    assert packaged.domains("tabloid") == load_guidelines(GUIDELINES).community().sources.domains(
        "tabloid"
    )
    sources = path.parent / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    (sources / "tabloid.txt").write_text("# origin: mine\nmy-tabloid.example\n", encoding="utf-8")
    mine = load_guidelines(path).community().sources
    assert mine.match("tabloid", "https://my-tabloid.example/a") == "my-tabloid.example"


def test_a_named_sources_dir_must_exist(tmp_path: Path) -> None:
    text = GUIDELINES.read_text(encoding="utf-8")
    assert 'sources_dir = "sources"' in text
    path = local_config(tmp_path, text.replace('sources_dir = "sources"', 'sources_dir = "lists"'))
    with pytest.raises(ConfigError, match="source list directory not found"):
        load_guidelines(path)
