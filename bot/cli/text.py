"""Text for a terminal: one line, no control or invisible characters, shortened to a width."""

from __future__ import annotations

import re

from bot import evidence

#: C0/C1 control characters (ESC among them): a stored title must not drive the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Invisible format characters: bidi embeddings, overrides, isolates and marks (U+202A-202E,
#: U+2066-2069, U+200E/F, U+061C), zero-width spaces and joiners (U+200B-200D, U+2060, U+FEFF),
#: the soft hyphen, Mongolian vowel separator and tag characters: a title must not reorder or
#: hide the text around it ("Trojan Source"), so they are dropped.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)
#: The longest text one field of the CLI's text output shows (the rest becomes "…").
MAX_FIELD = 300


def terminal_safe(text: str, width: int | None = None) -> str:
    """One line: whitespace collapsed, control characters shown as U+FFFD, bidi controls and
    zero-width characters dropped, and at most ``width`` characters (cut at a word, with "…")."""
    text = _CONTROL.sub("\ufffd", " ".join(_INVISIBLE.sub("", text).split()))
    if width is not None and len(text) > width:
        return evidence.shorten(text, max(width, 1))
    return text


def shorten(text: str, width: int) -> str:
    """``text`` made safe for a terminal and cut at a word (never mid-word when a space allows)."""
    return terminal_safe(text, width)
