"""title_diff: the weight of each added or removed word, names, sourced parts, loaded compounds,
comment parts and the article's words, pinned to exact values (mutation testing, issue 19).

The change of a comparison is its weight over the headline's content words (at least 3):
the headlines below have 5 content words ("ceasefire agreed gaza long talks") unless noted.
"""

from __future__ import annotations

import pytest

from bot.guidelines import Community, RuleConfig
from bot.models import Article, Post
from bot.rules.base import RuleContext
from bot.rules.data import load_set
from bot.rules.title_diff import ArticleWords, Comparison, Title, article_words, compare

HEAD = "Ceasefire agreed in Gaza after long talks"  # content: ceasefire agreed gaza long talks


def _info(
    headline: str = "",
    lead: str = "",
    names: frozenset[str] = frozenset(),
    pool: str = "",
) -> ArticleWords:
    return ArticleWords(
        stopwords=load_set("stopwords.txt"),
        loaded=load_set("loaded_words.txt"),
        site_words=frozenset(),
        headline_words=frozenset(headline.split()),
        lead_words=frozenset(lead.split()),
        names=names,
        pool_text=pool,
    )


def _compare(title: str, original: str = HEAD, info: ArticleWords | None = None) -> Comparison:
    info = info or _info()
    return compare(Title.build(title, info), original, "og:title", info)


# --- words added -------------------------------------------------------------------------------


def test_adding_a_negation_costs_one_and_a_half_and_is_a_flip() -> None:
    comp = _compare("Ceasefire not agreed in Gaza after long talks")
    assert comp.change == 0.3  # 1.5 / 5
    assert comp.added == ["not"]
    assert comp.removed == []
    assert comp.flipped == ["+not"]
    assert comp.loaded_added == []


def test_adding_a_loaded_word_costs_one() -> None:
    comp = _compare("Shameful ceasefire agreed in Gaza after long talks")
    assert comp.change == 0.2  # 1.0 / 5
    assert comp.loaded_added == ["Shameful"]
    assert comp.flipped == []


def test_adding_a_function_word_is_free() -> None:
    comp = _compare("Ceasefire agreed in the Gaza after long talks")
    assert comp.change == 0.0
    assert comp.added == ["the"]


def test_adding_an_ordinary_word_costs_one() -> None:
    comp = _compare("Ceasefire quietly agreed in Gaza after long talks")
    assert comp.change == 0.2
    assert comp.diff == "Ceasefire {+quietly+} agreed in Gaza after long talks"
    # ratio of the joined keys: the headline's 41 characters all kept, 8 added
    assert comp.similarity == pytest.approx(82 / 90)


def test_adding_a_name_costs_little() -> None:
    comp = _compare("Ceasefire agreed in Gaza after long talks with Smith")
    assert comp.change == 0.03  # "with" free, "Smith" 0.15
    assert comp.added == ["with", "Smith"]


def test_adding_a_word_of_another_headline_costs_a_quarter() -> None:
    comp = _compare("Ceasefire truce agreed in Gaza after long talks", info=_info(headline="truce"))
    assert comp.change == 0.05  # 0.25 / 5


def test_adding_a_word_of_the_lead_costs_a_half() -> None:
    comp = _compare("Ceasefire agreed in Gaza after weeks of talks", info=_info(lead="weeks"))
    # "long" replaced by "weeks of": 0.5 removed, 0.5 + 0 added
    assert comp.change == 0.2
    assert comp.removed == ["long"]
    assert comp.added == ["weeks", "of"]


def test_change_is_rounded_to_three_places() -> None:
    headline = "Ceasefire agreed in Gaza after long talks over hostage release"  # 7 content words
    comp = _compare(
        "Ceasefire quietly agreed in Gaza after long talks over hostage release", headline
    )
    assert comp.change == 0.143  # 1 / 7


# --- words removed -----------------------------------------------------------------------------


def test_dropping_a_negation_costs_one_and_a_half() -> None:
    headline = "Ceasefire not agreed in Gaza after long talks"  # 6 content words
    comp = _compare("Ceasefire agreed in Gaza after long talks", headline)
    assert comp.change == 0.25  # 1.5 / 6
    assert comp.removed == ["not"]
    assert comp.flipped == ["-not"]
    assert comp.diff == "Ceasefire [-not-] agreed in Gaza after long talks"


def test_dropping_a_hedge_costs_one() -> None:
    headline = "Ceasefire reportedly agreed in Gaza after long talks"
    comp = _compare("Ceasefire agreed in Gaza after long talks", headline)
    assert comp.change == 0.167  # 1 / 6
    assert comp.flipped == ["-reportedly"]


def test_dropping_an_attribution_costs_one_and_is_no_flip() -> None:
    headline = "Ceasefire agreed in Gaza after long talks, officials say"  # 7 content words
    comp = _compare("Ceasefire agreed in Gaza after long talks officials", headline)
    assert comp.change == 0.143
    assert comp.flipped == []


def test_dropping_a_function_word_is_free() -> None:
    comp = _compare("Ceasefire agreed Gaza after long talks")
    assert comp.change == 0.0
    assert comp.removed == ["in"]


def test_dropping_an_ordinary_word_costs_a_half() -> None:
    comp = _compare("Ceasefire agreed in Gaza after talks")
    assert comp.change == 0.1
    assert comp.removed == ["long"]


def test_cutting_the_start_is_a_free_truncation() -> None:
    comp = _compare("Gaza after long talks")
    assert comp.change == 0.0
    assert comp.removed == ["Ceasefire", "agreed", "in"]
    assert comp.diff == "[-Ceasefire agreed in-] Gaza after long talks"


def test_cutting_the_end_is_a_free_truncation() -> None:
    comp = _compare("Ceasefire agreed in Gaza")
    assert comp.change == 0.0
    assert comp.diff == "Ceasefire agreed in Gaza [-after long talks-]"


def test_a_hedged_tail_clause_cut_off_is_no_flip() -> None:
    headline = "Minister quits over scandal but may face charges"  # 6 content words
    comp = _compare("Minister quits over scandal", headline)
    assert comp.flipped == []
    assert comp.change == 0.167  # the hedge still weighs 1


def test_a_negation_kept_is_not_counted_again_after_a_later_insertion() -> None:
    comp = _compare("Ceasefire not agreed in Gaza yet", "Ceasefire not agreed in Gaza")
    assert comp.flipped == []
    assert comp.added == ["yet"]
    assert comp.change == 0.25  # 1 / 4 ("not" is a content word)


# --- neutral swaps -----------------------------------------------------------------------------


def test_a_pronoun_replaced_by_a_name_costs_a_tenth() -> None:
    comp = _compare("Police say Smith was at home", "Police say she was at home")
    assert comp.change == 0.033  # 0.1 / 3
    assert comp.removed == ["she"]
    assert comp.added == ["Smith"]


def test_a_neutral_swap_adds_to_the_edits_around_it() -> None:
    comp = _compare("Police now say Smith was at home today", "Police say she was at home")
    assert comp.change == 0.7  # "now" 1 + swap 0.1 + "today" 1, over 3


# --- the title's names -------------------------------------------------------------------------


def test_names_in_a_sentence_case_title() -> None:
    info = _info()
    title = Title.build("Leaders meet Smith in Cairo as TRULY awful UEFA row grows", info)
    # Smith and Cairo capitalised mid-sentence, UEFA an acronym; TRULY is shouted emphasis
    assert title.names == {2, 4, 8}


def test_a_name_right_after_the_first_word() -> None:
    assert Title.build("Envoy Smith meets rebels", _info()).names == {1}


def test_names_in_a_title_case_title_come_from_the_article_and_places() -> None:
    info = _info(names=frozenset({"smith", "in"}))
    title = Title.build("Leaders Meet Smith In Cairo", info)
    assert title.names == {2, 4}  # "In" is a function word, whatever the lead's case


def test_names_make_added_words_cheap() -> None:
    info = _info(headline="truce", lead="weeks")
    title = Title.build("Smith not shameful the truce weeks today", info)
    # Smith is the first word: not a name by case
    assert title.added == [1.0, 1.5, 1.0, 0.0, 0.25, 0.5, 1.0]
    title = Title.build("Talks with Smith", info)
    assert title.added == [1.0, 0.0, 0.15]


# --- parts copied from the article -------------------------------------------------------------


def test_a_three_word_part_copied_from_the_lead_is_free() -> None:
    info = _info(pool="Ceasefire agreed in Gaza. Talks ran overnight in Cairo.")
    title = Title.build("Ceasefire agreed in Gaza | talks ran overnight", info)
    assert title.parts == [range(4), range(4, 7)]
    assert title.sourced == {0, 1, 2, 3, 4, 5, 6}
    assert title.added == [0.0] * 7
    comp = compare(title, HEAD, "og:title", info)
    assert comp.change == 0.1  # "long" dropped mid-headline (0.5); copied words are free
    assert comp.commentary == []


def test_a_two_word_part_is_never_sourced() -> None:
    info = _info(pool="Ceasefire agreed in Gaza. Talks ran overnight in Cairo.")
    title = Title.build("Ceasefire agreed in Gaza | talks ran", info)
    assert title.sourced == {0, 1, 2, 3}


# --- loaded words and compounds ----------------------------------------------------------------


def test_a_loaded_compound_is_found_with_its_display() -> None:
    title = Title.build("The so-called truce holds", _info())
    assert title.loaded == {1: "so-called"}
    assert title.disp == ["The", "so", "called", "truce", "holds"]
    assert title.keys == ["the", "so", "called", "truce", "holds"]
    assert title.joined == "the so called truce holds"
    assert title.text == "The so-called truce holds"


def test_a_loaded_compound_at_the_end() -> None:
    assert Title.build("Critics call the truce Jaw-dropping", _info()).loaded == {4: "Jaw-dropping"}


def test_a_compound_the_headline_uses_is_not_loaded() -> None:
    # "so" and "called" are the headline's own words; "a" and "truce" are not
    title = Title.build("A so-called truce holds", _info(headline="so called"))
    assert title.loaded == {}


def test_a_loaded_word_the_headline_uses_is_not_loaded() -> None:
    title = Title.build("Shameful truce holds", _info(headline="shameful"))
    assert title.loaded == {}
    assert Title.build("Shameful truce holds", _info()).loaded == {0: "Shameful"}


def test_a_part_one_letter_off_the_article_is_still_sourced() -> None:
    # "put on ice" against "put on icy": a ratio of exactly 90, the least that counts
    info = _info(pool="Negotiators put on icy ground")
    assert Title.build("Ceasefire agreed in Gaza | put on ice", info).sourced == {4, 5, 6}
    info = _info(pool="Negotiators put on icy grounds today")
    assert Title.build("Ceasefire agreed in Gaza | put up ice", info).sourced == set()


# --- comment parts -----------------------------------------------------------------------------


def test_a_middle_part_is_a_comment_and_a_trailing_publication_is_not() -> None:
    comp = _compare("Ceasefire Agreed In Gaza | Markets Rally | Straits Times")
    assert comp.commentary == ["Markets Rally"]


@pytest.mark.parametrize(
    ("title", "commentary"),
    [
        ("Ceasefire agreed in Gaza - The Sydney Morning Herald", []),
        ("Ceasefire agreed in Gaza - Times of India", []),
        (
            "Ceasefire agreed in Gaza - The New Indian Express Daily",
            ["The New Indian Express Daily"],
        ),
        ("Ceasefire agreed in Gaza after long talks - in 2024", []),
        ("Ceasefire agreed in Gaza after long talks - what a joke", ["what a joke"]),
    ],
)
def test_a_trailing_part(title: str, commentary: list[str]) -> None:
    assert _compare(title).commentary == commentary


def test_a_part_copied_from_the_article_is_no_comment() -> None:
    title = "Ceasefire agreed | negotiators met overnight near Cairo"
    assert _compare(title).commentary == ["negotiators met overnight near Cairo"]
    info = _info(pool="Negotiators met overnight near Cairo.")
    assert _compare(title, info=info).commentary == []


# --- long titles -------------------------------------------------------------------------------


def test_a_long_title_of_repeated_words_matches_itself() -> None:
    text = " ".join(["talks resume"] * 110)  # 220 words: difflib's "popular" words stay
    comp = _compare("Quietly " + text, text)
    assert comp.added == ["Quietly"]
    assert comp.removed == []
    assert comp.change == 0.005  # 1 / 220


# --- the article's words -----------------------------------------------------------------------


def _ctx(lead: list[str]) -> RuleContext:
    return RuleContext(
        post=Post(id="p1", title="A title", url="https://example.com/a"),
        article=Article(status="snapshot", url="https://example.com/a", lead=lead),
        rule=RuleConfig(id="editorialized-title", params={}),
        community=Community(key="worldnews", name="World News"),
    )


def test_article_words() -> None:
    candidates = [
        ("og:title", "Why Putin wants talks with Kyiv"),
        ("h1", "Putin Wants Talks With Kyiv Now"),  # title case: its capitals are no names
    ]
    lead = [
        "Talks stalled on Monday.",
        "In Moscow, officials said Zelensky was not invited.",
        "Third para.",
        "Fourth para names Oslo.",  # only the first three paragraphs are read
    ]
    info = article_words(_ctx(lead), candidates, frozenset({"example"}))
    assert info.site_words == frozenset({"example"})
    assert info.headline_words == {"why", "putin", "wants", "talks", "with", "kyiv", "now"}
    assert info.lead_words == {
        "talks", "stalled", "on", "monday", "in", "moscow", "officials", "said", "zelensky",
        "was", "not", "invited", "third", "para",
    }  # fmt: skip
    assert info.names == {"putin", "kyiv", "monday", "moscow", "zelensky"}
    assert info.pool_text == (
        "Why Putin wants talks with Kyiv Putin Wants Talks With Kyiv Now "
        "Talks stalled on Monday. In Moscow, officials said Zelensky was not invited. Third para."
    )
    assert "slams" in info.loaded
    assert "the" in info.stopwords


def test_article_words_read_the_first_4000_characters_of_the_lead() -> None:
    lead = ["word " * 800 + "Zeta"]
    info = article_words(_ctx(lead), [("og:title", "Talks resume")], frozenset())
    assert info.lead_words == {"word"}
