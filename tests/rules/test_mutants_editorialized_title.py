"""editorialized-title, finding by finding: the exact message, evidence and confidence a moderator
sees, and which headline a title is compared with (the mutation tests' survivors, issue 19)."""

from __future__ import annotations

from bot.guidelines import Community, RuleConfig
from bot.models import Article, Finding, HeadlineCandidate, Post
from bot.rules import editorialized_title as rule
from bot.rules.base import RuleContext
from tests.rules.test_editorialized_title import IND, IND_KW, Case, _ctx

URL = "https://www.example.com/politics/budget"


def _check(
    title: str,
    candidates: list[tuple[str, str]] = (),  # type: ignore[assignment]
    *,
    headline: str | None = None,
    embed: str | None = None,
    url: str = URL,
    language: str = "en",
    **params: object,
) -> Finding | None:
    """The rule over a page with no site name and no lead: only the headlines given."""
    article = Article(
        status="snapshot",
        url=url,
        final_url=url,
        headline=headline,
        candidates=[HeadlineCandidate(source, text) for source, text in candidates],
        site_name=None,
        language=language,
        lead=[],
    )
    ctx = RuleContext(
        post=Post(id="p", title=title, url=url, embed_title=embed),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID, params=params),
        community=Community(key="w", name="W"),
    )
    return rule.check(ctx)


def test_every_kind_of_change_in_the_message_and_evidence() -> None:
    finding = _check(
        "Called it: shameful senators will not back disgraceful budget that cuts taxes "
        "everywhere - what a joke",
        [
            (
                "og:title",
                "Senators expected to back budget that allegedly raises taxes, experts warn",
            )
        ],
    )
    assert finding is not None
    assert finding.message == (
        "Title differs from the article's headline \"Senators expected to back budget that "
        'allegedly raises taxes, experts warn" (similarity 0.50; loaded: shameful, disgraceful; '
        "negation/hedge changed: +not, -allegedly; comment added: Called it / what a joke; "
        "claim changed: scope widened: everywhere; attribution dropped: experts warn; "
        "added: Called it shameful will not disgraceful cuts everywhere what a joke; "
        "removed: expected to allegedly raises experts warn)"
    )
    assert finding.evidence == {
        "original": "Senators expected to back budget that allegedly raises taxes, experts warn",
        "source": "og:title",
        "similarity": 0.5,
        "change": 1.389,
        "added": ["Called", "it", "shameful", "will", "not", "disgraceful", "cuts",
                  "everywhere", "what", "a", "joke"],
        "removed": ["expected", "to", "allegedly", "raises", "experts", "warn"],
        "loaded_added": ["shameful", "disgraceful"],
        "negation_or_hedge": ["+not", "-allegedly"],
        "commentary": ["Called it", "what a joke"],
        "claim_changed": ["scope widened: everywhere", "attribution dropped: experts warn"],
        "diff": "{+Called it shameful+} senators [-expected to-] {+will not+} back "
                "{+disgraceful+} budget that [-allegedly raises-] {+cuts+} taxes "
                "[-experts warn-] {+everywhere what a joke+}",
    }  # fmt: skip
    assert finding.confidence == 0.95  # capped
    assert finding.max_action is None


def test_confidence_of_two_loaded_words() -> None:
    # 0.6 + 0.1 for the second loaded word + 0.25 x change 0.286
    finding = rule.check(_ctx(Case("Shameful Trump begs to meet Kim Jong Un again", IND, **IND_KW)))
    assert finding is not None
    assert finding.evidence["loaded_added"] == ["Shameful", "begs"]
    assert finding.evidence["change"] == 0.286
    assert finding.confidence == 0.771


def test_confidence_of_a_changed_claim_caps_the_change_at_one() -> None:
    # 0.6 + 0.25 x min(change 1.13, 1.0)
    finding = _check(
        "Mayor resigns after hospital fire",
        [("og:title", "Governor praises firefighters at factory blaze")],
    )
    assert finding is not None
    assert finding.evidence["change"] == 1.13
    assert finding.evidence["claim_changed"] == ["praises -> resigns", "praises -> fire"]
    assert finding.evidence["loaded_added"] == []
    assert finding.confidence == 0.85
    assert finding.message == (
        "Title differs from the article's headline \"Governor praises firefighters at factory "
        'blaze" (similarity 0.43; claim changed: praises -> resigns; praises -> fire; '
        "added: Mayor resigns after hospital fire; "
        "removed: Governor praises firefighters at factory blaze)"
    )


def test_confidence_and_evidence_of_a_plain_rewrite() -> None:
    # 0.45 + 0.3 x change 0.667
    finding = _check("Senators back the new budget plan", [("og:title", "Senators back budget")])
    assert finding is not None
    assert finding.confidence == 0.65
    assert finding.evidence == {
        "original": "Senators back budget",
        "source": "og:title",
        "similarity": 0.755,
        "change": 0.667,
        "added": ["the", "new", "plan"],
        "removed": [],
        "loaded_added": [],
        "negation_or_hedge": [],
        "commentary": [],
        "claim_changed": [],
        "diff": "Senators back {+the new+} budget {+plan+}",
    }
    assert finding.message == (
        'Title differs from the article\'s headline "Senators back budget" '
        "(similarity 0.75; added: the new plan)"
    )


def test_the_headline_and_the_embed_title_name_their_source() -> None:
    got = _check("Shameful senators back budget", headline="Senators back budget")
    assert got is not None
    assert (got.evidence["source"], got.evidence["original"]) == (
        "headline",
        "Senators back budget",
    )
    got = _check("Shameful senators back budget", embed="Senators back budget")
    assert got is not None
    assert (got.evidence["source"], got.evidence["original"]) == ("embed", "Senators back budget")


def test_of_two_headlines_as_far_from_the_title_the_closer_wording_wins() -> None:
    # Both cost the added loaded word only (change 0.333); the h1 is more similar.
    finding = _check(
        "Shameful senators back the budget",
        [("og:title", "Senators back budget"), ("h1", "Senators back the budget")],
    )
    assert finding is not None
    assert finding.evidence["change"] == 0.333
    assert finding.evidence["source"] == "h1"
    assert finding.evidence["original"] == "Senators back the budget"
    assert finding.evidence["similarity"] == 0.842


def test_the_site_name_from_a_multi_part_domain_is_no_speaker() -> None:
    # No og:site_name: "BBC" is known from bbc.co.uk, so ": BBC" is the site, not a speaker
    # dropped (and "huge" alone is under max_change)
    headline = [("og:title", "Congress passes stimulus bill: BBC")]
    assert (
        _check("Congress passes huge stimulus bill", headline, url="https://www.bbc.co.uk/n/1")
        is None
    )
    other = [("og:title", "Congress passes stimulus bill: BBX")]
    finding = _check("Congress passes huge stimulus bill", other, url="https://www.bbc.co.uk/n/1")
    assert finding is not None
    assert finding.evidence["claim_changed"] == ["attribution dropped: BBX"]


def test_a_title_copied_from_part_of_a_foreign_headline_is_noted() -> None:
    # Word for word the first part of a Spanish headline: the headline shares almost none of its
    # ordinary words with the title, so it is noted like any rendering of a foreign headline.
    finding = _check(
        "Elecciones en España",
        [("og:title", "Elecciones en España: Sánchez gana y Vox se hunde")],
        language="es",
    )
    assert finding is not None
    assert finding.max_action == "note"
    assert finding.confidence == 0.6
    assert finding.message == (
        'Title renders the es headline "Elecciones en España" (translation; noted only)'
    )
    assert finding.evidence == {
        "translation": True,
        "original": "Elecciones en España",
        "source": "og:title",
        "language": "es",
        "loaded_added": [],
    }


def test_an_empty_headline_candidate_of_a_foreign_page_is_skipped() -> None:
    finding = _check(
        "Kim Jong Un wants Trump back, says defector",
        [("og:title", ""), ("h1", "Kim Jong Un will Trump zurück, sagt Überläufer")],
        language="de",
    )
    assert finding is not None
    assert finding.max_action == "note"
    assert finding.evidence["source"] == "h1"
    assert finding.message == (
        'Title renders the de headline "Kim Jong Un will Trump zurück, sagt Überläufer" '
        "(translation; noted only)"
    )


def test_a_translation_with_loaded_words_names_them() -> None:
    finding = _check(
        "Shameful Kim Jong Un begs for Trump back",
        [("og:title", "Kim Jong Un will Trump zurück, sagt Überläufer")],
        language="de",
        translation_confidence=0.7,
    )
    assert finding is not None
    assert finding.confidence == 0.7
    assert finding.max_action is None
    assert finding.message == (
        'Title over a de article ("Kim Jong Un will Trump zurück, sagt Überläufer") adds loaded '
        "words: Shameful, begs"
    )


def test_each_distinct_headline_is_compared_once_in_its_first_form() -> None:
    # The same headline in another case or from another source is one headline; an empty one is
    # none. The first form decides: a title-case repeat would turn "aid workers" into a speaker.
    article = Article(
        status="snapshot",
        url=URL,
        headline="Ceasefire holds: aid workers",
        candidates=[
            HeadlineCandidate("og:title", "Ceasefire holds: aid workers"),
            HeadlineCandidate("twitter:title", ""),
            HeadlineCandidate("h1", "Ceasefire Holds: Aid Workers"),
        ],
    )
    ctx = RuleContext(
        post=Post(
            id="p", title="Ceasefire holds", url=URL, embed_title=" Ceasefire holds in Gaza "
        ),
        article=article,
        rule=RuleConfig(id=rule.RULE_ID),
        community=Community(key="w", name="W"),
    )
    assert rule._candidates(ctx) == [
        ("og:title", "Ceasefire holds: aid workers"),
        ("embed", "Ceasefire holds in Gaza"),
    ]
    assert rule.check(ctx) is None
