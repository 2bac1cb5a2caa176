"""``newsmod web``: serve the read-only public modlog (``bot.web``) over the database."""

from __future__ import annotations

import argparse
import logging
import os

from aiohttp import web

from bot.cli.common import add_db_argument, parse_int
from bot.errors import ConfigError
from bot.store import resolve_db_path
from bot.web import WebSettings, create_app
from bot.web.auth import RedactingAccessLogger

log = logging.getLogger(__name__)

DEFAULT_TOKEN_ENV = "NEWSMOD_WEB_TOKEN"  # noqa: S105 - the variable's name, not a secret


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "web",
        help="serve the public modlog web page (read-only)",
        description="Serve the modlog, case pages, stats charts and JSON/CSV exports over HTTP. "
        "The database is opened read-only. Moderator names and evidence stay hidden unless "
        "--show-mod-names / --public-evidence, or the request carries the moderator token.",
    )
    add_db_argument(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", default="8080", help="port to listen on (default: 8080)")
    p.add_argument(
        "--show-mod-names", action="store_true", help="name moderators on the public page"
    )
    p.add_argument(
        "--public-evidence", action="store_true", help="show findings' evidence on the public page"
    )
    p.add_argument(
        "--mod-token-env",
        metavar="NAME",
        default=DEFAULT_TOKEN_ENV,
        help="environment variable holding the moderator-view token (default: "
        f"{DEFAULT_TOKEN_ENV}; unset means no moderator view)",
    )
    p.set_defaults(func=run_web)


def settings_from_args(args: argparse.Namespace) -> WebSettings:
    token = os.environ.get(args.mod_token_env, "").strip() or None
    try:
        return WebSettings(
            show_mod_names=args.show_mod_names,
            public_evidence=args.public_evidence,
            mod_token=token,
        )
    except ValueError as exc:
        raise ConfigError(f"{args.mod_token_env}: {exc}") from None


def run_web(args: argparse.Namespace) -> int:
    port = parse_int(args.port, "--port", minimum=1)
    assert port is not None
    if port > 65535:
        raise ConfigError(f"--port: must be at most 65535, not {port}")
    settings = settings_from_args(args)
    app = create_app(resolve_db_path(args.db), settings)
    log.info("serving the modlog on http://%s:%d/", args.host, port)
    try:
        web.run_app(
            app,
            host=args.host,
            port=port,
            print=None,
            access_log_class=RedactingAccessLogger,
        )
    except OSError as exc:
        raise ConfigError(f"--host/--port: cannot listen on {args.host}:{port}: {exc}") from None
    return 0
