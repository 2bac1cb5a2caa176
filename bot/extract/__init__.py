"""Article extraction: headline candidates, metadata, paywall and blogspam signs from HTML.

Public API (docs/internals.md): ``extract_article(html, url, *, final_url=None,
status="fetched") -> Article`` and ``article_from_page(page) -> Article``; ``decode_html`` turns
saved page bytes into text (with the fetcher's charset rules).
"""

from bot.extract.article import article_from_page, extract_article
from bot.extract.encoding import decode_html

__all__ = ["article_from_page", "decode_html", "extract_article"]
