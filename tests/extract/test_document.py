"""Block nesting depth: the one-pass lower-case scan and its IGNORECASE fallback agree."""

from __future__ import annotations

import pytest

from bot.extract.document import max_depth


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("", 0),
        ("<p>text</p>", 0),
        ("<div><section><p>x</p></section></div>", 2),
        ("<div></div><div><div></div></div>", 2),
        ("<divx><div-a><diva>", 0),  # not block tags
        ("<div/><div >", 2),
        # An upper-case letter in any tag name takes the case-insensitive scan.
        ("<DIV><Section><p>x</p></Section></DIV>", 2),
        ("<P>x</P><div><div></div></div>", 2),
        ("<div><sPan>x</sPan><DiV></DiV></div>", 2),
        ("<dIVx><diV>", 1),
    ],
)
def test_max_depth(html, depth):
    assert max_depth(html) == depth
