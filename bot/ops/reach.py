"""Is anything answering at a server's URL? Asked once at start-up, before logging in.

Nothing listening (connection refused) or a host that does not resolve is a one-line error at
once: a wrong URL or port. A server that accepts the connection but does not answer is asked
again with back-off (one log line each time) and, after ``attempts``, is a one-line error too;
a service manager (``Restart=on-failure``) then restarts the bot later.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import aiohttp

from bot.errors import NewsmodError
from bot.lemmy.base import Backoff

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]

#: Seconds a probe waits for an answer.
PROBE_TIMEOUT = 15.0
ATTEMPTS = 5
FIRST_DELAY = 5.0
MAX_DELAY = 120.0


#: Waits after each failed attempt: FIRST_DELAY seconds, doubling up to MAX_DELAY.
BACKOFF = Backoff(FIRST_DELAY, MAX_DELAY)


def _unreachable(exc: aiohttp.ClientConnectorError, what: str, url: str) -> str | None:
    """The one-line reason a connection can never work (wrong URL), else None."""
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"{what}: cannot resolve the host of {url} ({exc.host}); check the URL"
    if isinstance(exc.os_error, ConnectionRefusedError):
        return f"{what}: nothing is listening at {url} (connection refused); check the URL and port"
    return None


async def wait_until_answering(
    url: str,
    what: str,
    *,
    answer_within: float = PROBE_TIMEOUT,
    attempts: int = ATTEMPTS,
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Return once ``url`` answers HTTP (any status); NewsmodError (one line) otherwise."""
    problem = ""
    limit = aiohttp.ClientTimeout(total=answer_within)
    for attempt in range(attempts):
        try:
            async with (
                aiohttp.ClientSession(timeout=limit) as session,
                session.get(url, allow_redirects=False) as resp,
            ):
                log.debug("%s at %s answers (HTTP %d)", what, url, resp.status)
                return
        except aiohttp.ClientConnectorError as exc:
            fatal = _unreachable(exc, what, url)
            if fatal:
                raise NewsmodError(fatal) from None
            problem = " ".join(str(exc).split()) or type(exc).__name__
        except TimeoutError:
            problem = f"no answer within {answer_within:g} s"
        except aiohttp.ClientError as exc:
            problem = " ".join(str(exc).split()) or type(exc).__name__
        if attempt + 1 < attempts:
            delay = BACKOFF.delay(attempt)
            log.warning(
                "%s at %s: %s; retrying in %g s (attempt %d of %d)",
                what, url, problem, delay, attempt + 1, attempts,
            )  # fmt: skip
            await sleep(delay)
    raise NewsmodError(f"{what} at {url}: {problem} ({attempts} attempts); giving up")
