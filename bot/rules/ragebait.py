"""ragebait (guideline 4): sensational or shock wording, shouting and clickbait formulas in a title.

Report only by default: the rule hands a moderator the words that make a title ragebait, it does
not judge the story. Signals, summed into a score:

- wording patterns (bot/rules/data/ragebait_patterns.py): "you won't believe", "will leave you
  speechless", "the internet is losing it", "epic takedown", "shocking", "wtf", "!!!" ...;
  words newsrooms also use ("slams", "destroys", "outrage", "here's why", "10 things") are
  weighted so that they only count together with another signal;
- shouting: the share of ALL-CAPS words among words of four letters or more (acronyms such as
  NATO or FIFA and tags such as BREAKING excepted); a single shouted word counts more when it is
  itself a loaded word ("Macron SLAMS ...");
- emoji.

A finding needs ``score >= min_score``. Confidence grows with the score.

Params: ``min_score`` (0.6), ``caps_ratio`` (0.5), ``min_caps_words`` (2).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from bot.models import Finding
from bot.rules import outrage
from bot.rules.base import RuleContext
from bot.rules.data import load_set
from bot.rules.data.literals import LiteralIndex, required_literals
from bot.rules.data.ragebait_patterns import ACRONYMS, PATTERNS, TAGS
from bot.textnorm import normalize_title

log = logging.getLogger(__name__)

RULE_ID = "ragebait"
NEEDS_ARTICLE = False

DEFAULT_MIN_SCORE = 0.6
DEFAULT_CAPS_RATIO = 0.5
DEFAULT_MIN_CAPS_WORDS = 2
MAX_CHARS = 600  # a title is cut here: bounded work on hostile input

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\U00002600-\U000027bf\U0001f000-\U0001f2ff\U0001f900-\U0001f9ff]"
)


@dataclass(frozen=True)
class Score:
    """What a title scored and why."""

    score: float
    patterns: list[str] = field(default_factory=list)  # pattern labels
    matched: list[str] = field(default_factory=list)  # the text each pattern matched
    caps_ratio: float = 0.0
    caps_words: list[str] = field(default_factory=list)  # counted as shouting
    emoji: list[str] = field(default_factory=list)
    outrage: outrage.Outrage = field(default_factory=outrage.Outrage)

    def evidence(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 3),
            "patterns": self.patterns,
            "matched": self.matched,
            "caps_ratio": round(self.caps_ratio, 3),
            "caps_words": self.caps_words,
            "emoji": self.emoji,
            **self.outrage.evidence(),
        }


def check(ctx: RuleContext) -> Finding | None:
    title = ctx.post.title[:MAX_CHARS]
    if not title.strip():
        return None
    min_score = float(ctx.param("min_score", DEFAULT_MIN_SCORE))
    article = ctx.article
    result = score_title(
        title,
        caps_ratio_min=float(ctx.param("caps_ratio", DEFAULT_CAPS_RATIO)),
        min_caps_words=int(ctx.param("min_caps_words", DEFAULT_MIN_CAPS_WORDS)),
        headline=article.headline if article.readable else None,
        article_text=" ".join([*(c.text for c in article.candidates), *article.lead[:3]])
        if article.readable
        else "",
    )
    if result.score < min_score:
        return None
    confidence = round(min(0.95, 0.3 + 0.45 * result.score), 3)
    signals = list(result.patterns)
    if result.caps_words:
        signals.append(f"all caps ({', '.join(result.caps_words)})")
    if result.emoji:
        signals.append("emoji " + "".join(result.emoji))
    signals.extend(result.outrage.signals)
    return Finding(
        rule=RULE_ID,
        confidence=confidence,
        message=f"Title reads as ragebait or shock bait: {'; '.join(signals)}.",
        evidence=result.evidence(),
    )


def score_title(
    title: str,
    caps_ratio_min: float = DEFAULT_CAPS_RATIO,
    min_caps_words: int = DEFAULT_MIN_CAPS_WORDS,
    headline: str | None = None,
    article_text: str = "",
) -> Score:
    """Score a title (also used by the benchmark); ``check`` reports it at ``min_score``."""
    text = normalize_title(title)
    score = 0.0
    labels: list[str] = []
    matched: list[str] = []
    # Most titles hold none of a pattern's literals: one pass of `in` tests over the literals
    # of all patterns leaves the few whose regex must scan the title.
    for i in _literal_index().candidates(text):
        pattern = PATTERNS[i]
        found = pattern.regex.search(text)
        if found:
            score += pattern.weight
            labels.append(pattern.label)
            matched.append(found.group(0).strip())
    caps_words, ratio, caps_score = _shouting(title, caps_ratio_min, min_caps_words)
    emoji = [] if title.isascii() else _EMOJI.findall(unicodedata.normalize("NFC", title))
    score += caps_score + min(1.0, 0.5 * len(emoji))
    plain = outrage.score(title, headline, article_text)
    score += plain.score
    return Score(score, labels, matched, ratio, caps_words, emoji, plain)


@cache
def _literal_index() -> LiteralIndex:
    """The literals a title must contain for each of ``PATTERNS`` to match (by position)."""
    return LiteralIndex([required_literals(pattern.regex) for pattern in PATTERNS])


def _shouting(title: str, ratio_min: float, min_words: int) -> tuple[list[str], float, float]:
    """(shouted words, their share of the long words, the score they add)."""
    long_words = [
        w
        for w in _WORD.findall(title)
        if (len(w) if w.isalpha() else sum(ch.isalpha() for ch in w)) >= 4
    ]
    if not long_words:
        return [], 0.0, 0.0
    shouted = [w for w in long_words if w.isupper() and w not in ACRONYMS and w not in TAGS]
    ratio = len(shouted) / len(long_words)
    if len(shouted) >= min_words and ratio >= ratio_min:
        return shouted, ratio, 0.4 + 0.6 * ratio
    loaded = load_set("loaded_words.txt")
    emphatic = [w for w in shouted if w.casefold() in loaded]
    if emphatic:
        return emphatic, ratio, 0.6
    return [], ratio, 0.0
