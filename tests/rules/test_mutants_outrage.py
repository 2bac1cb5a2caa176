"""outrage (ragebait in plain words): exact scores and signals for fixed titles and headlines,
pinned so that a changed weight, threshold, rounding or signal text shows."""

from __future__ import annotations

import pytest

from bot.rules import outrage


def _score(title: str, headline: str | None = None) -> tuple[float, list[str]]:
    result = outrage.score(title, headline)
    return round(result.score, 4), result.signals


@pytest.mark.parametrize(
    ("title", "claim"),
    [
        ("All migrants are welcome here, the mayor says", "all migrants"),
        ("Every Chinese tourist was searched at the border", "every chinese"),
        ("Typical liberals block the new bridge", "typical liberals"),
    ],
)
def test_a_quantified_group_is_a_sweeping_claim(title: str, claim: str) -> None:
    assert _score(title) == (0.5, [f"sweeping claim: {claim}"])


@pytest.mark.parametrize(
    "title",
    ["These days the port is quiet", "All flights to Lisbon are cancelled", "Every vote counts"],
)
def test_a_quantified_word_that_is_no_group_is_not(title: str) -> None:
    assert _score(title) == (0.0, [])


def test_a_claim_about_what_a_people_will_do_weighs_more() -> None:
    assert _score("Chinese people will eat anything") == (
        0.6,
        ["sweeping claim: chinese people will"],
    )
    assert _score("Chinese people in Kenya") == (0.5, ["sweeping claim: chinese people"])


def test_a_sweeping_claim_adds_to_other_signals() -> None:
    assert _score("Idiot mayor says all migrants must leave") == (
        1.1,
        ["insult: idiot", "sweeping claim: all migrants"],
    )


def test_the_whole_world_is_a_sweeping_claim() -> None:
    assert _score("The whole world watches the idiot mayor") == (
        0.9,
        ["insult: idiot", "sweeping claim: the whole world"],
    )


def test_an_appended_aside_counts_more() -> None:
    assert _score("Mayor hides report, as usual") == (0.9, ["sarcasm: as usual", "appended aside"])
    assert _score("Mayor hides report - what a surprise") == (
        0.9,
        ["sarcasm: what a surprise", "appended aside"],
    )


def test_a_trailing_mark_starts_no_clause() -> None:
    # The aside is still the last clause when the title ends with an ellipsis.
    assert _score("Mayor hides report... as usual...") == (
        0.9,
        ["sarcasm: as usual", "appended aside"],
    )
    assert _score("Mayor hides report, as usual…") == (0.9, ["sarcasm: as usual", "appended aside"])


@pytest.mark.parametrize(
    "title",
    [
        "Mayor hides report as usual",  # one clause: nothing appended
        "Mayor hides report, as usual, officials say",  # not the last clause
        "As usual, the mayor hides the report",
    ],
)
def test_an_aside_that_is_not_appended_counts_once(title: str) -> None:
    assert _score(title) == (0.6, ["sarcasm: as usual"])


def test_a_grisly_verb_in_the_last_clause_is_no_aside() -> None:
    assert _score("Troops enter the town, villagers butchered") == (
        0.45,
        ["grisly: butchered"],
    )


def test_a_third_phrase_of_a_category_is_not_counted() -> None:
    # 0.6 + 0.6 / 2; "moron" and "lunatic" are not read
    assert _score("Idiot clown moron lunatic mayor") == (0.9, ["insult: idiot", "insult: clown"])


def test_the_headlines_own_insult_counts_half() -> None:
    assert _score("Clueless mayor hides the report", "Clueless mayor hides report") == (
        0.3,
        ["insult: clueless"],
    )


def test_an_insult_the_poster_added_counts_more() -> None:
    # 0.6 * 1.25, and "clueless" (VADER -1.5) is a negative word the article does not use
    assert _score("Clueless mayor hides the report", "Mayor hides report") == (
        1.0,
        ["insult: clueless", "negative words added: clueless"],
    )


def test_a_grisly_verb_the_poster_chose_has_its_own_weight() -> None:
    assert _score(
        "Hunter found riddled with bullets in the jungle", "Hunter found dead with gunshot wounds"
    ) == (0.6, ["grisly: riddled with bullets"])


def test_two_negative_words_added() -> None:
    # The headline is as grim as the title: no "angrier" signal, only the added words.
    assert _score(
        "Mayor bamboozled voters with appalling flood plan",
        "Deadly flood kills 40 as storm batters town",
    ) == (0.35, ["negative words added: bamboozled, appalling"])


def test_one_negative_word_added_to_an_equally_grim_headline() -> None:
    result = outrage.score(
        "Deadly storm brutally kills dozens in horrible floods",
        "Deadly storm kills dozens in horrible floods",
    )
    assert result.score == 0.25
    assert result.signals == ["negative words added: brutally"]
    assert result.sentiment == {}  # both are grim (-0.90 and -0.79): not angrier


def test_at_most_four_added_words_are_listed_and_sentiment_is_capped() -> None:
    result = outrage.score(
        "Appalling, adverse, agonising, argumentative mayor bamboozled voters", "Mayor wins vote"
    )
    assert result.signals == [
        "negative words added: appalling, adverse, agonising, argumentative",
        "angrier than the headline (-0.89 vs 0.57)",
    ]
    assert result.sentiment == {"title": -0.89, "headline": 0.57}
    assert result.score == 0.45  # 0.35 + 0.35, capped


def test_an_angrier_title_adds_to_its_other_signals() -> None:
    result = outrage.score(
        "Greedy mayor cancels the festival, a disaster",
        "Mayor happily celebrates a wonderful festival",
    )
    assert result.signals == [
        "insult: greedy",
        "negative words added: disaster",
        "angrier than the headline (-0.62 vs 0.93)",
    ]
    assert result.sentiment == {"title": -0.62, "headline": 0.93}
    assert round(result.score, 4) == 1.2  # 0.75 + min(0.25 + 0.35, 0.45)


def test_a_word_of_valence_minus_one_can_make_a_title_angrier() -> None:
    # paranoid, anxious, alone, propaganda: VADER -1.0 each, none -1.5 or less
    result = outrage.score(
        "Paranoid, anxious and alone: residents spread propaganda", "Residents welcome the rain"
    )
    assert result.signals == ["angrier than the headline (-0.72 vs 0.46)"]
    assert result.score == 0.35


def test_a_title_that_only_drops_the_good_news_is_not_angrier() -> None:
    # "killer" is in the headline: the title adds no negative word, VADER is not asked
    result = outrage.score(
        "Killer storm hits town",
        "Killer storm hits town but brave rescuers save hundreds of happy families",
    )
    assert (result.score, result.signals, result.sentiment) == (0.0, [], {})


def test_a_title_exactly_as_angry_as_the_limit_is_angrier() -> None:
    # VADER: "accused" -1.2, "not adventurous" -0.74 * 1.4: a compound of exactly -0.5 (ANGRY)
    title, headline = "Mayor accused and not adventurous", "Mayor speaks to council"
    assert (outrage.sentiment(title), outrage.sentiment(headline)) == (outrage.ANGRY, 0.0)
    found = outrage.score(title, headline)
    assert found.sentiment == {"title": -0.5, "headline": 0.0}
    assert "angrier than the headline (-0.50 vs 0.00)" in found.signals
