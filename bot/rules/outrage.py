"""Outrage in plain words, for ragebait: no capitals, no "SHOCK", no "!!!".

Signals, each with a weight (summed by ``bot.rules.ragebait``):

- phrases of data/outrage.txt by category: insults for the people in the story, grisly verbs,
  sarcastic asides, conspiracy framing, blame framing;
- an appended aside: one of those phrases in the title's last clause ("…, as usual",
  "… - humanity at its finest") counts more;
- a sweeping claim about a whole group or nation ("Chinese people will eat anything", "all
  migrants", "the whole world"), the groups being data/countries.txt's demonyms and a few
  others;
- a phrase the article's own headline uses counts half (the publisher's wording); one the
  headline does not use counts more (chosen by the poster), a grisly verb most;
- strongly negative words (VADER valence -1.5 or less) the poster added: the article's
  headlines and lead do not use them ("pathetic", "useless", "dumped");
- a title much angrier than the article's own headline: VADER sentiment (vaderSentiment, MIT;
  a lexicon rated by people, shipped inside the package, nothing downloaded) of the title
  against the headline. A grim headline ("Gunmen kill 19") reposted as it is scores the same
  as its title and adds nothing; a rewrite that adds anger does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from bot.rules.data import load_lines
from bot.textnorm import normalize_title

#: What a phrase in the title's last clause adds (the aside a poster appends).
APPENDED_BONUS = 0.3
APPENDED_CATEGORIES = frozenset({"insult", "sarcasm", "aside", "blame", "conspiracy"})
SWEEPING_WEIGHT = 0.5
SWEEPING_CLAIM_WEIGHT = 0.6  # "Chinese people will ...": a claim about the whole group
MAX_PER_CATEGORY = 2
GRISLY_CHOSEN = 0.6  # a grisly verb the article's headline does not use
CHOSEN = 1.25  # any other phrase the headline does not use
WORLD_WEIGHT = 0.3
#: VADER compound scores: a title at or below ``ANGRY`` and this much below its headline.
ANGRY = -0.5
SHARPER_BY = 0.4
SHARPER_WEIGHT = 0.35
NEGATIVE_WORD = -1.0  # VADER valence of a word that can make a title angrier
NEGATIVE_ADDED = -1.5  # ... and of one that counts as added negativity
NEGATIVE_ADDED_WEIGHT, NEGATIVE_MORE = 0.25, 0.1
SENTIMENT_CAP = 0.45
_WORDS = re.compile(r"[a-z][a-z'-]*")

_GROUPS = (
    "muslims christians jews immigrants migrants refugees liberals conservatives leftists "
    "republicans democrats boomers millennials cops politicians men women tourists foreigners "
    "westerners elites"
)
_CLAUSE = re.compile(r"\s[-–—|]\s|[,;:]\s|\.\.\.\s?|…\s?")


@dataclass
class Outrage:
    score: float = 0.0
    signals: list[str] = field(default_factory=list)  # "insult: clown", "sweeping claim: ..."
    sentiment: dict[str, float] = field(default_factory=dict)  # {"title": ..., "headline": ...}

    def evidence(self) -> dict[str, Any]:
        out: dict[str, Any] = {"outrage": self.signals}
        if self.sentiment:
            out["sentiment"] = self.sentiment
        return out


@cache
def _categories() -> tuple[tuple[str, float, re.Pattern[str]], ...]:
    """(category, weight, regex) from data/outrage.txt."""
    out: list[tuple[str, float, list[str]]] = []
    for line in load_lines("outrage.txt"):
        if line.startswith("["):
            name, weight = line.strip("[]").split()
            out.append((name, float(weight), []))
            continue
        word = re.escape(line.rstrip("*")) + (r"\w*" if line.endswith("*") else r"\b")
        out[-1][2].append(word)
    return tuple(
        (name, weight, re.compile(r"\b(?:" + "|".join(words) + ")")) for name, weight, words in out
    )


@cache
def _groups() -> frozenset[str]:
    """Demonyms and country names (data/countries.txt, one word) and a few other groups."""
    out: set[str] = set(_GROUPS.split())
    for line in load_lines("countries.txt"):
        for alias in line.split("|"):
            alias = alias.strip()
            if " " not in alias and alias[:1].isupper():
                out.add(alias.casefold())
    return frozenset(out)


_QUANTIFIED = re.compile(r"\b(?:all|every|typical|these|those)\s+([a-z]+?)s?\b")
_GROUP_PEOPLE = re.compile(
    r"\b([a-z]+) people\b(\s+(?:are|will|always|never|just|can't|cannot|don't|won't|love|hate)\b)?"
)
_WORLD = re.compile(r"\b(?:the (?:whole|entire) world|the west|humanity|everyone knows)\b")


def _sweeping_claim(text: str) -> tuple[str, float] | None:
    """(the words, their weight) of a claim about a whole group or nation in ``text``."""
    groups = _groups()
    for found in _QUANTIFIED.finditer(text):
        if found.group(1) in groups or f"{found.group(1)}s" in groups:
            return found.group(0), SWEEPING_WEIGHT
    for found in _GROUP_PEOPLE.finditer(text):
        if found.group(1) in groups:
            weight = SWEEPING_CLAIM_WEIGHT if found.group(2) else SWEEPING_WEIGHT
            return found.group(0), weight
    return None


@cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def lexicon() -> dict[str, float]:
    """VADER's word valences (-4 .. 4), shared with bot.rules.claims."""
    table: dict[str, float] = _analyzer().lexicon
    return table


def sentiment(text: str) -> float:
    """VADER's compound score of ``text`` (-1 very negative .. 1 very positive)."""
    return float(_analyzer().polarity_scores(text)["compound"])


def score(title: str, headline: str | None = None, article_text: str = "") -> Outrage:
    """The outrage signals of ``title`` (and its anger against the article's ``headline``;
    ``article_text``: the article's other headlines and lead, for the words it uses)."""
    text = normalize_title(title)
    result = Outrage()
    last = _last_clause_start(text)
    bonus = False
    said = normalize_title(headline) if headline else ""
    for name, weight, regex in _categories():
        for n, found in enumerate(regex.finditer(text)):
            if n == MAX_PER_CATEGORY:
                break
            phrase = found.group(0)
            if said and phrase in said:
                weight /= 2  # the publisher's own wording, not the poster's
            elif name == "grisly" and said:
                weight = GRISLY_CHOSEN  # the article said it in plain words; the poster did not
            elif said:
                weight *= CHOSEN  # a framing the poster added to the article's headline
            result.signals.append(f"{name}: {phrase}")
            result.score += weight / (n + 1)  # a second phrase of a category counts half
            if last and found.start() >= last and name in APPENDED_CATEGORIES:
                bonus = True
    if bonus:
        result.signals.append("appended aside")
        result.score += APPENDED_BONUS
    claim = _sweeping_claim(text)
    if claim:
        result.signals.append(f"sweeping claim: {claim[0]}")
        result.score += claim[1]
    world = _WORLD.search(text)
    if world:
        result.signals.append(f"sweeping claim: {world.group(0)}")
        result.score += WORLD_WEIGHT
    if headline and text != normalize_title(headline):
        # Both read VADER's lexicon: together they weigh at most SENTIMENT_CAP, so sentiment
        # alone never makes a finding (a rewrite can be grim without being ragebait).
        before = result.score
        _negative_added(text, f"{headline} {article_text}", result)
        _sharper(title, headline, result)
        result.score = min(result.score, before + SENTIMENT_CAP)
    return result


def _negative_added(text: str, article: str, result: Outrage) -> None:
    """Strongly negative words (VADER) the poster added: the article does not use them."""
    valence = lexicon()
    used = set(_WORDS.findall(article.lower()))
    added = [w for w in dict.fromkeys(_WORDS.findall(text)) if w not in used]
    negative = [w for w in added if valence.get(w, 0.0) <= NEGATIVE_ADDED]
    if negative:
        result.signals.append("negative words added: " + ", ".join(negative[:4]))
        result.score += NEGATIVE_ADDED_WEIGHT + (NEGATIVE_MORE if len(negative) > 1 else 0.0)


def _sharper(title: str, headline: str, result: Outrage) -> None:
    # Only a negative word the headline does not have can make the title angrier: without one,
    # VADER is not asked (most edited titles have none).
    valence = lexicon()
    said = set(_WORDS.findall(headline.lower()))
    if not any(
        valence.get(w, 0.0) <= NEGATIVE_WORD for w in _WORDS.findall(title.lower()) if w not in said
    ):
        return
    own, theirs = sentiment(title), sentiment(headline)
    if own <= ANGRY and own - theirs <= -SHARPER_BY:
        result.sentiment = {"title": round(own, 2), "headline": round(theirs, 2)}
        result.signals.append(f"angrier than the headline ({own:.2f} vs {theirs:.2f})")
        result.score += SHARPER_WEIGHT


def _last_clause_start(text: str) -> int:
    """Where the title's last clause starts (0 when it has one clause); a mark that ends the
    title ("..., as usual...") starts none."""
    ends = [m.end() for m in _CLAUSE.finditer(text) if m.end() < len(text)]
    return ends[-1] if ends else 0
