"""Read a saved page (``--html PATH``, ``.html`` or ``.html.gz``) as text, bounded in size."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from bot.errors import InputError

#: Saved pages larger than this are cut (the fetcher caps live pages at 3 MB).
MAX_SNAPSHOT_BYTES = 5_000_000


def read_snapshot(path: str | Path, *, max_bytes: int = MAX_SNAPSHOT_BYTES) -> str:
    """The page's text, decoded by its declared charset; raises InputError with one line."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read saved page {path}: {exc.strerror or exc}") from None
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as fh:
                raw = fh.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"cannot read saved page {path}: broken gzip ({exc})") from None
    from bot.fetch.decode import decode_html  # the fetcher's charset rules, one place

    return decode_html(raw[:max_bytes]).text
