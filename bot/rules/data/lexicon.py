"""Phrase lexicons: find the listed places, institutions and names in a title or lead.

A list line is ``Canonical | alias | alias``; every alias reports the canonical label. A line
``[weight 0.5]`` sets the weight of the entries after it. Matching works on word tokens, longest
phrase first, never on substrings, with the letter case an entry is written in:

- an ALL-CAPS token (``FBI``, ``ICE``, ``WHO``, ``US``) matches only that exact spelling, so
  "ice" and "who" are words, not agencies;
- a Capitalised token (``Turkey``, ``Chad``) needs a capital in the text, unless the whole text
  has no capital letters at all (a lower-cased title);
- a lower-case token (``governor``) matches in any case.

The last token of an entry also matches its plural (``governors``, ``Russians``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from itertools import compress, count
from operator import not_
from typing import NamedTuple

from bot.rules.data import load_lines

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")
_WEIGHT = re.compile(r"^\[weight\s+([0-9.]+)\]$")


def tokens(text: str) -> list[str]:
    """Surface word tokens: ``U.S.`` -> ``US``, ``Texas's`` -> ``Texas``; hyphens split words."""
    return list(token_view(text).tokens)


@dataclass(frozen=True)
class TokenView:
    """A text tokenised once: its tokens, their case-folded forms, whether it has capitals."""

    text: str
    tokens: tuple[str, ...]

    @cached_property
    def folded(self) -> tuple[str, ...]:
        return tuple(map(str.casefold, self.tokens))

    @cached_property
    def caseless(self) -> bool:
        if self.text.isascii():  # then the upper-case letters are A-Z, which lower() changes
            return self.text.lower() == self.text
        return not any(ch.isupper() for ch in self.text)


@lru_cache(maxsize=256)
def token_view(text: str) -> TokenView:
    """The ``TokenView`` of ``text``, cached: one check tokenises the same lead and headlines in
    several rules (editorialized-title, us-domestic-news), and titles repeat across variants."""
    return TokenView(text, _tokenize(text))


def _tokenize(text: str) -> tuple[str, ...]:
    pieces = text.split()
    out: list[str] = []
    done = 0  # pieces before this one are in out
    for j in _marked(pieces):
        out.extend(pieces[done:j])
        _add_marked(pieces[j], out)
        done = j + 1
    out.extend(pieces[done:])
    return tuple(out)


def _marked(pieces: list[str]) -> Iterator[int]:
    """Indexes of the pieces that are not one word (found in C: most pieces are a word).

    A piece is a run of non-space characters (``str.split`` splits at exactly the whitespace
    ``\\s`` matches), and a token never spans whitespace, so a text's tokens are its pieces'
    tokens in a row. A piece of letters and digits only (``isalnum``, exactly the regex's
    ``[^\\W_]``) is its one token.
    """
    return compress(count(), map(not_, map(str.isalnum, pieces)))


def _add_marked(piece: str, out: list[str]) -> None:
    """Append the tokens of a piece that is not one word.

    Most are a word with one punctuation mark before and/or after it ("said,", "(AP)"), a
    hyphenated word ("well-known"), or a word with one apostrophe inside ("don't", "Trump's",
    from which the possessive goes). A lone mark ("—", "+") has none. The others go through the
    regex.
    """
    if len(piece) == 1:
        return
    if piece[:-1].isalnum():
        out.append(piece[:-1])
    elif piece[1:].isalnum():
        out.append(piece[1:])
    elif len(piece) > 2 and piece[1:-1].isalnum():
        out.append(piece[1:-1])
    elif "-" in piece and all(map(str.isalnum, parts := piece.split("-"))):
        out.extend(parts)
    else:
        for apostrophe in ("'", "’"):
            head, found, tail = piece.partition(apostrophe)
            if found and head.isalnum() and tail.isalnum():
                out.append(head if tail == "s" else piece)
                return
        out.extend(_regex_tokens(piece))


def _regex_tokens(text: str) -> tuple[str, ...]:
    """The tokens as the rule defines them: ``_TOKEN`` matches, dots and possessives removed."""
    raw = _TOKEN.findall(text)
    if "." in text or "'" in text or "’" in text:
        # Only a token with a dot or an apostrophe changes (most have none: no call for them).
        # A token is letters and digits (isalnum, as the regex's [^\W_]) unless it has one.
        raw = [
            tok
            if tok.isalnum()
            else (tok.replace(".", "") if "." in tok else _POSSESSIVE.sub("", tok))
            for tok in raw
        ]
    return tuple(filter(None, raw))


SENTENCE = re.compile(r"(?<=[.!?])\s+")


@lru_cache(maxsize=64)
def sentence_tokens(text: str) -> tuple[tuple[str, ...], ...]:
    """The tokens of each sentence of ``text``, cached: ``_tokenize`` of each part of
    ``SENTENCE.split(text)`` (split at the whitespace after ``.``, ``!`` or ``?``).

    A token never spans whitespace, so in a row they are ``tokens(text)``: a lead tokenised this
    way once serves editorialized-title (which needs the sentences) and us-domestic-news. The
    text is read piece by piece (``_tokenize``): a sentence ends after a piece that ends with
    ``.``, ``!`` or ``?`` (never a word).
    """
    sentences: list[tuple[str, ...]] = []
    pieces = text.split()
    out: list[str] = []
    done = 0
    for j in _marked(pieces):
        out.extend(pieces[done:j])
        piece = pieces[j]
        _add_marked(piece, out)
        done = j + 1
        if piece[-1] in ".!?":
            sentences.append(tuple(out))
            out = []
    out.extend(pieces[done:])
    if not pieces or pieces[-1][-1] not in ".!?":
        sentences.append(tuple(out))  # the last sentence, with no end mark
    elif text[-1].isspace():
        sentences.append(())  # whitespace after the last end mark splits off an empty one
    return tuple(sentences)


#: One token of a term: as written, case-folded, and its case kind (``_case_kind``).
_Want = tuple[str, str, str]


def _case_kind(token: str) -> str:
    if len(token) > 1 and token.isupper():
        return "exact"
    if token[:1].isupper():
        return "proper"
    return "any"


@dataclass(frozen=True)
class Term:
    label: str  # the canonical name reported in evidence
    surface: tuple[str, ...]  # the tokens as the list writes them
    weight: float = 1.0
    group: str = ""  # the list it came from ("us_terms", "countries", ...)

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(t.casefold() for t in self.surface)


class Hit(NamedTuple):
    """A term found (a named tuple: a scan makes several per post, cheaper than a dataclass)."""

    label: str
    weight: float
    text: str  # what the text said
    group: str = ""


class Lexicon:
    """A set of terms matched on token boundaries, longest first."""

    def __init__(self, terms: Iterable[Term]) -> None:
        # first folded token -> (term, what each of its tokens wants), longest term first
        self._by_first: dict[str, list[tuple[Term, tuple[_Want, ...]]]] = {}
        for term in terms:
            if term.surface:
                wants = tuple((w, w.casefold(), _case_kind(w)) for w in term.surface)
                self._by_first.setdefault(term.folded[0], []).append((term, wants))
        for bucket in self._by_first.values():
            bucket.sort(key=lambda entry: len(entry[0].surface), reverse=True)
        # Every folded token a term can start at: a first token, or its "s"/"es" plural.
        firsts = self._by_first.keys()
        self._starts = frozenset([*firsts, *(f"{w}s" for w in firsts), *(f"{w}es" for w in firsts)])
        # The one-token terms of each first token (the only ones a plural first token can be).
        self._singles = {
            first: single
            for first, bucket in self._by_first.items()
            if (single := [entry for entry in bucket if len(entry[1]) == 1])
        }
        # For a first token with no one-token term ("the", "new"): every folded token that can
        # follow it in a term (plurals too, for a last token). Another next token matches none
        # of its terms, so they are not tried ("the" starts terms and rarely one of them).
        self._seconds = {
            first: frozenset(
                form
                for _, wants in bucket
                for form in (
                    (wants[1][1], wants[1][1] + "s", wants[1][1] + "es")
                    if len(wants) == 2
                    else (wants[1][1],)
                )
            )
            for first, bucket in self._by_first.items()
            if first not in self._singles
        }

    @classmethod
    def from_lines(cls, lines: Iterable[str], group: str = "") -> Lexicon:
        terms: list[Term] = []
        weight = 1.0
        for line in lines:
            set_weight = _WEIGHT.match(line)
            if set_weight:
                weight = float(set_weight.group(1))
                continue
            names = [part.strip() for part in line.split("|") if part.strip()]
            # A canonical label with a qualifier, "Georgia (country)", is a label, not a phrase.
            terms.extend(
                Term(names[0], tuple(tokens(name)), weight, group)
                for name in names
                if "(" not in name
            )
        return cls(terms)

    @classmethod
    def load(cls, *names: str) -> Lexicon:
        """One lexicon over several list files in ``bot/rules/data/``; a hit's ``group`` names
        its file (without ``.txt``), and the longest phrase wins across files ("New Mexico"
        over "Mexico", "Latin American" over "American")."""
        terms: list[Term] = []
        for name in names:
            terms.extend(cls.from_lines(load_lines(name), name.removesuffix(".txt")).terms())
        return cls(terms)

    def terms(self) -> list[Term]:
        return [term for bucket in self._by_first.values() for term, _ in bucket]

    def find(self, text: str) -> list[Hit]:
        """Every listed term in ``text``, in order; overlapping shorter terms are not reported."""
        return list(self.iter_hits(text))

    def iter_hits(self, text: str) -> Iterator[Hit]:
        """``find`` lazily: a caller that stops at the first hit of some kind skips the rest."""
        return self.iter_view_hits(token_view(text))

    def iter_view_hits(self, view: TokenView) -> Iterator[Hit]:
        """``iter_hits`` over a text already tokenised."""
        toks, folded = view.tokens, view.folded
        match_at = self._match_at
        # Most tokens start no term and are no plural of one: only the others are tried.
        nxt = 0  # the first token after the last hit
        for i in compress(count(), map(self._starts.__contains__, folded)):
            if i < nxt:
                continue
            term = match_at(toks, folded, i, view.caseless)
            if term is not None:
                nxt = i + len(term.surface)
                yield Hit(term.label, term.weight, " ".join(toks[i:nxt]), term.group)

    def _match_at(
        self, toks: tuple[str, ...], folded: tuple[str, ...], i: int, caseless: bool
    ) -> Term | None:
        """The longest term at token ``i`` (``_matches`` of each, with the one-token case
        written out: its folded token is the bucket's key, so only its case is tested)."""
        first = folded[i]
        got = toks[i]
        bucket = self._by_first.get(first)
        if bucket is not None:
            seconds = self._seconds.get(first)  # None: some term is this one token
            if seconds is None or (i + 1 < len(folded) and folded[i + 1] in seconds):
                for term, wants in bucket:
                    if len(wants) == 1:
                        want, _, kind = wants[0]
                        if kind == "any" or (
                            got == want
                            if kind == "exact"
                            else caseless or got[:1].isupper()  # "proper"
                        ):
                            return term
                    elif self._matches(wants, toks, folded, i, caseless):
                        return term
        # A plural first-and-only token ("Russians", "governors"), never of an exact term.
        if first[-1:] == "s":
            for stem in (first[:-1], first[:-2]) if first[-2:] == "es" else (first[:-1],):
                for term, wants in self._singles.get(stem, ()):
                    kind = wants[0][2]
                    if kind == "any" or (kind == "proper" and (caseless or got[:1].isupper())):
                        return term
        return None

    @staticmethod
    def _matches(
        wants: tuple[_Want, ...],
        toks: tuple[str, ...],
        folded: tuple[str, ...],
        i: int,
        caseless: bool,
    ) -> bool:
        n = len(wants)
        if i + n > len(toks):
            return False
        for k, (want, want_folded, kind) in enumerate(wants):
            got, got_folded = toks[i + k], folded[i + k]
            last = k == n - 1
            if got_folded != want_folded:
                plural = (
                    last
                    and kind != "exact"
                    and got_folded in (want_folded + "s", want_folded + "es")
                )
                if not plural:
                    return False
            if kind == "exact" and got != want:
                return False
            if kind == "proper" and not caseless and not got[:1].isupper():
                return False
        return True


@cache
def places() -> Lexicon:
    """US terms, countries and international terms in one lexicon, loaded once and shared by
    us-domestic-news (the hits) and editorialized-title (names of places in a title)."""
    return Lexicon.load("us_terms.txt", "countries.txt", "international.txt")
