"""The US gazetteer's scan, hit by hit (issue 19 mutants): what us-domestic-news reads."""

from __future__ import annotations

import pytest

from bot.rules.data import load_lines
from bot.rules.data.gazetteer import GROUP, _names, iter_view_hits
from bot.rules.data.lexicon import Hit, token_view


def hits(text: str) -> list[Hit]:
    return list(iter_view_hits(token_view(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first token is a place
        ("Austin", [Hit("Austin", 0.5, "Austin", GROUP)]),
        # every place, in order, each once, longest first ("Austin County", not "Austin")
        ("Fort Worth police arrest man in Austin County", [
            Hit("Fort Worth", 0.5, "Fort Worth", GROUP),
            Hit("Austin County", 1.0, "Austin County", GROUP),
        ]),
        # a lower-case word before a place, and a capitalised word that is no place
        ("near Austin", [Hit("Austin", 0.5, "Austin", GROUP)]),
        ("Mayor Austin speaks", [Hit("Austin", 0.5, "Austin", GROUP)]),
        # an alias is labelled with the place's name, and says what the text said
        ("Travis Co. deputies", [Hit("Travis County", 1.0, "Travis Co", GROUP)]),
        # lower-case words name no place unless the whole text is in one case
        ("the austin report, says Reuters", []),
        ("fire near fort worth", [Hit("Fort Worth", 0.5, "fort worth", GROUP)]),
    ],
)  # fmt: skip
def test_the_gazetteer_finds_each_place_once_in_order(text: str, expected: list[Hit]) -> None:
    assert hits(text) == expected


def test_no_gazetteer_name_is_part_of_a_list_terms_name() -> None:
    # us-domestic-news drops a gazetteer place whose text a list term already holds; with the
    # shipped lists that only happens for the same name (docs/mutation-equivalent.txt relies on
    # this: `bot.rules.us_domestic_news.x__hits__mutmut_7`)
    gazetteer_names = {" ".join(key) for key in _names()[0]}
    terms = [
        part.strip().casefold()
        for name in ("us_terms.txt", "countries.txt", "international.txt")  # places()
        for line in load_lines(name)
        if not line.startswith("[")
        for part in line.split("|")
        if part.strip()
    ]
    inside = [(t, g) for t in terms for g in gazetteer_names if g != t and g in t]
    assert inside == []
