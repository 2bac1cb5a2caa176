"""Content-farm / blogspam signs. The ``blogspam`` rule keys on these exact strings.

- ``no-publisher``: no site name, publisher or og:site_name declared in metadata (a name in the
  ``<title>`` does not count: content farms put theirs there too)
- ``no-date``: no published date
- ``comment-form``: a blog comment form (``#respond``, ``comment-form``, wp-comments)
- ``intro-conclusion``: headings "Introduction" ... "Conclusion"
- ``question-title``: an SEO question headline ("How ...", "What ...", "... ?")
- ``no-sources``: no links in the body to other domains
- ``wordpress``: WordPress generator meta
- ``ai-filler``: stock filler phrases ("In conclusion", "It is important to note"), counted
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domains import hostname, registered_domain
from bot.extract.document import Document

#: Filler phrases needed (distinct occurrences) before ``ai-filler`` is reported.
AI_FILLER_MIN = 2

BLOG_SIGNALS: tuple[str, ...] = (
    "no-publisher",
    "no-date",
    "comment-form",
    "intro-conclusion",
    "question-title",
    "no-sources",
    "wordpress",
    "ai-filler",
)

#: Only asked whether anything matches: "form.comment-form" would add nothing to
#: ".comment-form" but one more test of every element.
_COMMENT_FORM = (
    "#respond, #commentform, .comment-form, #comment-form, "
    "[class*=wp-comments], #wp-comments, .comment-respond, form[action*=wp-comments-post]"
)
_INTRO = re.compile(
    r"^\s*(?:\d+[.)]?\s*)?(?:introduction|intro|einleitung|einführung)\s*:?\s*$", re.I
)
_CONCLUSION = re.compile(
    r"^\s*(?:\d+[.)]?\s*)?"
    r"(?:conclusion|in conclusion|final thoughts|summary|fazit|schluss)\s*:?\s*$",
    re.I,
)
_QUESTION = re.compile(
    r"^(?:how|what|why|when|where|who|which|has|have|had|is|are|was|were|can|could|does|do|did|"
    r"will|would|should|shall)\b",
    re.I,
)
#: Stock filler phrases (lower case, with apostrophes as "'"). Counted with ``str.count`` on the
#: lower-cased body: a regex alternation over every paragraph cost more than the whole parse.
FILLER_PHRASES: tuple[str, ...] = (
    "in conclusion",
    "it is important to note",
    "it's important to note",
    "it is worth noting",
    "it's worth noting",
    "in today's fast-paced world",
    "in today's digital age",
    "in the ever-evolving",
    "in summary",
    "to sum up",
    "delve into",
    "navigating the",
    "a testament to",
    "plays a crucial role",
    "in the realm of",
    "it is essential to",
    "unlock the potential",
    "game-changer",
)


def question_title(headline: str | None) -> bool:
    """An SEO question headline: starts with How/What/Why/Is/Can/Does... or ends in '?'."""
    if not headline:
        return False
    text = headline.strip()
    return text.endswith("?") or bool(_QUESTION.match(text))


_SPACED_FILLER = tuple(" " + phrase for phrase in FILLER_PHRASES)


def filler_count(texts: Sequence[str]) -> int:
    """How many stock filler phrases the texts contain (each phrase starting a word)."""
    joined = " " + " ".join(texts).lower().replace("\u2019", "'")
    return sum(map(joined.count, _SPACED_FILLER))


def _links_elsewhere(url: str, links: Sequence[str]) -> bool:
    """Whether any link points to another registered domain than ``url``'s."""
    own_host = hostname(url) if url else ""
    own = registered_domain(own_host) if own_host else ""
    prefix = url.split("/", 3)[:3]  # "https:", "", "www.example.com"
    for link in links:
        if link.split("/", 3)[:3] == prefix:
            continue  # same scheme and host: no need to parse it
        host = hostname(link)
        if host != own_host and registered_domain(host) != own:
            return True
    return False


def blog_signals(
    doc: Document,
    *,
    headline: str | None,
    has_publisher: bool,
    has_date: bool,
    headings: Sequence[str],
    paragraphs: Sequence[str],
    links: Sequence[str],
) -> list[str]:
    """The content-farm signs present on the page, in ``BLOG_SIGNALS`` order."""
    found: set[str] = set()
    if not has_publisher:
        found.add("no-publisher")
    if not has_date:
        found.add("no-date")
    if doc.tree.css_first(_COMMENT_FORM) is not None:
        found.add("comment-form")
    if any(_INTRO.match(h) for h in headings) and any(_CONCLUSION.match(h) for h in headings):
        found.add("intro-conclusion")
    if question_title(headline):
        found.add("question-title")
    if paragraphs and not _links_elsewhere(doc.url, links):
        found.add("no-sources")
    generator = " ".join(doc.meta.get("generator", ())).lower()
    if "wordpress" in generator:
        found.add("wordpress")
    if filler_count([*paragraphs, *headings]) >= AI_FILLER_MIN:
        found.add("ai-filler")
    return [s for s in BLOG_SIGNALS if s in found]
