"""The rule set as typed, frozen objects: a rule, a community, the whole guidelines file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    extends: str = ""  # the community this one inherits from ("" for none)


@dataclass(frozen=True)
class Guidelines:
    mode: str
    default: str
    communities: Mapping[str, Community]
    version: str = ""  # short hash of the file's bytes, stored with every modlog entry
    path: str = ""

    def for_lemmy(self, ref: str) -> Community | None:
        """The community moderating Lemmy community ``!name@instance`` (any case), else None."""
        wanted = "!" + ref.strip().lstrip("!").lower()
        for community in self.communities.values():
            if wanted in (name.lower() for name in community.lemmy):
                return community
        return None

    def community(self, key: str | None = None) -> Community:
        key = key or self.default
        try:
            return self.communities[key]
        except KeyError:
            known = ", ".join(sorted(self.communities))
            raise ConfigError(f"unknown community {key!r} (known: {known})") from None
