"""The moderator token: carried by a header or a cookie, never by a link, never logged.

A program sends ``Authorization: Bearer <token>``. A browser signs in once with ``?token=``: the
answer is a redirect to the same address without it, setting an HttpOnly, SameSite=Strict cookie
that holds a value derived from the token (HMAC-SHA256), not the token itself. Links, the JSON
``next`` field and the CSV ``Link`` header therefore never carry it, and neither do the browser's
history or the access log (``RedactingAccessLogger`` writes ``token=[redacted]`` for the one
request that had it; ``redact`` does the same for the app's own log lines).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from multidict import MultiDict
from yarl import URL

from bot.web.settings import Viewer, WebSettings

COOKIE = "newsmod_mod"
_SESSION_LABEL = b"newsmod web: moderator session"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="newsmod moderator view"'}
_TOKEN_IN_QUERY = re.compile(r"((?:^|[?&;])token=)[^&;#\s]*", re.IGNORECASE)


def session_value(token: str) -> str:
    """The cookie's value for ``token`` (the token cannot be read back from it)."""
    return hmac.new(token.encode(), _SESSION_LABEL, hashlib.sha256).hexdigest()


def redact(path_qs: str) -> str:
    """``path_qs`` with the value of any ``token`` parameter replaced by ``[redacted]``."""
    return _TOKEN_IN_QUERY.sub(r"\1[redacted]", path_qs)


def _matches(supplied: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(supplied.encode(), expected.encode())


def viewer_for(request: web.Request, settings: WebSettings) -> Viewer:
    """Public, or the moderator view when the request carries the token (header) or the
    session cookie; a wrong one is a 401."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise web.HTTPUnauthorized(
                text="Authorization must be 'Bearer <token>'", headers=CHALLENGE
            )
        if not _matches(value.strip(), settings.mod_token):
            raise web.HTTPUnauthorized(text="invalid moderator token", headers=CHALLENGE)
        return Viewer.for_request(settings, moderator=True)
    cookie = request.cookies.get(COOKIE)
    if cookie and settings.mod_token and _matches(cookie, session_value(settings.mod_token)):
        return Viewer.for_request(settings, moderator=True)
    return Viewer.for_request(settings, moderator=False)


def sign_in(request: web.Request, settings: WebSettings) -> web.Response:
    """The answer to a request with ``?token=``: 401 if wrong, else a redirect to the same
    address without the token, setting the session cookie."""
    supplied = request.query.getall("token")
    if len(supplied) != 1 or not _matches(supplied[0].strip(), settings.mod_token):
        raise web.HTTPUnauthorized(text="invalid moderator token", headers=CHALLENGE)
    assert settings.mod_token is not None
    query = MultiDict((k, v) for k, v in request.query.items() if k != "token")
    target = str(URL.build(path=request.path, query=query))
    response = web.Response(status=303, headers={"Location": target})
    response.set_cookie(
        COOKIE,
        session_value(settings.mod_token),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=request.secure,
    )
    return response


class RedactingAccessLogger(AbstractAccessLogger):
    """One line per request, in the common log format, with any token in the query redacted
    (aiohttp's own access log prints the request line as received)."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if not self.logger.isEnabledFor(logging.INFO):
            return
        self.logger.info(
            '%s "%s %s HTTP/%d.%d" %d %s %.3fs',
            request.remote,
            request.method,
            redact(request.path_qs),
            request.version.major,
            request.version.minor,
            response.status,
            response.body_length,
            time,
        )
