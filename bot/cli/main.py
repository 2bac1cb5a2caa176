"""The ``newsmod`` command line: one module per command group, each with ``register()``."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from bot.errors import NewsmodError

# Each module defines ``register(subparsers) -> None`` and sets ``func`` on its parser(s);
# ``func(args) -> int`` is the exit status.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.check",
    "bot.cli.demo",
    "bot.cli.modlog",
    "bot.cli.moderation",
    "bot.cli.run",
    "bot.cli.web",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsmod",
        description="Moderation bot for news communities: checks posts against the guidelines.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args))
    except NewsmodError as exc:
        print(f"newsmod: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `newsmod modlog | head`: the reader went away; not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
