"""editorialized-title: allowed edits versus editorialized titles, a table of news cases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.guidelines import Community, RuleConfig
from bot.models import Article, HeadlineCandidate, Post
from bot.rules import editorialized_title as rule
from bot.rules.base import RuleContext

BBC = "Kim Jong Un wants Trump back, elite defector tells BBC"
BBC_LEAD = [
    "The highest-ranking defector to escape North Korea in years, Ri Il Kyu has met Kim Jong Un "
    "seven times.",
    "Donald Trump returning to the White House would be a once-in-a-thousand-year opportunity "
    "for North Korea, according to Ri Il Kyu.",
]
# The Independent's headline over the article in seed 003 (as in examples/pages).
IND = "Trump says he wants to meet Kim Jong Un again as South Korea’s Lee visits White House"
IND_LEAD = [
    "President Donald Trump on Monday said he wants to rekindle his friendship with the millennial "
    "dictator who has illegally assembled a nuclear arsenal while his own country remains "
    "starving and isolated under decades of economic sanctions.",
    "Trump told South Korean president Lee Jae Myung he would like to meet with North Korean "
    "dictator Kim Jung Un after the South Korean leader noted that North Korea had developed "
    "further its nuclear and missile capabilities.",
]


@dataclass(frozen=True)
class Case:
    title: str
    headline: str
    lead: tuple[str, ...] = ()
    site: str = "Example News"
    url: str = "https://www.example-news.com/world/story"
    language: str = "en"
    h1: str | None = None  # a second candidate, when the page's h1 differs from og:title
    embed: str | None = None


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


BBC_KW = {
    "lead": tuple(BBC_LEAD),
    "site": "BBC News",
    "url": "https://www.bbc.com/news/articles/c4",
}
IND_KW = {
    "lead": tuple(IND_LEAD),
    "site": "The Independent",
    "url": "https://www.independent.co.uk/news/world/americas/trump-kim-b2813456.html",
}

ALLOWED = [
    pytest.param(Case(BBC, BBC, **BBC_KW), id="verbatim-seed-000"),
    pytest.param(Case(f"{BBC} - BBC News", BBC, **BBC_KW), id="site-name-added"),
    pytest.param(Case(f"BBC News: {BBC}", BBC, **BBC_KW), id="site-name-prefix"),
    pytest.param(Case("Kim Jong Un wants Trump back", BBC, **BBC_KW), id="truncated-main-clause"),
    pytest.param(Case(BBC.lower(), BBC, **BBC_KW), id="lower-case"),
    pytest.param(Case(BBC.upper(), BBC, **BBC_KW), id="upper-case"),
    pytest.param(
        Case("Kim Jong Un Wants Trump Back, Elite Defector Tells BBC", BBC, **BBC_KW),
        id="title-case",
    ),
    pytest.param(
        Case("North Korea's Kim Jong Un wants Trump back, elite defector tells BBC", BBC, **BBC_KW),
        id="country-named",
    ),
    pytest.param(
        Case("Kim Jong Un wants Trump back, defector tells BBC", BBC, **BBC_KW),
        id="adjective-dropped",
    ),
    pytest.param(
        Case("Elite defector tells BBC: Kim Jong Un wants Trump back", BBC, **BBC_KW),
        id="clauses-reordered",
    ),
    pytest.param(
        Case(f"{BBC} | Ri Il Kyu has met Kim Jong Un seven times", BBC, **BBC_KW),
        id="headline-pipe-subhead-from-lead",
    ),
    pytest.param(Case(f"[Update] {BBC}", BBC, **BBC_KW), id="update-tag"),
    pytest.param(Case(f"BREAKING: {BBC}", BBC, **BBC_KW), id="breaking-tag"),
    pytest.param(Case(f"{BBC} (Reuters)", BBC, **BBC_KW), id="wire-tag"),
    pytest.param(Case(IND, IND, **IND_KW), id="verbatim-seed-003"),
    pytest.param(
        Case("Trump says he wants to meet Kim Jong Un again", IND, **IND_KW),
        id="truncated-as-clause",
    ),
    pytest.param(
        Case(
            "Trump says he wants to meet Kim Jong Un again as South Korea's Lee visits White House",
            IND,
            **IND_KW,
        ),
        id="curly-vs-straight-apostrophe",
    ),
    pytest.param(
        Case(
            "US President Trump says he wants to meet North Korea's Kim Jong Un again as South "
            "Korea's Lee visits White House",
            IND,
            **IND_KW,
        ),
        id="clarity-names-added",
    ),
    pytest.param(
        Case(
            "South Korea's Lee asks Trump to be 'peacemaker' with North Korea",
            "South Korea’s Lee asks Trump to be “peacemaker” with North Korea",
        ),
        id="quote-style",
    ),
    pytest.param(
        Case(
            "Kim Jong Un 'would like to meet me', Trump says of North Korean leader",
            "He 'would like to meet me', Trump says of North Korean leader",
            lead=("Donald Trump said Kim Jong Un would like to meet him.",),
        ),
        id="pronoun-replaced-by-name",
    ),
    pytest.param(
        Case(
            "United Nations warns of famine in northern Gaza",
            "UN warns of famine in northern Gaza",
        ),
        id="acronym-expanded",
    ),
    pytest.param(
        Case(
            "WHO declares mpox a global health emergency",
            "World Health Organization declares mpox a global health emergency",
        ),
        id="acronym-contracted",
    ),
    pytest.param(
        Case(
            "Gaza ceasefire talks collapse as Hamas rejects proposal",
            "Ceasefire talks collapse as Hamas rejects proposal",
            lead=("Negotiations in Cairo over a ceasefire in Gaza ended without agreement.",),
        ),
        id="place-named-from-lead",
    ),
    pytest.param(
        Case(
            "Russia launches largest drone attack on Kyiv",
            "Ukraine war: Russia launches largest drone attack on Kyiv",
        ),
        id="kicker-dropped",
    ),
    pytest.param(
        Case(
            "Ukraine war – Russia launches largest drone attack on Kyiv",
            "Ukraine war: Russia launches largest drone attack on Kyiv",
        ),
        id="dash-for-colon",
    ),
    pytest.param(
        Case(
            "Germany's economy shrinks for second year in a row",
            "German economy shrinks for second year in a row",
            h1="Germany's economy shrinks for second year in a row",
        ),
        id="matches-h1-not-og-title",
    ),
    pytest.param(
        Case(
            "Japan's ruling party picks Sanae Takaichi as leader",
            "Takaichi wins LDP leadership race",
            embed="Japan's ruling party picks Sanae Takaichi as leader",
        ),
        id="matches-platform-embed",
    ),
    pytest.param(
        Case(
            "Kim Jong Un wants Trump back, says elite defector",
            "Kim Jong Un will Trump zurück, sagt Überläufer",
            language="de",
            site="Tagesschau",
        ),
        id="english-title-over-german-article",
    ),
    pytest.param(
        Case(
            "Opinion: Britain must rejoin the single market",
            "Britain must rejoin the single market",
        ),
        id="opinion-tag",
    ),
    pytest.param(
        Case(
            "Israel strikes Iran's nuclear sites, officials say",
            "Israel strikes Iran’s nuclear sites, officials say",
        ),
        id="apostrophe-and-nfkc",
    ),
]

EDITORIALIZED = [
    pytest.param(
        Case("Trump begs to meet 'millennial dictator' Kim as South Korea watches", IND, **IND_KW),
        {"begs"},
        id="seed-003-begs",
    ),
    pytest.param(
        Case(
            "Trump begs to rekindle bromance with starving North Korea's shameful "
            "'millennial dictator'",
            IND,
            **IND_KW,
        ),
        {"begs", "shameful"},
        id="example-post-begs-shameful",
    ),
    pytest.param(
        Case("Kim Jong Un is begging for Trump back, elite defector tells BBC", BBC, **BBC_KW),
        {"begging"},
        id="seed-000-begging",
    ),
    pytest.param(
        Case("Trump finally admits he wants to meet Kim Jong Un again", IND, **IND_KW),
        {"finally"},
        id="finally-admits",
    ),
    pytest.param(
        Case(
            "Trump says he does not want to meet Kim Jong Un again as South Korea's Lee visits "
            "White House",
            IND,
            **IND_KW,
        ),
        set(),
        id="negation-added",
    ),
    pytest.param(
        Case(
            "Police say Sydney stabbing was terror-related",
            "Police say Sydney stabbing was not terror-related",
        ),
        set(),
        id="negation-dropped",
    ),
    pytest.param(
        Case(
            "Minister took bribes from property developer",
            "Minister allegedly took bribes from property developer",
        ),
        set(),
        id="hedge-dropped",
    ),
    pytest.param(
        Case(
            "Macron SLAMS Trump's idiotic tariff plan",
            "Macron criticises Trump's tariff plan",
        ),
        {"SLAMS", "idiotic"},
        id="slams-idiotic",
    ),
    pytest.param(
        Case(
            "German economy is collapsing and nobody in Berlin cares",
            "German economy shrinks for second year in a row",
        ),
        set(),
        id="rewritten-opinion",
    ),
    pytest.param(
        Case(
            "AOC destroys Musk in brutal hearing",
            "Ocasio-Cortez questions Musk over federal cuts in hearing",
        ),
        {"destroys", "brutal"},
        id="destroys-brutal",
    ),
    pytest.param(
        Case(
            "UK's shameful foreign aid cut to 0.3% of national income",
            "UK cuts foreign aid to 0.3% of national income",
        ),
        {"shameful"},
        id="shameful",
    ),
    pytest.param(
        Case(
            "Disgusting: Israeli strike kills 20 at Gaza school",
            "Israeli strike kills 20 at Gaza school, officials say",
        ),
        {"Disgusting"},
        id="disgusting-prefix",
    ),
    pytest.param(
        Case(
            "[Shameful] Israeli strike kills 20 at Gaza school, officials say",
            "Israeli strike kills 20 at Gaza school, officials say",
        ),
        {"Shameful"},
        id="loaded-bracket-tag-kept",
    ),
    pytest.param(
        Case(
            "Putin is dying and the Kremlin hides the truth",
            "Putin health rumours swirl after two-week absence",
        ),
        set(),
        id="speculation-rewrite",
    ),
    pytest.param(
        Case(
            "Netanyahu lies that Israel is not blocking aid to Gaza",
            "Netanyahu says Israel is not blocking aid to Gaza",
        ),
        {"lies"},
        id="says-to-lies",
    ),
    pytest.param(
        Case(
            "Canada finally recognises Palestinian state", "Canada to recognise Palestinian state"
        ),
        {"finally"},
        id="finally",
    ),
    pytest.param(
        Case(
            "China laughs off US tariffs as its exporters boom",
            "Chinese exports rise 7% in September despite US tariffs",
        ),
        set(),
        id="reworded-no-loaded-words",
    ),
    pytest.param(
        Case(
            "Milei's insane plan actually works as Argentina's inflation falls to 31%",
            "Argentina's inflation falls to 31%",
        ),
        {"insane"},
        id="insane-plan",
    ),
    pytest.param(
        Case(
            "Russia's brutal overnight attack on Kyiv",
            "Russia strikes Kyiv with 500 drones overnight",
        ),
        {"brutal"},
        id="brutal",
    ),
    pytest.param(
        Case(
            "Spineless EU caves to Trump on trade deal",
            "EU agrees trade deal with US after weeks of talks",
        ),
        {"Spineless", "caves"},
        id="spineless-caves",
    ),
]


@pytest.mark.parametrize("case", ALLOWED)
def test_allowed_titles_have_no_finding(case: Case) -> None:
    assert rule.check(_ctx(case)) is None


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


def test_translation_with_loaded_words_is_a_low_confidence_finding() -> None:
    case = Case(
        "Shameful Kim Jong Un begs for Trump back",
        "Kim Jong Un will Trump zurück, sagt Überläufer",
        language="de",
        site="Tagesschau",
    )
    finding = rule.check(_ctx(case))
    assert finding is not None
    assert finding.evidence["translation"] is True
    assert finding.confidence < 0.5
    assert set(finding.evidence["loaded_added"]) == {"Shameful", "begs"}


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
