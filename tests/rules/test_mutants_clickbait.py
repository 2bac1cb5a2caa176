"""clickbait (the headline-style model blogspam uses): its features and pinned probabilities."""

from __future__ import annotations

import math

import pytest

from bot.rules import clickbait


def test_typographic_apostrophes_read_as_ascii() -> None:
    assert clickbait.features("Here’s why") == ["here's", "why", "here's why"]
    assert clickbait.features("Here's why") == ["here's", "why", "here's why"]


def test_a_word_the_model_never_saw_adds_nothing() -> None:
    # Only the prior (0.0024) is left: 1 / (1 + e^-0.0024)
    assert clickbait.probability("zzqx") == pytest.approx(0.5006, abs=1e-4)
    assert clickbait.probability("Mayor zzqx") == pytest.approx(0.0826, abs=1e-4)


def test_pinned_probabilities() -> None:
    assert clickbait.probability("Here’s why oil prices are falling") == pytest.approx(
        0.99253, abs=1e-5
    )


def test_the_log_odds_are_clamped_at_30() -> None:
    # Far past the clamp either way: exactly the logistic of +30 and -30.
    bait = "Which TV Female Friend Group Do You Belong In"
    news = "France wins, Iraq crash kills 9, Afghanistan dies at dawn: Wikinews"
    assert clickbait.probability(bait) == 1.0 / (1.0 + math.exp(-30.0))
    assert clickbait.probability(news) == 1.0 / (1.0 + math.exp(30.0))
    assert clickbait.probability(news) > 0.0
