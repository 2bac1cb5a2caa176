"""The ``newsmod`` command line: one module per command group, each with ``register()``.

Only the module of the command being run is imported: ``newsmod --version`` and ``newsmod
--help`` import nothing beyond this module (the help lists ``COMMANDS``), ``newsmod check`` only
the check path. Global options (``-v``, ``--log-format``) go before or after the command.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from bot import __version__
from bot.cli.logs import LOG_FORMATS, setup_logging
from bot.errors import NewsmodError

# Each module defines ``register(subparsers) -> None`` and sets ``func`` on its parser(s);
# ``func(args) -> int`` is the exit status. The help text here is the one the module
# registers (a test keeps them equal); it lets ``newsmod --help`` import no command module.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("bot.cli.check", "check one post (or a JSONL batch) against the guidelines"),
    "demo": ("bot.cli.demo", "run the whole pipeline offline on the bundled sample posts"),
    "modlog": ("bot.cli.modlog", "list, export or verify the moderation log"),
    "case": ("bot.cli.modlog", "show one case: the post and every entry"),
    "stats": (
        "bot.cli.moderation",
        "per rule: findings, moderators' verdicts, precision, the action the data supports",
    ),
    "backtest": (
        "bot.cli.moderation",
        "replay posts through a config without acting; show what would change",
    ),
    "decide": (
        "bot.cli.moderation",
        "a moderator's decision on a case: approve, dismiss, remove, …",
    ),
    "run": ("bot.cli.run", "run the bot on the configured chat platforms"),
    "web": ("bot.cli.web", "serve the public modlog web page (read-only)"),
    "init": ("bot.cli.init", "write an editable config/guidelines.toml and a .env.example"),
    "status": ("bot.cli.status", "is the bot alive? last poll, queue, pending and failed actions"),
    "doctor": ("bot.cli.doctor", "check the config, the database, the secrets and the platforms"),
}
COMMAND_MODULES: tuple[str, ...] = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))
#: Commands that log at INFO without ``-v`` (a long-running service's log).
INFO_COMMANDS = frozenset({"run"})
DESCRIPTION = "Moderation bot for news communities: checks posts against the guidelines."


def add_global_options(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    """``-v`` and ``--log-format``; ``nested`` (on a command) keeps a value given before it."""
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=argparse.SUPPRESS if nested else 0,
        help="more logging (-vv: debug)",
    )
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default=argparse.SUPPRESS if nested else "text",
        help="log lines as text (default) or one JSON object each",
    )


def _base_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsmod", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"newsmod {__version__}")
    add_global_options(parser)
    return parser


def _add_globals_to_commands(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in set(action.choices.values()):
                add_global_options(sub, nested=True)
                _add_globals_to_commands(sub)


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser with the commands of ``modules`` (all of them by default)."""
    parser = _base_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in modules:
        importlib.import_module(name).register(sub)
    _add_globals_to_commands(parser)
    return parser


def light_parser() -> argparse.ArgumentParser:
    """Top-level ``--help``, ``--version`` and usage errors, without importing any command."""
    parser = _base_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (_module, text) in COMMANDS.items():
        sub.add_parser(name, help=text, add_help=False)
    return parser


def find_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (skipping global options before it), else None."""
    skip_value = False
    for arg in argv:
        if skip_value:
            skip_value = False
        elif arg == "--log-format":
            skip_value = True
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = find_command(argv)
    parser = build_parser([COMMANDS[command][0]]) if command else light_parser()
    args = parser.parse_args(argv)
    default = logging.INFO if args.command in INFO_COMMANDS else logging.WARNING
    setup_logging(args.verbose, args.log_format, default=default)
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
