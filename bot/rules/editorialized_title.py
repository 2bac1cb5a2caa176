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
dropped, a hedge or forecast ("allegedly", "may", "expected", "eyes") dropped, a comment added
as a title part ("… - what a joke", "Called it: …"; a trailing capitalised part is taken for a
publication's name), and a claim changed with heavy overlap (bot/rules/claims.py: a question
stated as fact, the scope widened, a word swapped for its opposite, a speaker dropped).
Confidence grows with the change and with the loaded words.

Non-English articles (``article.language`` not English, and headlines with no English function
words that share few ordinary words with the title): a translated title cannot be compared word
by word. It is noted, not flagged (a finding with ``"translation": true`` and
``max_action="note"``, so the modlog shows the original headline), unless the title carries
loaded words: then it is a finding like any other rewrite.

Params: ``max_change`` (0.5), ``translation_confidence`` (0.6).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from bot.domains import registered_domain
from bot.models import Finding
from bot.rules import claims
from bot.rules.base import RuleContext
from bot.rules.data import load_set, titles
from bot.rules.data.lexicon import token_view, tokens
from bot.rules.data.titles import stripped_parts, variants
from bot.rules.title_diff import Comparison, Title, article_words, compare
from bot.textnorm import normalize_title

log = logging.getLogger(__name__)

RULE_ID = "editorialized-title"
NEEDS_ARTICLE = True

MAX_CHARS = 600  # titles and headlines are cut here: bounded work on hostile input

DEFAULT_MAX_CHANGE = 0.5
DEFAULT_TRANSLATION_CONFIDENCE = 0.6


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
    info = article_words(ctx, candidates, site_words)
    parsed = Title.build(title_core, info)
    best: Comparison | None = None
    for source, variant in headlines:
        comp = compare(parsed, variant, source, info)
        if best is None or (comp.change, -comp.similarity) < (best.change, -best.similarity):
            best = comp
    if best is None:
        return None
    if titles.is_translation(ctx.article.language, [t for _, t in candidates], title_core):
        return _translation_finding(ctx, title_core, best.original, best.source)
    max_change = float(ctx.param("max_change", DEFAULT_MAX_CHANGE))
    best.claim = claims.changes(
        title_core, best.original, info.pool, [t for _, t in candidates], site_words
    )
    if (
        not (best.loaded_added or best.flipped or best.commentary or best.claim)
        and best.change < max_change
    ):
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


def _translation_finding(ctx: RuleContext, title: str, original: str, source: str) -> Finding:
    """A title rendered from a non-English headline: noted (``max_action="note"``) so the modlog
    shows the original; flagged like any other rewrite when it adds loaded words."""
    loaded_words = load_set("loaded_words.txt")
    loaded = [t for t in tokens(title) if titles.key(t) in loaded_words]
    confidence = float(ctx.param("translation_confidence", DEFAULT_TRANSLATION_CONFIDENCE))
    language = ctx.article.language  # never empty: titles.is_translation needs one
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


def _finding(best: Comparison) -> Finding:
    change = min(best.change, 1.0)
    if best.loaded_added:
        confidence = 0.6 + 0.1 * (len(best.loaded_added) - 1) + 0.25 * change
    elif best.flipped or best.commentary or best.claim:
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
    if best.claim:
        what.append("claim changed: " + "; ".join(best.claim))
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
            "claim_changed": best.claim,
            "diff": best.diff,
        },
    )
