"""FetchSettings defaults and one-line validation errors naming the field."""

from __future__ import annotations

import re

import pytest

from bot import __version__
from bot.errors import ConfigError
from bot.fetch import DEFAULT_USER_AGENT, FetchSettings


def test_defaults_match_the_documented_api():
    s = FetchSettings()
    assert (s.max_bytes, s.max_redirects, s.per_host, s.cache_ttl) == (3_000_000, 5, 2, 3600)
    assert (s.connect_timeout, s.read_timeout, s.total_timeout) == (5, 10, 20)
    assert s.allow_hosts == frozenset()


def test_user_agent_is_honest():
    expected = f"newsmod/{__version__} (+https://github.com/newsmod/newsmod)"
    assert expected == DEFAULT_USER_AGENT
    assert re.fullmatch(r"newsmod/\d+\.\d+\.\d+\S* \(\+https://\S+\)", FetchSettings().user_agent)


def test_allow_hosts_are_normalised():
    s = FetchSettings(allow_hosts=frozenset({"News.Example.", "[::1]", " "}))
    assert s.allow_hosts == frozenset({"news.example", "::1"})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_bytes", 0),
        ("max_bytes", "3MB"),
        ("per_host", 0),
        ("per_host", True),
        ("max_redirects", -1),
        ("max_redirects", 2.5),
        ("connect_timeout", 0),
        ("read_timeout", -3),
        ("total_timeout", float("inf")),
        ("cache_ttl", "1h"),
        ("user_agent", ""),
        ("user_agent", "newsmod\r\nX-Evil: 1"),
        ("allow_hosts", "127.0.0.1"),
    ],
)
def test_invalid_values_name_the_field(field, value):
    with pytest.raises(ConfigError) as info:
        FetchSettings(**{field: value})
    message = str(info.value)
    assert field in message
    assert "\n" not in message


def test_zero_redirects_is_allowed():
    assert FetchSettings(max_redirects=0).max_redirects == 0
