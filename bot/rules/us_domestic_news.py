"""us-domestic-news (guideline 7): a US-only story with no international facet.

Reads the title and, when the article could be read, its first lead paragraphs, and looks for
two kinds of terms (bot/rules/data/, matched on word boundaries, longest phrase first):

- US signals (us_terms.txt): the states, major cities, federal, state and local institutions
  (Congress, FBI, ICE, the governor, the state legislature, the sheriff, the district
  attorney), US-only vocabulary (Medicaid, the Second Amendment). Institutions and places, not
  politicians' names. Ambiguous ones (Senate, Supreme Court, county, mayor, city council) weigh
  half;
- a gazetteer (us_places.txt, built from GeoNames by scripts/build_us_places.py): US cities of
  40,000+ people whose names are not also foreign cities or common words (half weight) and
  every "X County";
- a US dateline opening the lead ("HAYWARD, Calif. (AP) —"): where the story happened;
- the international facet (countries.txt, international.txt): every UN member state and its
  demonyms, foreign capitals and leaders, international organisations (UN, NATO, EU, WHO, G7,
  IMF); words such as "foreign", "tariff", "migrants" weigh half.

A term in the title counts its weight; one only in the lead counts ``lead_weight`` of it. A
finding needs a US score of at least ``min_us_score`` and international terms (title, lead, post
body) weighing less than ``FOREIGN_VETO``. A science story (two science words such as
"scientists", "telescope", "study" in the title and first paragraph) that names the US place it
was done in is not US news. Confidence grows with the US score and is lower when the lead could
not be read (the international facet may be there).

Params: ``min_us_score`` (1.0), ``lead_paragraphs`` (3), ``lead_weight`` (0.5).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

from bot.models import Finding
from bot.rules.base import RuleContext
from bot.rules.data import gazetteer
from bot.rules.data.lexicon import Hit, Lexicon, TokenView, places, sentence_tokens, token_view

log = logging.getLogger(__name__)

RULE_ID = "us-domestic-news"
NEEDS_ARTICLE = False

DEFAULT_MIN_US_SCORE = 1.0
DEFAULT_LEAD_PARAGRAPHS = 3
DEFAULT_LEAD_WEIGHT = 0.5
_US = frozenset({"us_terms", "us_places"})
FOREIGN_VETO = 1.0  # a country or international body, or two half-weight words
DATELINE_WEIGHT = 1.0  # the story was filed from a US town: where it happened
SCIENCE_TERMS = 2  # distinct science words that make a story science, not US news
_STATES_AP = (
    "Ala|Alaska|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Hawaii|Idaho|Ill|Ind|Iowa|Kan|Ky|La|Maine|"
    "Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|N\\.H|N\\.J|N\\.M|N\\.Y|N\\.C|N\\.D|Ohio|Okla|Ore|Pa|"
    "R\\.I|S\\.C|S\\.D|Tenn|Texas|Utah|Vt|Va|Wash|W\\.Va|Wis|Wyo"
)
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z .'-]{1,40}?),\s+(" + _STATES_AP + r"|[A-Z]{2,4})\.?(?=\s*[(—–-])",
)
_SCIENCE = re.compile(
    r"\b(?:scientists?|researchers?|astronomers?|physicists?|biologists?|geologists?|"
    r"telescopes?|spacecraft|planets?|moons?|galax(?:y|ies)|universe|asteroids?|comets?|"
    r"fossils?|species|dinosaurs?|genomes?|molecules?|quantum|orbit|Jupiter|Saturn|Mars|"
    r"Europa|Titan|NASA|study|studies|journal|experiment)\b",
    re.IGNORECASE,
)
_LEAD_CHARS = 3000  # enough for three paragraphs; bounds the work on a pathological page


def check(ctx: RuleContext) -> Finding | None:
    title = ctx.post.title[:_LEAD_CHARS]
    lead_paragraphs = int(ctx.param("lead_paragraphs", DEFAULT_LEAD_PARAGRAPHS))
    lead_weight = float(ctx.param("lead_weight", DEFAULT_LEAD_WEIGHT))
    min_us_score = float(ctx.param("min_us_score", DEFAULT_MIN_US_SCORE))

    article = ctx.article
    lead_view = None
    if article.readable and lead_paragraphs > 0:
        lead_view = _lead_view(tuple(article.lead[:lead_paragraphs]))
    lead = lead_view.text if lead_view is not None else ""
    lexicon = places()
    title_hits = _hits(lexicon, token_view(title))
    body = ctx.post.body[:_LEAD_CHARS] if ctx.post.body else ""
    body_hits = _hits(lexicon, token_view(body)) if body else []
    lead_hits = _hits(lexicon, lead_view) if lead_view and lead else []
    # The international facet: a country, an international body or a foreign leader anywhere
    # (title, post body, lead) ends the check; words such as "migrants" weigh half.
    foreign: dict[str, float] = {}
    for hit in (*title_hits, *body_hits, *lead_hits):
        if hit.group not in _US:
            foreign[hit.label] = max(foreign.get(hit.label, 0.0), hit.weight)
    if sum(foreign.values()) >= FOREIGN_VETO:
        return None
    weights: dict[str, float] = {}
    for hit in title_hits:
        if hit.group in _US:
            weights[hit.label] = max(weights.get(hit.label, 0.0), hit.weight)
    for hit in lead_hits:
        if hit.group in _US and hit.label not in weights:
            weights[hit.label] = hit.weight * lead_weight
    dateline = _dateline(article.lead[0]) if article.readable and article.lead else None
    if dateline:
        weights[f"dateline {dateline}"] = DATELINE_WEIGHT
    score = sum(weights.values())
    if score < min_us_score or not weights:
        return None
    science = _science(title, article.lead[:1] if article.readable else [])
    if len(science) >= SCIENCE_TERMS:
        return None  # a science story that names the US place where it was done

    us_terms = _distinct(h for h in [*title_hits, *lead_hits] if h.group in _US)
    if dateline:
        us_terms.append(f"dateline {dateline}")
    confidence = min(0.9, 0.45 + 0.15 * score)
    if not lead:
        confidence *= 0.85
    suggest = ctx.community.us_news_community
    where = suggest or "the US News community"
    return Finding(
        rule=RULE_ID,
        confidence=round(confidence, 3),
        message=(
            f"US-only story ({', '.join(us_terms)}) with no international facet; "
            f"suggest posting it to {where}"
        ),
        evidence={
            "us_terms": us_terms,
            "foreign_terms": sorted(foreign),
            "us_score": round(score, 3),
            "lead_checked": bool(lead),
            "suggest": suggest,
        },
    )


def _hits(lexicon: Lexicon, view: TokenView) -> list[Hit]:
    """The lists' terms and the gazetteer's places in a text (a place inside a longer term,
    "Los Angeles County" in a list, is the list's)."""
    hits = list(lexicon.iter_view_hits(view))
    seen = {h.text.casefold() for h in hits}
    hits.extend(
        h
        for h in gazetteer.iter_view_hits(view)
        if h.text.casefold() not in seen and not any(h.text.casefold() in s for s in seen)
    )
    return hits


def _dateline(paragraph: str) -> str | None:
    """A US dateline opening the lead ("HAYWARD, Calif. (AP) —", "SIOUX FALLS, S.D. –")."""
    found = _DATELINE.match(paragraph)
    return f"{found.group(1).strip()}, {found.group(2)}" if found else None


def _science(title: str, lead: list[str]) -> set[str]:
    """The distinct science words of the title and the lead's first paragraph."""
    text = " ".join([title, *lead])[:_LEAD_CHARS]
    return {m.group(0).casefold() for m in _SCIENCE.finditer(text)}


@lru_cache(maxsize=64)
def _lead_view(paragraphs: tuple[str, ...]) -> TokenView:
    """The lead's first paragraphs as one text (cut at ``_LEAD_CHARS``), tokenised.

    When nothing is cut, its tokens are those of the paragraphs joined by spaces, sentence by
    sentence: the tokens editorialized-title reads from the same lead (``sentence_tokens``).
    """
    lead = "\n".join(paragraphs)[:_LEAD_CHARS]
    spaced = " ".join(paragraphs)
    if len(spaced) > _LEAD_CHARS:
        return token_view(lead)
    return TokenView(lead, tuple(chain.from_iterable(sentence_tokens(spaced))))


def _distinct(hits: Iterable[Hit]) -> list[str]:
    """The texts of the hits, one per canonical label, in order of appearance."""
    seen: set[str] = set()
    out: list[str] = []
    for hit in hits:
        if hit.label not in seen:
            seen.add(hit.label)
            out.append(hit.text)
    return out
