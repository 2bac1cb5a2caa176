"""Text normalisation shared by headline extraction, the title rules and the benchmarks."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ",
        "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
    }
)  # fmt: skip
# The characters _QUOTES maps, found by one scan; each match is looked up (str.translate looks
# up every character of a non-ASCII text).
_QUOTE_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in _QUOTES) + "]")
_QUOTE_MAP: dict[str, str] = {chr(code): str(to) for code, to in _QUOTES.items()}


def normalize_title(text: str) -> str:
    """NFKC, casefold, map typographic quotes/dashes to ASCII, collapse whitespace.

    This is the comparison used by the headline benchmark ("exact match") and by the title rules.
    """
    if text.isascii():
        # The same answer without the Unicode work: ASCII is NFKC-stable, the backtick is the
        # one ASCII character _QUOTES maps, casefold is lower, and split() splits on exactly
        # the characters \s matches.
        if "`" in text:
            text = text.replace("`", "'")
        return " ".join(text.lower().split())
    text = unicodedata.normalize("NFKC", text)
    text = _QUOTE_CHARS.sub(_quote, text).casefold()
    return " ".join(text.split())  # split() splits on exactly the characters \s matches


def _quote(found: re.Match[str]) -> str:
    return _QUOTE_MAP[found.group()]


_WORD = re.compile(r"[\w][\w'\-.]*[\w]|[\w]", re.UNICODE)


def words(text: str) -> list[str]:
    """Normalised word tokens (letters/digits, keeping inner apostrophes, hyphens and dots)."""
    return _WORD.findall(normalize_title(text))
