"""Is an earlier post the same article, or the same story from another outlet? Pure functions.

Same article: a shared normalised URL (as linked, after redirects or canonical), or the same
headline on the same site, within ``window``. Same story: another site, within
``story_window``, with at least ``MIN_SHARED`` named entities or headline words in common and a
story score at or above ``threshold``. The score weighs how much of each headline the other
post's headline and lead cover, the share of named entities in common, and the overlap of
content words: two stories on one topic (two hearings, two Boeing stories) share the topic's
names but not the event's words. A pair matches only when it also shares the event's terms:
names or headline words that are rare in news headlines (``bot.dupes.rarity``), not only the
topic's usual protagonists (Trump, Kim Jong Un, North Korea).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.dupes.rarity import is_common
from bot.dupes.signature import Signature

#: Named entities or headline words two posts must share to be compared as one story.
MIN_SHARED = 2
#: Weights of the story score: headline coverage, shared entities, shared content words.
W_HEADLINE, W_ENTITIES, W_WORDS = 0.6, 0.22, 0.18
#: Default story score needed (chosen on the dev half of bench/data/duplicates.jsonl).
STORY_THRESHOLD = 0.43
#: Terms beyond the topic's common words (rare in news headlines) two posts must share when
#: no such term is in both headlines, and then only with a story score of ``STRONG_SCORE``.
MIN_DISTINCT = 2
#: The story score two posts need when their headlines share none of the event's terms: two
#: reports of one event nearly always both headline its rare word (the name, the place, the
#: thing); two stories on one topic share its words in their leads.
STRONG_SCORE = 0.55


@dataclass(frozen=True)
class Earlier:
    """A post already in the community, as the history knows it."""

    platform: str
    post_id: str
    link: str  # the post's link (the article it points to)
    title: str
    when: datetime
    signature: Signature
    case: int | None = None
    status: str = "up"  # "up" | "removed"
    permalink: str = ""  # the post on its platform, where known


@dataclass(frozen=True)
class Match:
    earlier: Earlier
    kind: str  # "same-article" | "same-story"
    why: str
    score: float  # 1.0 for the same article
    shared_entities: tuple[str, ...] = ()
    age: timedelta | None = None  # how long before the post checked the earlier one was made

    def to_json(self) -> dict[str, object]:
        e = self.earlier
        out: dict[str, object] = {
            "match": self.kind,
            "platform": e.platform,
            "post_id": e.post_id,
            "link": e.permalink or e.link,
            "article": e.link,
            "title": e.title,
            "when": e.when.isoformat(timespec="seconds"),
            "case": e.case,
            "status": e.status,
            "why": self.why,
        }
        if self.age is not None:
            out["earlier_by"] = int(self.age.total_seconds())  # seconds
        if self.kind == "same-story":
            out["similarity"] = round(self.score, 2)
            out["shared_entities"] = list(self.shared_entities)
        return out


def _cover(words: tuple[str, ...], other: set[str]) -> float:
    return sum(w in other for w in words) / len(words) if words else 0.0


def distinct_terms(new: Signature, old: Signature) -> set[str]:
    """The event's terms two posts share beyond their topic's common words: a name both name, or
    a headline word the other post holds, that few news headlines hold (not "Trump", "Kim",
    "North Korea", "China", "Apple", "says", "talks")."""
    new_words, old_words = set(new.words), set(old.words)
    terms = set(new.entities) & set(old.entities)
    terms |= {w for w in new.headline_words if w in old_words}
    terms |= {w for w in old.headline_words if w in new_words}
    return {t for t in terms if not is_common(t)}


def about_one_event(new: Signature, old: Signature, score: float) -> bool:
    """Two posts (``score`` alike) are about one event, not only one topic: both headlines hold
    one of the event's terms (names and words beyond the topic's usual protagonists), or they
    share at least ``MIN_DISTINCT`` of them and are alike by ``STRONG_SCORE`` or more."""
    distinct = distinct_terms(new, old)
    if distinct & set(new.headline_words) & set(old.headline_words):
        return True
    return len(distinct) >= MIN_DISTINCT and score >= STRONG_SCORE


def story_score(new: Signature, old: Signature) -> tuple[float, tuple[str, ...]]:
    """``(score 0..1, shared entities)`` of two posts from different sites: mostly how much of
    each headline the other post's headline and lead cover (both ways), then the named entities
    and the content words they share."""
    shared = tuple(sorted(set(new.entities) & set(old.entities)))
    terms = len(set(shared) | (set(new.headline_words) & set(old.headline_words)))
    if terms < MIN_SHARED:
        return 0.0, shared
    new_words, old_words = set(new.words), set(old.words)
    heads = (_cover(new.headline_words, old_words) + _cover(old.headline_words, new_words)) / 2
    # a share of the smaller set of entities, but never of fewer than three: two posts naming
    # one person each share everything
    ent = len(shared) / max(3, min(len(new.entities), len(old.entities)))
    common = len(new_words & old_words) / max(1, min(len(new_words), len(old_words)))
    return W_HEADLINE * heads + W_ENTITIES * ent + W_WORDS * common, shared


def same_article(new: Signature, old: Signature) -> str | None:
    """Why ``old`` is the same article as ``new``, or None."""
    shared = set(new.url_keys) & set(old.url_keys)
    if shared:
        return f"same article URL ({min(shared)})"
    if new.site and new.site == old.site and set(new.title_keys) & set(old.title_keys):
        return f"same headline on {new.site}"
    return None


def compare(
    new: Signature,
    at: datetime,
    earlier: list[Earlier],
    *,
    window: timedelta,
    story_window: timedelta,
    threshold: float = STORY_THRESHOLD,
) -> list[Match]:
    """Every earlier post still up that ``new`` (posted ``at``) repeats: same articles first,
    then same stories by score; at most one match per earlier post."""
    found: list[Match] = []
    for old in earlier:
        if old.status != "up" or old.when > at:
            continue
        age = at - old.when
        why = same_article(new, old.signature) if age <= window else None
        if why is not None:
            found.append(Match(old, "same-article", why, 1.0, age=age))
            continue
        if age > story_window or not new.site or new.site == old.signature.site:
            continue
        score, shared = story_score(new, old.signature)
        if score >= threshold and about_one_event(new, old.signature, score):
            names = ", ".join(shared[:6]) or "none"
            why = f"same story: similarity {score:.2f}, named entities in common: {names}"
            found.append(Match(old, "same-story", why, score, shared, age=age))
    found.sort(key=lambda m: (m.kind != "same-article", -m.score, m.earlier.when))
    return found
