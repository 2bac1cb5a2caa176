"""Headline helpers: the quick paths give what the regexes give."""

from __future__ import annotations

import json
import random
from pathlib import Path

from bot.rules.data import titles
from bot.rules.editorialized_title import _keys, _verbatim

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def _texts() -> list[str]:
    rnd = random.Random(5)
    words = ["Kim", "BBC", "|", "-", "--", ":", "•", "·", "::", "a:b", "(AP)", "[Live]", "x-y"]
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


def test_split_parts_is_the_separator_split() -> None:
    for text in _texts():
        expected = [p.strip() for p in titles._SEPARATOR.split(text) if p and p.strip()]
        assert titles.split_parts(text) == expected, repr(text)


def test_strip_decorations_without_brackets_is_the_regex_answer() -> None:
    # The bracket regex is skipped on a text with neither "(" nor "[": it cannot match there.
    for text in _texts():
        if "(" not in text and "[" not in text:
            assert titles._BRACKETED.search(text) is None


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
