"""Named domain lists (tabloid, blogspam, social, paywall, ...) matched on label boundaries.

A list is made of ``config/sources/<name>.txt`` and any ``<name>-*.txt`` (generated lists keep
their upstream licence in a file of their own). One domain a line, ``#`` starts a comment, and
the ``# origin: ...`` header line says where the file came from; it is shown as evidence.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.domains import parent_domains
from bot.errors import ConfigError

log = logging.getLogger(__name__)

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

_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
_ORIGIN = re.compile(r"^#\s*origin:\s*(.+?)\s*$", re.IGNORECASE)


def to_ascii(host: str) -> str:
    """A host in its ASCII (IDNA / punycode) form; unchanged when it cannot be encoded."""
    host = host.strip().rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalise_domain(raw: str) -> str | None:
    """``WWW.Bücher.de`` -> ``xn--bcher-kva.de``; None when ``raw`` is not a domain.

    A leading ``www.`` is dropped (a listed domain matches its subdomains anyway); a scheme, a
    path or a port is not accepted: lists hold domains, not URLs.
    """
    text = to_ascii(raw)
    if text.startswith("www."):
        text = text[4:]
    return text if _DOMAIN.match(text) else None


@lru_cache(maxsize=4096)
def ascii_parents(url: str) -> tuple[str, ...]:
    """The URL's host and its parents down to the registered domain, in ASCII form, most
    specific first (cached: one check matches the same two URLs against several lists)."""
    return tuple(to_ascii(domain) for domain in parent_domains(url))


@dataclass(frozen=True)
class SourceLists:
    """Domain sets by list name; never substring matches (``notbbc.com`` is not ``bbc.com``)."""

    lists: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: list name -> domain -> where it came from (file and its ``# origin:`` header).
    origins: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def match(self, name: str, url: str) -> str | None:
        """The listed domain matching the URL's host or one of its parents, else None."""
        listed = self.lists.get(name)
        if not listed:
            return None
        for domain in ascii_parents(url):
            if domain in listed:
                return domain
        return None

    def first_match(self, name: str, urls: Iterable[str | None]) -> tuple[str, str] | None:
        """``(url, listed domain)`` for the first URL on list ``name``; None URLs are skipped."""
        for url in urls:
            if url:
                domain = self.match(name, url)
                if domain is not None:
                    return url, domain
        return None

    def origin(self, name: str, domain: str) -> str:
        """Where ``domain`` on list ``name`` came from ("" when unknown)."""
        return self.origins.get(name, {}).get(domain, "")

    def source_file(self, name: str, domain: str) -> str:
        """The list file ``domain`` came from (``paywall-bpc.txt``), "" for config additions."""
        origin = self.origin(name, domain)
        head = origin.split(": ", 1)[0]
        return head if head.endswith(".txt") and " " not in head else ""

    def domains(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())

    def evidence(self, name: str, url: str, domain: str) -> dict[str, str]:
        """What a list-match finding shows a moderator: the domain, the link, the list and
        where that list came from."""
        return {
            "domain": domain,
            "url": url,
            "list": name,
            "list_source": self.origin(name, domain),
        }

    def with_overrides(
        self,
        added: Mapping[str, Iterable[str]] | None = None,
        removed: Mapping[str, Iterable[str]] | None = None,
        *,
        origin: str = "moderator override",
    ) -> SourceLists:
        """A copy with moderator additions and removals applied (domains already normalised)."""
        out = {name: set(values) for name, values in self.lists.items()}
        origins = {name: dict(values) for name, values in self.origins.items()}
        for name, values in (added or {}).items():
            values = list(values)
            out.setdefault(name, set()).update(values)
            origins.setdefault(name, {}).update(dict.fromkeys(values, origin))
        for name, values in (removed or {}).items():
            out.setdefault(name, set()).difference_update(values)
        return SourceLists(
            {name: frozenset(values) for name, values in out.items()},
            {name: dict(values) for name, values in origins.items()},
        )


def list_name_of(path: Path) -> str | None:
    """``tabloid-wikipedia.txt`` -> ``tabloid``; None for a file that belongs to no list."""
    stem = path.stem
    for name in LIST_NAMES:
        if stem == name or stem.startswith(name + "-"):
            return name
    return None


def _read_list(path: Path, label: str) -> tuple[set[str], str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: cannot read: {exc}") from None
    origin = ""
    domains: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("#"):
            found = _ORIGIN.match(stripped)
            if found and not origin:
                origin = found.group(1)
            continue
        entry = stripped.split("#", 1)[0].strip()
        if not entry:
            continue
        domain = normalise_domain(entry)
        if domain is None:
            raise ConfigError(f"{label}:{number}: not a domain: {entry!r}")
        domains.add(domain)
    return domains, origin


def load_source_lists(directory: Path) -> SourceLists:
    """Read every ``<list>.txt`` / ``<list>-*.txt`` in ``directory``; ConfigError if invalid."""
    label_dir = (
        f"{directory.parent.name}/{directory.name}" if directory.parent.name else str(directory)
    )
    if not directory.is_dir():
        raise ConfigError(f"{label_dir}: source list directory not found")
    lists: dict[str, set[str]] = {name: set() for name in LIST_NAMES}
    origins: dict[str, dict[str, str]] = {name: {} for name in LIST_NAMES}
    # <list>.txt (hand-curated) first, so that its origin wins for a domain listed twice
    paths = sorted(directory.glob("*.txt"), key=lambda p: (p.stem.split("-")[0] != p.stem, p.name))
    for path in paths:
        label = f"{label_dir}/{path.name}"
        name = list_name_of(path)
        if name is None:
            close = difflib.get_close_matches(path.stem, LIST_NAMES, n=1)
            hint = f" (did you mean {close[0]}.txt?)" if close else ""
            known = ", ".join(LIST_NAMES)
            raise ConfigError(f"{label}: not a known list{hint}; list names: {known}")
        domains, origin = _read_list(path, label)
        source = f"{path.name}: {origin}" if origin else path.name
        lists[name].update(domains)
        for domain in domains:
            origins[name].setdefault(domain, source)
        log.debug("loaded %d domains from %s", len(domains), label)
    return SourceLists(
        {name: frozenset(values) for name, values in lists.items()},
        origins,
    )
