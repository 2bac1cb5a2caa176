from __future__ import annotations

import pytest
from sqlite_utils import Database

from bot.errors import InputError
from bot.sources import SourceLists
from bot.store import SettingsStore
from bot.store.settings import normalize_domain

from .conftest import MOD, StepClock


@pytest.fixture
def store() -> SettingsStore:
    return SettingsStore(Database(memory=True), clock=StepClock())


def test_settings_are_scoped(store: SettingsStore) -> None:
    assert store.set_value("discord", "g1", "watch_channels", [10, "11", 10]) == ["10", "11"]
    store.set_value("discord", "g1", "mode", "live")
    store.set_value("discord", "g2", "mode", "dry-run")
    assert store.get_value("discord", "g1", "mode") == "live"
    assert store.get_value("discord", "g2", "mode") == "dry-run"
    assert store.get_value("lemmy", "g1", "mode", "dry-run") == "dry-run"
    assert store.values("discord", "g1") == {"mode": "live", "watch_channels": ["10", "11"]}
    store.set_value("discord", "g1", "mode", "dry-run")  # overwrite
    assert store.get_value("discord", "g1", "mode") == "dry-run"
    assert store.unset_value("discord", "g1", "mode") is True
    assert store.unset_value("discord", "g1", "mode") is False
    assert store.get_value("discord", "g1", "mode") is None


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("colour", "red", "unknown setting 'colour'"),
        ("mode", "sometimes", "setting mode: must be one of dry-run, live"),
        ("watch_channels", "123", "must be a list of ids"),
        ("watch_channels", [1.5], "must be a list of ids"),
        ("modrole", "", "must be an id"),
        ("modqueue_channel", True, "must be an id"),
        ("community", 3, "must be text"),
    ],
)
def test_bad_settings(store: SettingsStore, key: str, value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        store.set_value("discord", "g1", key, value)
    assert store.values("discord", "g1") == {}


@pytest.mark.parametrize(
    ("raw", "domain"),
    [
        ("example.com", "example.com"),
        ("WWW.Example.COM", "example.com"),
        ("https://www.dailymail.co.uk/news/article-1.html", "dailymail.co.uk"),
        ("news.bbc.co.uk.", "news.bbc.co.uk"),
        ("bücher.de", "xn--bcher-kva.de"),
    ],
)
def test_normalize_domain(raw: str, domain: str) -> None:
    assert normalize_domain(raw) == domain


@pytest.mark.parametrize("raw", ["", "localhost", "not a domain", "http://", "a..b", "-x.com"])
def test_normalize_domain_refuses(raw: str) -> None:
    with pytest.raises(InputError, match="not a domain name"):
        normalize_domain(raw)


def test_source_overrides_round_trip(store: SettingsStore) -> None:
    assert store.add_source("worldnews", "tabloid", "https://www.Tabloid.example/x", MOD) == (
        "tabloid.example"
    )
    store.add_source("worldnews", "blogspam", "farm.example", MOD)
    store.remove_source("worldnews", "tabloid", "dailymail.co.uk", MOD)
    store.add_source("science", "tabloid", "other.example", MOD)
    added, removed = store.source_overrides("worldnews")
    assert added == {"tabloid": {"tabloid.example"}, "blogspam": {"farm.example"}}
    assert removed == {"tabloid": {"dailymail.co.uk"}}
    # A later removal replaces the addition.
    store.remove_source("worldnews", "blogspam", "farm.example", MOD)
    added, removed = store.source_overrides("worldnews")
    assert "blogspam" not in added
    assert removed["blogspam"] == {"farm.example"}
    lists = SourceLists({"tabloid": frozenset({"dailymail.co.uk"})}).with_overrides(added, removed)
    assert lists.match("tabloid", "https://tabloid.example/a")
    assert not lists.match("tabloid", "https://www.dailymail.co.uk/a")
    rows = store.overrides_table("worldnews")
    assert next((r["list_name"], r["domain"], r["op"]) for r in rows) == (
        "blogspam",
        "farm.example",
        "remove",
    )
    assert rows[0]["actor_name"] == "alice"


def test_source_override_validation(store: SettingsStore) -> None:
    with pytest.raises(InputError, match="unknown source list 'gossip'"):
        store.add_source("worldnews", "gossip", "x.example", MOD)
    with pytest.raises(InputError, match="needs a community"):
        store.add_source("", "tabloid", "x.example", MOD)
    assert store.source_overrides("worldnews") == ({}, {})
