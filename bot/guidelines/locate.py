"""Which guidelines file to load, and which source lists it uses.

The lookup (``../shared/DESIGN.md``): ``--config``, then ``$NEWSMOD_CONFIG``, then
``./config/guidelines.toml``, then the default shipped inside the package. A file's source
lists are ``sources_dir`` (default ``sources``) relative to it; when that is the default and
there is no ``sources/`` beside the file (the copy ``newsmod init`` writes), the packaged lists
are used. A ``sources_dir`` set to anything else must exist.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from bot.defaults import GUIDELINES, SOURCES_DIR

log = logging.getLogger(__name__)

CONFIG_ENV = "NEWSMOD_CONFIG"
LOCAL = Path("config") / "guidelines.toml"
DEFAULT_SOURCES = "sources"


def packaged_guidelines() -> Path:
    """The guidelines.toml shipped inside the package."""
    return GUIDELINES


def find_guidelines(
    cli_value: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """The guidelines file to load: the first of ``--config``, ``$NEWSMOD_CONFIG``,
    ``./config/guidelines.toml`` (relative to ``cwd``) and the packaged default."""
    if cli_value:
        return Path(cli_value)
    from_env = (os.environ if env is None else env).get(CONFIG_ENV, "").strip()
    if from_env:
        return Path(from_env)
    local = (cwd or Path.cwd()) / LOCAL
    if local.is_file():
        return LOCAL if cwd is None else local
    return packaged_guidelines()


def sources_dir(guidelines: Path, configured: str | None) -> Path:
    """The source-list directory for ``guidelines``: ``configured`` (relative to the file;
    default ``sources``); when the default is missing there, the packaged lists."""
    beside = (guidelines.parent / (configured or DEFAULT_SOURCES)).resolve()
    if beside.is_dir() or configured not in (None, DEFAULT_SOURCES):
        return beside
    log.debug("%s has no sources/ beside it: using the packaged source lists", guidelines)
    return SOURCES_DIR.resolve()
