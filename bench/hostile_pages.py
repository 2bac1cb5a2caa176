"""Generators of hostile HTML: markup that makes an HTML tree builder do work that grows faster
than the page (nesting, open formatting elements, scope walks). Each takes ``n``, a repeat count,
and returns the page; ``fill(gen, chars)`` picks the ``n`` that fills ``chars`` characters.
"""

from __future__ import annotations

from collections.abc import Callable

Generator = Callable[[int], str]
HEAD = "<html><body>"


def inline_close_p(n: int) -> str:
    """The issue's page: n distinct open ``<i>``, then n ``</i></p>``."""
    return HEAD + "".join(f"<i class=c{k}>" for k in range(n)) + "</i></p>" * n


def inline_paragraphs(n: int) -> str:
    """A distinct ``<i>`` before each ``<p>x</p>``: every paragraph re-opens all of them."""
    return HEAD + "".join(f"<i class=c{k}><p>x</p>" for k in range(n))


def spans_close_p(n: int) -> str:
    """n open ``<span>`` (no formatting element), then n stray ``</p>``: each walks the stack."""
    return HEAD + "<span>" * n + "</p>" * n


def stray_end_tags(n: int) -> str:
    """Stray end tags first (they close nothing), then n open ``<span>`` and n ``</p>``."""
    return HEAD + "</span></div>" * n + "<span>" * n + "</p>" * n


def custom_elements(n: int) -> str:
    """Unknown (custom) elements stay open like any other."""
    return HEAD + "<x-a>" * n + "</p>" * n


def nested_lists(n: int) -> str:
    """n nested ``<ul><li>``: ``<li>`` walks the stack for an open one."""
    return HEAD + "<ul><li>" * n


def popped_formatting(n: int) -> str:
    """Formatting elements closed by a block end tag stay in the formatting list: every later
    text re-opens all of them."""
    k = max(1, n // 50)
    return HEAD + "".join(f"<div><b class=c{j}></div>" for j in range(k)) + "<div>x</div>" * n


def fonts_then_text(n: int) -> str:
    """n distinct ``<font>`` then n ``<p>x``."""
    return HEAD + "".join(f"<font size={k}>" for k in range(n)) + "<p>x" * n


def links(n: int) -> str:
    """n unclosed links with text."""
    return HEAD + "".join(f"<a href=/{k}>y" for k in range(n))


def svg_groups(n: int) -> str:
    """n nested ``<g>`` in an ``<svg>``, then n stray end tags."""
    return HEAD + "<svg>" + "<g>" * n + "</x>" * n


def svg_style(n: int) -> str:
    """The same inside an svg ``<style>``, which is markup there, not raw text."""
    return HEAD + "<svg><style>" + "<g>" * n + "</x>" * n


def svg_breakout(n: int) -> str:
    """``<p>`` leaves the ``<svg>``: the ``<x-a/>`` after it are open HTML elements."""
    return HEAD + "<svg><p>" + "<x-a/>" * n + "</p>" * n


def empty_comment(n: int) -> str:
    """``<!-->`` is a whole comment: what follows is markup, up to a ``-->`` at the end."""
    return HEAD + "<!-->" + "<span>" * n + "</p>" * n + "-->"


def self_closing_html(n: int) -> str:
    """``<i/>`` is an open ``<i>`` in HTML (only void and foreign elements close themselves)."""
    return HEAD + "".join(f"<i class=c{k} />" for k in range(n)) + "</p>" * n


def tables(n: int) -> str:
    """n nested tables with a cell each."""
    return HEAD + "<table><tr><td>" * n


def nested_divs(n: int) -> str:
    """n nested ``<div>`` (flattened since before this benchmark)."""
    return HEAD + "<div>x" * n


GENERATORS: dict[str, Generator] = {
    "inline_close_p": inline_close_p,
    "inline_paragraphs": inline_paragraphs,
    "spans_close_p": spans_close_p,
    "stray_end_tags": stray_end_tags,
    "custom_elements": custom_elements,
    "nested_lists": nested_lists,
    "popped_formatting": popped_formatting,
    "fonts_then_text": fonts_then_text,
    "links": links,
    "svg_groups": svg_groups,
    "svg_style": svg_style,
    "svg_breakout": svg_breakout,
    "empty_comment": empty_comment,
    "self_closing_html": self_closing_html,
    "tables": tables,
    "nested_divs": nested_divs,
}


def fill(gen: Generator, chars: int) -> str:
    """``gen(n)`` for the largest ``n`` whose page has at most ``chars`` characters."""
    low, high = 1, 1
    while len(gen(high)) <= chars:
        low, high = high, high * 2
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if len(gen(mid)) <= chars else (low, mid)
    return gen(low)
