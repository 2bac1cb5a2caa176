"""Literal text a regular expression cannot match without: a cheap test before a regex scan.

``required_literals(regex)`` reads the parsed pattern and returns strings of which any text the
regex finds a match in contains at least one (``None`` when it cannot tell). ``r"\\bshock(?:ing|
ingly)\\b"`` needs ``"shocking"``; ``r"\\bwtf\\b|\\bomg\\b"`` needs ``"wtf"`` or ``"omg"``. Testing
``in`` for a few short strings costs far less than a scan with the regex engine, and most titles
contain none of them, so the rules that run dozens of patterns over every title test this first.

The analysis is conservative: a run of consecutive literal characters in a sequence must occur
in the match; a group or a repeat of at least one must contain what its body needs; an
alternation needs what one of its branches needs. Anything else (classes, case-insensitive
parts, look-arounds, back-references) requires nothing.
"""

from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger(__name__)

# The parser ``re`` compiles with is private: a Python without it gets no shortcut (every
# pattern is then scanned), never an error or a wrong answer.
_sre: Any  # re._constants, or None
_sre_parse: Any  # re._parser, or None
try:
    from re import _constants as _sre  # type: ignore[attr-defined,no-redef]
    from re import _parser as _sre_parse  # type: ignore[attr-defined,no-redef]
except ImportError:  # pragma: no cover - CPython 3.11-3.14 have both
    _sre = _sre_parse = None

_REPEATS: set[Any] = set()
if _sre is not None:
    _REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
    if hasattr(_sre, "POSSESSIVE_REPEAT"):
        _REPEATS.add(_sre.POSSESSIVE_REPEAT)

Literals = frozenset[str]


def required_literals(regex: re.Pattern[str]) -> Literals | None:
    """Strings of which a text with a match contains at least one; ``None``: no such set known."""
    if _sre_parse is None or regex.flags & re.IGNORECASE or not isinstance(regex.pattern, str):
        return None
    try:
        parsed = _sre_parse.parse(regex.pattern, regex.flags)
    except Exception:  # an unknown parser version: no shortcut, never a wrong answer
        log.debug("cannot analyse %r", regex.pattern, exc_info=True)
        return None
    return _sequence(list(parsed))


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective of two requirements (longer shortest literal, then fewer of them)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _sequence(items: list[tuple[Any, Any]]) -> Literals | None:
    best: Literals | None = None
    run: list[str] = []
    for op, arg in items:
        if op is _sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run = []
        best = _better(best, _item(op, arg))
    if run:
        best = _better(best, frozenset(["".join(run)]))
    return best


def _item(op: Any, arg: Any) -> Literals | None:
    if op is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = arg
        return None if add_flags & _sre.SRE_FLAG_IGNORECASE else _sequence(list(body))
    if op is _sre.BRANCH:
        found = [_sequence(list(branch)) for branch in arg[1]]
        if any(f is None for f in found):
            return None
        return frozenset().union(*found)  # type: ignore[arg-type]
    if op in _REPEATS:
        low, _high, body = arg
        return _sequence(list(body)) if low >= 1 else None
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    return None


def may_match(literals: Literals | None, text: str) -> bool:
    """False only when ``text`` holds none of ``literals`` (so the regex cannot match)."""
    if literals is None:
        return True
    return any(literal in text for literal in literals)


class LiteralIndex:
    """Which of several regexes may match a text, from one scan for all their literals.

    ``candidates(text)`` is, in order, every index ``i`` with ``may_match(needs[i], text)``.
    One regex, the literals as a trie inside a look-ahead, reports at each position of the text
    the longest literal that starts there; a literal found there makes every literal that is a
    prefix of it found too (they start at the same position), and no other literal starts
    there. That costs one scan instead of an ``in`` test per literal.
    """

    def __init__(self, needs: list[Literals | None]) -> None:
        self._always = frozenset(i for i, lits in enumerate(needs) if lits is None)
        by_literal: dict[str, set[int]] = {}
        for i, lits in enumerate(needs):
            for literal in lits or ():
                by_literal.setdefault(literal, set()).add(i)
        literals = sorted(by_literal)
        # A literal found -> the regexes that need it or one of its prefixes.
        self._found: dict[str, frozenset[int]] = {
            literal: frozenset().union(
                *(by_literal[prefix] for prefix in literals if literal.startswith(prefix))
            )
            for literal in literals
        }
        self._scan = re.compile(f"(?=({_trie(literals)}))") if literals else None

    def candidates(self, text: str) -> list[int]:
        found = set(self._always)
        if self._scan is not None:
            for literal in set(self._scan.findall(text)):
                found.update(self._found[literal])
        return sorted(found)


def _trie(words: list[str]) -> str:
    """A regex matching, at a position, the longest of ``words`` that starts there."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _node_regex(root)


def _node_regex(node: dict[str, Any]) -> str:
    # Each branch starts with its own character (re skips a branch on its first literal), and
    # an optional group is greedy: the longest word along the text is tried first.
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{group})?"
    return group
