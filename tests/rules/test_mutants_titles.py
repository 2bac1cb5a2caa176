"""Headline helpers (bot/rules/data/titles.py) pinned case by case: site names, title case,
contractions, acronyms, dropped negations and hedges, translations (mutation testing, issue 19).
"""

from __future__ import annotations

import pytest

from bot.rules.data import titles

# --- site names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segment", "site_words", "expected"),
    [
        ("  ", frozenset(), True),  # nothing left to compare: no headline text either
        ("Reuters", frozenset(), True),  # a wire service, whatever the site
        ("AP", frozenset({"bbc"}), True),
        ("BBC", frozenset({"bbc"}), True),
        ("The Guardian", frozenset({"guardian"}), True),
        ("Sky News", frozenset({"sky"}), True),
        ("Daily Mail Online", frozenset({"daily mail"}), True),
        ("The Independant", frozenset({"the independent"}), True),  # misspelt: ratio 93
        ("Al Jazeira", frozenset({"al jazeera"}), True),  # ratio exactly 90
        ("Ceasefire agreed", frozenset({"al jazeera"}), False),
        ("News", frozenset({"sky"}), False),
        ("Online", frozenset({"sky"}), False),
        ("The Times", frozenset({"guardian"}), False),
        ("Al Jazeira TV", frozenset({"al jazeera"}), False),  # ratio 83
    ],
)
def test_is_site(segment: str, site_words: frozenset[str], expected: bool) -> None:
    assert titles.is_site(segment, site_words) is expected


def test_a_site_name_part_is_stripped_from_a_headline() -> None:
    site = frozenset({"guardian"})
    assert titles.stripped_parts("Ceasefire agreed in Gaza | The Guardian", site) == [
        "Ceasefire agreed in Gaza"
    ]
    assert titles.stripped_parts("Sky News - Ceasefire agreed", frozenset({"sky"})) == [
        "Ceasefire agreed"
    ]


# --- title case ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kim Says He Is Open to Talks", True),
        ("Biden Says Open talks", True),  # 3 of the 4 longer words: exactly 0.75
        ("Biden Says open talks", False),  # 2 of 4
        ("Trump Says Iran Wants the war now", True),  # three-letter words do not count
        ("Trump says Iran will talk", False),
        ("War in the Gulf", True),  # one longer word, capitalised
        ("war in the gulf", False),
        ("Gaza", True),
        ("UN OK", False),  # no word longer than three letters
    ],
)
def test_title_case(text: str, expected: bool) -> None:
    assert titles.title_case(text.split()) is expected


# --- contractions, acronyms, neutral swaps --------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["cannot"], "can not"),
        (["can't"], "can not"),
        (["won't", "stop"], "will not stop"),
        (["doesn't"], "does not"),
        (["he", "isn't", "here"], "he is not here"),
        (["can", "not"], "can not"),
    ],
)
def test_uncontract(keys: list[str], expected: str) -> None:
    assert titles.uncontract(keys) == expected


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        (["un"], ["united", "nations"], True),
        (["u.n."], ["united", "nations"], True),
        (["who"], ["world", "health", "organization"], True),
        (["un"], ["the", "united", "nations"], True),
        (["fbi"], ["federal", "bureau", "of", "investigation"], True),
        (["fda"], ["food", "and", "drug", "administration"], True),
        (["cdc"], ["centers", "for", "disease", "control"], True),
        (["un"], ["united"], False),  # one word is no expansion
        (["un", "chief"], ["united", "nations"], False),
        (["uk"], ["united", "nations"], False),
        (["u-n"], ["united", "nations"], False),
    ],
)
def test_is_acronym_of(short: list[str], long: list[str], expected: bool) -> None:
    assert titles.is_acronym_of(short, long) is expected


@pytest.mark.parametrize(
    ("removed", "added", "idx", "names", "expected"),
    [
        (["she"], ["smith"], range(2, 3), {2}, True),  # a pronoun replaced by a name
        (["they"], ["smith", "and", "jones"], range(2, 5), {2, 3, 4}, True),
        (["she"], ["minister"], range(2, 3), set(), False),  # ... by a word that is no name
        (["minister"], ["smith"], range(2, 3), {2}, False),  # a word that is no pronoun
        ([], ["smith"], range(2, 3), {2}, False),  # a name added is no swap
        (["she"], [], range(2, 2), set(), False),
        (["un"], ["united", "nations"], range(2), set(), True),
        (["united", "nations"], ["un"], range(1), set(), True),
        (["won't"], ["will", "not"], range(1, 3), set(), True),
        (["will"], ["won't"], range(1, 2), set(), False),
    ],
)
def test_neutral_swap(
    removed: list[str], added: list[str], idx: range, names: set[int], expected: bool
) -> None:
    assert titles.neutral_swap(removed, added, idx, names) is expected


# --- negations and hedges dropped ----------------------------------------------------------------

# "minister quits over scandal but may face charges": 8 keys, "may" at 5
KEYS = ["minister", "quits", "over", "scandal", "but", "may", "face", "charges"]


@pytest.mark.parametrize(
    ("key", "added", "op", "i1", "i2", "expected"),
    [
        ("may", [], "delete", 4, 8, False),  # the whole trailing clause cut off
        ("may", [], "delete", 5, 8, False),  # three words cut at the end
        ("may", [], "delete", 1, 8, False),  # all but the first word
        ("may", [], "delete", 5, 7, True),  # two words: the hedge dropped, not the clause
        ("may", [], "delete", 4, 7, True),  # not at the end
        ("may", [], "delete", 0, 8, True),  # everything removed
        ("may", ["will"], "replace", 4, 8, True),  # replaced by a certainty
        ("may", ["could"], "replace", 5, 6, False),  # one hedge for another
        ("may", ["not"], "replace", 5, 6, False),
        ("quits", [], "delete", 1, 2, False),  # no negation or hedge
        ("never", [], "delete", 2, 3, True),
    ],
)
def test_flips(key: str, added: list[str], op: str, i1: int, i2: int, expected: bool) -> None:
    assert titles.flips(key, added, op, i1, i2, KEYS) is expected


def test_flips_of_a_three_word_headline_cut_after_its_first_word() -> None:
    keys = ["talks", "may", "resume"]
    assert titles.flips("may", [], "delete", 1, 3, keys) is True  # two words: not a clause


# --- parts ----------------------------------------------------------------------------------------


def test_part_ranges() -> None:
    title = "Ceasefire agreed | talks resume today | markets rally"
    assert titles.part_ranges(title) == [range(2), range(2, 5), range(5, 7)]
    assert titles.part_ranges("Ceasefire agreed in Gaza") == []


# --- translations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "headline", "title", "expected"),
    [
        (
            "fr",
            "Les gilets jaunes manifestent à Paris contre la réforme",
            "Gilets jaunes protest in Paris against pension reform",
            True,  # 2 of 7 ordinary words shared
        ),
        (
            "fr",
            "Les gilets jaunes manifestent encore",
            "Gilets jaunes protest again",
            False,  # 2 of 4 shared: half
        ),
        (
            "fr",  # mislabelled: English function words
            "Talks with the rebels collapse",
            "Negotiations fail",
            False,
        ),
        (None, "Les gilets jaunes manifestent encore", "Yellow vests protest again", False),
        ("", "Les gilets jaunes manifestent encore", "Yellow vests protest again", False),
        ("en-GB", "Les gilets jaunes manifestent encore", "Yellow vests protest again", False),
        (" FR ", "Les gilets jaunes manifestent encore", "Yellow vests protest again", True),
    ],
)
def test_is_translation(language: str | None, headline: str, title: str, expected: bool) -> None:
    assert titles.is_translation(language, [headline], title) is expected
