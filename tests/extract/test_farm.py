"""Content-farm signs of bot/extract/farm.py: a small page that has each, and one that has not."""

from __future__ import annotations

import pytest

from bot.extract import extract_article
from bot.extract.farm import FARM_SIGNALS


def _page(
    body: str, *, head: str = "", title: str = "A story", scripts: str = "", ld: str = ""
) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p)
    return (
        f"<html><head><title>{title}</title>{head}{ld}</head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article>{scripts}</body></html>"
    )


FILLER = "\n".join(
    f"Paragraph {i} of a piece about the city fair and its many stalls." for i in range(6)
)
NEWS_LD = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A story"}</script>'
)


def _signals(html: str, url: str = "https://www.example-site.com/2024/05/story.html") -> list[str]:
    return [s for s in extract_article(html, url).blog_signals if s in FARM_SIGNALS]


def test_blogger_hosted_by_generator_or_host() -> None:
    page = _page(FILLER, head='<meta name="generator" content="blogger">')
    assert "blogger" in _signals(page)
    assert "blogger" in _signals(_page(FILLER), "https://rewrites.blogspot.com/2024/05/x.html")
    assert "blogger" not in _signals(_page(FILLER))


def test_sponsored_disclosure_in_the_piece() -> None:
    text = (
        "This shop has been compensated by Collective Bias, Inc. and its advertiser. #ad\n" + FILLER
    )
    assert "sponsored" in _signals(_page(text))
    assert "sponsored" not in _signals(_page(FILLER))


def test_brand_blog_without_news_markup() -> None:
    url = "https://www.acme-widgets.com/blog/our-new-ceo"
    assert "brand-blog" in _signals(_page(FILLER), url)
    assert "brand-blog" not in _signals(_page(FILLER, ld=NEWS_LD), url)
    assert "brand-blog" not in _signals(_page(FILLER))


def test_about_itself_when_the_lead_names_the_site() -> None:
    text = "New York - Acmewidgets, the white label platform, names a new chief.\n" + FILLER
    url = "https://acmewidgets.com/2018/07/02/acmewidgets-names-chief/"
    assert "about-itself" in _signals(_page(text), url)
    assert "about-itself" not in _signals(_page(FILLER), url)


def test_republished_credit() -> None:
    text = FILLER + "\nThis story originally appeared on Viral Daily."
    assert "republished" in _signals(_page(text))


def test_chumbox_network_script() -> None:
    script = '<script src="https://jsc.mgid.com/e/x/site.12345.js" async></script>'
    assert "chumbox" in _signals(_page(FILLER, scripts=script))
    taboola = '<script src="https://cdn.taboola.com/libtrc/site/loader.js"></script>'
    assert "chumbox" not in _signals(_page(FILLER, scripts=taboola))


@pytest.mark.parametrize(
    ("title", "sign"),
    [
        ("15 Helpful Tips to Overcome Binge Eating", "listicle"),
        ("Woman Sees a Car Stop for a Beggar, This is What She Finds", "teaser-headline"),
        ("Fans Feared For The Singer - Then The Star Confirmed The Real Cause", "teaser-headline"),
    ],
)
def test_bait_headlines(title: str, sign: str) -> None:
    assert sign in _signals(_page(FILLER, title=title))


@pytest.mark.parametrize(
    "title",
    ["3 protesters killed in clashes with police", "Why the central bank held rates"],
)
def test_news_headlines_are_not_bait(title: str) -> None:
    found = _signals(_page(FILLER, title=title))
    assert "listicle" not in found
    assert "teaser-headline" not in found


def test_press_release_wording() -> None:
    text = "Acme Widgets is pleased to announce its new chief executive.\n" + FILLER
    assert "press-release" in _signals(_page(text))
    assert "press-release" not in _signals(_page(FILLER))
