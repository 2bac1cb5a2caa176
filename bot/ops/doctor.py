"""``newsmod doctor``: each check yields findings, one line each, a problem with its fix.

The checks: the configuration, the database, the secrets, and each configured platform as the
bot would use it. Lemmy: the server answers, speaks a known API, the login works, and the bot
account moderates every configured community. Discord (``cogs.doctor``): the token, the
Message Content intent, and the bot's permissions in the watched and mod-queue channels.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bot.errors import NewsmodError
from bot.guidelines import Guidelines, load_guidelines
from bot.lemmy.base import LemmyError
from bot.lemmy.settings import LemmySettings, watched_communities
from bot.ops.reach import wait_until_answering

log = logging.getLogger(__name__)

#: Seconds doctor waits for a platform's answer.
ANSWER_WITHIN = 10.0


@dataclass(frozen=True)
class Finding:
    """One line of the report: ``ok`` or a problem with what to do about it."""

    area: str
    message: str
    fix: str = ""
    ok: bool = False

    def line(self) -> str:
        if self.ok:
            return f"ok       {self.area}: {self.message}"
        fix = f" -> {self.fix}" if self.fix else ""
        return f"PROBLEM  {self.area}: {self.message}{fix}"


def ok(area: str, message: str) -> Finding:
    return Finding(area, message, ok=True)


def problem(area: str, message: str, fix: str = "") -> Finding:
    return Finding(area, " ".join(message.split()), fix)


def check_config(path: Path | None) -> tuple[list[Finding], Guidelines | None]:
    try:
        guidelines = load_guidelines(path)
    except NewsmodError as exc:
        return [problem("config", str(exc), "fix the key named (see docs/configuration.md)")], None
    communities = ", ".join(f"{k} ({c.mode})" for k, c in guidelines.communities.items())
    found = f"{guidelines.path} (version {guidelines.version}): {communities}"
    return [ok("config", found)], guidelines


def check_database(path: Path) -> list[Finding]:
    from bot.pipeline.schema import MIGRATIONS as PIPELINE
    from bot.store.db import SchemaOutOfDate, open_db
    from bot.store.heartbeat import MIGRATIONS as OPS

    if not path.exists():
        return [ok("database", f"{path} does not exist yet (newsmod run creates it)")]
    try:
        open_db(path, readonly=True, extra_migrations=[PIPELINE, OPS]).close()
    except SchemaOutOfDate:
        return [ok("database", f"{path}: schema out of date (newsmod run upgrades it)")]
    except NewsmodError as exc:
        return [problem("database", str(exc), "give --db / NEWSMOD_DB the bot's database")]
    return [ok("database", f"{path}: readable, schema up to date")]


def check_secrets(env: Mapping[str, str]) -> list[Finding]:
    discord = bool(env.get("DISCORD_TOKEN", "").strip())
    lemmy = bool(env.get("LEMMY_URL", "").strip())
    if not (discord or lemmy):
        return [
            problem(
                "secrets",
                "no platform configured",
                "set DISCORD_TOKEN and/or LEMMY_URL with LEMMY_USERNAME and LEMMY_PASSWORD "
                "in .env (see .env.example, written by newsmod init)",
            )
        ]
    names = [name for name, on in (("Discord", discord), ("Lemmy", lemmy)) if on]
    return [ok("secrets", f"configured: {', '.join(names)}")]


async def check_lemmy(env: Mapping[str, str], guidelines: Guidelines | None) -> list[Finding]:
    """Every Lemmy problem as one line; stops at the first one later checks depend on."""
    from bot.lemmy.detect import open_client

    area = "lemmy"
    try:
        settings = LemmySettings.from_env(env)
    except NewsmodError as exc:
        return [problem(area, str(exc), "set it in .env or the environment")]
    url = settings.credentials.url
    try:
        await wait_until_answering(url, "Lemmy", answer_within=ANSWER_WITHIN, attempts=1)
    except NewsmodError as exc:
        return [problem(area, str(exc), "LEMMY_URL must be the instance's address")]
    out: list[Finding] = []
    limit = aiohttp.ClientTimeout(total=ANSWER_WITHIN)
    async with aiohttp.ClientSession(timeout=limit) as session:
        try:
            client = await open_client(session, settings.credentials)
            await client.login()
            me = await client.me()
        except LemmyError as exc:
            fix = "check LEMMY_USERNAME and LEMMY_PASSWORD (or LEMMY_JWT)"
            if exc.code.startswith("no_lemmy_api"):
                fix = "LEMMY_URL must be the instance's address (https://…), not a page on it"
            return [problem(area, str(exc), fix)]
        out.append(ok(area, f"logged in as {me.person.handle} at {url} (API {client.version})"))
        if guidelines is None:
            return out
        try:
            handles = watched_communities(guidelines)
        except NewsmodError as exc:
            return [*out, problem(area, str(exc), 'add e.g. lemmy = ["!news@lemmy.world"]')]
        for handle, key in handles.items():
            try:
                community = await client.community(handle)
            except LemmyError as exc:
                fix = f"check communities.{key}.lemmy in guidelines.toml"
                out.append(problem(area, f"{handle}: {exc.code}", fix))
                continue
            if me.moderates_handle(community.handle):
                out.append(ok(area, f"{me.person.name} moderates {handle} ({key})"))
            else:
                fix = f"add {me.person.handle} as a moderator of {handle}"
                out.append(problem(area, f"{me.person.name} does not moderate {handle}", fix))
    return out
