"""The cached token view and the lexicon's lazy scan give what a fresh tokenisation gives."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bot.rules.data.lexicon import (
    _POSSESSIVE,
    _TOKEN,
    SENTENCE,
    Hit,
    Lexicon,
    Term,
    TokenView,
    _case_kind,
    _tokenize,
    places,
    sentence_tokens,
    token_view,
    tokens,
)

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"

TEXTS = [
    "",
    "Texas's governor signs the U.S. bill. Then he left!  Why? Nobody knows",
    "Russia’s army and the FBI's agents met in Washington D.C. on Monday.",
    "l'État a décidé. Über 100 Menschen (U.N.) protestierten ... in Berlin",
    "ALL CAPS U.S.A. WHO ice who governors Governors",
    "a.b.c. x. y.z",
]


@pytest.mark.parametrize("text", TEXTS)
def test_lead_tokens_are_its_sentences_tokens(text):
    # editorialized-title tokenises a lead sentence by sentence and joins the tokens;
    # us-domestic-news reads the same tokens as the lead's.
    assert tokens(text) == [t for s in SENTENCE.split(text) for t in tokens(s)]
    assert tokens(text) == [t for sentence in sentence_tokens(text) for t in sentence]
    assert len(sentence_tokens(text)) == len(SENTENCE.split(text))


@pytest.mark.parametrize("text", TEXTS)
def test_view_is_consistent(text):
    view = token_view(text)
    assert list(view.tokens) == tokens(text)
    assert view.folded == tuple(t.casefold() for t in view.tokens)
    assert view.caseless == (not any(c.isupper() for c in text))
    assert token_view(text) is view  # cached


def test_tokens_returns_a_fresh_list():
    first = tokens("Kyiv and Moscow")
    first.append("mutated")
    assert tokens("Kyiv and Moscow") == ["Kyiv", "and", "Moscow"]


LEXICON = Lexicon.from_lines(
    ["Russia | Russian", "governor", "FBI", "New Mexico", "Mexico", "bus"], group="t"
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Russians and governors in New Mexico", ["Russia", "governor", "New Mexico"]),
        ("the fbi and the FBI", ["FBI"]),
        ("buses, a bus, busses", ["bus", "bus"]),  # plural "es"; "busses" is no plural of "bus"
        ("nothing listed here", []),
    ],
)
def test_iter_hits_matches_find(text, found):
    assert [h.label for h in LEXICON.iter_hits(text)] == found
    assert LEXICON.find(text) == list(LEXICON.iter_hits(text))


def _every_position(lexicon: Lexicon, text: str) -> list[Hit]:
    """The scan without the start-token shortcut: a match is tried at every token."""
    view = token_view(text)
    hits, i = [], 0
    while i < len(view.tokens):
        term = lexicon._match_at(view.tokens, view.folded, i, view.caseless)
        if term is None:
            i += 1
            continue
        n = len(term.surface)
        hits.append(Hit(term.label, term.weight, " ".join(view.tokens[i : i + n]), term.group))
        i += n
    return hits


SCAN_TEXTS = [
    *TEXTS,
    "Russians, Mexicoes and busses: governors' New Mexicos",
    "new mexico governors met russian officials",
    "The FBI, ICE and the Governor of New York met Canadians in Mexico City",
]


@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_start_token_shortcut_finds_what_every_position_finds(text):
    assert LEXICON.find(text) == _every_position(LEXICON, text)
    places = Lexicon.load("us_terms.txt", "countries.txt", "international.txt")
    assert places.find(text) == _every_position(places, text)


@pytest.mark.parametrize(
    "text", ["plain ascii", "Plain", "\u03d2 symbol", "\u00e9t\u00e9", "\u00c9T\u00c9", "\u2160"]
)
def test_caseless(text):
    assert token_view(text).caseless == (not any(c.isupper() for c in text))


@pytest.mark.parametrize(
    "text",
    [*TEXTS, "x\u00b2's caf\u00e9's \u216b's 3.5 o'clock rock'n'roll's U.K.'s", "\u2019s 's ."],
)
def test_tokens_as_the_rule_defines_them(text):
    # Dots dropped from "U.S."-style tokens, a final possessive from the others.
    expected = [
        tok.replace(".", "") if "." in tok else _POSSESSIVE.sub("", tok)
        for tok in _TOKEN.findall(text)
    ]
    assert tokens(text) == [tok for tok in expected if tok]


@pytest.mark.parametrize("text", SCAN_TEXTS)
def test_list_order_does_not_change_the_words_matched(text):
    # editorialized-title reads only the words of places() hits (its lists were once loaded in
    # another order): a longest-first scan matches the same spans whatever the order.
    other = Lexicon.load("countries.txt", "international.txt", "us_terms.txt")
    assert [h.text for h in places().find(text)] == [h.text for h in other.find(text)]


def _reference_tokens(text):
    expected = [
        tok.replace(".", "") if "." in tok else _POSSESSIVE.sub("", tok)
        for tok in _TOKEN.findall(text)
    ]
    return tuple(tok for tok in expected if tok)


def _hostile_texts():
    # Pieces made of the characters the token rule treats specially: dots, apostrophes,
    # underscores, digits, non-ASCII letters and numbers, punctuation, several kinds of space.
    rnd = random.Random(11)
    alphabet = "aZ9._'’-,!?()\"“”é\u00b2\u2160ß_ \t\n\u00a0\u2003\x1c"
    texts = [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 30))) for _ in range(4000)
    ]
    words = ["U.S.", "U.S", "a.", "x.y.", "Texas's", "it’s", "'s", "rock'n'roll", "(AP)", '"Hi"']
    words += ["end.", "Why?", "No!", "52-48,", "_x_", "co-op", "...", "?!", "é.", "3.5"]
    for _ in range(2000):
        seps = [rnd.choice([" ", "  ", "\n", "\t", "\u00a0"]) for _ in range(8)]
        texts.append("".join(rnd.choice(words) + sep for sep in seps)[: rnd.randrange(1, 90)])
    return texts


def _corpus_texts():
    texts = []
    for name in ("headlines.jsonl", "clickbait.jsonl"):
        path = CORPUS / name
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines()[:3000]:
                item = json.loads(line)
                texts.extend(str(v) for v in item.values() if isinstance(v, str))
    return texts


def test_piecewise_tokens_equal_the_regex_tokens():
    for text in [*TEXTS, *_hostile_texts(), *_corpus_texts()]:
        assert _tokenize(text) == _reference_tokens(text), repr(text)
        expected = tuple(map(_reference_tokens, SENTENCE.split(text)))
        assert sentence_tokens.__wrapped__(text) == expected, repr(text)


def _reference_match(by_first: dict[str, list[Term]], view: TokenView, i: int) -> Term | None:
    """What a term match at token ``i`` is, trying every term of the first token's bucket
    (longest first), then the one-token terms of its singular ("Russians", "buses")."""

    def ok(term: Term) -> bool:
        wants = tuple((w, w.casefold(), _case_kind(w)) for w in term.surface)
        return Lexicon._matches(wants, view.tokens, view.folded, i, view.caseless)

    first = view.folded[i]
    for term in by_first.get(first, []):
        if ok(term):
            return term
    for suffix in ("s", "es"):
        if first.endswith(suffix):
            for term in by_first.get(first.removesuffix(suffix), []):
                if len(term.surface) == 1 and ok(term):
                    return term
    return None


def _term_texts(lexicon: Lexicon) -> list[str]:
    rnd = random.Random(3)
    surfaces = [" ".join(term.surface) for term in lexicon.terms()]
    words = [w for s in surfaces for w in s.split()] + ["the", "The", "new", "of", "said"]
    texts = []
    for _ in range(1500):
        parts = []
        for _ in range(rnd.randrange(1, 8)):
            piece = rnd.choice(surfaces) if rnd.random() < 0.5 else rnd.choice(words)
            piece = rnd.choice([piece, piece.lower(), piece.upper(), piece + "s", piece + "es"])
            parts.append(piece)
        texts.append(" ".join(parts))
    return texts


def test_scan_finds_what_trying_every_term_finds():
    lexicon = places()
    by_first: dict[str, list[Term]] = {}
    for term in lexicon.terms():  # each first token's terms, longest first
        by_first.setdefault(term.folded[0], []).append(term)
    for text in [*SCAN_TEXTS, *_term_texts(lexicon)]:
        view = token_view(text)
        expected, i = [], 0
        while i < len(view.tokens):
            term = _reference_match(by_first, view, i)
            if term is None:
                i += 1
                continue
            n = len(term.surface)
            expected.append(
                Hit(term.label, term.weight, " ".join(view.tokens[i : i + n]), term.group)
            )
            i += n
        assert lexicon.find(text) == expected, text
