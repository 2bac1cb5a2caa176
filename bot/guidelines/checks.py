"""The keys guidelines.toml accepts and the check of each value (a complaint, or None)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.dupes.duration import is_duration
from bot.models import ACTIONS

MODES = ("dry-run", "live")
REMOVALS = ("delete", "lock")
LEMMY_HANDLE = re.compile(r"^![\w.-]+@[\w.-]+\.[\w-]+$")

Check = Callable[[Any], str | None]  # returns the complaint, or None when the value is fine


def is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be true or false"


def is_str(v: Any) -> str | None:
    return None if isinstance(v, str) else "must be a string"


def is_unit(v: Any) -> str | None:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and 0.0 <= v <= 1.0
    return None if ok else "must be a number between 0 and 1"


def is_positive(v: Any) -> str | None:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and v > 0
    return None if ok else "must be a number above 0"


def is_count(v: Any) -> str | None:
    ok = isinstance(v, int) and not isinstance(v, bool) and v >= 1
    return None if ok else "must be a whole number of at least 1"


def is_templates(v: Any) -> str | None:
    ok = isinstance(v, list) and all(isinstance(t, str) and "{url}" in t for t in v)
    return None if ok else 'must be a list of strings containing "{url}"'


def is_weights(v: Any) -> str | None:
    ok = isinstance(v, dict) and all(is_unit(w) is None for w in v.values())
    return None if ok else "must be a table of names to numbers between 0 and 1"


def one_of(choices: tuple[str, ...]) -> Check:
    def check(v: Any) -> str | None:
        return None if v in choices else f"must be one of {', '.join(choices)}"

    return check


#: Keys every rule table accepts, and their checks.
RULE_KEYS: dict[str, Check] = {
    "enabled": is_bool,
    "guideline": is_count,
    "name": is_str,
    "text": is_str,
    "action": one_of(ACTIONS),
    "min_confidence": is_unit,
    "remove_confidence": is_unit,
}
#: Rule-specific parameters that may be written directly in the rule table (any other
#: parameter goes in the rule's free-form ``params`` table).
RULE_PARAMS: dict[str, dict[str, Check]] = {
    "not-original-source": {"check_lead": is_bool, "check_canonical": is_bool},
    "paywall-no-archive": {
        "trust_markup": is_bool,
        "archive_links": is_templates,
        "list_file_confidence": is_weights,
    },
    "editorialized-title": {"max_change": is_positive, "translation_confidence": is_unit},
    "ragebait": {"min_score": is_positive, "caps_ratio": is_unit, "min_caps_words": is_count},
    "tabloid-source": {"list_confidence": is_unit},
    "blogspam": {
        "min_signals": is_count,
        "list_confidence": is_unit,
        "signal_weights": is_weights,
    },
    "social-media-source": {"list_confidence": is_unit},
    "us-domestic-news": {
        "min_us_score": is_positive,
        "lead_paragraphs": is_count,
        "lead_weight": is_unit,
    },
    "duplicate-post": {
        "window": is_duration,
        "story_window": is_duration,
        "story_threshold": is_unit,
    },
}
COMMUNITY_KEYS = ("extends", "name", "description", "lemmy", "us_news_community",
                  "suggest_archive_links", "removal", "mode", "rules", "sources")  # fmt: skip
TOP_KEYS = ("mode", "default", "sources_dir", "communities")
