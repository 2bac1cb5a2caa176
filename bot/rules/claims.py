"""Changed claims with heavy word overlap, for editorialized-title.

A title can keep nearly every word of its headline and still say something else. Each change
found here is reported as it reads ("question stated as fact", "scope widened: across",
"plunge -> surge", "attribution dropped: White House"):

- a question headline ("Does X have $17 million?") posted as a statement: a claim the article
  asks about (often to debunk it) stated as fact;
- the scope widened: "across", "nationwide", "everywhere" ... added where the article has none
  of them (a local figure generalised to the whole country);
- a word swapped for its opposite: a short table of direction words (rise/fall, beat/miss,
  allowed/banned ...) and, beyond it, two words of opposite sentiment in VADER's lexicon
  (vaderSentiment, MIT) such as "plunge" / "soar";
- a speaker dropped: the headline's trailing "...: White House" or "..., experts warn" left out;
- a plan stated as done: the headline's "to lift" is the title's "lifts".
"""

from __future__ import annotations

import difflib
from itertools import pairwise

from bot.rules import outrage
from bot.rules.data import titles
from bot.rules.data.lexicon import places, tokens

SCOPE_WORDS = frozenset(
    {"across", "nationwide", "countrywide", "everywhere", "worldwide", "globally", "entire",
     "whole", "all"}
)  # fmt: skip
_OPPOSITES = (
    "rise fall", "rises falls", "rose fell", "up down", "gain loss", "gains losses",
    "beat miss", "beats misses", "surge plunge", "surges plunges", "soar plunge",
    "soars plunges", "increase decrease", "increases decreases", "higher lower",
    "more fewer", "more less", "win lose", "wins loses", "won lost", "allowed banned",
    "allows bans", "allow ban", "approves rejects", "approved rejected", "accepts rejects",
    "accepted rejected", "confirms denies", "confirmed denied", "guilty innocent",
    "acquitted convicted", "legal illegal", "open closed", "opens closes", "lifts imposes",
    "lifted imposed", "ends starts", "ended started", "best worst", "strong weak",
)  # fmt: skip
OPPOSITES: frozenset[tuple[str, str]] = frozenset(
    pair for line in _OPPOSITES for a, b in [line.split()] for pair in ((a, b), (b, a))
)
VALENCE_MIN = 1.0  # both words at least this far from neutral in VADER's lexicon
MAX_SPEAKER_WORDS = 4


def _valence() -> dict[str, float]:
    return outrage.lexicon()


def _keys(text: str) -> tuple[list[str], list[str]]:
    disp = tokens(text)
    return disp, list(map(titles.key_for(text), disp))


def changes(
    title: str,
    headline: str,
    article_text: str,
    full_headlines: list[str] = (),  # type: ignore[assignment]
    site_words: frozenset[str] = frozenset(),
) -> list[str]:
    """How ``title`` changes the claim of ``headline``, the headline variant it is closest to
    (``article_text``: the article's headlines and lead, normalised; ``full_headlines``: the
    headlines ``headline`` was cut from, for a speaker at their end; ``site_words``: the
    site's names, which are no speaker)."""
    out: list[str] = []
    if headline.rstrip().endswith("?") and "?" not in title:
        out.append("question stated as fact")
    t_keys = _keys(title)[1]
    h_keys = _keys(headline)[1]
    article = set(article_text.split())
    added = [k for k in t_keys if k not in h_keys]
    widened = [k for k in added if k in SCOPE_WORDS and k not in article]
    if widened:
        out.append("scope widened: " + ", ".join(dict.fromkeys(widened)))
    matcher = difflib.SequenceMatcher(a=h_keys, b=t_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        for a in h_keys[i1:i2]:
            for b in t_keys[j1:j2]:
                if _opposite(a, b):
                    out.append(f"{a} -> {b}")
    out.extend(_generalised(title, headline))
    out.extend(_done(h_keys, t_keys))
    cut = " ".join(h_keys)
    for full in (headline, *full_headlines):
        if cut not in " ".join(_keys(full)[1]):
            continue
        speaker = _speaker(full)
        if speaker and not titles.is_site(speaker, site_words):
            if not set(_keys(speaker)[1]) & set(t_keys):
                out.append(f"attribution dropped: {speaker}")
            break
    return list(dict.fromkeys(out))


def _generalised(title: str, headline: str) -> list[str]:
    """A place of the headline replaced by the whole country ("Indiana" -> "American")."""
    lexicon = places()
    said = {h.label: h for h in lexicon.find(headline)}
    put = {h.label: h for h in lexicon.find(title)}
    national = [h for label, h in put.items() if label not in said and _national(h.label, h.group)]
    local = [h for label, h in said.items() if label not in put and not _national(label, h.group)]
    local = [h for h in local if h.group in _PLACE_GROUPS and h.weight >= 1.0]
    if national and local:
        return [f"generalised: {local[0].text} -> {national[0].text}"]
    return []


_PLACE_GROUPS = frozenset({"us_terms", "us_places"})


def _national(label: str, group: str) -> bool:
    return group == "countries" or label == "United States"


def _done(h_keys: list[str], t_keys: list[str]) -> list[str]:
    """A plan stated as done: the headline's "to lift" is the title's "lifts" / "lifted"."""
    kept = set(pairwise(t_keys))
    out = []
    for a, verb in pairwise(h_keys):
        if a != "to" or len(verb) < 3 or ("to", verb) in kept:
            continue
        done = {f"{verb}s", f"{verb}es", f"{verb}ed", f"{verb}d", f"{verb[:-1]}ies"}
        if done & set(t_keys):
            out.append(f"plan stated as done: to {verb}")
    return out


def _opposite(a: str, b: str) -> bool:
    if (a, b) in OPPOSITES:
        return True
    valence = _valence()
    va, vb = valence.get(a, 0.0), valence.get(b, 0.0)
    return abs(va) >= VALENCE_MIN and abs(vb) >= VALENCE_MIN and (va > 0) != (vb > 0)


def _speaker(headline: str) -> str:
    """A speaker the headline ends with: "...: White House", "..., experts warn"."""
    text = headline.strip().rstrip(".")
    for sep in (": ", ", "):
        if sep not in text:
            continue
        tail = text.rsplit(sep, 1)[1].strip()
        words = tail.split()
        if not words or len(words) > MAX_SPEAKER_WORDS:
            continue
        keys = [titles.key(w) for w in words]
        if sep == ", " and keys[-1] in titles.ATTRIBUTIONS:
            return tail  # "..., experts warn"
        if sep == ": " and all(w[:1].isupper() for w in words) and not tail.endswith("?"):
            return tail  # "...: White House"
    return ""
