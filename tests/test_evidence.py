"""Evidence for people: labels instead of field names, short lists, rounded numbers, a word diff."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.evidence import LABELS, DiffWord, describe, parse_diff, plain, shorten, word_list

REPO = Path(__file__).resolve().parents[1]


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _evidence_dicts(node: ast.AST) -> list[ast.expr]:
    """Dict literals that become a finding's evidence in ``node``."""
    if isinstance(node, ast.keyword) and node.arg == "evidence":
        return [node.value]
    if isinstance(node, ast.AnnAssign) and _is_name(node.target, "evidence") and node.value:
        return [node.value]
    if isinstance(node, ast.Assign) and any(_is_name(t, "evidence") for t in node.targets):
        return [node.value]
    if isinstance(node, ast.Call) and _is_name(node.func, "Reason"):
        return list(node.args)
    if isinstance(node, ast.FunctionDef) and node.name == "evidence":
        return [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value]
    return []


def _evidence_names(node: ast.AST) -> set[str]:
    """Keys set one by one: ``evidence.update(k=…)`` and ``evidence["k"] = …``."""
    func = node.func if isinstance(node, ast.Call) else None
    if isinstance(node, ast.Call) and isinstance(func, ast.Attribute):
        updates = func.attr == "update" and _is_name(func.value, "evidence")
        return {k.arg for k in node.keywords if k.arg} if updates else set()
    stores = isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
    if stores and _is_name(node.value, "evidence") and isinstance(node.slice, ast.Constant):
        return {str(node.slice.value)}
    return set()


def evidence_keys() -> set[str]:
    """Every evidence key the rules emit, read from their source (``bot/rules/*``)."""
    keys: set[str] = set()
    for path in [*(REPO / "bot" / "rules").glob("*.py"), REPO / "bot" / "sources.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            keys |= _evidence_names(node)
            for d in _evidence_dicts(node):
                if isinstance(d, ast.Dict):
                    keys.update(k.value for k in d.keys if isinstance(k, ast.Constant))
    return keys


def test_every_evidence_key_the_rules_emit_has_a_label():
    keys = evidence_keys()
    assert {"negation_or_hedge", "loaded_added", "diff", "suggested_archive_links"} <= keys
    assert sorted(keys - set(LABELS)) == []


EDITORIALIZED = {
    "original": "Trump says he wants to meet Kim",
    "source": "og:title",
    "similarity": 0.566,
    "change": 0.571,
    "added": ["begs"],
    "removed": ["says", "he", "wants"],
    "loaded_added": ["begs"],
    "negation_or_hedge": [],
    "commentary": [],
    "diff": "Trump [-says he wants-] {+begs+} to meet Kim",
}


def test_editorialized_title_evidence_reads_as_text():
    items = describe(EDITORIALIZED, "editorialized-title")
    assert plain(items) == [
        "Article's headline: Trump says he wants to meet Kim",
        "Changes: Trump [-says he wants-] {+begs+} to meet Kim",
        "Loaded words added: begs",
        "Similarity to the headline: 57%",
        "Share of the headline changed: 57%",
        "Headline taken from: the page's share title (og:title)",
    ]
    diff = next(i for i in items if i.kind == "diff")
    assert diff.words == (
        DiffWord("same", "Trump"),
        DiffWord("removed", "says he wants"),
        DiffWord("added", "begs"),
        DiffWord("same", "to meet Kim"),
    )


def test_one_key_two_meanings_is_labelled_per_rule():
    url = "https://www.reuters.com/world/x"
    items = describe({"reasons": ["syndication"], "original": url, "canonical_url": url},
                     "not-original-source")  # fmt: skip
    assert plain(items) == [
        f"Original source: {url}",
        "Why: a copy of another outlet's article",
    ]
    assert items[0].kind == "links"
    assert items[0].links == (url,)


@pytest.mark.parametrize(
    ("evidence", "lines"),
    [
        ({"score": 1.23456, "caps_ratio": 0.0, "caps_words": []}, ["Score: 1.23"]),
        ({"caps_ratio": 0.666, "caps_words": ["SLAMS", "NOW"]},
         ["Words in capitals: SLAMS, NOW", "Share of words in capitals: 67%"]),
        ({"lead_checked": False, "us_score": 2.0}, ["US score: 2", "Lead paragraphs read: no"]),
        ({"signals": ["no-date", "script:piano", "paywall list: wsj.com"]},
         ["Signs: no date, piano paywall script, on the paywall list (wsj.com)"]),
        ({"us_terms": [f"t{i}" for i in range(11)]},
         ["US terms: t0, t1, t2, t3, t4, t5, t6, t7 and 3 more"]),
        ({"earlier_posts": [{"case": 3, "title": "A"}], "in_window": True},
         ["Earlier posts: Case: 3; Title: A", "In window: yes"]),
        ({"translation": False, "commentary": [], "matched": None}, []),
    ],
)  # fmt: skip
def test_values_are_short_rounded_and_never_raw(evidence, lines):
    assert plain(describe(evidence)) == lines


def test_a_non_http_link_is_text_not_a_link():
    (item,) = describe({"url": "javascript:alert(1)"})
    assert item.kind == "text"
    assert item.text == "javascript:alert(1)"


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [
        (
            "Rule 2 of World News: If there is a paywall, use",
            40,
            "Rule 2 of World News: If there is a…",
        ),
        ("short", 40, "short"),
        ("a" * 50, 10, "a" * 9 + "…"),
    ],
)
def test_shorten_cuts_at_a_word(text, limit, short):
    assert shorten(text, limit) == short
    assert len(shorten(text, limit)) <= limit


def test_parse_diff_of_plain_text_is_one_run():
    assert parse_diff("same words") == (DiffWord("same", "same words"),)
    assert word_list([]) == ""


def test_a_duplicates_earlier_posts_read_as_short_lines():
    from tests.dupes.stories import duplicate_finding

    found = duplicate_finding()
    assert plain(describe(found.evidence, found.rule)) == [
        "Already posted: the same article",
        "Earlier posts:",
        "  - case 3 · lemmy post first · 2 h earlier · still up — same article URL",
        "  - lemmy post tv-1 · 3 h earlier · still up — same story on tv-example.org, 91% alike, "
        "names in common: assange, belmarsh, eva-marie, julian, persson: “Julian Assange: Swedish "
        "prosecutors drop rape investigation”",
    ]
    # one earlier post: one line; an entry logged without the span: the time it was posted
    first = {k: v for k, v in found.evidence["earlier"][0].items() if k != "earlier_by"}
    assert plain(describe({"match": "same-story", "earlier": [first]}, found.rule)) == [
        "Already posted: the same story, from another outlet",
        "Earlier posts: case 3 · lemmy post first · posted 2026-03-02 10:00 · still up — same "
        "article URL",
    ]


def test_an_earlier_post_with_a_permalink_is_followed_by_it():
    """The terminal prints the earlier post's own page after its line; only an http(s) one."""
    from tests.dupes.stories import duplicate_finding

    found = duplicate_finding({"first": "https://lemmy.example/post/41", "tv-1": "javascript:x"})
    item = describe(found.evidence, found.rule)[1]
    assert item.line_links == ("https://lemmy.example/post/41", "")
    assert plain([item])[1] == (
        "  - case 3 · lemmy post first · 2 h earlier · still up — same article URL · "
        "https://lemmy.example/post/41"
    )
    assert plain([item])[2].startswith("  - lemmy post tv-1 · 3 h earlier")
    assert "javascript" not in "\n".join(plain([item]))
    # one earlier post: its line, then its link
    (first,) = [e for e in found.evidence["earlier"] if e["post_id"] == "first"]
    assert first["article"] != first["link"]
    assert plain(describe({"earlier": [first]}, found.rule)) == [
        "Earlier posts: case 3 · lemmy post first · 2 h earlier · still up — same article URL · "
        "https://lemmy.example/post/41"
    ]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(5, "under a minute"), (61, "1 min"), (3599, "59 min"), (7200, "2 h"), (50 * 3600, "2 d")],
)
def test_how_long_before_is_said_in_words(seconds, said):
    from bot.dupes.evidence import ago

    assert ago(seconds) == said
