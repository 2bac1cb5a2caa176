"""Durations in the rule config: ``"7d"``, ``"48h"``, ``"90m"`` or a number of hours."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from typing import Any

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([dhm])\s*$")
_UNITS = {"d": 86400.0, "h": 3600.0, "m": 60.0}


@lru_cache(maxsize=64)
def parse_duration(value: Any) -> timedelta:
    """``value`` as a timedelta; ValueError (one line) when it is not a positive duration."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value) * 3600.0
    elif isinstance(value, str) and (found := _DURATION.match(value.lower())):
        seconds = float(found.group(1)) * _UNITS[found.group(2)]
    else:
        raise ValueError('must be a duration such as "7d", "48h" or "90m" (or hours)')
    if seconds <= 0:
        raise ValueError("must be a duration above 0")
    return timedelta(seconds=seconds)


def is_duration(value: Any) -> str | None:
    """The config check: None when ``value`` is a duration, else the complaint."""
    try:
        parse_duration(value)
    except ValueError as exc:
        return str(exc)
    return None
