"""Parse untrusted HTML into a ``Document``: bounded input, flattened nesting, metadata indexes.

lexbor is fast on ordinary pages but its tree builder is quadratic in the depth of the open
element stack for block elements (each ``<div>`` walks the stack looking for a ``<p>`` in scope):
100,000 nested ``<div>`` take ~20 s. ``prepare_html`` therefore caps the input size and, on a
page whose block nesting passes ``MAX_DEPTH``, drops block tags (their text is kept) from the
point where it passed ``FLATTEN_DEPTH`` before the parser sees the page. What remains is
estimated by ``bot.extract.structure`` (every tag, inline and formatting elements too): a page
whose markup would still cost the parser more than its budget raises ``PageTooComplex``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bot.extract.jsonld import JsonLd, parse_jsonld
from bot.extract.scan import Scan, scan
from bot.extract.structure import check_structure

log = logging.getLogger(__name__)

#: Characters of HTML parsed at most; the fetcher caps bytes too, this guards every other caller.
MAX_HTML_CHARS = 3_000_000
#: Nesting of block elements a page may reach (corpus pages: median 13, 2 of 686 deeper than
#: 128). lexbor walks the whole open-element stack for every block, <p> or <li> start tag, so the
#: parse costs tags x depth. A page that passes MAX_DEPTH is pathological: it is flattened from
#: the point where it passed FLATTEN_DEPTH, which keeps a 3 MB hostile page to about a second.
MAX_DEPTH = 128
FLATTEN_DEPTH = 32

# Block elements that stay on lexbor's open-element stack and close any open <p> (the expensive
# ones). li/dd/dt/p are left out: they close their open siblings, so sloppy markup that never
# closes them would read as deep nesting.
#: div section article main aside header footer nav blockquote center details dialog dir dl
#: fieldset figcaption figure form hgroup menu ol ul summary address table, spelled as a trie: at
#: each "<" the regex engine tries one branch per first letter instead of all 25 names (no name
#: is a prefix of another, so the matches are the same as the plain alternation's).
_NAME_TRIE = (
    r"(?:a(?:rticle|side|ddress)|blockquote|center|d(?:i(?:v|alog|r)|etails|l)|"
    r"f(?:ooter|ieldset|ig(?:caption|ure)|orm)|h(?:eader|group)|m(?:ain|enu)|nav|ol|"
    r"s(?:ection|ummary)|table|ul)"
)
_BLOCK_NAMES = r"<(/?)" + _NAME_TRIE + r"(?=[\s/>])"
_BLOCK_TAG = re.compile(_BLOCK_NAMES + r"[^>]{0,2000}>?", re.IGNORECASE)
#: What IGNORECASE matches for a letter, beyond its two ASCII cases ("\u017fection" is a
#: section to the ``re`` module, so it is one here too).
_FOLDS = {"i": "iI\u0130\u0131", "k": "kK\u212a", "s": "sS\u017f"}
# The same matches as _BLOCK_NAMES with IGNORECASE, spelled with a character class per letter:
# the IGNORECASE engine lower-cases every character it compares and is 2-3x slower.
_BLOCK_START = re.compile(
    r"<(/?)"
    + "".join(f"[{_FOLDS.get(c, c + c.upper())}]" if c.isalpha() else c for c in _NAME_TRIE)
    + r"(?=[\s/>])"
)
# Case-sensitive scans are 3-4x faster than IGNORECASE ones. One lower-case scan serves pages
# whose tag names are all lower case (nearly all): at each "<" its one group captures "/" if
# present and then either nothing, before a block tag name (read by a lookahead, not consumed:
# no name holds a "<"), or a tag name with an upper-case letter (possessive: no backtracking),
# which cannot also be a block tag. The optional "/" is matched once for both alternatives. One
# group keeps findall from building a tuple per tag; any upper-case name (no key of _DELTA)
# sends the page to the case-insensitive scan (_BLOCK_START).
_BLOCK_OR_UPPER = re.compile(r"<(/?(?:(?=" + _NAME_TRIE + r"[\s/>])|[a-z]*+[A-Z]))")
_DELTA = {"": 1, "/": -1}


def _deltas(html: str) -> list[int]:
    """+1 for each opening block tag of ``html``, -1 for each closing one, in order (at C speed:
    no Python loop per tag)."""
    try:
        return list(map(_DELTA.__getitem__, _BLOCK_OR_UPPER.findall(html)))
    except KeyError:  # some tag name has an upper-case letter
        return list(map(_DELTA.__getitem__, _BLOCK_START.findall(html)))


def _depths(html: str) -> list[int]:
    """Running nesting depth of block tags after each tag."""
    return list(accumulate(_deltas(html)))


def max_depth(html: str) -> int:
    """Deepest nesting of block tags in ``html``."""
    return max(accumulate(_deltas(html)), default=0)


def _flatten(html: str, limit: int, flatten_at: int) -> str:
    """When block nesting exceeds ``limit``: from the tag where it first exceeded ``flatten_at``
    on, drop every block tag.

    The text is kept; only the structure of that (pathological) rest of the page is lost. All
    steps run in C: the tags are found once, locating the tag is ``list.index`` and one
    ``islice`` over the matches (the running depths are only listed for a page that needs
    flattening).
    """
    deltas = _deltas(html)
    if max(accumulate(deltas), default=0) <= limit:
        return html
    depths = list(accumulate(deltas))
    index = depths.index(min(flatten_at, limit) + 1)
    match = next(islice(_BLOCK_START.finditer(html), index, None), None)
    if match is None:
        return html
    return html[: match.start()] + _BLOCK_TAG.sub("", html[match.start() :])


def prepare_html(html: str) -> str:
    """Make untrusted HTML safe to hand to lexbor in bounded time (``PageTooComplex`` if it
    cannot be)."""
    if len(html) > MAX_HTML_CHARS:
        log.debug("HTML truncated from %d to %d characters", len(html), MAX_HTML_CHARS)
        html = html[:MAX_HTML_CHARS]
    # NUL and control characters need nothing: lexbor handles them as the HTML standard says.
    html = _flatten(html, MAX_DEPTH, FLATTEN_DEPTH)
    check_structure(html)
    return html


def clean_text(text: str | None) -> str:
    """Collapse whitespace (any Unicode space, as ``str.split`` sees it); ``None`` gives ``""``."""
    if not text:
        return ""
    return " ".join(text.split())


def node_text(node: LexborNode) -> str:
    """Visible text of a node with whitespace collapsed."""
    return clean_text(node.text(deep=True, separator=" "))


@dataclass
class Document:
    """A parsed page plus the indexes every extractor uses."""

    tree: LexborHTMLParser
    url: str  # the page's own URL (final URL when known)
    base_url: str  # for resolving relative links (<base href> when present)
    scan: Scan  # meta, script, base, title, h1 and link elements, found in one walk
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-case key -> contents
    jsonld: JsonLd = field(default_factory=JsonLd)
    #: Values several extractors ask for (the <title>, the site's names), computed once.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    #: Per meta key, its first non-empty content, whitespace collapsed ("" when it has none).
    _firsts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def meta_first(self, *keys: str) -> str | None:
        """The first non-empty meta content for the first key that has one."""
        for key in keys:
            values = self.meta.get(key)
            if values is None:
                continue
            text = self._firsts.get(key)
            if text is None:  # the same keys are asked for by several extractors
                text = self._firsts[key] = next(filter(None, map(clean_text, values)), "")
            if text:
                return text
        return None

    def absolute(self, href: str | None) -> str | None:
        """``href`` resolved against the base URL; ``None`` unless it is http(s)."""
        if not href:
            return None
        href = href.strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "data:", "tel:")):
            return None
        lower = href[:8].lower()
        if lower.startswith(("http://", "https://")) and "\\" not in href and " " not in href:
            return href  # already absolute: skip urljoin (the common case, and it is slow)
        try:
            url = urljoin(self.base_url, href) if self.base_url else href
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or not host:
            return None
        return url


_META_NAMES = ("property", "name", "itemprop", "http-equiv")


def _meta_index(found: Scan) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for attrs in found.meta:
        content = attrs.get("content")
        if content is None:
            if attrs.get("charset") is not None:
                continue
            content = attrs.get("value")
        if content is None:
            continue
        for attr in _META_NAMES:
            names = attrs.get(attr)
            if names:
                # itemprop="datePublished dateCreated": each token is a key of its own
                for key in names.lower().split():
                    meta.setdefault(key, []).append(content)
    return meta


def parse_document(html: str, url: str) -> Document:
    """Parse ``html`` (any string) into a ``Document``; never raises for bad markup, only
    ``PageTooComplex`` for markup too costly to parse."""
    html = prepare_html(html)
    tree = LexborHTMLParser(html)
    found = scan(tree)
    base_url = url
    if found.bases:
        href = found.bases[0].get("href") or ""
        try:
            joined = urljoin(url, href.strip()) if url else href.strip()
        except ValueError:
            joined = ""
        if joined.lower().startswith(("http://", "https://")):
            base_url = joined
    # Every <script> is in the scan; one without a type reads "" here, as with script[type].
    scripts = [
        node.text(deep=True)
        for node, attrs in found.scripts
        if "ld+json" in (attrs.get("type") or "").lower()
    ]
    return Document(
        tree=tree,
        url=url,
        base_url=base_url,
        scan=found,
        meta=_meta_index(found),
        jsonld=parse_jsonld(scripts),
    )
