"""Evidence for people: a finding's evidence as labelled items a moderator reads at a glance.

One description serves every surface — the web page (HTML), the Discord embed (markdown) and
the terminal (plain text) — so they show the same things under the same names. Each item has a
label a moderator understands (never a field name), and a value that is short text: lists as
comma-separated words, numbers rounded, yes/no for flags, links as links, and the title's word
diff as words kept, removed and added. Nothing raw (no JSON, no ``[-…-]`` markup) reaches a
moderator. The renderers only escape and mark up: ``plain`` here, HTML in ``bot.web.views``,
Discord markdown in ``cogs.render``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.dupes.evidence import earlier_permalink, earlier_summary

Kind = Literal["text", "diff", "links", "lines"]
Op = Literal["same", "removed", "added"]

MAX_LIST = 8  # list items shown before "and N more"
MAX_TEXT = 300  # characters of one text value


@dataclass(frozen=True)
class DiffWord:
    op: Op
    text: str  # one word or a run of words with the same op


@dataclass(frozen=True)
class Item:
    label: str
    kind: Kind
    text: str  # the plain-text value (every kind has one)
    words: tuple[DiffWord, ...] = ()  # kind "diff"
    links: tuple[str, ...] = ()  # kind "links": the URLs
    lines: tuple[str, ...] = ()  # kind "lines": one short line each (the text joins them)
    line_links: tuple[str, ...] = ()  # kind "lines": each line's http(s) link, "" for none

    @property
    def linked(self) -> tuple[tuple[str, str], ...]:
        """Kind "lines": each line with its link ("" when it has none)."""
        links = self.line_links + ("",) * (len(self.lines) - len(self.line_links))
        return tuple(zip(self.lines, links, strict=False))


def _ratio(value: float) -> str:
    return f"{round(value * 100)}%"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value)}"


def _yes(value: object) -> str:
    return "yes" if value else "no"


#: Evidence keys the rules emit (``bot/rules/*``), in the order a moderator reads them, with a
#: label and how the value is shown. ``None``: not shown (bookkeeping, or shown by another key).
LABELS: dict[str, tuple[str, str] | None] = {
    # editorialized-title
    "original": ("Article's headline", "text"),
    "diff": ("Changes", "diff"),
    "loaded_added": ("Loaded words added", "list"),
    "negation_or_hedge": ("Negation or hedge changed", "list"),
    "commentary": ("Comment added to the title", "list"),
    "claim_changed": ("Claim changed", "list"),
    "added": ("Words added", "list"),
    "removed": ("Words removed", "list"),
    "similarity": ("Similarity to the headline", "ratio"),
    "change": ("Share of the headline changed", "ratio"),
    "translation": ("Translated title", "yes"),
    "language": ("Article's language", "text"),
    "source": ("Headline taken from", "source"),
    # not-original-source
    "reasons": ("Why", "reasons"),
    "canonical_url": ("Page names as its source", "link"),
    "canonical_domain": None,
    "syndication_domain": ("Republisher", "text"),
    "aggregator_domain": ("Aggregator", "text"),
    "shortener_domain": ("Link shortener", "text"),
    "amp_url": ("AMP copy", "link"),
    "attribution": ("The lead says", "quote"),
    "outlet": ("Outlet credited", "text"),
    # list matches (tabloid-source, blogspam, social-media-source, paywall-no-archive)
    "domain": ("Domain", "text"),
    "url": ("Link", "link"),
    "list": ("On the list", "text"),
    "list_source": ("List from", "text"),
    # paywall-no-archive, blogspam
    "signals": ("Signs", "signals"),
    "suggested_archive_links": ("Archive links to suggest", "links"),
    "suggest_in_comment": ("Suggested in a public comment", "yes"),
    "declaration_ignored": ("Paywall declaration ignored", "text"),
    # ragebait
    "score": ("Score", "number"),
    "patterns": ("Wording", "list"),
    "matched": ("Matched text", "quotes"),
    "caps_words": ("Words in capitals", "list"),
    "caps_ratio": ("Share of words in capitals", "ratio"),
    "emoji": ("Emoji", "concat"),
    "outrage": ("Outrage wording", "list"),
    "sentiment": ("Tone (VADER: -1 angry … +1 positive)", "generic"),
    # us-domestic-news
    "us_terms": ("US terms", "list"),
    "foreign_terms": ("International terms", "list"),
    "us_score": ("US score", "number"),
    "lead_checked": ("Lead paragraphs read", "yes"),
    "suggest": ("Post it to", "text"),
    # duplicate-post
    "match": ("Already posted", "match"),
    "earlier": ("Earlier posts", "earlier"),
}

#: What ``duplicate-post`` found, in words.
MATCHES = {
    "same-article": "the same article",
    "same-story": "the same story, from another outlet",
}

#: Where a headline came from, in words.
SOURCES = {
    "og:title": "the page's share title (og:title)",
    "twitter:title": "the page's Twitter title",
    "json-ld": "the page's structured data (JSON-LD)",
    "h1": "the page's main heading",
    "title": "the page's <title>",
    "title-stripped": "the page's <title>",
    "embed_title": "the headline Lemmy fetched",
}

#: Codes the rules list as signals or reasons, in words.
CODES = {
    "no-publisher": "no publisher named",
    "no-date": "no date",
    "comment-form": "blog comment form",
    "intro-conclusion": "Introduction…Conclusion filler",
    "question-title": "SEO question title",
    "no-sources": "no links to sources",
    "wordpress": "WordPress site",
    "ai-filler": "stock filler phrases",
    "syndication": "a copy of another outlet's article",
    "aggregator": "a news aggregator",
    "shortener": "a shortened link",
    "amp": "an AMP copy",
    "attribution": "the lead credits another outlet",
    "json-ld:isAccessibleForFree=false": "the page says it is not free to read",
    "json-ld:hasPart.isAccessibleForFree=false": "the page says it is not free to read",
    "meta:article:content_tier=metered": "metered paywall (page metadata)",
    "meta:access=subscription": "subscription only (page metadata)",
    "markup:class=paywall": "paywall markup on the page",
    "blogger": "hosted on Blogger",
    "sponsored": "sponsored or paid content",
    "brand-blog": "a company's blog, no news markup",
    "republished": "republished from elsewhere",
    "listicle": "listicle headline",
    "teaser-headline": "teaser headline",
    "press-release": "a press release",
    "bait-headline": "viral-bait headline",
    "about-itself": "the piece is about the site itself",
    "chumbox": "recirculation ad network (chumbox)",
}

_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")
_URL = re.compile(r"https?://\S+\Z", re.IGNORECASE)


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary before ``limit`` characters, with "…" (never mid-word
    unless one word is longer than ``limit``)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def word_list(values: Iterable[object], *, limit: int = MAX_LIST) -> str:
    """Short comma-separated text: the first ``limit`` items, then "and N more"."""
    items = [" ".join(str(v).split()) for v in values if str(v).strip()]
    shown = ", ".join(items[:limit])
    return f"{shown} and {len(items) - limit} more" if len(items) > limit else shown


def parse_diff(diff: str) -> tuple[DiffWord, ...]:
    """The rule's word diff (``kept [-removed-] {+added+}``) as words kept, removed, added."""
    words: list[DiffWord] = []
    at = 0
    for match in _DIFF.finditer(diff):
        same = diff[at : match.start()].strip()
        if same:
            words.append(DiffWord("same", same))
        removed, added = match.group(1), match.group(2)
        if removed is not None and removed.strip():
            words.append(DiffWord("removed", removed.strip()))
        if added is not None and added.strip():
            words.append(DiffWord("added", added.strip()))
        at = match.end()
    rest = diff[at:].strip()
    if rest:
        words.append(DiffWord("same", rest))
    return tuple(words)


def diff_text(words: Iterable[DiffWord]) -> str:
    """The diff for a plain-text surface: removed words in ``[-…-]``, added in ``{+…+}``."""
    marks = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}
    return " ".join(marks[w.op].format(w.text) for w in words)


def with_link(line: str, url: str) -> str:
    """A line for a plain-text surface, its link after it: "… — same article URL · https://…"."""
    return f"{line} · {url}" if url else line


def _code(value: object) -> str:
    text = str(value)
    if text in CODES:
        return CODES[text]
    if text.startswith("script:"):
        return f"{text[7:]} paywall script"
    if text.startswith("paywall list: "):
        return f"on the paywall list ({text[14:]})"
    return text


def _as_list(value: object) -> list[object]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _item(label: str, how: str, value: Any) -> Item | None:
    if how == "diff":
        words = parse_diff(str(value))
        return Item(label, "diff", diff_text(words), words=words) if words else None
    if how in ("link", "links"):
        urls = [str(v) for v in _as_list(value) if str(v).strip()]
        good = tuple(u for u in urls if _URL.match(u))
        if good and len(good) == len(urls):
            return Item(label, "links", word_list(good), links=good)
        return Item(label, "text", word_list(urls)) if urls else None
    if how == "ratio" and isinstance(value, int | float) and not isinstance(value, bool):
        return Item(label, "text", _ratio(float(value)))
    if how == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return Item(label, "text", _number(float(value)))
    if how == "yes":
        return Item(label, "text", _yes(value))
    if how == "source":
        return Item(label, "text", SOURCES.get(str(value), str(value)))
    if how in ("signals", "reasons"):
        text = word_list(dict.fromkeys(_code(v) for v in _as_list(value)))
        return Item(label, "text", text) if text else None
    if how == "quote":
        return Item(label, "text", f"“{shorten(str(value), MAX_TEXT)}”")
    if how == "quotes":
        text = word_list(f"“{v}”" for v in _as_list(value))
        return Item(label, "text", text) if text else None
    if how == "concat":
        return Item(label, "text", " ".join(str(v) for v in _as_list(value)))
    if how == "match":
        return Item(label, "text", MATCHES.get(str(value), str(value)))
    if how == "earlier":
        shown = [v for v in _as_list(value) if isinstance(v, Mapping)]
        lines = tuple(shorten(earlier_summary(v), MAX_TEXT) for v in shown)
        links = tuple(url if _URL.match(url := earlier_permalink(v)) else "" for v in shown)
        text = "; ".join(with_link(line, url) for line, url in zip(lines, links, strict=True))
        return Item(label, "lines", text, lines=lines, line_links=links) if lines else None
    return _generic(label, value)


def _generic_text(value: Any) -> str:
    """A value under a key no rule is known to emit: still short text, never JSON."""
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, int | float):
        return _number(float(value))
    if isinstance(value, str):
        return shorten(value, MAX_TEXT)
    if isinstance(value, Mapping):
        parts = [f"{humanize(str(k))}: {_generic_text(v)}" for k, v in value.items()]
        return "; ".join(p for p, v in zip(parts, value.values(), strict=True) if not _empty(v))
    if isinstance(value, Iterable):
        return word_list(_generic_text(v) for v in value if not _empty(v))
    return shorten(str(value), MAX_TEXT)


def _generic(label: str, value: Any) -> Item | None:
    if isinstance(value, str) and _URL.match(value.strip()):
        return Item(label, "links", value.strip(), links=(value.strip(),))
    text = _generic_text(value)
    return Item(label, "text", text) if text else None


def humanize(key: str) -> str:
    """A field name as words (for keys no rule is known to emit): ``earlier_posts`` → "Earlier
    posts"."""
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == ()


#: Keys that mean something else in one rule's evidence.
RULE_LABELS: dict[str, dict[str, tuple[str, str] | None]] = {
    "not-original-source": {"original": ("Original source", "link")},
}
#: Shown by the word diff when there is one.
_IN_DIFF = ("added", "removed")
#: Shown only beside another key's value.
_ONLY_WITH = {"caps_ratio": "caps_words"}


def describe(evidence: Mapping[str, Any], rule: str = "") -> list[Item]:
    """A finding's evidence as items: known keys in reading order, then any others."""
    labels = {**LABELS, **RULE_LABELS.get(rule, {})}
    items: list[Item] = []
    known = [k for k in labels if k in evidence]
    others = [k for k in evidence if k not in labels]
    for key in known + others:
        value = evidence[key]
        if _empty(value) or (value is False and key != "lead_checked"):
            continue
        if key in _IN_DIFF and evidence.get("diff"):
            continue
        if key in _ONLY_WITH and _empty(evidence.get(_ONLY_WITH[key])):
            continue
        if key == "canonical_url" and value == evidence.get("original"):
            continue
        spec = labels.get(key, (humanize(key), "generic"))
        if spec is None:
            continue
        item = _item(spec[0], spec[1], value)
        if item is not None and item.text:
            items.append(item)
    return items


def plain(items: Iterable[Item]) -> list[str]:
    """Items as ``Label: value`` lines for the terminal; a ``lines`` item of more than one line
    as ``Label:`` and then ``  - line`` each."""
    out: list[str] = []
    for item in items:
        if item.kind == "lines" and len(item.lines) > 1:
            out += [f"{item.label}:", *(f"  - {with_link(*pair)}" for pair in item.linked)]
        else:
            out.append(f"{item.label}: {item.text}")
    return out
