"""The community rule set: config/guidelines.toml as typed, validated objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.sources import SourceLists


@dataclass(frozen=True)
class RuleConfig:
    """One guideline rule as a community configured it."""

    id: str
    enabled: bool = True
    guideline: int = 0  # the guideline's number in the community's list
    name: str = ""
    text: str = ""  # the guideline as the community words it
    action: str = "flag"  # note | flag | comment | remove
    min_confidence: float = 0.5  # findings below are dropped
    remove_confidence: float = 0.9  # a "remove" finding below this is only flagged
    params: Mapping[str, Any] = field(default_factory=dict)  # rule-specific thresholds

    def param(self, name: str, default: Any) -> Any:
        return self.params.get(name, default)


@dataclass(frozen=True)
class Community:
    key: str
    name: str
    description: str = ""
    rules: Mapping[str, RuleConfig] = field(default_factory=dict)
    sources: SourceLists = field(default_factory=SourceLists)
    lemmy: tuple[str, ...] = ()  # "!name@instance" communities this rule set moderates
    us_news_community: str = ""  # where US-only news belongs
    suggest_archive_links: bool = False  # put archive links in public comments (opt-in)
    removal: str = "lock"  # Discord forum posts: "delete" the message or "lock" the thread
    mode: str = "dry-run"  # "dry-run" | "live"


@dataclass(frozen=True)
class Guidelines:
    mode: str
    default: str
    communities: Mapping[str, Community]
    version: str = ""  # short hash of the file's bytes, stored with every modlog entry
    path: str = ""

    def community(self, key: str | None = None) -> Community:
        key = key or self.default
        try:
            return self.communities[key]
        except KeyError:
            known = ", ".join(sorted(self.communities))
            raise ConfigError(f"unknown community {key!r} (known: {known})") from None


def default_config_dir() -> Path:
    """``config/`` beside the package (a source checkout or editable install)."""
    return Path(__file__).resolve().parent.parent / "config"


def load_guidelines(path: Path | None = None) -> Guidelines:
    """Load and validate guidelines.toml; raise ConfigError naming the bad key."""
    raise NotImplementedError("implemented with the config loader")
