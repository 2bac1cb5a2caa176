"""Registered-domain parsing with the Public Suffix List bundled in publicsuffixlist (never
fetched: the package ships the list, and nothing here downloads a newer one)."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

#: A character no host name may hold: any Unicode space (``\s`` is ``str.isspace``) or one of
#: the URL delimiters below.
_NOT_IN_HOST = re.compile(r'[\s<>"\\^`{|}/?#@%]')
#: Bound on each per-URL/per-host cache: a long-running bot sees an open-ended set of URLs.
CACHE_SIZE = 65_536

# The ICANN section only: a blogspot.com or github.io site is one registered domain with its
# platform, as the source lists name them. Unknown TLDs count as public suffixes.
_PSL = PublicSuffixList(only_icann=True)


@lru_cache(maxsize=CACHE_SIZE)
def hostname(url_or_host: str) -> str:
    """Lower-case host of a URL (or a bare host), without port, userinfo or trailing dot."""
    text = url_or_host.strip()
    if "://" not in text:
        text = "http://" + text.lstrip("/")
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".").lower()
    if not host or _NOT_IN_HOST.search(host):
        return ""
    return host


@lru_cache(maxsize=CACHE_SIZE)
def registered_domain(url_or_host: str) -> str:
    """``https://m.bbc.co.uk/news`` -> ``bbc.co.uk``.

    An IP address gives itself; a host with no known public suffix gives its last two labels.
    """
    host = hostname(url_or_host)
    return _host_domain(host) if host else ""


@lru_cache(maxsize=CACHE_SIZE)
def _host_domain(host: str) -> str:
    """The registered domain of a (non-empty) host: one Public Suffix lookup per host, however
    many of its URLs are asked about."""
    if _is_ip(host) or "." not in host:
        return host
    domain = _PSL.privatesuffix(host)
    if domain:
        return str(domain)
    # The host is itself a public suffix ("co.uk"), or has no usable label left of one:
    # its last two labels, as for any name without a known suffix.
    return ".".join(host.rsplit(".", 2)[-2:])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def parent_domains(url_or_host: str) -> list[str]:
    """The host and each parent down to its registered domain, most specific first.

    ``a.b.example.co.uk`` -> ``["a.b.example.co.uk", "b.example.co.uk", "example.co.uk"]``.
    Used to match source lists on label boundaries (never substrings).
    """
    host = hostname(url_or_host)
    reg = registered_domain(host)
    if not host or not reg:
        return []
    out = [host]
    while host != reg and "." in host:
        host = host.split(".", 1)[1]
        out.append(host)
        if len(host) < len(reg):
            break
    return out
