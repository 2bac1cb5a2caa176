"""One walk of a parsed page for the elements several extractors read by tag.

Each ``css()`` call walks the whole tree; lexbor matches a selector *list* in one walk and
reports every matching element once, in document order. The meta, script, base, title, h1 and
link elements are therefore found together here, and each extractor takes its own tag's list,
which holds exactly what its own query returned: no other selector of the list can match an
element of that tag (``base``/``link`` elements are reported only through ``base[href]`` and
``link[rel][href]``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: Attributes as selectolax reports them (a valueless attribute reads ``None``).
Attrs = dict[str, str | None]

_WALK = "meta, script, base[href], title, h1, link[rel][href]"


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
    _script_texts: list[str] | None = field(default=None, repr=False)

    def scripts_contain(self, needle: str) -> bool:
        """Whether some script's text holds ``needle`` (as ``tree.scripts_contain``)."""
        if self._script_texts is None:
            self._script_texts = [t for node, _ in self.scripts if (t := node.text(deep=True))]
        return any(needle in text for text in self._script_texts)


def scan(tree: LexborHTMLParser) -> Scan:
    """Walk ``tree`` once (see the module docstring)."""
    out = Scan()
    for node in tree.css(_WALK):
        tag = node.tag
        if tag == "script":
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
