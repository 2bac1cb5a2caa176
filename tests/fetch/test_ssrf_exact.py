"""The SSRF policy's reasons word for word: a moderator reads them, and a wrong range or name
in the tables must show (tests/fetch/test_ssrf.py checks only a word of each)."""

from __future__ import annotations

import pytest

from bot.fetch.ssrf import (
    MAX_URL_LENGTH,
    check_url,
    forbidden_reason,
    normalize_allow_hosts,
    normalize_host,
    parse_ip,
)

EXACT = [
    ("http://127.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://127.8.9.10:8080/admin", "127.8.9.10 is a loopback address"),
    ("http://[::1]/", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 is an IPv4-mapped IPv6 address"),
    ("http://[::ffff:10.0.0.1]/", "::ffff:a00:1 is an IPv4-mapped IPv6 address"),
    ("http://[::127.0.0.1]/", "::7f00:1 is an IPv4-compatible IPv6 address"),
    ("http://[fe80::1]/", "fe80::1 is a link-local address"),
    ("http://[fe80::1%25eth0]/", "fe80::1 is a link-local address"),
    ("http://[fc00::1]/", "fc00::1 is a private (unique local) address"),
    ("http://[fd12:3456::1]/", "fd12:3456::1 is a private (unique local) address"),
    ("http://[ff02::1]/", "ff02::1 is a multicast address"),
    ("http://[::]/", ":: is an unspecified address"),
    ("http://[64:ff9b::a9fe:a9fe]/", "64:ff9b::a9fe:a9fe is a NAT64 address"),
    ("http://[64:ff9b:1::1]/", "64:ff9b:1::1 is a NAT64 address"),
    ("http://[2002:c0a8:101::1]/", "2002:c0a8:101::1 is a 6to4 address embedding 192.168.1.1"),
    ("http://[2002:7f00:1::1]/", "2002:7f00:1::1 is a 6to4 address embedding 127.0.0.1"),
    (
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2 is a Teredo tunnel address",
    ),
    ("http://[2001:db8::1]/", "2001:db8::1 is a reserved (documentation) address"),
    ("http://[100::1]/", "100::1 is a reserved (discard) address"),
    ("http://0.0.0.0/", "0.0.0.0 is an unspecified ('this network') address"),
    ("http://0.0.0.0:8000/", "0.0.0.0 is an unspecified ('this network') address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://10.0.0.1/", "10.0.0.1 is a private address"),
    ("http://192.168.1.1/", "192.168.1.1 is a private address"),
    ("http://172.16.0.1/", "172.16.0.1 is a private address"),
    ("http://172.31.255.254/", "172.31.255.254 is a private address"),
    ("http://100.64.0.1/", "100.64.0.1 is a shared (carrier-grade NAT) address"),
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://239.255.255.250/", "239.255.255.250 is a multicast address"),
    ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
    ("http://255.255.255.255/", "255.255.255.255 is a reserved address"),
    ("http://192.0.2.10/", "192.0.2.10 is a reserved (documentation) address"),
    ("http://198.18.0.1/", "198.18.0.1 is a reserved (benchmarking) address"),
    ("http://2130706433/", "'2130706433' is a non-canonical IPv4 address spelling"),
    ("http://0x7f000001/", "'0x7f000001' is a non-canonical IPv4 address spelling"),
    ("http://0x7f.1/", "'0x7f.1' is a non-canonical IPv4 address spelling"),
    ("http://0177.0.0.1/", "'0177.0.0.1' is a non-canonical IPv4 address spelling"),
    ("http://127.1/", "'127.1' is a non-canonical IPv4 address spelling"),
    ("http://127.0.1/", "'127.0.1' is a non-canonical IPv4 address spelling"),
    ("http://017700000001/", "'017700000001' is a non-canonical IPv4 address spelling"),
    ("http://10.0.0.01/", "'10.0.0.01' is a non-canonical IPv4 address spelling"),
    ("http://1.2.3.4.5/", "'1.2.3.4.5' is a non-canonical IPv4 address spelling"),
    ("http://１２７.０.０.１/", "127.0.0.1 is a loopback address"),
    ("http://localhost/", "'localhost' is a local host name"),
    ("http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/", "'localhost' is a local host name"),
    ("http://%31%32%37.0.0.1/", "'%31%32%37.0.0.1' is not a valid host name"),
    ("http://example.com%00.evil/", "'example.com%00.evil' is not a valid host name"),
    ("http://a..b/", "'a..b' is not a valid host name"),
    ("http://LOCALHOST.:8000/", "'localhost' is a local host name"),
    ("http://foo.localhost/", "'foo.localhost' is a local host name"),
    ("http://printer.local/", "'printer.local' is a local host name"),
    ("http://metadata.google.internal/", "'metadata.google.internal' is a local host name"),
    ("http://intranet/", "'intranet' is a single-label (intranet) host name"),
    ("file:///etc/passwd", "scheme 'file' is not allowed (only http and https)"),
    ("ftp://example.com/file", "scheme 'ftp' is not allowed (only http and https)"),
    ("gopher://example.com/", "scheme 'gopher' is not allowed (only http and https)"),
    ("javascript:alert(1)", "scheme 'javascript' is not allowed (only http and https)"),
    ("data:text/html,<h1>x</h1>", "scheme 'data' is not allowed (only http and https)"),
    ("//example.com/path", "scheme 'none' is not allowed (only http and https)"),
    ("http://user@127.0.0.1/", "URL contains user info (user@host)"),
    ("http://user:secret@example.com/", "URL contains user info (user@host)"),
    ("http://example.com@127.0.0.1/", "URL contains user info (user@host)"),
    ("http://example.com\\@127.0.0.1/", "host part contains whitespace or a backslash"),
    ("http://127.0.0.1\\.example.com/", "host part contains whitespace or a backslash"),
    ("http://exa mple.com/", "host part contains whitespace or a backslash"),
    ("http://example.com/\x00", "URL contains control characters"),
    ("http://example.com/a\nHost: evil", "URL contains control characters"),
    ("http:///no-host", "URL has no host"),
    ("http://example.com:0/", "port 0 is not allowed"),
    ("http://example.com:99999/", "malformed URL (Port out of range 0-65535)"),
    ("", "empty URL"),
    ("http://[::1/", "malformed URL (Invalid IPv6 URL)"),
    ("http://[::1]:0/", "port 0 is not allowed"),
    ("http://[fec0::1]/", "fec0::1 is a site-local address"),
    ("http://[3fff::1]/", "3fff::1 is a reserved (documentation) address"),
    ("http://[2001:2::1]/", "2001:2::1 is a reserved (IETF protocol) address"),
    ("http://192.0.0.1/", "192.0.0.1 is a reserved (IETF protocol) address"),
    ("http://192.88.99.1/", "192.88.99.1 is a reserved (6to4 relay) address"),
    ("http://198.51.100.7/", "198.51.100.7 is a reserved (documentation) address"),
    ("http://203.0.113.9/", "203.0.113.9 is a reserved (documentation) address"),
    ("http://[4000::1]/", "4000::1 is a reserved IPv6 address"),
    ("http://.example.com/", "'.example.com' is not a valid host name"),
    ("http://a.b.c.0x/", "'a.b.c.0x' is a non-canonical IPv4 address spelling"),
    ("http://a.1/", "'a.1' is a non-canonical IPv4 address spelling"),
    ("http://router.home/", "'router.home' is a local host name"),
    ("http://x.home.arpa/", "'x.home.arpa' is a local host name"),
    ("http://x.lan/", "'x.lan' is a local host name"),
    ("http://x.corp/", "'x.corp' is a local host name"),
    ("http://x.intranet/", "'x.intranet' is a local host name"),
    ("http://x.localdomain/", "'x.localdomain' is a local host name"),
    ("http://ip6-localhost/", "'ip6-localhost' is a local host name"),
    ("http://ip6-loopback/", "'ip6-loopback' is a local host name"),
    ("http://localhost.localdomain/", "'localhost.localdomain' is a local host name"),
    ("  http://10.0.0.1/  ", "10.0.0.1 is a private address"),
    ("   ", "empty URL"),
]


@pytest.mark.parametrize(("url", "reason"), EXACT)
def test_reason_word_for_word(url: str, reason: str) -> None:
    assert check_url(url) == reason


def test_the_longest_url_allowed_is_max_url_length() -> None:
    base = "http://example.com/"
    assert check_url(base + "a" * (MAX_URL_LENGTH - len(base))) is None
    too_long = base + "a" * (MAX_URL_LENGTH - len(base) + 1)
    assert check_url(too_long) == f"URL longer than {MAX_URL_LENGTH} characters"
    assert MAX_URL_LENGTH == 8192


def test_not_a_string_is_an_empty_url() -> None:
    assert check_url(None) == "empty URL"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("[fe80::1%25eth0]", "fe80::1"),
        ("example.com", None),
        ("", None),
    ],
)
def test_parse_ip(text: str, parsed: str | None) -> None:
    got = parse_ip(text)
    assert (None if got is None else str(got)) == parsed


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("192.0.0.1", "a reserved (IETF protocol) address"),
        ("192.88.99.1", "a reserved (6to4 relay) address"),
        ("198.51.100.7", "a reserved (documentation) address"),
        ("203.0.113.9", "a reserved (documentation) address"),
        ("198.19.255.255", "a reserved (benchmarking) address"),
        ("198.20.0.0", None),
        ("100.63.255.255", None),
        ("169.253.255.255", None),
        ("223.255.255.255", None),
        ("3fff::1", "a reserved (documentation) address"),
        ("2001:2::1", "a reserved (IETF protocol) address"),
        ("2001:1ff::1", "a reserved (IETF protocol) address"),
        ("2001:200::1", None),
        ("fec0::1", "a site-local address"),
        ("2001::1", "a Teredo tunnel address"),
        ("2002:808:808::1", None),
        ("4000::1", "a reserved IPv6 address"),
        ("1fff:ffff::1", "a reserved IPv6 address"),
        ("::ffff:8.8.8.8", "an IPv4-mapped IPv6 address"),
        ("not-an-ip", "not an IP address"),
    ],
)
def test_forbidden_reason_word_for_word(ip: str, reason: str | None) -> None:
    assert forbidden_reason(ip) == reason


def test_allow_hosts_are_normalised() -> None:
    assert normalize_allow_hosts([" [::1] ", "", "News.Example.", "  "]) == {"::1", "news.example"}
    assert check_url("http://[::1]:8000/", [" [::1] "]) is None


@pytest.mark.parametrize("url", ["http://./", "http://../", "http://.:80/"])
def test_a_host_of_dots_is_no_host(url: str) -> None:
    assert check_url(url) == "URL has no host"


def test_only_brackets_and_the_first_zone_separator_are_taken_off() -> None:
    assert str(parse_ip("fe80::1%eth0%x")) == "fe80::1"  # the zone id ends at the first %
    assert parse_ip("X127.0.0.1X") is None  # a name, not an address with junk taken off


@pytest.mark.parametrize(
    ("host", "normal"),
    [("Xample.comX", "xample.comx"), ("BOX.", "box"), (" [FE80::1] ", "fe80::1"), ("a.b..", "a.b")],
)
def test_normalize_host(host: str, normal: str) -> None:
    assert normalize_host(host) == normal
