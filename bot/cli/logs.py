"""Logging for the command line: timestamps always, ``text`` for people, ``json`` for shippers.

``newsmod run`` logs at INFO by default (its start-up banner, decisions, actions, retries); the
other commands at WARNING. Each ``-v`` lowers the level one step.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import TextIO

LOG_FORMATS: tuple[str, ...] = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _utc(record: logging.LogRecord) -> str:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{stamp}.{int(record.msecs):03d}Z"


class TextFormatter(logging.Formatter):
    """``2026-12-07T13:55:01.123Z INFO bot.cli.run: message`` (UTC)."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _utc(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: ``time``, ``level``, ``logger``, ``message`` (+ ``exception``)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _utc(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def log_level(verbose: int, default: int = logging.WARNING) -> int:
    return max(logging.DEBUG, default - 10 * verbose)


def setup_logging(
    verbose: int = 0,
    fmt: str = "text",
    *,
    default: int = logging.WARNING,
    stream: TextIO | None = None,
    force: bool = False,
) -> None:
    """One handler on the root logger writing to stderr (replacing one set up earlier).

    Like ``logging.basicConfig``, nothing changes when someone else (a test runner, an
    embedding program) has put handlers on the root logger, unless ``force``.
    """
    root = logging.getLogger()
    ours = [h for h in root.handlers if getattr(h, "newsmod", False)]
    if len(ours) < len(root.handlers) and not force:
        return
    for old in ours:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.newsmod = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root.addHandler(handler)
    root.setLevel(log_level(verbose, default))
