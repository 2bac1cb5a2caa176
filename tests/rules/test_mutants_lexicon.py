"""The phrase lexicon (bot/rules/data/lexicon.py): exact hits for small lists built in each test,
pinned so that a changed case rule, plural rule, weight, label or group shows."""

from __future__ import annotations

from bot.rules.data.lexicon import Hit, Lexicon, Term, tokens


def test_a_one_letter_capital_is_a_proper_token_not_an_acronym() -> None:
    lexicon = Lexicon.from_lines(["Plan B"])
    # A lower-cased title still names it; an acronym ("FBI") would need its capitals.
    assert lexicon.find("plan b approved") == [Hit("Plan B", 1.0, "plan b", "")]
    assert lexicon.find("Plan B approved") == [Hit("Plan B", 1.0, "Plan B", "")]


def test_the_last_token_of_a_phrase_takes_an_es_plural() -> None:
    lexicon = Lexicon.from_lines(["school bus"])
    assert lexicon.find("Two school buses crashed") == [Hit("school bus", 1.0, "school buses", "")]


def test_a_phrase_of_three_tokens() -> None:
    lexicon = Lexicon.from_lines(["Gulf of Mexico", "Strait of Hormuz"])
    assert lexicon.find("Storms in the Gulf of Mexico and the Strait of Hormuz") == [
        Hit("Gulf of Mexico", 1.0, "Gulf of Mexico", ""),
        Hit("Strait of Hormuz", 1.0, "Strait of Hormuz", ""),
    ]


def test_weight_and_group() -> None:
    lexicon = Lexicon.from_lines(["Alpha", "[weight 0.5]", "Beta"], group="greek")
    assert lexicon.find("Alpha and Beta") == [
        Hit("Alpha", 1.0, "Alpha", "greek"),
        Hit("Beta", 0.5, "Beta", "greek"),
    ]
    assert Lexicon.from_lines(["Alpha"]).find("Alpha") == [Hit("Alpha", 1.0, "Alpha", "")]


def test_a_qualified_label_is_no_phrase() -> None:
    lexicon = Lexicon.from_lines(["Georgia (country) | Georgia"])
    assert lexicon.terms() == [Term("Georgia (country)", ("Georgia",), 1.0, "")]
    assert lexicon.find("Georgia (country) votes") == [Hit("Georgia (country)", 1.0, "Georgia", "")]


def test_a_loaded_hit_names_its_list() -> None:
    assert Lexicon.load("countries.txt").find("France votes") == [
        Hit("France", 1.0, "France", "countries")
    ]


def test_only_s_and_es_make_a_plural() -> None:
    lexicon = Lexicon.from_lines(["Mali", "bus"])
    assert lexicon.find("The Maliks won in Mali") == [Hit("Mali", 1.0, "Mali", "")]
    assert lexicon.find("busts of buses") == [Hit("bus", 1.0, "buses", "")]
    # "busts" is tried ("bust" starts a phrase): its singular is "bust", never "bus"
    phrases = Lexicon.from_lines(["bus", "bust of Lenin"])
    assert phrases.find("busts of Stalin") == []
    assert phrases.find("a bust of Lenin") == [Hit("bust of Lenin", 1.0, "bust of Lenin", "")]


def test_a_typographic_possessive_inside_quotes_or_brackets() -> None:
    assert tokens("(Russia’s) army") == ["Russia", "army"]
    assert tokens("“Russia’s” army") == ["Russia", "army"]
    assert Lexicon.from_lines(["Russia"]).find("(Russia’s) army") == [
        Hit("Russia", 1.0, "Russia", "")
    ]
