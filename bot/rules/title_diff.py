"""How far a post title departs from one headline, word by word (for editorialized-title).

``article_words`` gathers what the article makes neutral (its headlines' and lead's words, the
names in them); ``Title.build`` reads the title once; ``compare`` weighs every word added or
removed against one headline variant and returns a ``Comparison``: the weighted change, the
words added and removed, loaded words added, negations or hedges flipped, comment parts and a
word diff. The weights are described in ``bot.rules.editorialized_title``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from operator import itemgetter

from rapidfuzz import fuzz

from bot.rules.base import RuleContext
from bot.rules.data import load_set, titles
from bot.rules.data.lexicon import places, sentence_tokens, token_view, tokens
from bot.rules.data.titles import split_parts
from bot.textnorm import normalize_title

MIN_KEPT = 3  # a truncation must keep this many content words to be free


@dataclass
class ArticleWords:
    """Facts about the article that make a change neutral."""

    stopwords: frozenset[str]
    loaded: frozenset[str]
    site_words: frozenset[str]
    headline_words: frozenset[str] = frozenset()  # every word of every candidate
    lead_words: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()  # capitalised words in the lead and candidates
    pool_text: str = ""  # lead + candidates, for "title part copied from the article"

    @cached_property
    def pool(self) -> str:
        """``pool_text`` normalised (only a title in several parts needs it)."""
        return normalize_title(self.pool_text)


@dataclass(frozen=True)
class Title:
    """The post title, tokenised once and compared with every headline variant."""

    text: str
    disp: list[str]  # tokens as written
    keys: list[str]  # normalised tokens
    names: set[int]  # indexes of names (neutral clarity additions)
    sourced: set[int]  # indexes of words in a title part copied from the article
    parts: list[range]  # index ranges of the title's parts ("headline | part"), if several
    loaded: dict[int, str]  # index -> loaded word (or hyphenated compound) starting there
    joined: str = ""  # the keys joined by spaces
    # What adding each word costs (_added_weight): the same against every headline variant.
    added: list[float] = field(default_factory=list, compare=False, repr=False)
    # One matcher with the title as its second sequence: difflib indexes that sequence once,
    # and each headline variant is set as the first.
    matcher: difflib.SequenceMatcher[str] = field(
        default_factory=lambda: difflib.SequenceMatcher(autojunk=False), compare=False, repr=False
    )

    @classmethod
    def build(cls, text: str, info: ArticleWords) -> Title:
        disp = tokens(text)
        keys = list(map(titles.key_for(text), disp))
        loaded: dict[int, str] = {}
        for j, key in enumerate(keys):
            if key in info.loaded and key not in info.headline_words:
                loaded[j] = disp[j]
                continue
            compound = f"{key}-{keys[j + 1]}" if j + 1 < len(keys) else ""
            if compound in info.loaded and not {key, keys[j + 1]} <= info.headline_words:
                loaded[j] = f"{disp[j]}-{disp[j + 1]}"
        parts = titles.part_ranges(text)
        names = _name_keys(disp, keys, info)
        sourced = _sourced_indexes(text, parts, info)
        added = [_added_weight(key, j in names, j in sourced, info) for j, key in enumerate(keys)]
        matcher = difflib.SequenceMatcher(b=keys, autojunk=False)
        return cls(text, disp, keys, names, sourced, parts, loaded, " ".join(keys), added, matcher)


@dataclass
class Comparison:
    original: str
    source: str
    change: float
    similarity: float
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    loaded_added: list[str] = field(default_factory=list)
    flipped: list[str] = field(default_factory=list)  # negations/hedges added or dropped
    commentary: list[str] = field(default_factory=list)  # title parts the poster wrote
    claim: list[str] = field(default_factory=list)  # claim changes (bot.rules.claims)
    diff: str = ""


def article_words(
    ctx: RuleContext, candidates: list[tuple[str, str]], site_words: frozenset[str]
) -> ArticleWords:
    """What the article's headline ``candidates`` and lead make neutral in a title."""
    article = ctx.article
    lead = " ".join(article.lead[:3])[:4000]
    texts = [text for _, text in candidates]
    head_toks = set().union(*[token_view(text).tokens for text in texts])
    # A token never spans whitespace, so the lead's tokens are its sentences' tokens in a row:
    # the lead is tokenised once, sentence by sentence. (Word sets: each distinct word is keyed
    # once, in C for ASCII text: titles.key_for.)
    sentences = sentence_tokens(lead)
    # Capitalised words that are not sentence-initial, in sentence-case headlines and the lead.
    names: set[str] = set()
    for text in texts:
        toks = token_view(text).tokens
        if not titles.title_case(toks):
            names.update(map(titles.key_for(text), _capitalised(toks[1:])))
    lead_key = titles.key_for(lead)
    names.update(map(lead_key, _capitalised([t for s in sentences for t in s[1:]])))
    return ArticleWords(
        stopwords=load_set("stopwords.txt"),
        loaded=load_set("loaded_words.txt"),
        site_words=site_words,
        headline_words=frozenset(map(titles.key_for("".join(texts)), head_toks)),
        lead_words=frozenset(map(lead_key, set().union(*sentences))),
        names=frozenset(names),
        pool_text=" ".join([*texts, lead]),
    )


def _capitalised(toks: Sequence[str]) -> Iterator[str]:
    """The tokens that start with a capital (``t[:1].isupper()``: a token is never empty)."""
    return compress(toks, map(str.isupper, map(itemgetter(0), toks)))


def _name_keys(display: list[str], keys: list[str], info: ArticleWords) -> set[int]:
    """Indexes of title words that name someone or something (neutral clarity additions)."""
    # Only the words matched are used: any order of the lists finds the same ones.
    hits = places().find(" ".join(display))
    place_words = {normalize_title(w) for hit in hits for w in hit.text.split()}
    informative_case = not titles.title_case(display)
    out = set()
    for i, (tok, key) in enumerate(zip(display, keys, strict=True)):
        shouted = len(tok) > 4 and tok.isupper()  # "REALLY" is emphasis, not a name
        if (
            key in place_words
            or (key in info.names and key not in info.stopwords)
            or (informative_case and i > 0 and tok[:1].isupper() and not shouted)
        ):
            out.add(i)
    return out


def _sourced_indexes(title: str, parts: list[range], info: ArticleWords) -> set[int]:
    """Title words in a "part | part" that the article itself contains (headline | subhead)."""
    out: set[int] = set()
    for part, text in zip(parts, split_parts(title) if parts else [], strict=True):
        if len(part) >= MIN_KEPT and fuzz.partial_ratio(normalize_title(text), info.pool) >= 90:
            out.update(part)
    return out


def _commentary(title: Title, matched: set[int], info: ArticleWords) -> list[str]:
    """Title parts the poster wrote ("…BBC - what a joke", "Called it: …"): nothing in them
    matches the headline or comes from the article, and they say more than names."""
    out = []
    for part in title.parts:
        if matched.intersection(part) or set(part) <= title.sourced:
            continue
        if (
            part is title.parts[-1]
            and len(part) <= 4
            and all(title.disp[j][:1].isupper() or title.keys[j] in info.stopwords for j in part)
        ):
            continue  # "… - The Straits Times": a publication's name, even when not known
        if any(
            title.keys[j] not in info.stopwords
            and title.keys[j] not in info.headline_words
            and j not in title.names
            and not title.keys[j].isdigit()
            for j in part
        ):
            out.append(" ".join(title.disp[j] for j in part))
    return out


def compare(title: Title, original: str, source: str, info: ArticleWords) -> Comparison:
    t_disp, t_keys, names = title.disp, title.keys, title.names
    o_disp = tokens(original)
    o_keys = list(map(titles.key_for(original), o_disp))
    content = [k for k in o_keys if k not in info.stopwords]
    content_set = set(content)
    kept = sum(map(content_set.__contains__, t_keys))
    truncation_ok = kept >= min(MIN_KEPT, len(content))
    comp = Comparison(
        original=original,
        source=source,
        change=0.0,
        similarity=fuzz.ratio(title.joined, " ".join(o_keys)) / 100,
    )
    weight = 0.0
    diff: list[str] = []
    matched: set[int] = set()
    matcher = title.matcher
    matcher.set_seq1(o_keys)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = o_keys[i1:i2], t_keys[j1:j2]
        if op == "equal":
            diff.append(" ".join(t_disp[j1:j2]))
            matched.update(range(j1, j2))
            continue
        if removed:
            diff.append("[-" + " ".join(o_disp[i1:i2]) + "-]")
            comp.removed.extend(o_disp[i1:i2])
        if added:
            diff.append("{+" + " ".join(t_disp[j1:j2]) + "+}")
            comp.added.extend(t_disp[j1:j2])
        for j in range(j1, j2):
            key = t_keys[j]
            if j in title.loaded:
                comp.loaded_added.append(title.loaded[j])
            if key in titles.NEGATIONS and not titles.NEGATIONS.intersection(removed):
                comp.flipped.append("+" + t_disp[j])
        comp.flipped.extend(
            "-" + o_disp[i]
            for i in range(i1, i2)
            if titles.flips(o_keys[i], added, op, i1, i2, o_keys)
        )
        if titles.neutral_swap(removed, added, range(j1, j2), names):
            weight += 0.1
            continue
        at_edge = i1 == 0 or i2 == len(o_keys)
        weight += sum(
            _removed_weight(k, truncation=op == "delete" and at_edge and truncation_ok, info=info)
            for k in removed
        )
        weight += sum(title.added[j1:j2])
    comp.change = round(weight / max(len(content), MIN_KEPT), 3)
    comp.diff = " ".join(diff)
    comp.commentary = _commentary(title, matched, info)
    return comp


def _removed_weight(key: str, *, truncation: bool, info: ArticleWords) -> float:
    if key in titles.NEGATIONS:
        return 1.5
    if key in titles.HEDGES or key in titles.ATTRIBUTIONS:
        return 1.0
    if truncation or key in info.stopwords:
        return 0.0
    return 0.5


def _added_weight(key: str, is_name: bool, sourced: bool, info: ArticleWords) -> float:
    if key in titles.NEGATIONS:
        return 1.5
    if key in info.loaded:
        return 1.0
    if sourced or key in info.stopwords:
        return 0.0
    if is_name:
        return 0.15
    if key in info.headline_words:
        return 0.25
    if key in info.lead_words:
        return 0.5
    return 1.0
