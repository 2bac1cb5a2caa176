"""The wheel, installed into a fresh virtualenv, runs from an empty directory.

The wheel is built with the development environment's setuptools (no download) and installed
without its dependencies into a new venv that sees this environment's site-packages through a
``.pth`` line (not its ``.pth`` files: this checkout's editable install stays invisible), so
``import bot`` can only find the installed copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NOT_SHIPPED = (".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache", "tests",
               "node_modules", ".schemas", "*.db", "*.db-*")  # fmt: skip
TITLE = "SHOCKING!!! You WON'T BELIEVE what Kim said"
CHECK = ["check", "--offline", "--json", "--title", TITLE, "--url", "https://example.org/kim"]


def run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, check=False, **kw)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``bin/`` of a fresh venv with the wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    # a copy of the tree (links kept), so that no stale build/ of the checkout gets in
    source = root / "src"
    shutil.copytree(REPO, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SHIPPED))
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                 "--no-index", "-q", "-w", str(root / "dist"), str(source)])  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("newsmod-*.whl")
    venv = root / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    site = run([str(venv / "bin" / "python"), "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])"])  # fmt: skip
    Path(site.stdout.strip(), "dev-deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    done = run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                "-q", "--no-deps", "--no-index", str(wheel)])  # fmt: skip
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def newsmod(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSMOD_", "PYTHON"))}
    return run([str(bin_dir / "newsmod"), *args], cwd=cwd, env=env)


def test_the_installed_copy_is_the_one_that_runs(installed: Path, tmp_path: Path) -> None:
    where = run([str(installed / "python"), "-c", "import bot; print(bot.__file__)"], cwd=tmp_path)
    assert str(installed.parent) in where.stdout
    version = newsmod(installed, tmp_path, "--version")
    assert (version.returncode, version.stdout) == (0, "newsmod 0.1.0\n")


def test_check_with_the_packaged_defaults(installed: Path, tmp_path: Path) -> None:
    done = newsmod(installed, tmp_path, *CHECK)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "ragebait" in {f["rule"] for f in result["findings"]}


def test_demo_runs_on_the_packaged_examples(installed: Path, tmp_path: Path) -> None:
    done = newsmod(installed, tmp_path, "demo")
    assert done.returncode == 0, done.stderr
    assert "7. Per-rule precision" in done.stdout
    assert "Traceback" not in done.stderr


def test_init_then_check_with_the_written_config(installed: Path, tmp_path: Path) -> None:
    first = newsmod(installed, tmp_path, "init")
    assert first.returncode == 0, first.stderr
    assert "Next steps:" in first.stdout
    config = tmp_path / "config" / "guidelines.toml"
    assert "LEMMY_URL=\n" in (tmp_path / ".env.example").read_text(encoding="utf-8")
    again = newsmod(installed, tmp_path, "init")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1
    assert "already exist" in again.stderr
    # the written copy is the one used: turn ragebait off there
    text = config.read_text(encoding="utf-8")
    start = text.index("[communities.worldnews.rules.ragebait]")
    end = text.index("enabled = true", start)
    off = text[:end] + "enabled = false" + text[end + len("enabled = true") :]
    config.write_text(off, encoding="utf-8")
    done = newsmod(installed, tmp_path, *CHECK)
    assert done.returncode == 0, done.stderr
    assert "ragebait" not in {f["rule"] for f in json.loads(done.stdout)["findings"]}
