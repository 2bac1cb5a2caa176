"""The five source rules never raise, whatever the post and the article hold."""

from __future__ import annotations

import random

import pytest

from bot.rules import (
    blogspam,
    not_original_source,
    paywall_no_archive,
    social_media_source,
    tabloid_source,
)

MODULES = [not_original_source, paywall_no_archive, tabloid_source, blogspam, social_media_source]
ALPHABET = "abc.:/@[]%0123456789xX\\#?&=amp \t\x00-_~ⓐ例()!'"
PREFIXES = ("http://", "https://", "", "HTTP://[", "https://amp.", "https://www.dailymail.co.uk")


def junk(rng: random.Random, size: int = 30) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, size)))


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.RULE_ID)
def test_rules_survive_junk(run_rule, module):
    rng = random.Random(module.RULE_ID)
    for _ in range(400):
        url = rng.choice(PREFIXES) + junk(rng)
        fields = {
            "final_url": rng.choice([None, url, "https://" + junk(rng)]),
            "canonical_url": rng.choice([None, "", "https://" + junk(rng), junk(rng)]),
            "lead": [junk(rng, 80), "The " + junk(rng) + " reported that " + junk(rng)],
            "paywalled": rng.random() < 0.5,
            "paywall_signals": [junk(rng, 10)],
            "blog_signals": [*rng.sample(sorted(blogspam.CONTENT_WEIGHTS), 2), junk(rng, 8)],
            "site_name": rng.choice([None, "", junk(rng)]),
        }
        finding = run_rule(module, url, body=junk(rng, 60), **fields)
        assert finding is None or finding.rule == module.RULE_ID
