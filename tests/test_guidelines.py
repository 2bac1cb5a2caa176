"""guidelines.toml: the shipped file, inheritance, and one exact message per kind of mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.guidelines import default_config_dir, load_guidelines
from bot.models import RULE_IDS

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "config" / "guidelines.toml"
BASE = FIXTURE.read_text(encoding="utf-8")
SOURCES = str(FIXTURE.parent / "sources")

# The guideline texts of DESIGN.md, as the shipped config must carry them.
DESIGN_TEXTS = {
    "not-original-source": (1, "Where possible, post the original source of information."),
    "paywall-no-archive": (2, "If there is a paywall, use an alternative source"),
    "editorialized-title": (3, "Do not editorialize titles."),
    "ragebait": (4, "Do not post ragebait or shock stories."),
    "tabloid-source": (5, "Do not post tabloid or blogspam stories."),
    "blogspam": (5, "Do not post tabloid or blogspam stories."),
    "social-media-source": (6, "Social media should be a source of last resort."),
    "us-domestic-news": (7, "For US news, see the US News community."),
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "guidelines.toml"
    path.write_text(text.replace('sources_dir = "sources"', f"sources_dir = {SOURCES!r}"))
    return path


def load_text(tmp_path: Path, text: str):
    return load_guidelines(write(tmp_path, text))


def test_shipped_config_loads_with_every_rule_and_design_texts():
    guidelines = load_guidelines()
    assert guidelines.mode == "dry-run"
    assert guidelines.default == "worldnews"
    assert re.fullmatch(r"[0-9a-f]{12}", guidelines.version)
    world = guidelines.community()
    assert world.key == "worldnews"
    assert world.name == "World News"
    assert "international facet" in world.description
    assert tuple(world.rules) == RULE_IDS
    for rule_id, (number, text) in DESIGN_TEXTS.items():
        rule = world.rules[rule_id]
        assert rule.guideline == number
        assert rule.text.startswith(text)
        assert rule.name
    assert world.rules["tabloid-source"].action == "remove"
    assert world.rules["editorialized-title"].action == "flag"
    assert world.rules["ragebait"].action == "flag"
    assert world.rules["paywall-no-archive"].action == "comment"
    assert world.suggest_archive_links is False
    assert world.removal == "lock"
    assert world.sources.match("tabloid", "https://www.dailymail.co.uk/news") == "dailymail.co.uk"


def test_default_path_is_config_dir():
    assert load_guidelines(default_config_dir() / "guidelines.toml").version == (
        load_guidelines().version
    )


def test_fixture_values_and_params(tmp_path):
    guidelines = load_text(tmp_path, BASE)
    world = guidelines.community("world")
    assert world.lemmy == ("!world@lemmy.test",)
    assert world.us_news_community == "!usnews@lemmy.test"
    assert world.suggest_archive_links is True
    assert world.removal == "delete"
    assert world.mode == "dry-run"
    tabloid = world.rules["tabloid-source"]
    assert (tabloid.action, tabloid.remove_confidence) == ("remove", 0.9)
    assert tabloid.param("list_confidence", 0) == 0.95
    assert world.rules["blogspam"].param("min_signals", 0) == 3
    assert world.rules["ragebait"].min_confidence == 0.5  # default
    assert guidelines.community() is world


def test_extends_overrides_only_what_differs(tmp_path):
    guidelines = load_text(tmp_path, BASE)
    world, europe = guidelines.community("world"), guidelines.community("europe")
    assert europe.extends == "world"
    assert europe.name == "Europe"
    assert europe.description == world.description
    assert europe.mode == "live"
    assert europe.rules["us-domestic-news"].enabled is False
    assert europe.rules["us-domestic-news"].action == "note"  # inherited
    assert europe.rules["tabloid-source"].action == "flag"
    assert europe.rules["tabloid-source"].param("list_confidence", 0) == 0.95
    assert europe.removal == "delete"
    # source additions accumulate along the chain; removals apply to this community only
    assert europe.sources.match("tabloid", "https://gossip.example/a") == "gossip.example"
    assert europe.sources.match("tabloid", "https://klatsch.example/a") == "klatsch.example"
    assert world.sources.match("tabloid", "https://klatsch.example/a") is None
    assert europe.sources.match("social", "https://youtube.com/watch") is None
    assert world.sources.match("social", "https://youtube.com/watch") == "youtube.com"


def test_a_parent_mistake_is_reported_under_the_parent(tmp_path):
    head, world = BASE.split("[communities.world]\n", 1)
    world, europe = world.split("[communities.europe]\n", 1)
    world = world.replace('action = "comment"', 'action = "ban"')
    text = f"{head}[communities.europe]\n{europe}\n[communities.world]\n{world}"
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, text)
    assert str(info.value) == (
        P + f"{W}.rules.paywall-no-archive.action: must be one of note, flag, comment, remove"
    )
    assert list(load_text(tmp_path, text.replace('"ban"', '"flag"')).communities) == [
        "europe",
        "world",
    ]


def test_lemmy_communities_are_not_inherited_and_not_shared(tmp_path):
    guidelines = load_text(tmp_path, BASE)
    assert guidelines.community("europe").lemmy == ()
    assert guidelines.for_lemmy("!World@Lemmy.test") is guidelines.community("world")
    assert guidelines.for_lemmy("world@lemmy.test") is guidelines.community("world")
    assert guidelines.for_lemmy("!other@lemmy.test") is None
    text = BASE.replace('name = "Europe"', 'name = "Europe"\nlemmy = ["!world@lemmy.test"]')
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, text)
    assert str(info.value) == (
        P
        + "communities.europe.lemmy[0]: !world@lemmy.test is already moderated by communities.world"
    )


def test_version_is_hash_of_the_bytes(tmp_path):
    first = load_text(tmp_path, BASE).version
    second = load_text(tmp_path, BASE + "\n# a comment\n").version
    assert first != second
    assert load_text(tmp_path, BASE).version == first


def test_params_table_accepts_unknown_params(tmp_path):
    text = BASE.replace(
        "[communities.world.rules.ragebait]\n",
        '[communities.world.rules.ragebait]\nparams = { shout_words = 3, extra = ["a"] }\n',
    )
    rule = load_text(tmp_path, text).community("world").rules["ragebait"]
    assert rule.param("shout_words", 0) == 3
    assert rule.param("extra", None) == ["a"]


P = "guidelines.toml: "
W = "communities.world"
ERRORS = [
    ('mode = "dry-run"', 'mode = "test"', "mode: must be one of dry-run, live"),
    ('mode = "dry-run"', 'mode = "dry-run"\nmdoe = 1', "mdoe: unknown key (did you mean mode?)"),
    ('default = "world"', 'default = "wrld"', "default: unknown community (did you mean world?)"),
    ('default = "world"', "default = 3", "default: must be a string"),
    ('name = "World"', 'name = "World"\nnmae = "x"', f"{W}.nmae: unknown key (did you mean name?)"),
    ('name = "World"', "name = 5", f"{W}.name: must be a string"),
    ('removal = "delete"', 'removal = "ban"', f"{W}.removal: must be one of delete, lock"),
    (
        "suggest_archive_links = true",
        'suggest_archive_links = "yes"',
        f"{W}.suggest_archive_links: must be true or false",
    ),
    (
        'lemmy = ["!world@lemmy.test"]',
        'lemmy = ["world"]',
        f"{W}.lemmy[0]: must look like \"!name@instance\", not 'world'",
    ),
    (
        'lemmy = ["!world@lemmy.test"]',
        'lemmy = "!world@lemmy.test"',
        f'{W}.lemmy: must be a list of "!name@instance" strings',
    ),
    (
        'action = "comment"',
        'action = "ban"',
        f"{W}.rules.paywall-no-archive.action: must be one of note, flag, comment, remove",
    ),
    (
        'action = "comment"',
        'acton = "flag"',
        f"{W}.rules.paywall-no-archive.acton: unknown key (did you mean action?)",
    ),
    (
        "remove_confidence = 0.9\nlist_confidence",
        "remove_confidence = 1.5\nlist_confidence",
        f"{W}.rules.tabloid-source.remove_confidence: must be a number between 0 and 1",
    ),
    (
        "remove_confidence = 0.9\nlist_confidence",
        'remove_confidence = "high"\nlist_confidence',
        f"{W}.rules.tabloid-source.remove_confidence: must be a number between 0 and 1",
    ),
    (
        "list_confidence = 0.95",
        "list_confidence = -0.1",
        f"{W}.rules.tabloid-source.list_confidence: must be a number between 0 and 1",
    ),
    (
        "min_signals = 3",
        "min_signals = 0",
        f"{W}.rules.blogspam.min_signals: must be a whole number of at least 1",
    ),
    (
        "guideline = 1\n",
        "guideline = 1\nenabled = 1\n",
        f"{W}.rules.not-original-source.enabled: must be true or false",
    ),
    (
        "[communities.world.rules.ragebait]",
        "[communities.world.rules.ragebate]",
        f"{W}.rules.ragebate: unknown rule id (did you mean ragebait?)",
    ),
    (
        '[communities.world.rules.ragebait]\nguideline = 4\naction = "flag"\n',
        "",
        f"{W}.rules: missing rule ragebait (add [{W}.rules.ragebait], with enabled = false "
        'to turn it off, or extends = "<community>")',
    ),
    (
        "[communities.world.sources.add]\ntabloid",
        "[communities.world.sources.add]\ntabliod",
        f"{W}.sources.add.tabliod: unknown list (did you mean tabloid?)",
    ),
    (
        'tabloid = ["gossip.example"]',
        'tabloid = ["https://gossip.example/x"]',
        f"{W}.sources.add.tabloid[0]: not a domain: 'https://gossip.example/x'",
    ),
    (
        'tabloid = ["gossip.example"]',
        'tabloid = "gossip.example"',
        f"{W}.sources.add.tabloid: must be a list of domains",
    ),
    (
        'extends = "world"',
        'extends = "wrold"',
        "communities.europe.extends: unknown community (did you mean world?)",
    ),
    (
        'extends = "world"',
        'extends = "europe"',
        "communities.europe.extends: circular extends (europe -> europe)",
    ),
    (
        "[communities.world.rules.ragebait]\n",
        '[communities.world.rules.ragebait]\nparams = { action = "remove" }\n',
        f"{W}.rules.ragebait.params.action: belongs in the rule table, not in params",
    ),
    (
        "[communities.world.rules.ragebait]\n",
        "[communities.world.rules.ragebait]\nparams = 3\n",
        f"{W}.rules.ragebait.params: must be a table",
    ),
    ('mode = "live"', 'mode = "on"', "communities.europe.mode: must be one of dry-run, live"),
]


@pytest.mark.parametrize(("old", "new", "message"), ERRORS, ids=[e[2][:50] for e in ERRORS])
def test_each_mistake_gives_its_one_line_message(tmp_path, old, new, message):
    assert old in BASE
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, BASE.replace(old, new, 1))
    assert str(info.value) == P + message
    assert "\n" not in str(info.value)


def test_toml_syntax_error_names_line_and_column(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, BASE.replace('name = "World"', 'name = "World', 1))
    assert re.fullmatch(r"guidelines\.toml: line 7, column \d+: invalid TOML: .+", str(info.value))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"^guidelines\.toml: file not found: "):
        load_guidelines(tmp_path / "guidelines.toml")


def test_not_utf8(tmp_path):
    path = tmp_path / "guidelines.toml"
    path.write_bytes(b'mode = "\xff"\n')
    with pytest.raises(ConfigError, match=r"^guidelines\.toml: not UTF-8 text \(byte 8\)$"):
        load_guidelines(path)


def test_missing_default_sources_dir_uses_the_packaged_lists(tmp_path):
    path = tmp_path / "guidelines.toml"
    path.write_text(BASE)  # sources_dir = "sources", relative to tmp_path: absent
    packaged = load_guidelines(default_config_dir() / "guidelines.toml")
    shipped = packaged.community().sources.domains("blogspam")
    assert len(shipped) > 1000  # the generated content-farm list
    assert load_guidelines(path).community().sources.domains("blogspam") >= shipped


def test_missing_named_sources_dir(tmp_path):
    path = tmp_path / "guidelines.toml"
    path.write_text(BASE.replace('sources_dir = "sources"', 'sources_dir = "lists"'))
    with pytest.raises(ConfigError, match=r"source list directory not found$"):
        load_guidelines(path)


def test_no_communities(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, 'mode = "live"\n')
    assert str(info.value) == P + "communities: missing: define at least [communities.<key>]"


def test_communities_not_a_table(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_text(tmp_path, "communities = 1\n")
    assert (
        str(info.value) == P + "communities: must be a table with at least one [communities.<key>]"
    )


def test_unknown_community_lookup(tmp_path):
    guidelines = load_text(tmp_path, BASE)
    with pytest.raises(ConfigError, match=r"unknown community 'asia' \(known: europe, world\)"):
        guidelines.community("asia")
