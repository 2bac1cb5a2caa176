"""Recognise a site's name in a title part and strip it: ``"Storm hits coast - BBC News"``.

``"BBC News"`` ~ ``bbc.co.uk``, ``"heise online"`` ~ ``heise.de``, ``"FASSETTE.NET"`` is a
domain; ``strip_site_name`` splits a ``<title>`` on its separators and drops those parts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from bot.domains import hostname, registered_domain
from bot.textnorm import normalize_title as _normalize_title

#: The same few texts are normalised many times per page (candidates x site parts).
normalize_title = lru_cache(maxsize=8192)(_normalize_title)

#: Separators between a headline and the site name in ``<title>`` (spaces around are required).
TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|:|·|•|»|«|//|~)\s+|\s+--")


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
def domain_labels(url: str) -> tuple[str, ...]:
    """Distinctive host labels: ``https://www.sueddeutsche.de/x`` -> ``["sueddeutsche"]``."""
    if not url:
        return ()
    archived = _ARCHIVED.match(url)
    if archived:
        url = archived.group(1)
    host = hostname(url)
    reg = registered_domain(url)
    if not host:
        return ()
    labels = []
    main = reg.split(".", 1)[0] if reg else ""
    if main and main not in _GENERIC:
        labels.append(main)
    sub = host[: -len(reg)].rstrip(".") if reg and host.endswith(reg) else ""
    labels.extend(x for x in sub.split(".") if x and x not in _GENERIC and len(x) > 2)
    return tuple(compact(x) for x in labels if compact(x))


_BRAND_SUFFIXES = frozenset(
    {"online", "news", "de", "com", "net", "org", "at", "ch", "uk", "magazin", "magazine", "blog"}
)
_WORD = re.compile(r"\w+")
_DOMAIN_LIKE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.IGNORECASE)


def looks_like_site(
    part: str, site_names: Sequence[str], labels: Sequence[str], *, strict: bool = False
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
    initials: str | None = None  # of the part's words, computed for the first label that needs it
    for label in labels:
        if len(label) < 3:
            continue
        # "Spiegel Online" ~ spiegel, "ZEIT ONLINE" ~ zeit, "heise.de" ~ heise; the part must be
        # short, or a headline that mentions the site would be dropped.
        if key == label or (key.startswith(label) and key[len(label) :] in _BRAND_SUFFIXES):
            return True  # "heise" / "heise online", "ZEIT ONLINE", "BBC News", "spiegel.de"
        if not strict and (key.startswith(label) or key.endswith(label)) and len(part.split()) <= 4:
            return True
        if initials is None:
            initials = "".join(w[0] for w in _WORD.findall(part.casefold()) if w)
        if len(initials) >= 2 and initials == label:
            return True
    return False


_GENERIC_PARTS = frozenset(
    {"blog", "blog archive", "blog archiv", "home", "homepage", "startseite", "archive", "archiv"}
)


def _is_site_part(
    part: str, names: Sequence[str], labels: Sequence[str], *, strict: bool = False
) -> bool:
    return normalize_title(part) in _GENERIC_PARTS or looks_like_site(
        part, names, labels, strict=strict
    )


def strip_site_name(
    title: str, names: Sequence[str], url: str, *, guess: bool = True
) -> tuple[str, str | None]:
    """``title`` without the parts that name the site, and the site part removed (if any).

    Site parts are stripped from the end first ("Headline | Section | Site"); only when none is
    found there from the start ("Site » Headline"). A short trailing part with no match is
    taken for the site name too when the headline before it is clearly longer (``guess``).
    """
    pieces = TITLE_SEPARATOR.split(title)
    if len(pieces) < 2:
        return title, None
    labels = domain_labels(url)
    known = list(names)
    end = len(pieces)
    while end > 1 and _is_site_part(pieces[end - 1], known, labels):
        end -= 1
    start = 0
    if end == len(pieces):
        # Leading parts only when they are the site's name itself: a headline's first words
        # often echo the name ("Welpen kaufen – ..." on welpenkaufen24.de).
        while start < end - 1 and _is_site_part(pieces[start], known, labels, strict=True):
            start += 1
    middle: int | None = None
    if start == 0 and end == len(pieces):
        # "Headline | site.com | Tagline": a site part in the middle ends the headline.
        middle = next(
            (i for i in range(1, len(pieces) - 1) if looks_like_site(pieces[i], known, labels)),
            None,
        )
        if middle is not None:
            end = middle
    if start == 0 and end == len(pieces):
        if not guess:
            return title, None
        # No part names the site: a short last part after a longer headline is usually the site.
        last = pieces[-1]
        head = _rejoin(title, pieces[:-1])
        if len(last.split()) <= 4 and len(last) <= 30 and len(head) > len(last):
            return head, last
        return title, None
    trailing = end < len(pieces)
    stripped = pieces[end:] if trailing else pieces[:start]
    named = [p for p in stripped if normalize_title(p) not in _GENERIC_PARTS] or stripped
    site = pieces[middle] if middle is not None else named[-1] if trailing else named[0]
    keep = pieces[start:end]
    # "Headline | Section | Site": keep the headline when the rest are short labels set off by
    # the same separator as the site name ("Headline – subtitle | Site" keeps its subtitle).
    if guess and len(keep) > 1:
        seps = {m.group(0).strip() for m in TITLE_SEPARATOR.finditer(title)}
        if len(seps) == 1 and all(len(p.split()) <= 3 and len(p) < len(keep[0]) for p in keep[1:]):
            keep = keep[:1]
    return _rejoin(title, keep), site


def _rejoin(title: str, pieces: Sequence[str]) -> str:
    """Join consecutive ``pieces`` of ``title`` with the separators the title used."""
    if not pieces:
        return ""
    start = title.find(pieces[0])
    end = title.rfind(pieces[-1])
    if start >= 0 and end >= start:
        return title[start : end + len(pieces[-1])].strip()
    return " ".join(pieces)
