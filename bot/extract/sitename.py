"""Recognise a site's name in a title part: ``"BBC News"`` ~ ``bbc.co.uk``, ``"heise online"``."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.domains import hostname, registered_domain

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]*/(https?://.+)$", re.IGNORECASE)
_GENERIC = frozenset({"www", "m", "amp", "news", "home", "blog", "de", "en", "com", "online"})


@lru_cache(maxsize=8192)
def compact(text: str) -> str:
    """Lower-case letters and digits, accents removed: ``"Spiegel Online"`` -> ``spiegelonline``."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_ALNUM.sub("", text.casefold())


@lru_cache(maxsize=4096)
def domain_labels(url: str) -> list[str]:
    """Distinctive host labels: ``https://www.sueddeutsche.de/x`` -> ``["sueddeutsche"]``."""
    if not url:
        return []
    archived = _ARCHIVED.match(url)
    if archived:
        url = archived.group(1)
    host = hostname(url)
    reg = registered_domain(url)
    if not host:
        return []
    labels = []
    main = reg.split(".", 1)[0] if reg else ""
    if main and main not in _GENERIC:
        labels.append(main)
    sub = host[: -len(reg)].rstrip(".") if reg and host.endswith(reg) else ""
    labels.extend(x for x in sub.split(".") if x and x not in _GENERIC and len(x) > 2)
    return [compact(x) for x in labels if compact(x)]


_BRAND_SUFFIXES = frozenset(
    {"online", "news", "de", "com", "net", "org", "at", "ch", "uk", "magazin", "magazine", "blog"}
)
_DOMAIN_LIKE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)


def looks_like_site(
    part: str, site_names: list[str], labels: list[str], *, strict: bool = False
) -> bool:
    """True when a title part names the site (its og:site_name, publisher or domain).

    ``strict`` accepts only a part that *is* a site name, a domain name or a host label, not
    one that is merely contained in a site name ("Welpen kaufen" in "Welpenkaufen24").
    """
    key = compact(part)
    if not key:
        return False
    if _DOMAIN_LIKE.match(part.strip()):
        return True  # "FASSETTE.NET", "heise.de"
    for name in site_names:
        other = compact(name)
        if not other:
            continue
        if key == other:
            return True
        if strict or len(other) < 4 or len(key) > 40:
            continue
        if other in key or key in other:
            return True
    for label in labels:
        if len(label) < 3:
            continue
        # "Spiegel Online" ~ spiegel, "ZEIT ONLINE" ~ zeit, "heise.de" ~ heise; the part must be
        # short, or a headline that mentions the site would be dropped.
        if key == label or (key.startswith(label) and key[len(label) :] in _BRAND_SUFFIXES):
            return True  # "heise" / "heise online", "ZEIT ONLINE", "BBC News", "spiegel.de"
        if not strict and (key.startswith(label) or key.endswith(label)) and len(part.split()) <= 4:
            return True
        initials = "".join(w[0] for w in re.findall(r"\w+", part.casefold()) if w)
        if len(initials) >= 2 and initials == label:
            return True
    return False
