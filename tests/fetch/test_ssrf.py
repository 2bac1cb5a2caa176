"""The SSRF policy: which URLs and addresses the fetcher refuses, as a table."""

from __future__ import annotations

import random

import pytest

from bot.fetch.ssrf import check_url, forbidden_reason, is_forbidden_ip

REFUSED_URLS = [
    # (url, words the reason must contain)
    ("http://127.0.0.1/", "loopback"),
    ("http://127.8.9.10:8080/admin", "loopback"),
    ("http://[::1]/", "loopback"),
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped"),
    ("http://[::ffff:10.0.0.1]/", "IPv4-mapped"),
    ("http://[::127.0.0.1]/", "IPv4-compatible"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fe80::1%25eth0]/", "link-local"),
    ("http://[fc00::1]/", "unique local"),
    ("http://[fd12:3456::1]/", "unique local"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[::]/", "unspecified"),
    ("http://[64:ff9b::a9fe:a9fe]/", "NAT64"),
    ("http://[64:ff9b:1::1]/", "NAT64"),
    ("http://[2002:c0a8:101::1]/", "6to4 address embedding 192.168.1.1"),
    ("http://[2002:7f00:1::1]/", "6to4 address embedding 127.0.0.1"),
    ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "Teredo"),
    ("http://[2001:db8::1]/", "documentation"),
    ("http://[100::1]/", "discard"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://0.0.0.0:8000/", "unspecified"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://10.0.0.1/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://172.16.0.1/", "private"),
    ("http://172.31.255.254/", "private"),
    ("http://100.64.0.1/", "shared"),
    ("http://224.0.0.1/", "multicast"),
    ("http://239.255.255.250/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://255.255.255.255/", "reserved"),
    ("http://192.0.2.10/", "documentation"),
    ("http://198.18.0.1/", "benchmarking"),
    ("http://2130706433/", "non-canonical IPv4"),
    ("http://0x7f000001/", "non-canonical IPv4"),
    ("http://0x7f.1/", "non-canonical IPv4"),
    ("http://0177.0.0.1/", "non-canonical IPv4"),
    ("http://127.1/", "non-canonical IPv4"),
    ("http://127.0.1/", "non-canonical IPv4"),
    ("http://017700000001/", "non-canonical IPv4"),
    ("http://10.0.0.01/", "non-canonical IPv4"),
    ("http://1.2.3.4.5/", "non-canonical IPv4"),
    ("http://１２７.０.０.１/", "loopback"),  # full-width digits map to 127.0.0.1
    ("http://localhost/", "local host name"),
    ("http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", "local host name"),  # enclosed letters normalise to localhost
    ("http://%31%32%37.0.0.1/", "not a valid host name"),
    ("http://example.com%00.evil/", "not a valid host name"),
    ("http://a..b/", "not a valid host name"),
    ("http://LOCALHOST.:8000/", "local host name"),
    ("http://foo.localhost/", "local host name"),
    ("http://printer.local/", "local host name"),
    ("http://metadata.google.internal/", "local host name"),
    ("http://intranet/", "single-label"),
    ("file:///etc/passwd", "scheme 'file'"),
    ("ftp://example.com/file", "scheme 'ftp'"),
    ("gopher://example.com/", "scheme 'gopher'"),
    ("javascript:alert(1)", "scheme 'javascript'"),
    ("data:text/html,<h1>x</h1>", "scheme 'data'"),
    ("//example.com/path", "scheme 'none'"),
    ("http://user@127.0.0.1/", "user info"),
    ("http://user:secret@example.com/", "user info"),
    ("http://example.com@127.0.0.1/", "user info"),
    ("http://example.com\\@127.0.0.1/", "backslash"),
    ("http://127.0.0.1\\.example.com/", "backslash"),
    ("http://exa mple.com/", "whitespace"),
    ("http://example.com/\x00", "control"),
    ("http://example.com/a\nHost: evil", "control"),
    ("http:///no-host", "no host"),
    ("http://example.com:0/", "port 0"),
    ("http://example.com:99999/", "malformed"),
    ("", "empty"),
    ("http://example.com/" + "a" * 9000, "longer than"),
]

ALLOWED_URLS = [
    "https://www.bbc.co.uk/news/world-12345678",
    "http://example.com/",
    "HTTPS://Example.COM./Path?q=1#frag",
    "https://bücher.de/artikel",
    "http://8.8.8.8/",
    "http://[2606:4700:4700::1111]/",
    "http://[2002:808:808::1]/",  # 6to4 embedding a public address
    "https://news.example:8443/a",
    "https://10.example.com/",  # a name that starts with digits is still a name
    "https://example.com/a path with spaces?q=a b",  # encoded on the wire, as browsers do
]


@pytest.mark.parametrize(("url", "expected"), REFUSED_URLS)
def test_refused_urls(url, expected):
    reason = check_url(url)
    assert reason is not None, url
    assert expected in reason
    assert "\n" not in reason


@pytest.mark.parametrize("url", ALLOWED_URLS)
def test_allowed_urls(url):
    assert check_url(url) is None


def test_allow_hosts_is_the_only_exemption():
    assert check_url("http://127.0.0.1:8000/") is not None
    assert check_url("http://127.0.0.1:8000/", {"127.0.0.1"}) is None
    assert check_url("http://news.example/", {"NEWS.example."}) is None
    # Listing one loopback spelling does not open the others.
    assert check_url("http://[::1]/", {"127.0.0.1"}) is not None
    assert check_url("http://127.1/", {"127.0.0.1"}) is not None
    assert check_url("http://localhost/", {"127.0.0.1"}) is not None


@pytest.mark.parametrize(
    "url",
    ["http://user@127.0.0.1/", "file:///etc/passwd", "ftp://127.0.0.1/", "http://a\\@127.0.0.1/"],
)
def test_allow_hosts_never_relaxes_scheme_or_userinfo(url):
    assert check_url(url, {"127.0.0.1"}) is not None


@pytest.mark.parametrize(
    ("ip", "forbidden"),
    [
        ("127.0.0.1", True),
        ("10.255.255.255", True),
        ("100.127.255.255", True),
        ("100.128.0.0", False),
        ("172.15.255.255", False),
        ("172.32.0.0", False),
        ("93.184.216.34", False),
        ("1.1.1.1", False),
        ("::1", True),
        ("::ffff:8.8.8.8", True),  # mapped addresses are refused even when public
        ("2606:4700:4700::1111", False),
        ("2a00:1450:4001:82b::200e", False),
        ("fe80::1%eth0", True),
        ("4000::1", True),  # outside global unicast 2000::/3
    ],
)
def test_is_forbidden_ip(ip, forbidden):
    assert is_forbidden_ip(ip) is forbidden


def test_forbidden_reason_rejects_non_addresses():
    assert forbidden_reason("example.com") == "not an IP address"


def test_check_url_never_raises_on_junk():
    rng = random.Random(99)
    alphabet = "abc.:/@[]%0123456789xX\\#?&= \t\x00-_~ⓐ例"
    for _ in range(3000):
        tail = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        for prefix in ("http://", "https://", "", "HTTP://["):
            reason = check_url(prefix + tail)
            assert reason is None or (isinstance(reason, str) and "\n" not in reason)
