"""The US gazetteer's scan, hit by hit (issue 19 mutants): what us-domestic-news reads."""

from __future__ import annotations

import pytest

from bot.rules.data.gazetteer import GROUP, iter_view_hits
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
