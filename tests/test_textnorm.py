"""normalize_title: the ASCII shortcut gives what the full Unicode normalisation gives."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from bot.textnorm import _QUOTES, normalize_title, words

_SPACE = re.compile(r"\s+")


def _unicode_path(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Kim  Says\tHe Is `Open`\n", "kim says he is 'open'"),
        ("\u201cQuoted\u201d \u2014 Stra\u00dfe", '"quoted" - strasse'),
        ("\ufb01rst\u00a0\u2009news", "first news"),
        ("", ""),
    ],
)
def test_normalize_title(text, expected):
    assert normalize_title(text) == expected
    assert normalize_title(text) == _unicode_path(text)


def test_every_ascii_character_takes_either_path_alike():
    for code in range(128):
        text = f"A{chr(code)}b {chr(code)}"
        assert normalize_title(text) == _unicode_path(text), code


def test_random_ascii_strings():
    rnd = random.Random(3)
    for _ in range(20000):
        text = "".join(chr(rnd.randrange(128)) for _ in range(rnd.randrange(10)))
        assert normalize_title(text) == _unicode_path(text), repr(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. isn't `here` \u2014 yet", ["u.s", "isn't", "here", "yet"]),
        ("Kim\u2019s  \u201cDeal\u201d", ["kim's", "deal"]),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


def test_random_unicode_strings():
    # The Unicode path maps only the quote characters it finds: the same as translating all.
    rnd = random.Random(5)
    alphabet = [*map(chr, _QUOTES), "a", "Z", " ", "\t", "\u2003", "\u00df", "\ufb01", "\u0130"]
    alphabet += ["\u00e9", "e\u0301", "\u2460", "\u3000", "\x1c", "'", '"', "-"]
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(1, 12))) + "\u00e9"
        assert normalize_title(text) == _unicode_path(text), repr(text)
