"""Text for a terminal: one line, no control characters, shortened to a width."""

from __future__ import annotations

import re

from bot import evidence

#: C0/C1 control characters (ESC among them): a stored title must not drive the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """One line with whitespace collapsed and control characters shown as U+FFFD."""
    return _CONTROL.sub("\ufffd", " ".join(text.split()))


def shorten(text: str, width: int) -> str:
    """``text`` made safe for a terminal and cut at a word (never mid-word when a space allows)."""
    text = terminal_safe(text)
    return text if len(text) <= width else evidence.shorten(text, max(width, 1))
