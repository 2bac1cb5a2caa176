"""What the ``duplicate-post`` rule remembers of a post: its article keys and its story.

A ``Signature`` holds the post's same-article keys (every URL it was linked or known by,
normalised; its headline on its site) and its story: the named people, places and organisations
in the headline and lead (capitalised phrases), and the content words. It is small, so the
pipeline keeps one per post in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from stop_words import StopWordError, get_stop_words

from bot.domains import registered_domain
from bot.dupes.urls import article_key, is_specific, unwrap
from bot.models import Article, Post
from bot.textnorm import normalize_title

#: Characters of the lead read for the story (the first paragraphs: who, what, where).
LEAD_CHARS = 800
#: Entity and content words kept per post (the most telling ones: rarest-looking first).
MAX_ENTITIES = 20
MAX_WORDS = 80

#: A word (letters, digits, inner ' . & -); a capitalised one; what ends a sentence before one.
_TOKEN = re.compile(r"[^\W_][\w'’.&-]*")
_CAPITAL = re.compile(r"(?<![\w'’.&-])[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.&-]*")
_ENDS = frozenset(".!?:;|-–—")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}s?$")

#: Capitalised words that name no one: titles, time words, photo credits, bylines.


@dataclass(frozen=True)
class Signature:
    site: str  # registered domain of the article (else of the link)
    url_keys: tuple[str, ...]  # normalised URLs: as linked, after redirects, canonical
    title_keys: tuple[str, ...]  # normalised headline / title, for "same headline, same site"
    entities: tuple[str, ...]  # entity tokens (case-folded), sorted
    words: tuple[str, ...]  # content words of headline and lead (case-folded, stemmed), sorted
    headline_words: tuple[str, ...]  # content words of the headline, sorted
    headline: str  # shown in the evidence


@cache
def _words(name: str) -> frozenset[str]:
    """A word list beside this module (``#`` comments), case-folded."""
    text = resources.files(__package__ or "bot.dupes").joinpath(name).read_text("utf-8")
    lines = (line.split("#", 1)[0] for line in text.splitlines())
    return frozenset(word.casefold() for line in lines for word in line.split())


@cache
def _stopwords() -> frozenset[str]:
    """The title rules' function words (read from the file: importing ``bot.rules.data``
    would import every rule, this module's importers among them)."""
    text = resources.files("bot").joinpath("rules/data/stopwords.txt").read_text("utf-8")
    lines = (line.split("#", 1)[0].strip().casefold() for line in text.splitlines())
    return frozenset(line for line in lines if line)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light English stem: enough for "drops"/"drop", "investigations"/"investigation"."""
    word = word.casefold().replace("’", "'").replace(".", "").removesuffix("'s").strip("'-")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def _skip(language: str = "") -> frozenset[str]:
    """Words that say nothing about which story it is: function words and news's commonest, and
    the function words of the page's ``language`` (an ISO 639-1 code): the headlines that tell a
    rare word from a common one are English, so "oder" or "eine" would otherwise count as an
    event's rare word."""
    return _stopwords() | _words("generic_words.txt") | _function_words(language)


@cache
def _function_words(language: str) -> frozenset[str]:
    """The function words of ``language`` (as written and stemmed) from the stop-words package;
    none for English (``_stopwords`` has them) or a language it does not know. Capitalised,
    they are no one's name either ("Über uns")."""
    if language in ("", "en"):
        return frozenset()
    try:
        own = {w.casefold() for w in get_stop_words(language)}
    except StopWordError:
        return frozenset()
    return frozenset(own | {stem(w) for w in own})


@cache
def _not_names(language: str) -> frozenset[str]:
    """Capitalised words that name no one: ``not_names.txt`` and ``language``'s function words."""
    return _words("not_names.txt") | _function_words(language)


def page_language(article: Article) -> str:
    """The primary language subtag the page declares ("de" for "de-DE"), or ""."""
    return (article.language or "").strip().split("-")[0].split("_")[0].casefold()


def content_words(text: str) -> set[str]:
    return scan(text)[1]


def _is_title_case(tokens: list[str]) -> bool:
    """A Title Case Headline capitalises every word: its capitals name nothing."""
    skip = _stopwords()
    words = [w for w in tokens if w.casefold() not in skip and w[0].isalpha()]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def scan(
    text: str, also: frozenset[str] = frozenset(), language: str = ""
) -> tuple[set[str], set[str]]:
    """``(entity tokens, content words)`` of ``text``.

    Entities are capitalised words inside a sentence, case-folded, titles and dates left out; a
    sentence's first word counts when it is an acronym, starts a run of capitalised words, or is
    capitalised inside a sentence elsewhere (or is one of ``also``). Content words are the
    words that are neither function words (English, and ``language``'s) nor news's commonest,
    stemmed. Only the capitalised words are looked at one by one (this runs for every post)."""
    skip, not_names = _skip(language), _not_names(language)
    words = {stem(w) for w in _TOKEN.findall(text)}
    words = {w for w in words if len(w) > 1} - skip
    inner: set[str] = set()
    initial: set[str] = set()
    for found in _CAPITAL.finditer(text):
        word = found.group().rstrip(".'’-&")
        token = stem(word)
        if len(token) < 2 or token in not_names:
            continue
        start = found.start()
        before = text[max(0, start - 4) : start].rstrip(" \"“”'‘’([")
        first = (start <= 4 and not before) or before[-1:] in _ENDS
        following = text[found.end() : found.end() + 3].lstrip(" ")
        if first and not following[:1].isupper() and not _ACRONYM.match(word):
            initial.add(token)
        else:
            inner.add(token)
    return inner | {t for t in initial if t in inner or t in also}, words


def _longest(words: set[str], most: int) -> list[str]:
    """The ``most`` longest words (the least common, roughly), longest first, then A-Z."""
    return sorted(sorted(words), key=len, reverse=True)[:most]


def signature(post: Post, article: Article) -> Signature:
    """The post's signature, from whatever is known: the article when it was read, else the
    post's own link, title and body."""
    readable = article.readable
    links = [post.url, article.final_url if readable else None]
    keys = [article_key(link) for link in links if link]
    canonical = article.canonical_url if readable else None
    canonical_key = article_key(canonical) if canonical else None
    if canonical_key and is_specific(canonical_key):
        keys.append(canonical_key)
    url_keys = tuple(sorted({k for k in keys if k}))
    site = registered_domain(unwrap((article.final_url if readable else None) or post.url or ""))
    headline = (article.headline if readable else None) or post.title
    titles = {normalize_title(t) for t in (headline, post.title) if t}
    title_keys = tuple(sorted(t for t in titles if len(t.split()) >= 4)) if site else ()
    lead = " ".join(article.lead if readable else [post.body])[:LEAD_CHARS]
    language = page_language(article) if readable else ""
    named, heads = scan(headline, language=language)
    found, words = scan(lead, frozenset(heads), language)
    if not _is_title_case(_TOKEN.findall(headline)):
        found |= named
    words |= heads
    return Signature(
        site=site,
        url_keys=url_keys,
        title_keys=title_keys,
        entities=tuple(_longest(found, MAX_ENTITIES)),
        words=tuple(_longest(words, MAX_WORDS)),
        headline_words=tuple(sorted(heads)),
        headline=headline,
    )
