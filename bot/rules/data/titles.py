"""Headline text as newsrooms decorate it: site names, tags, kickers and "headline | subhead".

Used by the editorialized-title rule to compare a post title with the parts of each headline,
not with its decorations: "BREAKING:", "[Update]", "(Reuters)", "- BBC News", "Ukraine war:".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from bot.rules.data import load_set
from bot.rules.data.lexicon import tokens
from bot.textnorm import normalize_title

#: Words whose addition or removal changes what a headline claims, and helpers to tell
#: a translation from an edit (editorialized-title).
# fmt: off
NEGATIONS = frozenset({
    "not", "no", "never", "nor", "without", "cannot", "can't", "won't", "don't", "doesn't",
    "didn't", "isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "shouldn't",
    "wouldn't", "couldn't", "fails", "failed", "fail", "falsely", "wrongly",
})
ATTRIBUTIONS = frozenset({
    "says", "said", "say", "claims", "claimed", "reports", "denies", "denied", "warns", "warn",
    "warned", "alleges", "insists", "insist", "suggests", "argues", "believes", "believe",
})
#: Hedges and modality: a forecast, plan or rumour ("expected", "eyes", "plans") dropped from a
#: title states it as done.
HEDGES = frozenset({
    "reportedly", "allegedly", "alleged", "suspected", "accused", "may", "might", "could",
    "likely", "possibly", "expected", "expects", "expect", "plans", "planned", "considering",
    "mulls", "weighs", "eyes", "eyeing", "rumored", "rumoured", "probably", "predicted",
    "projected", "forecast", "proposed", "proposes", "would", "chances", "odds", "bid", "hopes",
    "seeks", "vows", "aims", "threatens", "wants",
})
PRONOUNS = frozenset({
    "he", "she", "they", "it", "him", "her", "them", "his", "its", "their", "hers", "theirs",
})
ENGLISH_MARKERS = frozenset({
    "the", "of", "and", "to", "for", "with", "from", "after", "says", "said", "is", "are", "was",
    "were", "has", "have", "its", "their", "his", "her", "this", "that", "over", "into", "about",
    "amid", "against", "new",
})
# fmt: on
WIRES = frozenset({"reuters", "ap", "afp", "associated press", "bloomberg", "dpa", "upi"})
TAG_WORDS = (
    "breaking news|breaking|update|updated|exclusive|live updates|live blog|live|watch|video|"
    "photos|opinion|analysis|fact check|fact-check|column|review|interview|podcast|obituary|op-ed|"
    "explainer|just in|developing|report|editorial|comment"
)
_LEADING_TAG = re.compile(rf"^\s*(?:{TAG_WORDS})\s*[:|\-]\s+", re.IGNORECASE)
# Each regex starts with a look-ahead for the characters a match can start with: re then
# rejects most positions with one test instead of trying every branch there.
_BRACKETED = re.compile(
    r"(?=[\s\[(])(?:^\s*[\[(]([^\])]{1,40})[\])]\s*|\s*[\[(]([^\])]{1,40})[\])]\s*$)"
)
_SEPARATOR = re.compile(r"(?=[\s|:])(?:\s+(?:\||-{1,2}|•|·|::)\s+|\s*\|\s*|(?<=\w):\s+)")
# Each separator has one of these; a headline with none is one part (and no regex scan).
_SEPARATOR_CHARS = ("|", "-", ":", "\u2022", "\u00b7")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-"})


def normalise_display(text: str) -> str:
    """NFKC with every dash as ``-``; case and quotes kept for display."""
    if text.isascii():  # NFKC-stable, and every dash mapped is non-ASCII
        return text
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def is_site(segment: str, site_words: frozenset[str]) -> bool:
    """Whether a headline part is the site's or a wire service's name ("BBC News", "Reuters")."""
    seg = normalize_title(segment)
    if not seg:
        return True
    if seg in WIRES or seg in site_words:
        return True
    bare = seg.removeprefix("the ").removesuffix(" news").removesuffix(" online").strip()
    return bare in site_words or any(fuzz.ratio(seg, name) >= 90 for name in site_words)


def strip_decorations(text: str, site_words: frozenset[str]) -> str:
    """Remove tags ("BREAKING:", "[Update]", "(Reuters)") and a leading/trailing site name."""
    return " | ".join(stripped_parts(text, site_words))


def stripped_parts(text: str, site_words: frozenset[str]) -> list[str]:
    """The parts of ``text`` left when its decorations are removed (``strip_decorations``)."""
    text = normalise_display(text).strip()
    for _ in range(3):
        before = text
        text = _LEADING_TAG.sub("", text)
        match = _BRACKETED.search(text) if "(" in text or "[" in text else None
        if match:
            inner = match.group(1) or match.group(2) or ""
            if len(inner.split()) <= 4 and not has_loaded(inner):
                text = (text[: match.start()] + " " + text[match.end() :]).strip()
        if text == before:
            break
    parts = split_parts(text)
    while len(parts) > 1 and is_site(parts[-1], site_words):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0], site_words):
        parts.pop(0)
    return parts


def has_loaded(text: str) -> bool:
    """Whether the text holds a loaded word (then a "[tag]" is the poster's verdict, not a tag)."""
    loaded = load_set("loaded_words.txt")
    return any(key(t) in loaded for t in tokens(text))


def split_parts(text: str) -> list[str]:
    """Split on headline separators: " | ", " - ", " • ", "headline: subhead"."""
    if not any(map(text.__contains__, _SEPARATOR_CHARS)):
        text = text.strip()
        return [text] if text else []
    return [p.strip() for p in _SEPARATOR.split(text) if p and p.strip()]


def variants(text: str, site_words: frozenset[str], stripped: list[str] | None = None) -> list[str]:
    """The headline, each of its parts, and each leading run of parts. ``stripped``: the
    ``stripped_parts`` of ``text`` when the caller has them already."""
    parts = stripped_parts(text, site_words) if stripped is None else stripped
    core = " | ".join(parts)
    if len(parts) > 1:
        # Joined parts may split otherwise ("x:|y" is "x:", "y"; "x: | y" is "x", "y"). One
        # part is a stretch of text where no separator matched: it splits into itself.
        parts = split_parts(core)
    out = [core, *parts]
    out.extend(" | ".join(parts[:k]) for k in range(2, len(parts)))
    return list(dict.fromkeys(p for p in out if p))


def uncontract(keys: list[str]) -> str:
    """Normalised words with contractions spelt out ("won't" -> "will not")."""
    text = " ".join(keys).replace("won't", "will not").replace("cannot", "can not")
    return text.replace("can't", "can not").replace("n't", " not")


def is_acronym_of(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` is one word made of the initials of ``long`` ("un" / "united nations")."""
    if len(short) != 1 or len(long) < 2:
        return False
    initials = "".join(k[0] for k in long if k not in {"of", "the", "and", "for"})
    return short[0].replace(".", "") == initials


def flips(key: str, added: list[str], op: str, i1: int, i2: int, o_keys: list[str]) -> bool:
    """A negation or hedge dropped (not just replaced by another one, nor cut off with a tail)."""
    if key not in NEGATIONS and key not in HEDGES:
        return False
    if any(k in NEGATIONS or k in HEDGES for k in added):
        return False
    # A whole trailing clause cut off ("..., but may face charges") is a truncation.
    tail_cut = op == "delete" and i2 == len(o_keys) and i1 > 0 and i2 - i1 > 2
    return not tail_cut


def is_translation(language: str | None, headlines: list[str], title: str) -> bool:
    """A non-English article whose headlines share (almost) no ordinary words with the title.

    Names are shared across languages, so only lower-case headline words are counted (all words
    when a headline is in title case); a mislabelled English page shares most of them.
    """
    language = (language or "").strip().lower()
    if not language or language.startswith("en"):
        return False
    title_keys = set(map(key_for(title), tokens(title)))
    for text in headlines:
        toks = tokens(text)
        text_key = key_for(text)
        keys = set(map(text_key, toks))
        if keys & ENGLISH_MARKERS:
            return False
        ordinary = set(map(text_key, [t for t in toks if not t[:1].isupper()])) or keys
        if len(ordinary & title_keys) / len(ordinary) >= 0.5:
            return False
    return True


def part_ranges(title: str) -> list[range]:
    """Token index ranges of the title's parts, when it has more than one."""
    parts = split_parts(title)
    if len(parts) < 2:
        return []
    out, start = [], 0
    for part in parts:
        n = len(tokens(part))
        out.append(range(start, start + n))
        start += n
    return out


def title_case(toks: Sequence[str]) -> bool:
    """Whether most longer words are capitalised ("Kim Says He Is Open to Talks")."""
    long = [t for t in toks if len(t) > 3]
    return bool(long) and sum(t[:1].isupper() for t in long) / len(long) >= 0.75


@lru_cache(maxsize=65536)
def key(token: str) -> str:
    """The comparison key of a word token (cached: headline words repeat across posts)."""
    return normalize_title(token)


def key_for(text: str) -> Callable[[str], str]:
    """``key``, or for the tokens of an ASCII text the same in C: ``str.lower`` (an ASCII token
    has no space and no backtick, so ``normalize_title`` only lower-cases it)."""
    return str.lower if text.isascii() else key


def neutral_swap(removed: list[str], added: list[str], idx: range, names: set[int]) -> bool:
    """A pronoun replaced by a name, an acronym expanded/contracted, or a contraction spelt out."""
    if not removed or not added:
        return False
    if uncontract(removed) == uncontract(added):
        return True
    if all(k in PRONOUNS for k in removed) and all(j in names for j in idx):
        return True
    return is_acronym_of(removed, added) or is_acronym_of(added, removed)
