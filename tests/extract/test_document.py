"""Block nesting depth (the lower-case scan and its IGNORECASE fallback agree); meta lookups."""

from __future__ import annotations

import pytest

from bot.extract.document import _depths, max_depth, parse_document


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


@pytest.mark.parametrize(
    "html",
    ["", "<div>" * 140, "<DIV>x" * 140 + "</DIV>" * 140, "</div><div><section></section>"],
)
def test_max_depth_is_the_deepest_running_depth(html):
    assert max_depth(html) == max(_depths(html), default=0)


_META_PAGE = (
    '<meta name="a" content="  "><meta name="a" content=" first \n value "><meta name="b" '
    'content="b1"><meta property="c" content=""><meta name="d" content="d1">'
)


def test_meta_first_takes_the_first_non_empty_content_of_the_first_key_with_one():
    doc = parse_document(_META_PAGE, "https://example.com/")
    for _ in range(2):  # answers are kept per key: the second round reads them back
        assert doc.meta_first("a") == "first value"
        assert doc.meta_first("c", "missing", "d", "b") == "d1"
        assert doc.meta_first("c") is None
        assert doc.meta_first("missing") is None
        assert doc.meta_first("b", "a") == "b1"
