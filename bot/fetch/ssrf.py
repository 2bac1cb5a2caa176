"""SSRF policy: which URLs and which IP addresses the fetcher may touch.

Links come from strangers, so a URL is refused unless it is plain ``http``/``https`` to a public
host. This module is pure policy (no network): :func:`check_url` vets a URL before each request
and each redirect hop, :func:`forbidden_reason` vets an IP address. ``bot.fetch.connector``
applies the same address rules to what DNS returns and to the socket actually connected.

``allow_hosts`` is the only exemption (tests pass e.g. ``{"127.0.0.1"}``): a URL whose host is
listed skips the address checks. It is a constructor argument, never read from the environment.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection
from urllib.parse import urlsplit

from yarl import URL

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 8192

_V4 = ipaddress.IPv4Network
_V6 = ipaddress.IPv6Network

#: IPv4 ranges that are never a public web server, with the reason shown to moderators.
_FORBIDDEN_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = (
    (_V4("0.0.0.0/8"), "an unspecified ('this network') address"),
    (_V4("10.0.0.0/8"), "a private address"),
    (_V4("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
    (_V4("127.0.0.0/8"), "a loopback address"),
    (_V4("169.254.0.0/16"), "a link-local address"),
    (_V4("172.16.0.0/12"), "a private address"),
    (_V4("192.0.0.0/24"), "a reserved (IETF protocol) address"),
    (_V4("192.0.2.0/24"), "a reserved (documentation) address"),
    (_V4("192.88.99.0/24"), "a reserved (6to4 relay) address"),
    (_V4("192.168.0.0/16"), "a private address"),
    (_V4("198.18.0.0/15"), "a reserved (benchmarking) address"),
    (_V4("198.51.100.0/24"), "a reserved (documentation) address"),
    (_V4("203.0.113.0/24"), "a reserved (documentation) address"),
    (_V4("224.0.0.0/4"), "a multicast address"),
    (_V4("240.0.0.0/4"), "a reserved address"),
)

#: IPv6 ranges inside global unicast (2000::/3) that are still refused; everything outside
#: 2000::/3 is refused by :func:`forbidden_reason` before this table is consulted.
_FORBIDDEN_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("2001::/32"), "a Teredo tunnel address"),
    (_V6("2001:db8::/32"), "a reserved (documentation) address"),
    (_V6("2001::/23"), "a reserved (IETF protocol) address"),
    (_V6("3fff::/20"), "a reserved (documentation) address"),
)

#: IPv6 ranges outside 2000::/3 named for a clearer message (all of them are refused anyway).
_NAMED_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = (
    (_V6("::ffff:0:0/96"), "an IPv4-mapped IPv6 address"),
    (_V6("::1/128"), "a loopback address"),
    (_V6("::/128"), "an unspecified address"),
    (_V6("::/96"), "an IPv4-compatible IPv6 address"),
    (_V6("64:ff9b::/96"), "a NAT64 address"),
    (_V6("64:ff9b:1::/48"), "a NAT64 address"),
    (_V6("100::/64"), "a reserved (discard) address"),
    (_V6("fc00::/7"), "a private (unique local) address"),
    (_V6("fe80::/10"), "a link-local address"),
    (_V6("fec0::/10"), "a site-local address"),
    (_V6("ff00::/8"), "a multicast address"),
)
_GLOBAL_UNICAST_V6 = _V6("2000::/3")

#: Host names (and name suffixes) that point inside the network rather than at the web.
_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
_LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".localdomain",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".corp",
    ".home.arpa",
    ".arpa",
)

# A label the WHATWG URL parser (and inet_aton) would read as a number: 10, 0x7f, 0177, 0x.
_NUMERIC_LABEL = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
_CANONICAL_V4 = re.compile(
    r"^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}"
    r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$"
)
_BAD_HOST_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_HOST_NAME = re.compile(r"^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$")  # ASCII (IDNA-encoded) labels


def parse_ip(text: str) -> IPAddress | None:
    """The address in ``text`` (brackets and an IPv6 zone id allowed), or None if it is a name."""
    candidate = text.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


def forbidden_reason(ip: IPAddress | str) -> str | None:
    """Why the fetcher must not connect to ``ip`` (``"a loopback address"``), or None if public."""
    if isinstance(ip, str):
        parsed = parse_ip(ip)
        if parsed is None:
            return "not an IP address"
        ip = parsed
    if isinstance(ip, ipaddress.IPv4Address):
        return _v4_reason(ip)
    return _v6_reason(ip)


def _v4_reason(ip: ipaddress.IPv4Address) -> str | None:
    for net, why in _FORBIDDEN_V4:
        if ip in net:
            return why
    return None if ip.is_global else "a non-global address"


def _v6_reason(ip: ipaddress.IPv6Address) -> str | None:
    for net, why in _NAMED_V6:
        if ip in net:
            return why
    if ip not in _GLOBAL_UNICAST_V6:
        return "a reserved IPv6 address"
    if ip.sixtofour is not None and _v4_reason(ip.sixtofour) is not None:
        return f"a 6to4 address embedding {ip.sixtofour}"
    for net6, why in _FORBIDDEN_V6:
        if ip in net6:
            return why
    return None if ip.is_global else "a non-global address"


def is_forbidden_ip(ip: IPAddress | str) -> bool:
    """True if the fetcher must never connect to ``ip`` (anything not plainly public)."""
    return forbidden_reason(ip) is not None


def normalize_host(host: str) -> str:
    """Lower-case host without brackets or trailing dots, as ``allow_hosts`` entries are kept."""
    return host.strip().strip("[]").rstrip(".").lower()


def normalize_allow_hosts(hosts: Collection[str]) -> frozenset[str]:
    """``allow_hosts`` as a frozenset of normalised hosts (``"127.0.0.1"``, ``"news.example"``)."""
    return frozenset(normalize_host(h) for h in hosts if h.strip())


def _numeric_host_reason(host: str) -> str | None:
    """Refuse IPv4 spellings other than the canonical dotted quad (``2130706433``, ``0x7f.1``)."""
    labels = host.split(".")
    if not _NUMERIC_LABEL.match(labels[-1]):
        return None
    if _CANONICAL_V4.match(host):
        return None
    return f"{host!r} is a non-canonical IPv4 address spelling"


def _name_reason(host: str) -> str | None:
    if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES):
        return f"{host!r} is a local host name"
    if "." not in host:
        return f"{host!r} is a single-label (intranet) host name"
    return None


def check_url(url: str, allow_hosts: Collection[str] = frozenset()) -> str | None:
    """Why ``url`` must not be fetched (one line), or None if it may be.

    Checks the scheme (http/https only), user info (``user@host`` is refused), ambiguous
    characters, IP literals (see :func:`forbidden_reason`), non-canonical IPv4 spellings and
    local host names. DNS answers are checked later, at connect time, by ``bot.fetch.connector``.
    """
    if not isinstance(url, str) or not url.strip():
        return "empty URL"
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        return f"URL longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"malformed URL ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = scheme or "none"
        return f"scheme {shown!r} is not allowed (only http and https)"
    if _CONTROL_CHARS.search(url):
        return "URL contains control characters"
    if _BAD_HOST_CHARS.search(parts.netloc):
        return "host part contains whitespace or a backslash"
    if "@" in parts.netloc:
        return "URL contains user info (user@host)"
    try:
        parsed = URL(url)
        raw_host = parsed.raw_host
        port = parsed.port
    except (ValueError, UnicodeError) as exc:
        return f"malformed URL ({exc})"
    if not raw_host:
        return "URL has no host"
    if port == 0:
        return "port 0 is not allowed"
    host = normalize_host(raw_host)
    if not host:
        return "URL has no host"
    # yarl may map a host spelling (IDNA, full-width digits) to a different one; judge the
    # host aiohttp will actually connect to, and refuse if the two parsers disagree on a name.
    ip = parse_ip(host)
    split_host = normalize_host(parts.hostname or "")
    if ip is None and split_host.isascii() and split_host != host:
        return f"ambiguous host ({split_host!r} vs {host!r})"
    if host in normalize_allow_hosts(allow_hosts):
        return None
    if ip is None:
        if not _HOST_NAME.match(host):
            return f"{host!r} is not a valid host name"
        return _numeric_host_reason(host) or _name_reason(host)
    why = forbidden_reason(ip)
    return None if why is None else f"{ip} is {why}"
