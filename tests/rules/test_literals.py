"""The literal pre-test: never says "cannot match" for a text the regex matches."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from bot.rules.data import literals
from bot.rules.data.literals import LiteralIndex, Literals, may_match, required_literals
from bot.rules.data.ragebait_patterns import PATTERNS
from bot.textnorm import normalize_title

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bshock(?:ing|ingly)\b", {"shocking"}),  # the parser factors out "ing"
        (r"\bwtf\b|\bomg\b", {"wtf", "omg"}),
        (r"\bgone (?:wrong|viral)\b", {"gone "}),
        (r"!{2,}", {"!"}),
        (r"x(?:ab)+y", {"ab"}),
        (r"(?:ab)*", None),  # may match nothing at all
        (r"[abc]\d+", None),
        (r"(?:foo|[xy])", None),  # one branch needs nothing
        (r"(?i:fire)works", {"works"}),  # the case-insensitive part is not a literal
        (r"(?!no)yes", {"yes"}),
    ],
)
def test_required_literals(pattern: str, expected: set[str] | None) -> None:
    found = required_literals(re.compile(pattern))
    assert (None if found is None else set(found)) == expected


def test_case_insensitive_pattern_requires_nothing() -> None:
    assert required_literals(re.compile("fire", re.IGNORECASE)) is None
    assert may_match(None, "anything")


def test_without_the_private_parser_every_pattern_is_scanned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Python whose ``re`` lacks ``_parser``: no shortcut, never a wrong "cannot match"."""
    monkeypatch.setattr(literals, "_sre_parse", None)
    assert required_literals(re.compile(r"\bshocking\b")) is None
    assert may_match(None, "a title without the word")


def _texts() -> list[str]:
    rnd = random.Random(7)
    words = ["you", "won't", "believe", "what", "happened", "next", "epic", "takedown"]
    words += ["slams", "shocking", "!!!", "?!", "a", "the"]
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randrange(1, 9))) for _ in range(3000)]
    for name in ("clickbait.jsonl", "headlines.jsonl"):
        path = CORPUS / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines()[:4000]:
                item = json.loads(line)
                texts.append(item.get("title") or item.get("expected_title") or "")
    return [normalize_title(t) for t in texts]


def test_never_rejects_a_matching_title() -> None:
    texts = _texts()
    matched = 0
    for pattern in PATTERNS:
        needs = required_literals(pattern.regex)
        for text in texts:
            if pattern.regex.search(text):
                matched += 1
                assert may_match(needs, text), (pattern.label, text)
    assert matched > 100  # the texts exercise the patterns


def test_most_ragebait_patterns_have_a_pre_test() -> None:
    known = [p for p in PATTERNS if required_literals(p.regex) is not None]
    assert len(known) >= len(PATTERNS) - 3


def test_index_picks_the_patterns_may_match_lets_through() -> None:
    needs = [required_literals(pattern.regex) for pattern in PATTERNS]
    needs.append(None)  # a regex with no known literal is always a candidate
    index = LiteralIndex(needs)
    some = 0
    for text in _texts():
        expected = [i for i, lits in enumerate(needs) if may_match(lits, text)]
        assert index.candidates(text) == expected, text
        some += len(expected) > 1
    assert some > 100


def test_index_shares_a_literal_between_regexes() -> None:
    index = LiteralIndex([frozenset({"ab", "x"}), frozenset({"ab"}), None, frozenset({"zz"})])
    assert index.candidates("--ab--") == [0, 1, 2]
    assert index.candidates("x") == [0, 2]
    assert index.candidates("") == [2]


def test_index_finds_overlapping_and_prefix_literals() -> None:
    # Literals that are prefixes of others, overlap, or repeat: every text over their letters.
    needs: list[Literals | None] = [
        frozenset({"ab"}),
        frozenset({"abc", "d"}),
        frozenset({"bcd"}),
        frozenset({"c", "a.b"}),
        frozenset({"abcd"}),
    ]
    index = LiteralIndex(needs)
    rnd = random.Random(1)
    for _ in range(5000):
        text = "".join(rnd.choice("abcd.") for _ in range(rnd.randrange(0, 9)))
        expected = [i for i, lits in enumerate(needs) if may_match(lits, text)]
        assert index.candidates(text) == expected, text
