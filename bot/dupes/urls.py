"""One key per article URL, whatever way it was linked (the ``duplicate-post`` rule, same article).

``article_key`` drops what does not change which article a URL points to: the scheme, a
``www.``/``m.``/``amp.`` host prefix, AMP paths, tracking parameters (``utm_*``, ``fbclid``,
``gclid``, ``ref`` ...), the fragment and a trailing slash; an archive.today, web.archive.org,
12ft.io or Google AMP cache link is unwrapped to the page it holds first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

#: Query parameters that track a click, never choose an article (lower case; ``utm_*`` too).
TRACKING = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "ref_url", "referer", "referrer",
        "cmpid", "cmp", "ocid", "smid", "smtyp", "sh", "share", "shared", "sr_share", "taid",
        "ito", "itm_source", "itm_medium", "itm_campaign", "guccounter", "guce_referrer",
        "guce_referrer_sig", "at_medium", "at_campaign", "at_custom1", "at_custom2",
        "at_custom3", "at_custom4", "amp", "outputtype", "rss", "via", "s_cid",
        "mod", "soc_src", "soc_trk", "fb_ref", "fb_source", "feature", "ncid", "mbid",
        "__twitter_impression", "spm", "from", "source", "xtor", "campaign_id", "ns_mchannel",
        "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "trk", "trkid", "_hsenc", "_hsmi",
        "mkt_tok", "oly_enc_id", "oly_anon_id", "vero_id", "wt_mc", "wt.mc_id", "pk_campaign",
        "pk_source", "pk_medium", "piano_t", "tpcc", "dicbo",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "at_", "pk_", "ns_", "hsa_", "itm_")

_HOST_PREFIXES = ("www.", "www1.", "www2.", "m.", "mobile.", "amp.", "amp-", "mobil.")
_ARCHIVE_TODAY = re.compile(r"^(?:archive\.(?:today|ph|is|li|vn|md|fo))$")
_ARCHIVE_TODAY_PATH = re.compile(r"^/(?:newest/|oldest/|o/[^/]+/|\d{4}[.\d-]*[^/]*/|submit/\?url=)")
_WAYBACK_PATH = re.compile(r"^/web/(?:\d{1,14}[a-z_]*|\*)/")
_AMP_CACHE = re.compile(r"^/(?:[a-z]/)*s/")
_AMP_SUFFIX = re.compile(r"(?:[./_-]amp)(?:\.html?)?$")
_INDEX = re.compile(r"/index\.(?:html?|php|aspx?)$")
#: Bound on the cache of normalised URLs (a long-running bot sees an open-ended set).
CACHE_SIZE = 65_536
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!//|\d)", re.IGNORECASE)


@lru_cache(maxsize=CACHE_SIZE)
def unwrap(url: str) -> str:
    """The URL an archive or AMP-cache link holds (``url`` itself when it holds none)."""
    for _ in range(3):  # an archive of an AMP-cache link of ...
        inner = _unwrap_once(url)
        if inner is None:
            return url
        url = inner
    return url


def _unwrap_once(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path
    rest = path + (f"?{parts.query}" if parts.query else "")
    inner: str | None = None
    if _ARCHIVE_TODAY.match(host):
        found = _ARCHIVE_TODAY_PATH.match(rest)
        if found:
            inner = rest[found.end() :]
        elif _SCHEME.match(rest.lstrip("/")):
            inner = rest.lstrip("/")
    elif host == "web.archive.org":
        found = _WAYBACK_PATH.match(rest)
        if found:
            inner = rest[found.end() :]
    elif host in ("12ft.io", "12ft.com"):
        query = dict(parse_qsl(parts.query))
        inner = query.get("q") or query.get("url") or rest.lstrip("/").removeprefix("proxy")
    elif host == "google.com" and path.startswith("/amp/"):
        inner = rest[len("/amp/") :]
        inner = "https://" + inner[2:] if inner.startswith("s/") else inner
    elif host.endswith(".cdn.ampproject.org"):
        found = _AMP_CACHE.match(rest)
        if found:
            secure = "/s/" in found.group()
            inner = ("https://" if secure else "http://") + rest[found.end() :]
    if not inner:
        return None
    inner = unquote(inner) if "%3a" in inner[:12].lower() else inner
    if not _SCHEME.match(inner):
        inner = "http://" + inner.lstrip("/")
    return inner


def _keep_param(name: str) -> bool:
    low = name.lower()
    return low not in TRACKING and not low.startswith(_TRACKING_PREFIXES)


@lru_cache(maxsize=CACHE_SIZE)
def article_key(url: str) -> str | None:
    """``host/path?query`` with everything that does not pick the article removed; None for
    something that is not a web link."""
    url = unwrap(url.strip())
    if _OTHER_SCHEME.match(url):
        return None  # mailto:, tel:, javascript: ...
    if not _SCHEME.match(url):
        url = "http://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or "." not in host:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    path = re.sub(r"/{2,}", "/", unquote(parts.path))
    segments = [s for s in path.split("/") if s and s.lower() != "amp"]
    path = "/" + "/".join(segments)
    path = _AMP_SUFFIX.sub(lambda m: ".html" if m.group().endswith(("html", "htm")) else "", path)
    path = _INDEX.sub("", path).rstrip("/")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k)
    )
    key = host + path
    return f"{key}?{urlencode(query)}" if query else key


def is_specific(key: str) -> bool:
    """A key that can name one article: a canonical URL pointing at a home or section page (a
    badly set ``rel=canonical``) would make every article of a site the same one."""
    path = key.split("/", 1)[1] if "/" in key else ""
    path = path.split("?", 1)[0]
    return len(path) >= 12 or (len(path) >= 4 and any(c.isdigit() for c in path))
