"""The modlog hash chain: the canonical encoding of an entry, its hash, and the verifier.

Each entry's ``hash`` is SHA-256 over a version tag and a compact JSON array of the entry's
stored fields in :data:`HASHED_COLUMNS` order (its own ``id`` and the previous entry's hash
included), so editing any field, deleting or inserting a row, or reordering rows breaks the chain
at that entry. JSON columns (``rules``, ``evidence``) are hashed as the exact stored text.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from bot.store.entries import VerifyResult

log = logging.getLogger(__name__)

#: The stored columns an entry's hash covers, in hashing order (``hash`` itself excluded).
HASHED_COLUMNS: tuple[str, ...] = (
    "id",
    "time",
    "platform",
    "community",
    "case_number",
    "actor_id",
    "actor_name",
    "actor_kind",
    "action",
    "post_platform_id",
    "post_url",
    "post_title",
    "author_id",
    "author_name",
    "rules",
    "reason",
    "evidence",
    "config_version",
    "prev_hash",
)
#: The ``prev_hash`` of the first entry.
GENESIS = "0" * 64
_TAG = b"newsmod-modlog-v1\n"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def entry_hash(values: Sequence[Any]) -> str:
    """The hash of one entry given its values in :data:`HASHED_COLUMNS` order."""
    return hashlib.sha256(_TAG + _ENCODER.encode(values).encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    """The stored text of a JSON column: sorted keys, compact, UTF-8 kept (stable to hash)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _walk(rows: Iterable[tuple[Any, ...]]) -> tuple[VerifyResult, int, str]:
    """Check rows (hashed values + stored hash) in id order; returns result, last id, last time."""
    expected_id = 1
    prev_hash = GENESIS
    prev_time = ""
    checked = 0
    time_at = HASHED_COLUMNS.index("time")
    prev_at = HASHED_COLUMNS.index("prev_hash")
    for row in rows:
        entry_id = row[0]
        if entry_id != expected_id:
            missing = (
                f"entry {expected_id} is missing"
                if entry_id == expected_id + 1
                else f"entries {expected_id}-{entry_id - 1} are missing"
            )
            reason = f"{missing} (deleted; entry {entry_id} follows entry {expected_id - 1})"
            return VerifyResult(False, checked, expected_id, reason), expected_id - 1, prev_time
        values = row[:-1]
        if values[prev_at] != prev_hash:
            reason = (
                f"entry {entry_id} does not follow entry {entry_id - 1}: its prev_hash differs "
                "(entries reordered or replaced, or the previous entry rewritten)"
            )
            return VerifyResult(False, checked, entry_id, reason), entry_id - 1, prev_time
        stored = row[-1]
        if entry_hash(values) != stored:
            reason = f"entry {entry_id} was altered: its fields no longer match its hash"
            return VerifyResult(False, checked, entry_id, reason), entry_id - 1, prev_time
        if values[time_at] < prev_time:
            reason = f"entry {entry_id}: its time {values[time_at]} is before entry {entry_id - 1}"
            return VerifyResult(False, checked, entry_id, reason), entry_id - 1, prev_time
        prev_hash = stored
        prev_time = values[time_at]
        checked += 1
        expected_id += 1
    return VerifyResult(True, checked), expected_id - 1, prev_time


def verify_chain(db: Database, *, batch: int = 10_000) -> VerifyResult:
    """Walk the whole chain in id order (streaming, one read snapshot) and report the first break.

    Besides each link, the highest id ever issued (``sqlite_sequence``) must be the last entry's,
    so deleting entries from the end is caught too.
    """
    conn = db.conn
    columns = ", ".join(HASHED_COLUMNS)
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")  # one snapshot for the walk and the sequence check
    try:
        cursor = conn.execute(f"SELECT {columns}, hash FROM modlog ORDER BY id")
        cursor.arraysize = batch

        def rows() -> Iterable[tuple[Any, ...]]:
            while chunk := cursor.fetchmany():
                yield from chunk

        result, last_id, _ = _walk(rows())
        cursor.close()
        if not result.ok:
            return result
        seq_row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'modlog'").fetchone()
        issued = int(seq_row[0]) if seq_row else 0
        if issued > last_id:
            reason = (
                f"entries {last_id + 1}-{issued} are missing from the end (deleted)"
                if issued > last_id + 1
                else f"entry {issued} is missing from the end (deleted)"
            )
            return VerifyResult(False, result.checked, last_id + 1, reason)
        return result
    finally:
        if own_transaction and conn.in_transaction:
            conn.execute("ROLLBACK")
