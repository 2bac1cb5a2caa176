"""The aiohttp application: routes, templates, the moderator token, errors and safe headers.

``create_app(db_path, settings)`` opens the database read-only (a thread pool of read-only
connections, see ``bot.web.db``) and registers GET routes only, so any other method is 405.
Every response, errors included, carries a strict Content-Security-Policy and friends and no
``Server`` header; bad input is a one-line 400, an unknown case a 404, and nothing ever shows a
traceback. The moderator token is handled by ``bot.web.auth`` (header or cookie, never a link).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jinja2
from aiohttp import web

from bot.errors import InputError, NewsmodError, StoreError
from bot.web import auth
from bot.web.charts import duration
from bot.web.db import ReadPool
from bot.web.settings import Viewer, WebSettings
from bot.web.statsagg import StatsCache
from bot.web.views import safe_url

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

#: Headers an error answer keeps from the exception it replaces.
KEPT_HEADERS = ("Allow", "Location", "WWW-Authenticate")

POOL: web.AppKey[ReadPool] = web.AppKey("pool", ReadPool)
SETTINGS: web.AppKey[WebSettings] = web.AppKey("settings", WebSettings)
TEMPLATES: web.AppKey[jinja2.Environment] = web.AppKey("templates", jinja2.Environment)
STATS: web.AppKey[StatsCache] = web.AppKey("stats", StatsCache)
Clock = Callable[[], datetime]
CLOCK: web.AppKey[Clock] = web.AppKey("clock")


@dataclass(frozen=True)
class Stylesheet:
    """The one stylesheet, read at start-up; its URL carries a content hash (cache forever)."""

    text: str
    url: str

    @classmethod
    def load(cls, path: Path) -> Stylesheet:
        text = path.read_text(encoding="utf-8")
        version = hashlib.sha256(text.encode()).hexdigest()[:12]
        return cls(text=text, url=f"/static/style.css?v={version}")


STYLESHEET: web.AppKey[Stylesheet] = web.AppKey("stylesheet", Stylesheet)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def plain(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """A one-line text/plain answer (errors)."""
    line = " ".join(message.split()) or "error"
    return web.Response(status=status, text=line + "\n", headers=headers)


@web.middleware
async def safety(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every failure into a one-line answer and put the security headers on everything."""
    response: web.StreamResponse
    try:
        if "token" in request.query:
            response = auth.sign_in(request, request.app[SETTINGS])
        else:
            response = await handler(request)
    except InputError as exc:
        response = plain(400, str(exc))
    except StoreError as exc:
        log.warning("database error on %s: %s", request.path, exc)
        response = plain(503, "the modlog database is unavailable; try again later")
    except web.HTTPException as exc:
        keep = {k: v for k, v in exc.headers.items() if k in KEPT_HEADERS}
        message = exc.text if exc.status >= 400 and exc.text else exc.reason
        response = plain(exc.status, message, keep)
    except Exception:
        log.exception("unexpected error on %s %s", request.method, auth.redact(request.path_qs))
        response = plain(500, "internal error")
    if response.status >= 400 and isinstance(response, web.Response) and not response.body:
        keep = {k: v for k, v in response.headers.items() if k in KEPT_HEADERS}
        response = plain(response.status, response.reason or "error", keep)
    for key, value in SECURITY_HEADERS.items():
        response.headers.setdefault(key, value)
    # Pages change with every new entry and may carry the moderator view: never cached.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def viewer_for(request: web.Request) -> Viewer:
    """Public, or the moderator view when the request carries the token or the session cookie
    (``bot.web.auth``)."""
    return auth.viewer_for(request, request.app[SETTINGS])


async def _drop_server_header(request: web.Request, response: web.StreamResponse) -> None:
    """aiohttp names itself and its version in a ``Server`` header: nobody needs to know."""
    response.headers.popall("Server", None)


def when(text: str) -> str:
    """An ISO 8601 time as ``2026-11-20 07:00 UTC`` (unparseable text is shown as it is)."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def template_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = when
    env.filters["safe_url"] = safe_url
    env.filters["duration"] = duration
    return env


async def _warm_stats(app: web.Application) -> None:
    settings = app[SETTINGS]
    try:
        await app[POOL].run(
            lambda reader: app[STATS].get(
                reader.db, community=None, days=settings.stats_days, now=app[CLOCK]()
            )
        )
    except NewsmodError as exc:
        log.warning("could not count the stats at start-up: %s", exc)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    db_path: Path,
    settings: WebSettings | None = None,
    *,
    workers: int = 2,
    clock: Clock = _utc_now,
) -> web.Application:
    """The web app over the database at ``db_path`` (opened read-only; StoreError if unusable).

    ``clock`` says what "now" is for the stats window (tests pass a fixed one)."""
    from bot.web.routes import add_routes

    app = web.Application(middlewares=[safety])
    app.on_response_prepare.append(_drop_server_header)
    app[SETTINGS] = settings or WebSettings()
    app[TEMPLATES] = template_env()
    app[CLOCK] = clock
    app[STATS] = StatsCache()
    app[STYLESHEET] = Stylesheet.load(HERE / "static" / "style.css")
    app[POOL] = ReadPool(db_path, workers=workers)

    async def warm_and_close(app: web.Application) -> AsyncIterator[None]:
        # Count the default stats window once in the background, so the first visitor of
        # /stats does not wait for it (later requests only read what was appended since).
        task = asyncio.create_task(_warm_stats(app))
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        app[POOL].close()

    app.cleanup_ctx.append(warm_and_close)
    add_routes(app)
    return app
