"""editorialized-title: allowed edits versus editorialized titles, a table of news cases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot import extract
from bot.guidelines import Community, RuleConfig
from bot.models import Article, HeadlineCandidate, Post
from bot.policy import apply_policy
from bot.rules import editorialized_title as rule
from bot.rules.base import RuleContext

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "rules-text" / "editorialized_titles.json"
)
TABLE = json.loads(FIXTURE.read_text(encoding="utf-8"))
LEADS: dict[str, list[str]] = TABLE["leads"]

BBC = "Kim Jong Un wants Trump back, elite defector tells BBC"
# The Independent's headline over the article in seed 003 (as in examples/pages).
IND = "Trump says he wants to meet Kim Jong Un again as South Korea’s Lee visits White House"


@dataclass(frozen=True)
class Case:
    title: str
    headline: str
    lead: tuple[str, ...] = ()
    site: str = "Example News"
    url: str = "https://www.example-news.com/world/story"
    language: str = "en"
    h1: str | None = None  # a second candidate, when the page's h1 differs from og:title
    embed: str | None = None  # the headline the platform fetched (Lemmy)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Case:
        fields = {k: v for k, v in row.items() if k in cls.__dataclass_fields__}
        if isinstance(fields.get("lead"), str):
            fields["lead"] = tuple(LEADS[fields["lead"]])
        return cls(**fields)


def _ctx(case: Case, **params: object) -> RuleContext:
    candidates = [
        HeadlineCandidate("og:title", case.headline),
        HeadlineCandidate("title", f"{case.headline} | {case.site}"),
    ]
    if case.h1:
        candidates.append(HeadlineCandidate("h1", case.h1))
    article = Article(
        status="snapshot",
        url=case.url,
        final_url=case.url,
        headline=case.headline,
        candidates=candidates,
        site_name=case.site,
        language=case.language,
        lead=list(case.lead),
    )
    post = Post(id="p1", title=case.title, url=case.url, embed_title=case.embed)
    return RuleContext(
        post=post,
        article=article,
        rule=RuleConfig(id=rule.RULE_ID, params=params),
        community=Community(key="worldnews", name="World News"),
    )


BBC_KW: dict[str, Any] = {
    "lead": tuple(LEADS["bbc"]),
    "site": "BBC News",
    "url": "https://www.bbc.com/news/articles/c4",
}
IND_KW: dict[str, Any] = {
    "lead": tuple(LEADS["independent"]),
    "site": "The Independent",
    "url": "https://www.independent.co.uk/news/world/americas/trump-kim-b2813456.html",
}
ALLOWED = [
    pytest.param(Case.from_row(row), id=row["id"])
    for row in TABLE["cases"]
    if row["label"] == "allowed"
]
EDITORIALIZED = [
    pytest.param(Case.from_row(row), set(row["loaded"]), id=row["id"])
    for row in TABLE["cases"]
    if row["label"] == "editorialized"
]


@pytest.mark.parametrize("case", ALLOWED)
def test_allowed_titles_are_never_flagged(case: Case) -> None:
    finding = rule.check(_ctx(case))
    if case.language.startswith("en"):
        assert finding is None
    else:  # a faithful translation is noted for the modlog, never flagged
        assert finding is not None
        assert finding.max_action == "note"


@pytest.mark.parametrize(("case", "loaded"), EDITORIALIZED)
def test_editorialized_titles_are_flagged(case: Case, loaded: set[str]) -> None:
    finding = rule.check(_ctx(case))
    assert finding is not None
    assert finding.rule == "editorialized-title"
    assert set(finding.evidence["loaded_added"]) == loaded
    assert 0.5 <= finding.confidence <= 0.95
    assert finding.message.startswith("Title differs from the article's headline")


def test_table_is_large_enough() -> None:
    assert len(ALLOWED) + len(EDITORIALIZED) >= 40


def test_evidence_shape_and_diff() -> None:
    case = Case("Kim Jong Un is begging for Trump back, elite defector tells BBC", BBC, **BBC_KW)
    finding = rule.check(_ctx(case))
    assert finding is not None
    ev = finding.evidence
    assert ev["original"] == BBC
    assert ev["source"] == "og:title"
    assert 0.0 <= ev["similarity"] <= 1.0
    assert ev["added"] == ["is", "begging", "for"]
    assert ev["removed"] == ["wants"]
    assert (
        ev["diff"] == "Kim Jong Un [-wants-] {+is begging for+} Trump back elite defector tells BBC"
    )
    assert "similarity" in finding.message
    assert "begging" in finding.message


def test_confidence_grows_with_loaded_words() -> None:
    one = rule.check(_ctx(Case("Trump begs to meet Kim Jong Un again", IND, **IND_KW)))
    two = rule.check(_ctx(Case("Shameful Trump begs to meet Kim Jong Un again", IND, **IND_KW)))
    assert one is not None
    assert two is not None
    assert two.confidence > one.confidence


def test_loaded_word_in_the_publishers_own_headline_is_not_added() -> None:
    headline = "Trump slams Fed chair Powell over interest rates"
    assert rule.check(_ctx(Case(headline, headline))) is None


def test_max_change_param() -> None:
    case = Case(
        "China laughs off US tariffs as its exporters boom",
        "Chinese exports rise 7% in September despite US tariffs",
    )
    assert rule.check(_ctx(case)) is not None
    assert rule.check(_ctx(case, max_change=5.0)) is None


def test_translation_with_loaded_words_is_a_finding() -> None:
    case = Case(
        "Shameful Kim Jong Un begs for Trump back",
        "Kim Jong Un will Trump zurück, sagt Überläufer",
        language="de",
        site="Tagesschau",
    )
    finding = rule.check(_ctx(case))
    assert finding is not None
    assert finding.evidence["translation"] is True
    assert finding.max_action is None
    assert set(finding.evidence["loaded_added"]) == {"Shameful", "begs"}


def test_faithful_translation_is_noted_not_flagged() -> None:
    case = Case(
        "Kim Jong Un wants Trump back, says defector",
        "Kim Jong Un will Trump zurück, sagt Überläufer",
        language="de",
        site="Tagesschau",
    )
    finding = rule.check(_ctx(case))
    assert finding is not None
    assert finding.evidence["translation"] is True
    assert finding.evidence["original"] == "Kim Jong Un will Trump zurück, sagt Überläufer"
    assert finding.max_action == "note"
    assert "translation" in finding.message
    community = Community(
        key="t", name="T", rules={rule.RULE_ID: RuleConfig(rule.RULE_ID, action="flag")}
    )
    decision, kept = apply_policy([finding], community)
    assert decision == "allow"
    assert [f.action for f in kept] == ["note"]


def test_mislabelled_language_is_compared_normally() -> None:
    case = Case(
        "Kim Jong Un is begging for Trump back, elite defector tells BBC", BBC, language="de"
    )
    finding = rule.check(_ctx(case))
    assert finding is not None
    assert "translation" not in finding.evidence


@pytest.mark.parametrize("title", ["", "   ", "!!!", "—"])
def test_empty_titles(title: str) -> None:
    assert rule.check(_ctx(Case(title, BBC))) is None


def test_no_headline_no_finding() -> None:
    article = Article.unreachable("https://example.com/x", "timeout")
    ctx = RuleContext(
        post=Post(id="p", title="Anything at all"),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID),
        community=Community(key="w", name="W"),
    )
    assert rule.check(ctx) is None


def test_module_contract() -> None:
    assert rule.RULE_ID == "editorialized-title"
    assert rule.NEEDS_ARTICLE is True


def test_hostile_input_is_bounded() -> None:
    long_headline = "word " * 50_000
    case = Case("Shameful " + "text " * 50_000, long_headline, lead=("x" * 100_000,))
    finding = rule.check(_ctx(case))
    assert finding is not None
    assert len(finding.evidence["diff"]) < 10_000


def test_sparse_article_fields_do_not_break_it() -> None:
    article = Article(
        status="fetched",
        url="https://example.com/a",
        headline=None,
        candidates=[HeadlineCandidate("og:title", ""), HeadlineCandidate("h1", "   ")],
        site_name=None,
        language=None,
        lead=[],
    )
    ctx = RuleContext(
        post=Post(id="p", title="Anything at all", url=None),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID),
        community=Community(key="w", name="W"),
    )
    assert rule.check(ctx) is None
    only_h1 = Article(
        status="fetched",
        url="https://example.com/a",
        candidates=[HeadlineCandidate("h1", BBC)],
    )
    ctx = RuleContext(ctx.post, only_h1, ctx.rule, ctx.community)
    finding = rule.check(ctx)
    assert finding is not None
    assert finding.evidence["source"] == "h1"


def test_commentary_evidence() -> None:
    finding = rule.check(_ctx(Case(f"{BBC} - what a joke", BBC)))
    assert finding is not None
    assert finding.evidence["commentary"] == ["what a joke"]
    assert "comment added: what a joke" in finding.message


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize(
    ("page", "title", "flagged"),
    [
        ("bbc-kim-defector.html", BBC, False),
        ("independent-trump-kim.html", IND, False),
        (
            "independent-trump-kim.html",
            "Trump begs to meet 'millennial dictator' Kim as South Korea watches",
            True,
        ),
    ],
)
def test_seed_pages_through_extraction(page: str, title: str, flagged: bool) -> None:
    path = EXAMPLES / "pages" / page
    assert path.is_file(), path  # shipped in examples/
    url = "https://www.example.com/" + page
    article = extract.extract_article(path.read_text(encoding="utf-8"), url, status="snapshot")
    ctx = RuleContext(
        post=Post(id="p", title=title, url=url),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID),
        community=Community(key="w", name="W"),
    )
    assert (rule.check(ctx) is not None) is flagged
