"""What both Lemmy API clients share: the HTTP call, Bearer auth, errors and rate-limit back-off.

Facts of the Lemmy API this module honours (both v3 and v4):

- auth is ``Authorization: Bearer <jwt>``; the old ``auth`` form field is never sent;
- GET forms go in the query string with lowercase ``true``/``false``; absent fields are omitted,
  never sent as ``null`` (JSON bodies drop ``None`` values too);
- errors are ``{"error": "snake_case"}`` (status 400, or 429 for v4 rate limits) and become
  :class:`LemmyError` with that code;
- a rate-limited call waits and is retried, with exponential back-off, until it goes through:
  an action is delayed, never dropped; other calls to the same endpoint queue behind it
  instead of hammering the limit;
- Lemmy's session middleware *ignores* a bad or expired token (0.19 ``src/session_middleware.rs``):
  an endpoint that needs a login then answers HTTP 401 ``incorrect_login`` (``LocalUserView``'s
  ``FromRequest``), one where login is optional answers as for an anonymous visitor. So a 401
  (or ``incorrect_login``/``not_logged_in``) on a logged-in call logs in again once and retries,
  and a "not found" from a logged-in call checks the token (``token_valid``) the same way:
  a removed post is invisible to an anonymous reader. When the password is unknown, wrong, or
  a fresh token is refused too, :class:`LemmyAuthError` says so in one line: a human must act
  (tokens expire: Lemmy 1.0 after a week unless ``stay_logged_in``).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.errors import NewsmodError

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
JSON = dict[str, Any]

#: Error codes meaning "slow down"; v4 answers 429 whatever the code.
RATE_LIMIT_CODES = frozenset({"rate_limit_error"})
#: Error codes meaning the token is missing, expired or revoked (1.0 and 0.19 answer 401
#: ``incorrect_login``; ``not_logged_in`` is older Lemmy's).
AUTH_CODES = frozenset({"incorrect_login", "not_logged_in"})
#: Error codes of an optional-login read that may only mean "not visible to an anonymous reader".
NOT_FOUND_CODES = frozenset({"not_found", "couldnt_find_post"})


class LemmyError(NewsmodError):
    """The Lemmy API refused a call; ``code`` is its snake_case error (e.g. ``not_a_moderator``)."""

    def __init__(self, code: str, *, status: int = 400, path: str = "") -> None:
        self.code = code
        self.status = status
        self.path = path
        where = f" {path}" if path else ""
        http = f" (HTTP {status})" if status else ""
        super().__init__(f"Lemmy API{where}: {code}{http}")

    @property
    def rate_limited(self) -> bool:
        return self.code in RATE_LIMIT_CODES or self.status == 429

    @property
    def auth_refused(self) -> bool:
        return self.code in AUTH_CODES or self.status == 401


class LemmyAuthError(LemmyError):
    """The instance will not let the bot in (wrong password, token refused even fresh, or a
    refused ``LEMMY_JWT`` with no password to log in again): retrying cannot help."""


@dataclass(frozen=True)
class LemmyCredentials:
    """Where and how to log in: a password (preferred: it survives token expiry) or a JWT."""

    url: str
    username: str = ""
    password: str = field(default="", repr=False)
    jwt: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", self.url.rstrip("/"))

    @property
    def can_login(self) -> bool:
        return bool(self.username and self.password)


@dataclass(frozen=True)
class Backoff:
    """Exponential back-off for rate-limited calls: ``first`` seconds, doubling up to ``cap``."""

    first: float = 5.0
    cap: float = 600.0

    def delay(self, attempt: int) -> float:
        return float(min(self.cap, self.first * (2 ** min(attempt, 30))))


def encode_query(form: Mapping[str, Any]) -> dict[str, str]:
    """A GET form as query parameters: lowercase booleans, omitted ``None``s."""
    out: dict[str, str] = {}
    for key, value in form.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        else:
            out[key] = str(value)
    return out


def clean_body(form: Mapping[str, Any]) -> JSON:
    """A JSON body without ``None`` values (Lemmy's types make those fields optional, not null)."""
    return {key: value for key, value in form.items() if value is not None}


@dataclass
class _Gate:
    """Rate-limit state of one endpoint: ``level`` > 0 while calls to it are being refused."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    level: int = 0


class LemmyBaseClient:
    """One logged-in account on one Lemmy instance; subclasses know the version's paths.

    ``session`` is owned by the caller. ``sleep`` is how the client waits on rate limits (tests
    inject one that only advances a fake clock).
    """

    version: str = ""
    #: Path of the login endpoint below ``/api/<version>``.
    login_path: str = ""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        credentials: LemmyCredentials,
        *,
        sleep: Sleep = asyncio.sleep,
        backoff: Backoff | None = None,
    ) -> None:
        self.session = session
        self.credentials = credentials
        self.sleep = sleep
        self.backoff = backoff or Backoff()
        self.jwt = credentials.jwt
        self.server_version = ""  # Lemmy's own version ("0.19.9"), set by ``open_client``
        self.auth_error: LemmyAuthError | None = None  # set once the login is refused for good
        self.rate_limit_waits: deque[float] = deque(maxlen=1000)  # recent back-off delays
        self._login_lock = asyncio.Lock()
        self._gates: dict[str, _Gate] = {}

    @property
    def api(self) -> str:
        return f"{self.credentials.url}/api/{self.version}"

    # --- the HTTP call -------------------------------------------------------------------------
    async def call(
        self, method: str, path: str, form: Mapping[str, Any] | None = None, *, auth: bool = True
    ) -> JSON:
        """One API call with back-off on rate limits and one re-login on a refused token."""
        if auth and self.auth_error is not None:  # refused for good: no more logins, no calls
            raise self.auth_error
        relogged = False
        gate = self._gates.setdefault(path, _Gate())
        while True:
            token = self.jwt if auth else ""
            try:
                if gate.level:  # this endpoint is rate limited: one call at a time probes it
                    async with gate.lock:
                        return await self._probe(gate, method, path, form or {}, auth)
                data = await self._send(method, path, form or {}, token)
            except LemmyError as exc:
                if exc.rate_limited:  # from a call sent before the limit was known
                    gate.level = max(gate.level, 1)
                    continue
                if not (auth and token) or not await self._token_refused(exc):
                    raise
                if relogged or not self.credentials.can_login:
                    raise self.refused(path, fresh=relogged) from None
                relogged = True
                log.info("Lemmy token refused on %s; logging in again", path)
                await self._relogin(token)
                continue
            return data

    async def _token_refused(self, exc: LemmyError) -> bool:
        """Whether ``exc`` (from a call sent with our token) means the token was ignored."""
        if exc.auth_refused:
            return True
        if exc.code in NOT_FOUND_CODES:  # maybe only invisible to the anonymous we became
            return not await self.token_valid()
        return False

    async def token_valid(self) -> bool:
        """Whether the instance still takes our token (subclasses ask an endpoint that shows)."""
        return True

    def refused(self, path: str, *, fresh: bool) -> LemmyAuthError:
        """The one line for a token refused for good."""
        user = self.credentials.username
        if fresh:
            why = f"Lemmy refused a fresh login of {user!r} (account banned or deleted?)"
        else:
            why = (
                "Lemmy refused the token in LEMMY_JWT (expired or revoked?); "
                "set LEMMY_USERNAME and LEMMY_PASSWORD so the bot can log in again"
            )
        self.auth_error = LemmyAuthError(f"incorrect_login: {why}", status=401, path=path)
        return self.auth_error

    async def _probe(
        self, gate: _Gate, method: str, path: str, form: Mapping[str, Any], auth: bool
    ) -> JSON:
        """Send, and on a rate limit wait (longer each time) and send again, until it passes."""
        while True:
            if gate.level == 0:  # a call queued before us got through: the limit is over
                return await self._send(method, path, form, self.jwt if auth else "")
            delay = self.backoff.delay(gate.level - 1)
            log.warning("Lemmy rate limit on %s; retrying in %.0f s", path, delay)
            self.rate_limit_waits.append(delay)
            await self.sleep(delay)
            try:
                data = await self._send(method, path, form, self.jwt if auth else "")
            except LemmyError as exc:
                if not exc.rate_limited:
                    raise
                gate.level += 1
                continue
            gate.level = 0
            return data

    async def _send(self, method: str, path: str, form: Mapping[str, Any], token: str) -> JSON:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = f"{self.api}{path}"
        kwargs: dict[str, Any] = {"headers": headers}
        if method == "GET":
            kwargs["params"] = encode_query(form)
        else:
            kwargs["json"] = clean_body(form)
        try:
            async with self.session.request(method, url, **kwargs) as resp:
                try:
                    data = await resp.json(content_type=None)
                except ValueError:
                    data = None
                if resp.status >= 400 or (isinstance(data, dict) and "error" in data):
                    code = data.get("error") if isinstance(data, dict) else None
                    code = str(code or f"http_{resp.status}")
                    raise LemmyError(code, status=resp.status, path=path)
        except aiohttp.ClientError as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise LemmyError(f"network_error: {first}", status=0, path=path) from None
        except TimeoutError:  # the server took the request but did not answer in time
            raise LemmyError("timeout: no answer from Lemmy", status=0, path=path) from None
        if not isinstance(data, dict):
            raise LemmyError("invalid_json_response", status=200, path=path)
        return data

    # --- auth ----------------------------------------------------------------------------------
    def login_form(self) -> JSON:
        return {
            "username_or_email": self.credentials.username,
            "password": self.credentials.password,
        }

    async def login(self) -> None:
        """Log in with the password; ``incorrect_login`` becomes a one-line start-up error."""
        if not self.credentials.can_login:
            if self.jwt:
                return
            raise LemmyError("missing_credentials", status=0, path=self.login_path)
        try:
            data = await self.call("POST", self.login_path, self.login_form(), auth=False)
        except LemmyError as exc:
            if exc.code in {"incorrect_login", "couldnt_find_that_username_or_email"}:
                self.auth_error = LemmyAuthError(
                    f"{exc.code}: wrong username or password for {self.credentials.username!r}",
                    status=exc.status,
                    path=exc.path,
                )
                raise self.auth_error from None
            raise
        jwt = data.get("jwt")
        if not isinstance(jwt, str) or not jwt:
            self.auth_error = LemmyAuthError(
                f"login_returned_no_token: Lemmy accepted {self.credentials.username!r} but sent "
                "no token (email not verified, or registration not yet approved?)",
                status=200,
                path=self.login_path,
            )
            raise self.auth_error
        self.jwt = str(jwt)

    async def _relogin(self, refused_token: str) -> None:
        async with self._login_lock:
            if self.auth_error is not None:  # another task's login was just refused
                raise self.auth_error
            if self.jwt == refused_token:  # another task may have logged in meanwhile
                await self.login()
