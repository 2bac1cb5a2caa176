"""Helpers shared by the CLI command modules: ``--db``, argument parsing, table/json/csv output.

Output formats (``--format``):
- ``table``: aligned columns with a header, long cells shortened with "…" (for people);
- ``json``: one JSON array, one element per line (valid JSON, and easy to ``grep``);
- ``csv``: a header row then one row per record (lists joined with ``;``, objects as JSON).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

from sqlite_utils import Database, Migrations

from bot.cli.text import shorten
from bot.errors import InputError
from bot.store.db import DB_ENV, SchemaOutOfDate, open_db, resolve_db_path

log = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("table", "json", "csv")
_RELATIVE = re.compile(r"^(\d+)([smhdw])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def add_db_argument(parser: argparse.ArgumentParser, *, nested: bool = False) -> None:
    """``--db PATH``. ``nested=True`` for a sub-command whose parent also takes ``--db`` (so the
    parent's value is not overwritten by the child's default)."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS if nested else None,
        help=f"database file (default: ${DB_ENV}, else ./newsmod.db)",
    )


def add_format_argument(
    parser: argparse.ArgumentParser, choices: Sequence[str] = FORMATS, *, nested: bool = False
) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=argparse.SUPPRESS if nested else choices[0],
        help=f"output format (default: {choices[0]})",
    )


def open_cli_db(
    args: argparse.Namespace,
    *,
    readonly: bool = True,
    extra_migrations: Iterable[Migrations] = (),
) -> Database:
    """Open the database named by ``--db`` / ``$NEWSMOD_DB`` / ``./newsmod.db``.

    A read-only open of a newsmod database from an older version upgrades its schema once
    (a short read-write open) and then opens it read-only; anything else is refused.
    """
    path = resolve_db_path(getattr(args, "db", None))
    extra = tuple(extra_migrations)
    if not readonly:
        return open_db(path, extra_migrations=extra)
    try:
        return open_db(path, readonly=True, extra_migrations=extra)
    except SchemaOutOfDate:
        log.warning("%s: upgrading the database schema", path)
        open_db(path, extra_migrations=extra).close()
        return open_db(path, readonly=True, extra_migrations=extra)


def parse_int(value: str | None, option: str, *, minimum: int = 1) -> int | None:
    """An integer option given as text; InputError naming the option when it is not one."""
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{option}: not a whole number: {value!r}") from None
    if number < minimum:
        raise InputError(f"{option}: must be at least {minimum}, not {number}")
    return number


def parse_time(
    value: str | None, option: str, *, end: bool = False, now: datetime | None = None
) -> datetime | None:
    """A UTC datetime from ISO 8601 (``2026-11-01``, ``2026-11-01T12:00Z``, ``…+02:00``) or a
    relative age (``90m``, ``24h``, ``7d``, ``2w``: that long ago).

    A bare date means the start of that day, or with ``end=True`` the start of the next day, so
    ``--until 2026-11-30`` includes the 30th. Times without an offset are UTC.
    """
    if value is None:
        return None
    text = value.strip()
    relative = _RELATIVE.match(text)
    try:
        if relative:
            amount, unit = int(relative.group(1)), relative.group(2)
            return (now or datetime.now(UTC)) - timedelta(**{_UNITS[unit]: amount})
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(
                f"{option}: not a date or time: {value!r} (use e.g. 2026-11-01, "
                "2026-11-01T12:00Z or 7d)"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if end and len(text) == 10:  # a bare date: include the whole day
            moment += timedelta(days=1)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):  # before year 1 or after 9999; a 5,000-digit number
        raise InputError(
            f"{option}: out of range: {value[:40]!r} (dates run from year 1 to 9999)"
        ) from None


def cell(value: Any) -> str:
    """One value as text for a table or CSV cell."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def render_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    widths: Mapping[str, int] | None = None,
    headers: Mapping[str, str] | None = None,
) -> str:
    """Aligned columns with a header and a rule; ``widths`` caps a column (cells shortened)."""
    widths = widths or {}
    headers = headers or {}
    titles = [headers.get(c, c) for c in columns]
    body = [[shorten(cell(row.get(c)), widths.get(c, 10_000)) for c in columns] for row in rows]
    sizes = [max([len(t), *(len(r[i]) for r in body)]) for i, t in enumerate(titles)]
    lines = [
        "  ".join(t.ljust(sizes[i]) for i, t in enumerate(titles)).rstrip(),
        "  ".join("-" * s for s in sizes),
    ]
    lines.extend("  ".join(v.ljust(sizes[i]) for i, v in enumerate(r)).rstrip() for r in body)
    return "\n".join(lines)


def json_lines(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """One JSON array, one record per line, produced as the rows come (no buffering)."""
    first = True
    for row in rows:
        yield ("[\n" if first else ",\n") + json.dumps(dict(row), ensure_ascii=False)
        first = False
    yield "[]\n" if first else "\n]\n"


def csv_lines(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """A CSV header, then one line per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def write_rows(
    out: TextIO,
    rows: Iterable[Mapping[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str],
    table_columns: Sequence[str] | None = None,
    widths: Mapping[str, int] | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Print ``rows`` in ``fmt``; json and csv stream, a table needs every row to align.

    ``table_columns`` (default ``columns``) picks the table's columns. A closed pipe (``| head``)
    ends the output quietly.
    """
    if fmt == "json":
        chunks: Iterable[str] = json_lines(rows)
    elif fmt == "csv":
        chunks = csv_lines(rows, columns)
    elif fmt == "table":
        table = render_table(list(rows), table_columns or columns, widths=widths, headers=headers)
        chunks = [table + "\n"]
    else:
        raise InputError(f"unknown output format {fmt!r} (known: {', '.join(FORMATS)})")
    try:
        for chunk in chunks:
            out.write(chunk)
        out.flush()
    except BrokenPipeError:
        _silence(out)


def _silence(out: TextIO) -> None:
    """After EPIPE, point the stream at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
    except (OSError, io.UnsupportedOperation):
        log.debug("could not redirect a closed output stream")
