"""The cached token view and the lexicon's lazy scan give what a fresh tokenisation gives."""

from __future__ import annotations

import pytest

from bot.rules.data.lexicon import Lexicon, token_view, tokens
from bot.rules.editorialized_title import _SENTENCE

TEXTS = [
    "",
    "Texas's governor signs the U.S. bill. Then he left!  Why? Nobody knows",
    "Russia’s army and the FBI's agents met in Washington D.C. on Monday.",
    "l'État a décidé. Über 100 Menschen (U.N.) protestierten ... in Berlin",
    "ALL CAPS U.S.A. WHO ice who governors Governors",
    "a.b.c. x. y.z",
]


@pytest.mark.parametrize("text", TEXTS)
def test_lead_tokens_are_its_sentences_tokens(text):
    # editorialized-title tokenises a lead sentence by sentence and joins the tokens.
    assert tokens(text) == [t for s in _SENTENCE.split(text) for t in tokens(s)]


@pytest.mark.parametrize("text", TEXTS)
def test_view_is_consistent(text):
    view = token_view(text)
    assert list(view.tokens) == tokens(text)
    assert view.folded == tuple(t.casefold() for t in view.tokens)
    assert view.caseless == (not any(c.isupper() for c in text))
    assert token_view(text) is view  # cached


def test_tokens_returns_a_fresh_list():
    first = tokens("Kyiv and Moscow")
    first.append("mutated")
    assert tokens("Kyiv and Moscow") == ["Kyiv", "and", "Moscow"]


LEXICON = Lexicon.from_lines(
    ["Russia | Russian", "governor", "FBI", "New Mexico", "Mexico", "bus"], group="t"
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Russians and governors in New Mexico", ["Russia", "governor", "New Mexico"]),
        ("the fbi and the FBI", ["FBI"]),
        ("buses, a bus, busses", ["bus", "bus"]),  # plural "es"; "busses" is no plural of "bus"
        ("nothing listed here", []),
    ],
)
def test_iter_hits_matches_find(text, found):
    assert [h.label for h in LEXICON.iter_hits(text)] == found
    assert LEXICON.find(text) == list(LEXICON.iter_hits(text))
