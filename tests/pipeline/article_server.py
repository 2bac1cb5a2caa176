"""A local article site for the crash test: ``/a/<n>`` is a small, deterministic news page.

Post ``n``'s title (``post_title(n)``) matches its article's headline for most posts and is
editorialized or shouty for some, so the real checker finds something on a share of them.
"""

from __future__ import annotations

import html

from aiohttp import web

TOPICS = ("elections", "the harbour strike", "flood defences", "the grain deal", "rail fares",
          "the summit", "wildfires")  # fmt: skip


def headline(n: int) -> str:
    return f"Ministers agree new plan on {TOPICS[n % len(TOPICS)]} after talks in round {n}"


def post_title(n: int) -> str:
    if n % 5 == 0:
        return f"SHOCKING!!! You won't BELIEVE what ministers did on {TOPICS[n % len(TOPICS)]}"
    if n % 5 == 1:
        return f"Corrupt ministers finally forced into a disgraceful deal, round {n}"
    return headline(n)


def page(n: int) -> str:
    title = html.escape(headline(n))
    paragraphs = "".join(
        f"<p>Paragraph {i} of the report on {html.escape(TOPICS[n % len(TOPICS)])}: officials "
        f"said the measures would take effect next month, according to a statement.</p>"
        for i in range(6)
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{title} | Example Herald</title>"
        f"<meta property='og:title' content='{title}'>"
        "<meta property='og:site_name' content='Example Herald'>"
        f"<link rel='canonical' href='/a/{n}'>"
        f"</head><body><article><h1>{title}</h1><p class='byline'>By A. Reporter</p>"
        f"{paragraphs}</article></body></html>"
    )


async def article(request: web.Request) -> web.Response:
    try:
        n = int(request.match_info["n"])
    except ValueError:
        raise web.HTTPNotFound() from None
    return web.Response(text=page(n), content_type="text/html", charset="utf-8")


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_get("/a/{n}", article)
    return app
