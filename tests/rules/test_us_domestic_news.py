"""us-domestic-news: US-only stories flag; anything with an international facet does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import extract
from bot.guidelines import Community, RuleConfig
from bot.models import Article, Post
from bot.rules import us_domestic_news as rule
from bot.rules.base import RuleContext
from bot.rules.data import load_lines
from bot.rules.data.lexicon import Lexicon, places

US_NEWS = "!usnews@lemmy.world"

# Lead of the Texas Tribune page in examples/ and of the seed 000 (BBC) article.
TEXAS_LEAD = (
    "AUSTIN — Gov. Greg Abbott on Friday signed a bill that bans students from using cellphones "
    "and other personal devices during the school day in Texas public schools.",
    "House Bill 1481 requires school districts to adopt policies by the start of the school year. "
    "The Texas Legislature passed the measure with bipartisan support.",
)
BBC_LEAD = (
    "The highest-ranking defector to escape North Korea in years, Ri Il Kyu has met Kim Jong Un "
    "seven times.",
    "Donald Trump returning to the White House would be a once-in-a-thousand-year opportunity "
    "for North Korea, according to Ri Il Kyu.",
)
GEORGIA_LEAD = ("Officials in Atlanta said the state legislature would review it.",)


def _ctx(
    title: str,
    lead: tuple[str, ...] | None = None,
    body: str = "",
    community: Community | None = None,
    **params: object,
) -> RuleContext:
    url = "https://news.example.com/story"
    if lead is None:
        article = Article.unreachable(url, "timeout")
    else:
        article = Article(status="snapshot", url=url, headline=title, lead=list(lead))
    return RuleContext(
        post=Post(id="p1", title=title, url=url, body=body),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID, params=params),
        community=community
        or Community(key="worldnews", name="World News", us_news_community=US_NEWS),
    )


US_ONLY = [
    ("Texas governor signs bill banning cellphones in public schools", TEXAS_LEAD),
    ("Texas governor signs bill banning cellphones in public schools", None),
    ("FBI arrests Michigan man over plot to kidnap governor", None),
    ("California wildfire forces evacuation of 30,000 in Los Angeles County", None),
    ("House Republicans pass spending bill, sending it to the Senate", None),
    ("IRS to cut 20% of workforce under new plan", None),
    ("Florida's Supreme Court upholds six-week abortion ban", None),
    ("Ohio train derailment: NTSB releases final report", None),
    ("New York City subway shooting suspect charged", None),
    ("Judge blocks Medicaid work requirements in Arkansas", None),
    ("ICE detains student protester in Massachusetts", None),
    ("Chicago teachers' union reaches deal with school district", None),
    ("Second Amendment case heads back to federal court in Illinois", None),
    # "Georgia" is also a country; the lead decides
    ("Georgia election officials certify results", GEORGIA_LEAD),
    ("Man sentenced for Jan. 6 attack on the U.S. Capitol", None),
    ("Hurricane Helene: FEMA sends aid to North Carolina", None),
    ("Trump administration freezes $2bn in Harvard funding", None),
    ("texas governor signs bill banning cellphones in public schools", None),
]  # fmt: skip

INTERNATIONAL = [
    # seed 000: Kim/Trump/North Korea must not trip it
    ("Kim Jong Un wants Trump back, elite defector tells BBC", BBC_LEAD),
    ("Kim Jong Un wants Trump back, elite defector tells BBC", None),
    ("Trump says he wants to meet Kim Jong Un again as South Korea’s Lee visits White House", None),
    ("North Korea’s Kim Says He Is Open to Talks if U.S. Drops Denuclearization Demand", None),
    ("US and China agree to pause tariffs for 90 days", None),
    ("Congress approves $95bn aid package for Ukraine and Israel", None),
    ("Texas governor signs bill on Mexico border wall", None),
    ("New Mexico sheriff says Latin American cartels behind fentanyl surge", None),
    ("FBI helps Interpol track suspect", None),
    ("Senate confirms new ambassador to Japan", None),
    ("Pentagon says Houthi missile hit US warship", None),
    ("US Supreme Court hears case on deportations to El Salvador", None),
    ("Trump administration imposes new sanctions", None),
    ("Florida man arrested", ("The suspect, a Canadian national, was detained in Miami.",)),
    ("White House hosts NATO chief", None),
    ("California governor signs climate bill", ("The law follows the Paris Agreement targets.",)),
    ("Americans travelling to Europe face new entry rules", None),
    ("Measles outbreak in Texas spreads, WHO warns", None),
]  # fmt: skip

NOT_US = [
    "Pope Francis dies at 88",
    "Earthquake of magnitude 7.4 hits Japan's Noto peninsula",
    "Storm Boris: Central Europe braces for worst floods in decades",
    "Ice storm leaves thousands without power",  # "ice" is not the agency
    "Who will win the election?",  # nor is "who" the WHO
    "Senate passes pension reform",  # ambiguous on its own: half weight only
    "Turkey prices rise ahead of the holidays",
    "Georgia election officials certify results",
]


@pytest.mark.parametrize(("title", "lead"), US_ONLY)
def test_us_only_stories_are_flagged(title: str, lead: tuple[str, ...] | None) -> None:
    finding = rule.check(_ctx(title, lead))
    assert finding is not None, title
    assert finding.rule == "us-domestic-news"
    assert finding.evidence["us_terms"]
    assert finding.evidence["foreign_terms"] == []
    assert finding.evidence["suggest"] == US_NEWS
    assert US_NEWS in finding.message
    assert 0.5 <= finding.confidence <= 0.9


@pytest.mark.parametrize(("title", "lead"), INTERNATIONAL)
def test_international_facet_is_not_flagged(title: str, lead: tuple[str, ...] | None) -> None:
    assert rule.check(_ctx(title, lead)) is None


@pytest.mark.parametrize("title", NOT_US)
def test_non_us_stories_are_not_flagged(title: str) -> None:
    assert rule.check(_ctx(title, ())) is None


def test_texas_seed_evidence() -> None:
    finding = rule.check(_ctx(US_ONLY[0][0], TEXAS_LEAD))
    assert finding is not None
    terms = finding.evidence["us_terms"]
    assert terms[:2] == ["Texas", "governor"]
    assert {"AUSTIN", "school districts", "Legislature"} <= set(terms)
    assert finding.evidence["lead_checked"] is True


def test_lead_with_foreign_facet_clears_a_us_title() -> None:
    title = "Governor signs law on farm workers"
    assert rule.check(_ctx(title, ("Iowa's governor signed the bill on Monday.",))) is not None
    lead = ("Iowa's governor signed the bill, which affects Guatemalan seasonal workers.",)
    assert rule.check(_ctx(title, lead)) is None


def test_body_with_foreign_facet_clears_a_us_title() -> None:
    title = "Texas governor signs bill banning cellphones in public schools"
    body = "Similar bans already exist in France and the Netherlands."
    assert rule.check(_ctx(title, TEXAS_LEAD, body=body)) is None


def test_unread_lead_lowers_confidence() -> None:
    title = "Texas governor signs bill banning cellphones in public schools"
    with_lead = rule.check(_ctx(title, ("Texas lawmakers passed the bill in May.",)))
    without = rule.check(_ctx(title, None))
    assert with_lead is not None
    assert without is not None
    assert without.evidence["lead_checked"] is False
    assert without.confidence < with_lead.confidence


def test_lead_terms_count_less_than_title_terms() -> None:
    title = "Man charged after shooting at shopping mall"
    assert rule.check(_ctx(title, ("Police in Ohio said the suspect was 19.",))) is None
    lead = ("Police in Columbus, Ohio, said the FBI was assisting.",)
    assert rule.check(_ctx(title, lead)) is not None


def test_params() -> None:
    title = "FBI arrests man over threats"
    assert rule.check(_ctx(title)) is not None
    assert rule.check(_ctx(title, min_us_score=2.0)) is None
    lead = ("Police in Ohio said the suspect was 19.",)
    assert rule.check(_ctx("Man charged", lead, lead_weight=1.0)) is not None
    assert rule.check(_ctx("Man charged", lead, lead_paragraphs=0)) is None


def test_no_us_news_community_configured() -> None:
    community = Community(key="other", name="Other")
    finding = rule.check(_ctx("IRS to cut 20% of workforce", community=community))
    assert finding is not None
    assert finding.evidence["suggest"] == ""
    assert "the US News community" in finding.message


def test_module_contract() -> None:
    assert rule.RULE_ID == "us-domestic-news"
    assert rule.NEEDS_ARTICLE is False


# The lexicon under the rule (bot/rules/data/lexicon.py) and its lists.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("New Mexico sheriff", [("New Mexico", "us_terms"), ("sheriff", "us_terms")]),
        ("Mexico City mayor", [("Mexico", "countries"), ("mayor", "us_terms")]),  # mayor: 0.5
        ("Latin American leaders", [("Latin America", "international")]),
        ("Mexican-American voters", [("Mexican American", "us_terms")]),
        ("the U.S. and the U.K.", [("United States", "us_terms"), ("United Kingdom", "countries")]),
        ("Russians and governors", [("Russia", "countries"), ("governor", "us_terms")]),
        ("Britain's PM", [("United Kingdom", "countries"), ("Prime Minister", "international")]),
        ("an ice storm; who knows", []),  # acronyms match only in capitals
        (
            "ICE raid; WHO report",
            [("ICE", "us_terms"), ("World Health Organization", "international")],
        ),
        # capitalised entries need a capital, unless the whole text is lower case
        ("The turkey dinner and fine china", []),
        ("A turkey dinner in China", [("China", "countries")]),
        ("texas and turkey", [("Texas", "us_terms"), ("Turkey", "countries")]),
        ("Chad Daybell trial", []),  # first names left out on purpose
        ("Georgia votes", []),  # a state and a country
        ("Kim Jong-un", [("North Korea", "countries")]),
    ],
)
def test_lexicon_matching(text: str, expected: list[tuple[str, str]]) -> None:
    hits = places().find(text)
    assert [(h.label, h.group) for h in hits] == expected


def test_country_list_covers_the_un_members() -> None:
    lines = load_lines("countries.txt")
    members = lines[: lines.index("Holy See | Vatican | Pope")]
    assert len(members) == 192  # the 193 UN member states but the United States


def test_lexicon_weights_and_labels() -> None:
    lexicon = Lexicon.from_lines(
        ["Alpha | A1", "[weight 0.5]", "beta", "Gamma (label) | gamma ray"]
    )
    hits = lexicon.find("Alpha, A1, betas and a gamma ray; Gamma alone")
    assert [(h.label, h.weight, h.text) for h in hits] == [
        ("Alpha", 1.0, "Alpha"),
        ("Alpha", 1.0, "A1"),
        ("beta", 0.5, "betas"),
        ("Gamma (label)", 0.5, "gamma ray"),
    ]


def test_hostile_input_is_bounded() -> None:
    lead = ("Texas " * 200_000,)
    finding = rule.check(_ctx("Texas " * 200_000, lead, body="Ohio " * 200_000))
    assert finding is not None
    assert finding.evidence["us_terms"] == ["Texas"]


@pytest.mark.parametrize("name", ["us_terms.txt", "countries.txt", "international.txt"])
def test_lexicon_files_parse(name: str) -> None:
    terms = Lexicon.load(name).terms()
    assert len(terms) > 40
    assert all(term.surface for term in terms)


def test_no_term_is_both_us_and_foreign() -> None:
    us = {t.folded for t in Lexicon.load("us_terms.txt").terms()}
    foreign = {t.folded for t in Lexicon.load("countries.txt", "international.txt").terms()}
    assert not us & foreign


def test_texas_example_page_through_extraction() -> None:
    path = (
        Path(__file__).resolve().parents[2] / "examples" / "pages" / "texastribune-cellphones.html"
    )
    assert path.is_file(), path  # shipped in examples/
    url = "https://www.texastribune.org/2025/06/20/texas-cellphone-ban-schools-abbott/"
    article = extract.extract_article(path.read_text(encoding="utf-8"), url, status="snapshot")
    ctx = RuleContext(
        post=Post(id="p", title="Texas governor signs bill banning cellphones in public schools"),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID),
        community=Community(key="w", name="W", us_news_community=US_NEWS),
    )
    finding = rule.check(ctx)
    assert finding is not None
    assert finding.evidence["lead_checked"] is True


@pytest.mark.parametrize("filler", [0, 2900, 3100])
def test_lead_is_read_up_to_its_cut(filler: int) -> None:
    # The lead's tokens are shared with editorialized-title when nothing is cut; a foreign term
    # past the cut (3000 characters of the paragraphs joined) is never seen either way.
    lead = ("Texas lawmakers met. " + "x " * (filler // 2), "Officials from Mexico attended.")
    finding = rule.check(_ctx("State legislature passes budget", lead))
    cut = len("\n".join(lead)) > 3000
    assert (finding is not None) == cut
    if finding is not None:
        assert finding.evidence["us_terms"] == ["State legislature", "Texas"]


LOCAL = [
    # municipal politics, local police and courts, local accidents: the gazetteer and datelines
    (
        "Napa County could get a Margaritaville resort",
        ("NAPA COUNTY, Calif. (KGO) -- A plan to bring a resort to the Bay Area is closer.",),
    ),
    (
        "Police arrest six in drug investigation",
        (
            "Officers from the Columbus Police Department arrested six people Monday.",
            "The sheriff's office said more arrests were likely.",
        ),
    ),
    ("Bronx city councilmember loses re-election bid over rezoning", None),
    (
        "15-year-old driver killed in crash",
        ("SOUTHWEST MIAMI-DADE, FLA. (WSVN) - An overnight crash killed a 15-year-old boy.",),
    ),
]


@pytest.mark.parametrize(("title", "lead"), LOCAL)
def test_local_us_stories_flag(title: str, lead: tuple[str, ...] | None) -> None:
    finding = rule.check(_ctx(title, lead))
    assert finding is not None, title
    assert finding.evidence["us_terms"]


def test_a_dateline_shows_in_the_evidence() -> None:
    finding = rule.check(_ctx(*LOCAL[0]))
    assert finding is not None
    assert "dateline NAPA COUNTY, Calif" in finding.evidence["us_terms"]


SCIENCE = [
    (
        "Scientists use Hawaii telescope to spot water vapor on distant moon",
        ("A NASA planetary scientist in Hawaii led the water detection on Europa.",),
    ),
    (
        "Robot samples blood as well as nurses, Rutgers study finds",
        ("Researchers in New Jersey report the first clinical trial of the robot.",),
    ),
]


@pytest.mark.parametrize(("title", "lead"), SCIENCE)
def test_a_science_story_naming_a_us_place_does_not_flag(title: str, lead: tuple[str, ...]) -> None:
    assert rule.check(_ctx(title, lead)) is None


def test_half_weight_foreign_words_need_a_second_one() -> None:
    lead = ("Doctors urged the Department of Homeland Security to vaccinate detained migrants.",)
    title = "California doctors offer flu shots to detained migrants"
    finding = rule.check(_ctx(title, lead))
    assert finding is not None
    assert finding.evidence["foreign_terms"] == ["migrant"]
    assert rule.check(_ctx(title + " and refugees", lead)) is None
