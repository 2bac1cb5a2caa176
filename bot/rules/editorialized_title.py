"""editorialized-title (guideline 3): the post title against every headline the article offers.

The title is compared, word by word, with each headline candidate (``article.candidates``,
``article.headline``, the platform's ``post.embed_title``) and with each candidate's parts
("headline | subhead", "headline: subhead", the site name and tags like "BREAKING:" or
"(Reuters)" removed). The closest one wins. Every added or removed word gets a weight:

- free: case, quotes, dashes, function words, dropping a leading or trailing part (truncation to
  the main clause), a title part copied from the article ("headline | subhead");
- nearly free: a name added (a country, a person, a place from the lead), a pronoun replaced by a
  name, an acronym expanded or contracted;
- cheap: a word taken from the article's other headlines (0.25) or its lead (0.5);
- full: any other word (1.0), an attribution ("says", "claims") dropped (1.0), a negation added
  or dropped (1.5).

The weighted change per content word of the headline decides: at ``max_change`` or more the
title is flagged. Some edits are flagged whatever the change, because they alter the claim rather
than the wording: a loaded word added ("slams", "begs", "shameful", data/loaded_words.txt; a
word the newsroom's own headlines use does not count), a negation ("not", "never") added or
dropped, a hedge ("allegedly", "may") dropped, and a comment added as a title part ("… - what
a joke", "Called it: …"; a trailing capitalised part is taken for a publication's name).
Confidence grows with the change and with the loaded words.

Non-English articles (``article.language`` not English, and headlines with no English function
words that share few ordinary words with the title): a translated title cannot be compared word
by word. It is noted, not flagged (a finding with ``"translation": true`` and
``max_action="note"``, so the modlog shows the original headline), unless the title carries
loaded words: then it is a finding like any other rewrite.

Params: ``max_change`` (0.5), ``translation_confidence`` (0.6).
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress
from operator import itemgetter

from rapidfuzz import fuzz

from bot.domains import registered_domain
from bot.models import Finding
from bot.rules.base import RuleContext
from bot.rules.data import load_set, titles
from bot.rules.data.lexicon import places, sentence_tokens, token_view, tokens
from bot.rules.data.titles import split_parts, stripped_parts, variants
from bot.textnorm import normalize_title

log = logging.getLogger(__name__)

RULE_ID = "editorialized-title"
NEEDS_ARTICLE = True

_MIN_KEPT = 3  # a truncation must keep this many content words to be free
MAX_CHARS = 600  # titles and headlines are cut here: bounded work on hostile input

DEFAULT_MAX_CHANGE = 0.5
DEFAULT_TRANSLATION_CONFIDENCE = 0.6


@dataclass
class _Text:
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
class _Title:
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
    def build(cls, text: str, info: _Text) -> _Title:
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
class _Comparison:
    original: str
    source: str
    change: float
    similarity: float
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    loaded_added: list[str] = field(default_factory=list)
    flipped: list[str] = field(default_factory=list)  # negations/hedges added or dropped
    commentary: list[str] = field(default_factory=list)  # title parts the poster wrote
    diff: str = ""


def check(ctx: RuleContext) -> Finding | None:
    title = ctx.post.title[:MAX_CHARS].strip()
    candidates = _candidates(ctx)
    if not title or not candidates:
        return None
    site_words = _site_words(ctx)
    title_parts = stripped_parts(title, site_words)
    title_core = " | ".join(title_parts)  # strip_decorations(title, site_words)
    title_keys = _keys(title_core)
    if not title_keys:
        return None
    # Headline variants are made as the verbatim test asks for them: a title that is a headline
    # is usually the first one, and then the others are never needed. (A headline that is the
    # title's text has the title's parts.)
    pending = (
        (source, v)
        for source, text in candidates
        for v in variants(text, site_words, title_parts if text == title else None)
    )
    headlines: list[tuple[str, str]] = []
    verbatim = _verbatim(title_core, title_keys, pending, headlines)
    if verbatim is not None:
        # The title is a headline word for word: no change, nothing added or dropped, so only a
        # translation can be reported, and the article's text is not needed.
        if titles.is_translation(ctx.article.language, [t for _, t in candidates], title_core):
            return _translation_finding(ctx, title_core, *verbatim)
        if float(ctx.param("max_change", DEFAULT_MAX_CHANGE)) > 0:
            return None
    headlines.extend(pending)
    info = _article_text(ctx, candidates, site_words)
    parsed = _Title.build(title_core, info)
    best: _Comparison | None = None
    for source, variant in headlines:
        comp = _compare(parsed, variant, source, info)
        if best is None or (comp.change, -comp.similarity) < (best.change, -best.similarity):
            best = comp
    if best is None:
        return None
    if titles.is_translation(ctx.article.language, [t for _, t in candidates], title_core):
        return _translation_finding(ctx, title_core, best.original, best.source)
    max_change = float(ctx.param("max_change", DEFAULT_MAX_CHANGE))
    if not (best.loaded_added or best.flipped or best.commentary) and best.change < max_change:
        return None
    return _finding(best)


def _keys(text: str) -> list[str]:
    return list(map(titles.key_for(text), token_view(text).tokens))


def _verbatim(
    title: str,
    title_keys: list[str],
    headlines: Iterator[tuple[str, str]],
    seen: list[tuple[str, str]],
) -> tuple[str, str] | None:
    """``(original, source)`` of the headline variant the full comparison would pick when the
    title (``title``, with the keys ``title_keys``) is one of them word for word (change 0,
    similarity 1: no other variant beats it, and ties keep the first); ``None`` otherwise. The
    variants it reads are appended to ``seen``.

    A variant is similar 1.0 exactly when its joined keys equal the title's; the first such one
    wins, and it must equal the title key for key to have no change.
    """
    joined = " ".join(title_keys)
    for source, variant in headlines:
        seen.append((source, variant))
        if variant == title:
            return variant, source  # the same text has the same keys
        keys = _keys(variant)
        if " ".join(keys) == joined:
            return (variant, source) if keys == title_keys else None
    return None


def _candidates(ctx: RuleContext) -> list[tuple[str, str]]:
    """(source, text) for every distinct headline the article or platform offers."""
    raw: list[tuple[str, str]] = [(c.source, c.text) for c in ctx.article.candidates]
    if ctx.article.headline:
        raw.append(("headline", ctx.article.headline))
    if ctx.post.embed_title:
        raw.append(("embed", ctx.post.embed_title))
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for source, text in raw:
        text = (text or "")[:MAX_CHARS]
        key = normalize_title(text)
        if key and key not in seen:
            seen.add(key)
            out.append((source, text.strip()))
    return out


def _site_words(ctx: RuleContext) -> frozenset[str]:
    """The site's names and domain label: a headline part naming them is decoration."""
    article = ctx.article
    site: set[str] = set()
    for name in (article.site_name, article.publisher):
        if name:
            site.add(normalize_title(name))
    for url in (article.final_url, article.url, ctx.post.url):
        if url:
            label = registered_domain(url).split(".", 1)[0]
            if label:
                site.add(label)
    return frozenset(site)


def _article_text(
    ctx: RuleContext, candidates: list[tuple[str, str]], site_words: frozenset[str]
) -> _Text:
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
    return _Text(
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


def _name_keys(display: list[str], keys: list[str], info: _Text) -> set[int]:
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


def _sourced_indexes(title: str, parts: list[range], info: _Text) -> set[int]:
    """Title words in a "part | part" that the article itself contains (headline | subhead)."""
    out: set[int] = set()
    for part, text in zip(parts, split_parts(title) if parts else [], strict=True):
        if len(part) >= _MIN_KEPT and fuzz.partial_ratio(normalize_title(text), info.pool) >= 90:
            out.update(part)
    return out


def _commentary(title: _Title, matched: set[int], info: _Text) -> list[str]:
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


def _compare(title: _Title, original: str, source: str, info: _Text) -> _Comparison:
    t_disp, t_keys, names = title.disp, title.keys, title.names
    o_disp = tokens(original)
    o_keys = list(map(titles.key_for(original), o_disp))
    content = [k for k in o_keys if k not in info.stopwords]
    content_set = set(content)
    kept = sum(map(content_set.__contains__, t_keys))
    truncation_ok = kept >= min(_MIN_KEPT, len(content))
    comp = _Comparison(
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
    comp.change = round(weight / max(len(content), _MIN_KEPT), 3)
    comp.diff = " ".join(diff)
    comp.commentary = _commentary(title, matched, info)
    return comp


def _removed_weight(key: str, *, truncation: bool, info: _Text) -> float:
    if key in titles.NEGATIONS:
        return 1.5
    if key in titles.HEDGES or key in titles.ATTRIBUTIONS:
        return 1.0
    if truncation or key in info.stopwords:
        return 0.0
    return 0.5


def _added_weight(key: str, is_name: bool, sourced: bool, info: _Text) -> float:
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


def _translation_finding(ctx: RuleContext, title: str, original: str, source: str) -> Finding:
    """A title rendered from a non-English headline: noted (``max_action="note"``) so the modlog
    shows the original; flagged like any other rewrite when it adds loaded words."""
    loaded_words = load_set("loaded_words.txt")
    loaded = [t for t in tokens(title) if titles.key(t) in loaded_words]
    confidence = float(ctx.param("translation_confidence", DEFAULT_TRANSLATION_CONFIDENCE))
    language = ctx.article.language or "another language"
    evidence: dict[str, object] = {
        "translation": True,
        "original": original,
        "source": source,
        "language": ctx.article.language,
        "loaded_added": loaded,
    }
    if loaded:
        return Finding(
            rule=RULE_ID,
            confidence=confidence,
            message=(
                f'Title over a {language} article ("{original}") adds loaded words: '
                f"{', '.join(loaded)}"
            ),
            evidence=evidence,
        )
    return Finding(
        rule=RULE_ID,
        confidence=confidence,
        message=f'Title renders the {language} headline "{original}" (translation; noted only)',
        evidence=evidence,
        max_action="note",
    )


def _finding(best: _Comparison) -> Finding:
    change = min(best.change, 1.0)
    if best.loaded_added:
        confidence = 0.6 + 0.1 * (len(best.loaded_added) - 1) + 0.25 * change
    elif best.flipped or best.commentary:
        confidence = 0.6 + 0.25 * change
    else:
        confidence = 0.45 + 0.3 * change
    confidence = round(min(confidence, 0.95), 3)
    what = []
    if best.loaded_added:
        what.append("loaded: " + ", ".join(best.loaded_added))
    if best.flipped:
        what.append("negation/hedge changed: " + ", ".join(best.flipped))
    if best.commentary:
        what.append("comment added: " + " / ".join(best.commentary))
    if best.added:
        what.append("added: " + " ".join(best.added))
    if best.removed:
        what.append("removed: " + " ".join(best.removed))
    return Finding(
        rule=RULE_ID,
        confidence=confidence,
        message=(
            f'Title differs from the article\'s headline "{best.original}" '
            f"(similarity {best.similarity:.2f}; {'; '.join(what)})"
        ),
        evidence={
            "original": best.original,
            "source": best.source,
            "similarity": round(best.similarity, 3),
            "change": best.change,
            "added": best.added,
            "removed": best.removed,
            "loaded_added": best.loaded_added,
            "negation_or_hedge": best.flipped,
            "commentary": best.commentary,
            "diff": best.diff,
        },
    )
