"""One-line errors for guidelines.toml (``<file>: <dotted key>: <complaint>``) and reading it."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.guidelines.checks import Check


class Errors:
    """Builds the one-line messages: ``<file>: <dotted key>: <complaint>``."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, key: str, complaint: str) -> ConfigError:
        return ConfigError(
            f"{self.label}: {key}: {complaint}" if key else f"{self.label}: {complaint}"
        )

    def unknown(
        self, key: str, name: str, known: tuple[str, ...] | list[str], what: str
    ) -> ConfigError:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else f" (known: {', '.join(known)})"
        return self(key, f"unknown {what}{hint}")

    def table(
        self, key: str, value: Any, allowed: tuple[str, ...] | list[str], what: str = "key"
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self(key, "must be a table")
        for name in value:
            if name not in allowed:
                raise self.unknown(f"{key}.{name}" if key else name, name, allowed, what)
        return value

    def check(self, key: str, value: Any, check: Check) -> Any:
        complaint = check(value)
        if complaint:
            raise self(key, complaint)
        return value


def read_toml(path: Path, err: Errors) -> tuple[dict[str, Any], bytes]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise err("", f"file not found: {path}") from None
    except OSError as exc:
        raise err("", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise err("", f"not UTF-8 text (byte {exc.start})") from None
    try:
        return tomllib.loads(text), raw
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        reason = re.sub(r"\s*\(at .*\)$", "", message)
        reason = " ".join(reason.split())
        at = f"line {where.group(1)}, column {where.group(2)}: " if where else ""
        raise err("", f"{at}invalid TOML: {reason}") from None
