"""Which Lemmy API an instance speaks: ``GET /api/v4/site`` (Lemmy 1.0), else ``/api/v3/site``.

Lemmy 1.0 still serves a partial v3 (no remove, lock, modlog or report listing), so v4 is tried
first; an instance without v4 answers 404 there.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from bot.lemmy.base import Backoff, LemmyCredentials, LemmyError, Sleep
from bot.lemmy.v3 import LemmyV3Client
from bot.lemmy.v4 import LemmyV4Client

log = logging.getLogger(__name__)

LemmyClient = LemmyV3Client | LemmyV4Client
CLIENTS: dict[str, type[LemmyClient]] = {"v3": LemmyV3Client, "v4": LemmyV4Client}


async def _site_version(session: aiohttp.ClientSession, url: str) -> str | None:
    """The ``version`` of ``GET url`` if it answers like a Lemmy site, else None."""
    try:
        async with session.get(url, headers={"Accept": "application/json"}) as resp:
            if resp.status != 200:
                return None
            data = await resp.json(content_type=None)
    except (aiohttp.ClientError, ValueError, TimeoutError) as exc:
        log.debug("no Lemmy site at %s: %s", url, exc)
        return None
    if isinstance(data, dict) and isinstance(data.get("version"), str):
        return str(data["version"])
    return None


async def detect_version(session: aiohttp.ClientSession, base_url: str) -> tuple[str, str]:
    """``("v4" | "v3", lemmy_version)``; LemmyError when neither API answers."""
    base = base_url.rstrip("/")
    for api in ("v4", "v3"):
        version = await _site_version(session, f"{base}/api/{api}/site")
        if version is not None:
            log.info("Lemmy %s at %s: using API %s", version, base, api)
            return api, version
    raise LemmyError(f"no_lemmy_api_at {base} (neither /api/v4/site nor /api/v3/site)", status=0)


async def open_client(
    session: aiohttp.ClientSession,
    credentials: LemmyCredentials,
    *,
    sleep: Sleep = asyncio.sleep,
    backoff: Backoff | None = None,
) -> LemmyClient:
    """Detect the API version and return the matching client, not yet logged in."""
    api, version = await detect_version(session, credentials.url)
    client = CLIENTS[api](session, credentials, sleep=sleep, backoff=backoff)
    client.server_version = version
    return client
