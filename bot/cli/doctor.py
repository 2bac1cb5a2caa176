"""``newsmod doctor``: check the configuration, the database, the secrets and the platforms.

Every check prints one line: ``ok`` or ``PROBLEM`` with the fix. Exit status 0 when there is no
problem, 1 otherwise (2 for bad arguments, such as a missing ``--env-file``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from bot.cli.common import add_db_argument
from bot.errors import InputError
from bot.guidelines import Guidelines
from bot.ops.doctor import Finding, check_config, check_database, check_lemmy, check_secrets
from bot.store.db import resolve_db_path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "doctor",
        help="check the config, the database, the secrets and the platforms",
        description="Check the guidelines file, the database, the secrets and each configured "
        "platform (Lemmy: the server, the login, that the bot moderates every community; "
        "Discord: the token, the Message Content intent, the channel permissions). One line "
        "per check; exit status 1 when anything is wrong.",
    )
    add_db_argument(p)
    p.add_argument("--config", metavar="TOML", help="guidelines file (default: looked up)")
    p.add_argument("--env-file", metavar="PATH", help="read settings from this file (.env)")
    p.set_defaults(func=run)


GuildChannels = Callable[[int], tuple[Sequence[int], int | None]]


def discord_channels(db_path: Path) -> GuildChannels:
    """``guild id -> (watched, mod queue)`` from the database ``/setup`` wrote (none if absent)."""
    from bot.store.db import open_db
    from bot.store.settings import SettingsStore

    store = SettingsStore(open_db(db_path, readonly=True)) if db_path.exists() else None

    def channels(guild_id: int) -> tuple[Sequence[int], int | None]:
        if store is None:
            return (), None
        values = store.values("discord", str(guild_id))
        queue = values.get("modqueue_channel")
        return [int(c) for c in values.get("watch_channels") or []], int(queue) if queue else None

    return channels


async def diagnose(
    env: Mapping[str, str], guidelines: Guidelines | None, db_path: Path
) -> list[Finding]:
    out: list[Finding] = []
    if env.get("LEMMY_URL", "").strip():
        out += await check_lemmy(env, guidelines)
    if env.get("DISCORD_TOKEN", "").strip():
        from cogs.doctor import check_discord

        communities = guidelines.communities.values() if guidelines else ()
        delete = any(c.removal == "delete" for c in communities)
        out += await check_discord(env, discord_channels(db_path), delete=delete)
    return out


def run(args: argparse.Namespace) -> int:
    if args.env_file and not Path(args.env_file).is_file():
        raise InputError(f"--env-file: no such file: {args.env_file}")
    load_dotenv(args.env_file or find_dotenv(usecwd=True))
    env = dict(os.environ)
    findings, guidelines = check_config(Path(args.config) if args.config else None)
    db_path = resolve_db_path(args.db)
    findings += check_database(db_path)
    findings += check_secrets(env)
    for finding in findings:
        print(finding.line(), flush=True)
    more = asyncio.run(diagnose(env, guidelines, db_path))
    for finding in more:
        print(finding.line(), flush=True)
    problems = sum(not f.ok for f in [*findings, *more])
    print(f"{problems} problem{'' if problems == 1 else 's'} found" if problems else "all good")
    return 1 if problems else 0
