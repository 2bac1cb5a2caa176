"""Named domain lists (tabloid, blogspam, social, paywall, ...) matched on label boundaries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.domains import parent_domains

#: The list names the rules use; each has a file config/sources/<name>.txt.
LIST_NAMES: tuple[str, ...] = (
    "tabloid",
    "blogspam",
    "social",
    "paywall",
    "aggregator",
    "shortener",
    "syndication",
    "archive",
    "us_local",
)


@dataclass(frozen=True)
class SourceLists:
    """Domain sets by list name; never substring matches (``notbbc.com`` is not ``bbc.com``)."""

    lists: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def match(self, name: str, url: str) -> str | None:
        """The listed domain matching the URL's host or one of its parents, else None."""
        listed = self.lists.get(name)
        if not listed:
            return None
        for domain in parent_domains(url):
            if domain in listed:
                return domain
        return None

    def domains(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())

    def with_overrides(
        self,
        added: Mapping[str, Iterable[str]] | None = None,
        removed: Mapping[str, Iterable[str]] | None = None,
    ) -> SourceLists:
        """A copy with moderator additions and removals applied (domains already normalised)."""
        out = {name: set(values) for name, values in self.lists.items()}
        for name, values in (added or {}).items():
            out.setdefault(name, set()).update(values)
        for name, values in (removed or {}).items():
            out.setdefault(name, set()).difference_update(values)
        return SourceLists({name: frozenset(values) for name, values in out.items()})
