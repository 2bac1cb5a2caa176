"""bot.rules.claims, case by case: each changed claim as it is reported, and the near misses
that stay unreported (the mutation tests' survivors, issue 19)."""

from __future__ import annotations

import pytest

from bot.rules import claims


def test_a_question_with_trailing_space_stated_as_fact() -> None:
    got = claims.changes(
        "Marie Yovanovitch has a net worth of $17 million",
        "Does Marie Yovanovitch have a net worth of $17 million? ",
        "",
    )
    assert got == ["question stated as fact"]


def test_a_question_kept_as_a_question_is_no_change() -> None:
    assert claims.changes("Does it work?", "Does it work?", "") == []


def test_every_scope_word_added_is_listed_once() -> None:
    got = claims.changes(
        "Power outages across the state, nationwide and across the border",
        "Power outages in the state",
        "",
    )
    assert got == ["scope widened: across, nationwide"]


@pytest.mark.parametrize(
    ("title", "headline", "expected"),
    [
        # the table of direction words
        ("Fed cuts rates", "Fed to cut rates", ["plan stated as done: to cut"]),
        # a verb in -y: "deny" -> "denies"
        ("Minister denies claims", "Minister to deny claims", ["plan stated as done: to deny"]),
        ("United States lifted Sudan sanctions", "United States to lift Sudan sanctions",
         ["plan stated as done: to lift"]),
        # the plan kept as a plan ("to cut" still in the title) is no change
        ("Fed cuts rates, plans to cut again", "Fed to cut rates again", []),
        # only "to <verb>" is a plan: "will cut" is a forecast the hedge list covers
        ("Fed cuts rates", "Fed will cut rates", []),
        # "to resume" with no done form of "resume" in the title
        ("Talks will resume next week", "Talks to resume next week", []),
        # "to do" is too short to be a plan's verb ("does" is everywhere)
        ("Firm does deal", "Firm to do deal", []),
    ],
)  # fmt: skip
def test_plan_stated_as_done(title: str, headline: str, expected: list[str]) -> None:
    assert claims.changes(title, headline, "") == expected


@pytest.mark.parametrize(
    ("title", "headline", "expected"),
    [
        # "endorsed" is exactly +1.0 in VADER, "rejected" -2.3: opposite (at VALENCE_MIN)
        ("Candidate rejected by union", "Candidate endorsed by union", ["endorsed -> rejected"]),
        ("Candidate endorsed by union", "Candidate condemned by union", ["condemned -> endorsed"]),
        # "ceasefire" has no valence: a neutral word is no one's opposite
        ("Talks end in disaster", "Talks end in ceasefire", []),
        ("Talks end in ceasefire", "Talks end in disaster", []),
    ],
)  # fmt: skip
def test_opposite_sentiment(title: str, headline: str, expected: list[str]) -> None:
    assert claims.changes(title, headline, "") == expected


def test_a_long_title_is_still_compared_word_for_word() -> None:
    # 200+ words: difflib's autojunk would take the repeated word for junk and lose the swap.
    title = "Today: rise " + "Tokyo " * 200
    assert claims.changes(title, "Fall in Tokyo today", "") == ["fall -> rise"]


@pytest.mark.parametrize(
    ("title", "headline", "expected"),
    [
        ("Starship launch delayed to March", "Starship launch delayed to March: SpaceX",
         ["attribution dropped: SpaceX"]),
        ("Schools to close", "Schools to close, experts warn.",
         ["attribution dropped: experts warn"]),
        # the last ", " starts the speaker
        ("Schools to close", "Schools to close, staff to strike, unions warn",
         ["attribution dropped: unions warn"]),
        # four words is the longest speaker
        ("Troops to stay in Syria", "Troops to stay in Syria, senior Pentagon officials say",
         ["attribution dropped: senior Pentagon officials say"]),
        ("Troops to stay in Syria", "Troops to stay in Syria, senior officials warn",
         ["attribution dropped: senior officials warn"]),
        # a ": " part too long for a speaker, then the ", " speaker
        ("We will build the wall", "Trump: we will build the wall, aides say",
         ["attribution dropped: aides say"]),
        # a long capitalised ": " part is a title-case subhead, not a speaker
        ("Border wall to be built", "Border Wall: Trump Says He Will Build It", []),
        # a capitalised question is no speaker either
        ("Ukraine peace deal", "Ukraine Peace Deal: Is Trump Right?", ["question stated as fact"]),
        # a one-word tail that is no attribution verb
        ("Prices up", "Prices up, again", []),
    ],
)  # fmt: skip
def test_speaker_dropped(title: str, headline: str, expected: list[str]) -> None:
    assert claims.changes(title, headline, "") == expected


def test_the_speaker_of_a_later_full_headline_is_found() -> None:
    got = claims.changes(
        "Impeachment completely debunked",
        "Impeachment sham completely debunked",
        "",
        ["Why the impeachment was debunked", "Impeachment sham completely debunked: White House"],
    )
    assert got == ["attribution dropped: White House"]


@pytest.mark.parametrize(
    ("title", "headline", "expected"),
    [
        ("Thousands of American teachers pack statehouses for protest",
         "Thousands of teachers pack Indiana Statehouse for protest",
         ["generalised: Indiana -> American"]),
        # a state replaced by a country
        ("Mexico border town overwhelmed by migrants",
         "Texas border town overwhelmed by migrants", ["generalised: Texas -> Mexico"]),
        # the country was in the headline already
        ("US teachers pack statehouse", "US teachers pack Indiana Statehouse", []),
        # the state is still in the title
        ("Indiana teachers lead American protest", "Indiana teachers protest", []),
        # one country for another is no generalisation
        ("Canadian teachers strike over pay", "US teachers strike over pay", []),
        # an alliance is no local place
        ("US troops to stay in Baltic states", "NATO troops to stay in Baltic states", []),
    ],
)  # fmt: skip
def test_place_generalised(title: str, headline: str, expected: list[str]) -> None:
    assert claims.changes(title, headline, "") == expected
