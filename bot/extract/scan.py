"""One walk of a parsed page for the elements several extractors read by tag.

lexbor matches a selector *list* in one walk of the tree and reports the matches in document
order (an element once per selector of the list it matches). The meta, script, base, title, h1,
link and paragraph elements are therefore found together here, and each extractor takes its own
tag's list, which holds exactly what its own query returned: the selectors of the list name
disjoint tags, so an element matches at most one of them and its tag tells which
(``base``/``link`` elements are reported only through ``base[href]`` and ``link[rel][href]``, a
``div`` only through ``div[class*=paragraph]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Attributes as selectolax reports them (a valueless attribute reads ``None``).
Attrs = dict[str, str | None]

#: Paragraphs: <p>, and the <div class="...paragraph..."> some sites (CNN) use instead.
PARAGRAPHS = "p, div[class*=paragraph]"
_WALK = f"meta, script, base[href], title, h1, link[rel][href], {PARAGRAPHS}"


@dataclass
class Scan:
    """The elements of the walk by tag, each list in document order."""

    meta: list[Attrs] = field(default_factory=list)
    #: Every ``<script>``: one without ``type``/``src`` reads ``None`` for it.
    scripts: list[tuple[LexborNode, Attrs]] = field(default_factory=list)
    #: ``base[href]``, ``link[rel][href]``.
    bases: list[Attrs] = field(default_factory=list)
    links: list[Attrs] = field(default_factory=list)
    titles: list[LexborNode] = field(default_factory=list)
    h1s: list[LexborNode] = field(default_factory=list)
    #: The ``PARAGRAPHS`` elements.
    paragraphs: list[LexborNode] = field(default_factory=list)
    _script_texts: list[str] | None = field(default=None, repr=False)

    def scripts_contain(self, needle: str) -> bool:
        """Whether some script's text holds ``needle`` (as ``tree.scripts_contain``)."""
        if self._script_texts is None:
            self._script_texts = [t for node, _ in self.scripts if (t := node.text(deep=True))]
        # str.__contains__ mapped in C: no generator frame per script.
        return any(map(str.__contains__, self._script_texts, repeat(needle)))


def scan(tree: LexborHTMLParser) -> Scan:
    """Walk ``tree`` once (see the module docstring)."""
    out = Scan()
    paragraphs = out.paragraphs
    for node in tree.css(_WALK):
        tag = node.tag
        if tag == "p" or tag == "div":
            paragraphs.append(node)
        elif tag == "script":
            out.scripts.append((node, node.attributes))
        elif tag == "meta":
            out.meta.append(node.attributes)
        elif tag == "h1":
            out.h1s.append(node)
        elif tag == "title":
            out.titles.append(node)
        elif tag == "link":
            out.links.append(node.attributes)
        elif tag == "base":
            out.bases.append(node.attributes)
    return out
