"""``newsmod web``: a read-only public modlog over the same SQLite database (aiohttp + Jinja2,
server-side SVG charts, no JavaScript). See README.md, "The public modlog web page"."""

from bot.web.app import create_app
from bot.web.settings import Viewer, WebSettings

__all__ = ["Viewer", "WebSettings", "create_app"]
