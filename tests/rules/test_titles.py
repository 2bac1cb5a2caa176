"""Headline helpers: the quick paths give what the regexes give."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from bot.rules.data import titles
from bot.rules.data.lexicon import tokens
from bot.rules.editorialized_title import _keys, _verbatim

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def _texts() -> list[str]:
    rnd = random.Random(5)
    words = ["Kim", "BBC", "|", "-", "--", ":", "•", "·", "::", "a:b", "(AP)", "[Live]", "x-y"]
    words += ["BBC News", "x:|y", "Breaking:", "(", "]", "shocking", "CNN", "\u2014", "\u00a0"]
    texts = [
        rnd.choice(["", " ", "\t"]).join(
            rnd.choice(words) + rnd.choice([" ", "", "  "]) for _ in range(6)
        )
        for _ in range(3000)
    ]
    path = CORPUS / "headlines.jsonl"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines()[:3000]:
            texts.append(json.loads(line).get("expected_title") or "")
    return [*texts, "", "   ", "Plain headline", "Headline – BBC News", "Ukraine war: talks"]


# The regexes as first written (without the look-ahead that makes them quicker).
SEPARATOR = re.compile(r"\s+(?:\||-{1,2}|•|·|::)\s+|\s*\|\s*|(?<=\w):\s+")
BRACKETED = re.compile(r"^\s*[\[(]([^\])]{1,40})[\])]\s*|\s*[\[(]([^\])]{1,40})[\])]\s*$")


def _split(text: str) -> list[str]:
    return [p.strip() for p in SEPARATOR.split(text) if p and p.strip()]


def _strip(text: str, site_words: frozenset[str]) -> str:
    text = titles.normalise_display(text).strip()
    for _ in range(3):
        before = text
        text = titles._LEADING_TAG.sub("", text)
        match = BRACKETED.search(text)
        if match:
            inner = match.group(1) or match.group(2) or ""
            if len(inner.split()) <= 4 and not titles.has_loaded(inner):
                text = (text[: match.start()] + " " + text[match.end() :]).strip()
        if text == before:
            break
    parts = _split(text)
    while len(parts) > 1 and titles.is_site(parts[-1], site_words):
        parts.pop()
    while len(parts) > 1 and titles.is_site(parts[0], site_words):
        parts.pop(0)
    return " | ".join(parts)


def _variants(text: str, site_words: frozenset[str]) -> list[str]:
    core = _strip(text, site_words)
    parts = _split(core)
    out = [core, *parts]
    out.extend(" | ".join(parts[:k]) for k in range(2, len(parts)))
    return list(dict.fromkeys(p for p in out if p))


def test_split_parts_is_the_separator_split() -> None:
    for text in _texts():
        assert titles.split_parts(text) == _split(text), repr(text)


def test_bracket_search_is_the_first_regex() -> None:
    for text in _texts():
        new, old = titles._BRACKETED.search(text), BRACKETED.search(text)
        assert (new and (new.span(), new.groups())) == (old and (old.span(), old.groups()))


def test_decorations_and_variants_as_first_written() -> None:
    site = frozenset({"bbc", "bbc news", "cnn"})
    for text in _texts():
        assert titles.strip_decorations(text, site) == _strip(text, site), repr(text)
        assert titles.variants(text, site) == _variants(text, site), repr(text)
        given = titles.stripped_parts(text, site)
        assert titles.variants(text, site, given) == _variants(text, site)


def test_verbatim_keeps_the_first_variant_with_the_same_words() -> None:
    title = "Kim Jong Un wants Trump back, elite defector tells BBC"
    quoted = "“Kim Jong Un wants Trump back”, elite defector tells BBC"
    seen: list[tuple[str, str]] = []
    found = _verbatim(title, _keys(title), iter([("og:title", quoted), ("h1", title)]), seen)
    assert found == (quoted, "og:title")
    assert seen == [("og:title", quoted)]
    seen.clear()
    found = _verbatim(title, _keys(title), iter([("h1", title), ("og:title", quoted)]), seen)
    assert found == (title, "h1")
    assert _verbatim(title, _keys(title), iter([("h1", "Another story")]), []) is None


def test_key_for_an_ascii_text_is_the_key() -> None:
    checked = 0
    for text in [*_texts(), "Texas's U.S. co-op don't", "caf\u00e9 \u2019s STRASSE Stra\u00dfe"]:
        text_key = titles.key_for(text)
        for token in tokens(text):
            assert text_key(token) == titles.key(token), (text, token)
            checked += 1
        assert (text_key is str.lower) == text.isascii()
    assert checked > 1000
