"""What ships inside the package: the default guidelines, source lists and the demo's examples.

``config`` and ``examples`` here are links to the repository's ``config/`` and ``examples/``
(one copy in the tree, edited there); building the wheel copies the files they point at, so an
installed newsmod carries its defaults wherever it runs.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
CONFIG_DIR = ROOT / "config"
GUIDELINES = CONFIG_DIR / "guidelines.toml"
SOURCES_DIR = CONFIG_DIR / "sources"
EXAMPLES_DIR = ROOT / "examples"
