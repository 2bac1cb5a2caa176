"""Estimate, before parsing, how much work lexbor's tree builder will do on a page.

The HTML tree builder is linear on ordinary pages but not on hostile ones: many of its steps walk
the *stack of open elements* ("is there a <p> in button scope?", "close up to the matching end
tag") or the *list of active formatting elements* (the Noah's-Ark check on every ``<b>``/``<i>``
…; re-opening formatting elements a block end tag popped). A page under the 3 MB cap that keeps
120,000 elements open costs minutes (120,000 ``<i class=cN>`` then 120,000 ``</i></p>``: 157 s).

``parse_cost`` reads the tags with one regular-expression scan that tokenizes as the HTML
standard does (quoted attribute values, comments and the contents of raw-text elements such as
``<script>`` are not markup; in ``<svg>``/``<math>`` they are, and ``/>`` closes an element
there only) and keeps, per tag name, how many are open: an end
tag closes one only if one of that name is open (so stray end tags cannot hide depth), void
elements never open, and a start tag of an element that closes its open sibling (``<p>``,
``<li>``, ``<td>`` …) opens nothing while one is open. Every element the real parser keeps open
is counted except such a sibling nested under another counted element, so ``depth`` is at least
half the real stack; elements that a block end tag closes implicitly stay counted, which only
over-estimates. For each tag it adds what the parser may walk: the stack (``depth``), the
formatting list (``formatting``) and, for re-opening, the formatting list times the stack. A page
whose sum passes ``MAX_PARSE_COST`` is not parsed (``PageTooComplex``): a few tenths of a second
of parsing on the 2-core machine for the worst page the ``bench/hostile_pages.py`` generators
find under it; the costliest of the 1,152 corpus pages uses 0.2% of it
(``bench/bench_hostile.py`` prints both). See docs/security.md.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

#: Work units (see the module docstring) a page may cost the parser.
MAX_PARSE_COST = 100_000_000
#: Tags a page may have (the corpus pages: at most about 20,000; a 3 MB page of bare ``<li>``
#: has 750,000, all of which every later step of extraction would walk).
MAX_TAGS = 200_000

#: Elements whose content is text, not markup (outside ``<svg>``/``<math>``): skipped whole.
_RAW = "script|style|title|textarea|xmp|iframe|noembed|noframes"
#: HTML's whitespace (Python's ``\s`` also matches U+00A0 and others, which are name characters).
_WS = r"[\t\n\f\r ]"
#: One attribute as the tokenizer reads it: a name (its first character may be "="; quotes and
#: "<" are name characters), then optionally "=" and a value, quoted or not (an unquoted value
#: ends at whitespace or ">", so ``a=b/>`` does not close the tag).
_ATTR = (
    r"[^\t\n\f\r />][^\t\n\f\r />=]*+"
    r"(?:" + _WS + r"*+=" + _WS + r"*+(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >]*+))?+"
)
#: A tag: its "/", its name, its attributes, and "/" when it ends with "/>" (self-closing).
_TAG_PATTERN = r"<(/?)([a-zA-Z][^\t\n\f\r />]*+)(?:" + _WS + r"++|/(?!>)|" + _ATTR + r")*+(/?)"
#: Tokens of the scan: a comment (``<!-->`` and ``<!--->`` are whole ones; ``-->`` or ``--!>``
#: ends one), or a raw-text element and its content (names in ASCII case only: ``<ſcript>`` is
#: no script), each to the end of the page when never closed, else a tag. Possessive loops
#: throughout: each character is read once and nothing backtracks.
_TOKEN = re.compile(
    r"<!--(?:-?>|[^-]*+(?:-(?!-!?>)[^-]*+)*+(?:--!?>)?)"
    r"|<((?ai:" + _RAW + r"))(?=[\t\n\f\r />])[^>]{0,2000}>"
    r"([^<]*+(?:<(?!(?ai:/\1)[\t\n\f\r />])[^<]*+)*+)"
    r"|" + _TAG_PATTERN
)
#: Tags inside a raw-text element's content (scanned when foreign content makes it markup).
_TAG = re.compile(_TAG_PATTERN)


def _names(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


VOID = _names(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr"
)
#: The document's own elements: opened once, whatever the page says.
_SKELETON = frozenset({"html", "head", "body"})
#: Elements the HTML standard keeps in the list of active formatting elements.
FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
#: Start tags that close an open element of their own name (``<p>`` in a ``<p>``, ``<a>`` in an
#: ``<a>``), approximately.
_SIBLINGS = _names(
    "a nobr p li dd dt option optgroup tr td th thead tbody tfoot caption colgroup rb rp rt rtc"
)
#: Roots of foreign content, where ``<g/>`` closes itself; its HTML integration points (HTML
#: inside); and the HTML names that leave it (the parser pops back to HTML).
_FOREIGN = frozenset({"svg", "math"})
#: SVG and MathML element names (lower case): an end tag of any other name, in foreign
#: content, pops back to HTML (it closes an HTML element below, or is a </p> or </br>).
_FOREIGN_NAMES = _names(
    "svg math a altglyph altglyphdef altglyphitem animate animatecolor animatemotion "
    "animatetransform circle clippath cursor defs desc ellipse feblend fecolormatrix "
    "fecomponenttransfer fecomposite feconvolvematrix fediffuselighting fedisplacementmap "
    "fedistantlight fedropshadow feflood fefunca fefuncb fefuncg fefuncr fegaussianblur feimage "
    "femerge femergenode femorphology feoffset fepointlight fespecularlighting fespotlight "
    "fetile feturbulence filter font-face foreignobject g glyph glyphref image line "
    "lineargradient marker mask metadata mpath path pattern polygon polyline radialgradient rect "
    "script set stop style switch symbol text textpath title tref tspan use view "
    "mi mo mn ms mtext mglyph malignmark annotation annotation-xml semantics mrow mfrac msqrt "
    "mroot mstyle merror mpadded mphantom mfenced menclose msub msup msubsup munder mover "
    "munderover mmultiscripts mprescripts none mtable mtr mtd mlabeledtr mspace maction"
)
_INTEGRATION = _names("foreignobject desc title mi mo mn ms mtext annotation-xml")
_BREAKOUT = _names(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img "
    "li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var "
    "font"
)


class PageTooComplex(ValueError):
    """A page whose markup would cost the parser more than the budget (one-line message)."""


@dataclass(frozen=True)
class Structure:
    """What the scan found: tags read, deepest estimated nesting, most open formatting elements,
    and the estimated parse cost."""

    tags: int
    depth: int
    formatting: int
    cost: int


#: What each tag name is to the scan (names not here are ordinary elements: ``_OPEN``).
_OPEN, _NOTHING, _FORMAT, _ROOT, _POINT, _SIBLING = range(6)
_KINDS: dict[str, int] = {
    **dict.fromkeys(VOID | _SKELETON, _NOTHING),
    **dict.fromkeys(_INTEGRATION, _POINT),
    **dict.fromkeys(_FOREIGN, _ROOT),
    **dict.fromkeys(_SIBLINGS - FORMATTING, _SIBLING),
    **dict.fromkeys(FORMATTING, _FORMAT),  # "a" and "nobr" are both: handled as formatting
}


def parse_cost(html: str, limit: int | None = None, max_tags: int | None = None) -> Structure:
    """Scan ``html`` once and estimate the tree builder's work (see the module docstring); stop
    early once the cost passes ``limit`` or the tags ``max_tags``."""
    open_: dict[str, int] = {}
    get = open_.get
    kinds = _KINDS.get
    lowered: dict[str, str] = {}  # the tokenizer lower-cases ASCII only (a Kelvin sign stays)
    depth = formatting = deepest = most = cost = tags = 0
    # Open <svg>/<math>, and HTML integration points opened in them (<foreignObject>, <mtext>
    # ..., where tags are HTML again; counted until the <svg> closes, whatever closes them):
    # only in foreign content proper does "/>" close an element.
    foreign = integration = 0
    stop = limit if limit is not None else sys.maxsize
    most_tags = max_tags if max_tags is not None else sys.maxsize
    # Iterators of tokens; a raw-text element inside <svg>/<math> is markup there: its content
    # is scanned for tags and read before the rest of the page.
    pending = [iter(_TOKEN.findall(html))]
    while pending:
        for raw, body, slash, name, closing in pending[-1]:
            if not name:
                if raw and foreign:
                    inner = [("", "", s, n, r) for s, n, r in _TAG.findall(body)]
                    pending.append(iter([("", "", "", raw, ""), *inner]))
                    break
                continue  # a comment, or script, style ...: one leaf
            tags += 1
            low = lowered.get(name)
            if low is None:
                low = lowered[name] = name.lower() if name.isascii() else name
            kind = kinds(low, _OPEN)
            if slash:
                if foreign and not integration and low not in _FOREIGN_NAMES:
                    foreign = 0  # </p>, </div> ...: the parser pops out of foreign content
                n = get(low, 0)
                if n:
                    open_[low] = n - 1
                    depth -= 1
                    if kind == _FORMAT:
                        formatting -= 1
                    elif kind == _ROOT:
                        foreign = max(foreign - 1, 0)
                        integration = integration if foreign else 0
            else:
                if foreign and not integration and low in _BREAKOUT:
                    foreign = 0  # an HTML tag (<p>, <br> ...): the parser leaves foreign content
                if kind == _NOTHING or (
                    closing and (kind == _ROOT or (foreign and not integration))
                ):
                    pass  # void; <svg/>, and <path/> inside an <svg>: closed at once
                elif (kind == _SIBLING or low == "a" or low == "nobr") and get(low, 0):
                    pass  # closes its open sibling: nothing more is open
                else:
                    open_[low] = get(low, 0) + 1
                    depth += 1
                    if depth > deepest:
                        deepest = depth
                    if kind == _FORMAT:
                        formatting += 1
                        if formatting > most:
                            most = formatting
                    elif kind == _ROOT:
                        foreign += 1
                    elif kind == _POINT and foreign:
                        integration += 1
            cost += depth + formatting * (depth + formatting + 1) if formatting else depth
            if cost > stop or tags > most_tags:
                return Structure(tags=tags, depth=deepest, formatting=most, cost=cost)
        else:
            pending.pop()
    return Structure(tags=tags, depth=deepest, formatting=most, cost=cost)


def check_structure(html: str, limit: int = MAX_PARSE_COST, max_tags: int = MAX_TAGS) -> Structure:
    """``parse_cost(html)``; raises ``PageTooComplex`` when it passes ``limit`` or ``max_tags``."""
    found = parse_cost(html, limit, max_tags)
    if found.tags > max_tags:
        raise PageTooComplex(f"page markup too large to parse safely (more than {max_tags:,} tags)")
    if found.cost > limit:
        raise PageTooComplex(
            f"page markup too complex to parse safely ({found.depth:,} elements open, "
            f"{found.formatting:,} of them formatting, after {found.tags:,} tags)"
        )
    return found
