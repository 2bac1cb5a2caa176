"""``newsmod init [DIR]``: an editable ``config/guidelines.toml`` and a ``.env.example``.

The guidelines are the packaged default with a header saying how they are found; the source
lists stay in the package (a ``config/sources/`` created beside the file takes their place).
``.env.example`` names every setting, without values. Existing files are kept unless
``--force``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.defaults import GUIDELINES
from bot.errors import InputError

HEADER = """\
# Written by `newsmod init`: edit freely. newsmod finds this file as ./config/guidelines.toml
# when it runs in the directory above config/ (or name it with --config / $NEWSMOD_CONFIG).
# The source lists (tabloid, paywall, social, ...) come with newsmod; to edit them, copy them
# into config/sources/ beside this file (that directory, when present, replaces them).

"""

#: Every setting newsmod reads from the environment / .env, with what it is for.
ENV_VARIABLES: tuple[tuple[str, str], ...] = (
    ("NEWSMOD_DB", "database file (default ./newsmod.db)"),
    ("NEWSMOD_CONFIG", "guidelines file (default ./config/guidelines.toml, else packaged)"),
    ("NEWSMOD_WEB_TOKEN", "token for the moderators' view of `newsmod web` (unset: none)"),
    ("DISCORD_TOKEN", "Discord: the bot token (set it to run on Discord)"),
    ("DISCORD_DEV_GUILD", "Discord, optional: a server id where slash commands update at once"),
    ("DISCORD_API_BASE", "Discord, optional: a Discord-compatible REST server"),
    ("DISCORD_GATEWAY_URL", "Discord, optional: its gateway websocket"),
    ("LEMMY_URL", "Lemmy: the instance, e.g. https://lemmy.world (set it to run on Lemmy)"),
    ("LEMMY_USERNAME", "Lemmy: the bot account"),
    ("LEMMY_PASSWORD", "Lemmy: its password"),
    ("LEMMY_JWT", "Lemmy, instead of a password: a login token"),
    ("LEMMY_POLL_SECONDS", "Lemmy, optional: seconds between polls (default 60)"),
    ("LEMMY_RECHECK_HOURS", "Lemmy, optional: how far back edits are looked for (default 24)"),
    ("LEMMY_LOCK_REMOVED", "Lemmy, optional: true to lock a post when removing it"),
)

NEXT_STEPS = """\
Next steps:
  1. Edit {config}: your communities, their Lemmy communities, rules and mode.
  2. Copy {env_example} to .env and fill in the secrets (DISCORD_TOKEN and/or LEMMY_*).
  3. Run `newsmod doctor`, then `newsmod run` (dry-run until you set mode = "live")."""


def env_example() -> str:
    lines = ["# newsmod settings: copy to .env and fill in (the environment wins over .env)."]
    for name, what in ENV_VARIABLES:
        lines += [f"# {what}", f"{name}="]
    return "\n".join(lines) + "\n"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "init",
        help="write an editable config/guidelines.toml and a .env.example",
        description="Write DIR/config/guidelines.toml (the default rules, commented) and "
        "DIR/.env.example (every setting, no values), then print the next steps. Existing "
        "files are kept unless --force.",
    )
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help="where (default: here)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        raise InputError(f"init: {root} is not a directory")
    config = root / "config" / "guidelines.toml"
    example = root / ".env.example"
    existing = [str(path) for path in (config, example) if path.exists()]
    if existing and not args.force:
        verb = "exists" if len(existing) == 1 else "exist"
        raise InputError(
            f"init: {' and '.join(existing)} already {verb} (use --force to overwrite)"
        )
    try:
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(HEADER + GUIDELINES.read_text(encoding="utf-8"), encoding="utf-8")
        example.write_text(env_example(), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"init: cannot write in {root}: {exc.strerror or exc}") from None
    print(f"wrote {config} and {example}")
    print(NEXT_STEPS.format(config=config, env_example=example))
    return 0
