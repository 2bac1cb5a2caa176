"""ragebait in plain words (bot.rules.outrage): insults, asides, sweeping claims, grisly verbs,
conspiracy and blame framing, and a title angrier than its article's headline."""

from __future__ import annotations

import pytest

from bot.rules import outrage, ragebait
from bot.rules.data import load_lines
from tests.rules.conftest import RunRule

URL = "https://news.example.com/world/story"


@pytest.mark.parametrize(
    ("title", "signal"),
    [
        ("Mourinho replaces Pochettino at Tottenham, because Levy is a clueless clown", "insult"),
        ("Oil falls again and stocks hit highs - but sure, the economy is fine", "sarcasm"),
        ("Thieves take 6,000 masks from a Kobe hospital - humanity at its finest", "sarcasm"),
        ("Chinese people will eat anything and now the plague is back", "sweeping claim"),
        ("The official story of the prison deaths is a cover-up", "conspiracy"),
    ],
)
def test_plain_outrage_titles_flag(run_rule: RunRule, title: str, signal: str) -> None:
    finding = run_rule(ragebait, URL, title=title, status="unreachable")
    assert finding is not None, title
    assert any(s.startswith(signal) for s in finding.evidence["outrage"])
    assert signal in finding.message


@pytest.mark.parametrize(
    "title",
    [
        "Gunmen kill at least 19 at Tunisia's most renowned museum",
        "3 pro-Morales demonstrators killed in clashes with Bolivia's police",
        "Chinese people celebrate the new year in Beijing",
        "Son of former German president stabbed to death in Berlin",
        "Welcome to the new normal: offices reopen in Seoul",
    ],
)
def test_grim_news_in_plain_words_does_not_flag(run_rule: RunRule, title: str) -> None:
    assert run_rule(ragebait, URL, title=title, status="unreachable") is None


def test_a_grisly_verb_the_article_did_not_use_counts_more() -> None:
    title = "Hunter found riddled with bullets in the jungle"
    plain = outrage.score(title)
    against = outrage.score(title, "Hunter found dead with gunshot wounds")
    assert against.score > plain.score
    assert "grisly: riddled with bullets" in against.signals


def test_the_publishers_own_wording_counts_half() -> None:
    title = "The sharing economy is a lie: the truth about tech"
    assert outrage.score(title, title).score < outrage.score(title).score


def test_a_title_angrier_than_its_headline_is_a_signal(run_rule: RunRule) -> None:
    headline = "Thousands of teachers pack Indiana Statehouse for protest"
    title = "Greedy, disgusting teachers shut down schools"
    finding = run_rule(ragebait, URL, title=title, headline=headline)
    assert finding is not None
    assert finding.evidence["sentiment"]["title"] < finding.evidence["sentiment"]["headline"]
    assert any(s.startswith("angrier than the headline") for s in finding.evidence["outrage"])


def test_the_same_grim_headline_reposted_is_not_angrier() -> None:
    headline = "Gunmen kill at least 19 at Tunisia museum"
    assert outrage.score(headline.lower(), headline).sentiment == {}


def test_every_category_of_the_list_has_a_weight() -> None:
    headers = [line for line in load_lines("outrage.txt") if line.startswith("[")]
    assert {h.strip("[]").split()[0] for h in headers} >= {
        "insult", "grisly", "sarcasm", "aside", "conspiracy", "blame"
    }  # fmt: skip


def test_negative_words_the_poster_added_support_other_signals() -> None:
    headline = "Deval Patrick takes nascent 2020 campaign to South Carolina"
    added = outrage.score("Deval Patrick's doomed campaign limps into South Carolina", headline)
    assert any(s.startswith("negative words added") for s in added.signals)
    # Sentiment alone (added words, an angrier tone) never makes a finding.
    assert added.score < 0.6
    grim = "Gunmen kill at least 19 at Tunisia museum"
    assert outrage.score(grim, grim, "gunmen kill 19 tourists at the museum").signals == []


def test_a_blame_idiom_the_poster_added_is_enough(run_rule: RunRule) -> None:
    title = "Russia and Syria pretend to care about refugees"
    headline = "Russia and Syria: U.S.-backed Syrian Forces Blocking Refugee Return"
    assert run_rule(ragebait, URL, title=title, headline=headline) is not None
    assert run_rule(ragebait, URL, title=title, status="unreachable") is None  # 0.5 alone
